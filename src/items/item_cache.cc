// A sharded LRU of stored item encodings (see item_cache.h).

#include "items/item_cache.h"

namespace magneto::items {

namespace {
// List node, hash node and string headers of one entry, roughly.
constexpr size_t kEntryOverhead = 128;
}  // namespace

ItemCache::ItemCache(size_t shards, size_t capacity_bytes)
    : shard_capacity_(shards == 0 ? 0 : capacity_bytes / shards), shards_(shards) {}

size_t ItemCache::Charge(const Entry& e) {
  return kEntryOverhead + e.key.size() + (e.value ? e.value->size() : 0);
}

const std::optional<std::string>* ItemCache::Find(size_t shard, std::string_view key) {
  Shard& s = shards_[shard];
  auto it = s.index.find(key);
  if (it == s.index.end()) return nullptr;
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return &it->second->value;
}

void ItemCache::Put(size_t shard, std::string_view key, std::optional<std::string> value) {
  if (shard_capacity_ == 0) return;
  Shard& s = shards_[shard];
  auto it = s.index.find(key);
  if (it != s.index.end()) {
    Entry& e = *it->second;
    s.bytes -= Charge(e);
    e.value = std::move(value);
    s.bytes += Charge(e);
    s.lru.splice(s.lru.begin(), s.lru, it->second);
  } else {
    s.lru.push_front(Entry{std::string(key), std::move(value)});
    try {
      s.index.emplace(s.lru.front().key, s.lru.begin());
    } catch (...) {
      s.lru.pop_front();  // never a list entry without its index entry
      throw;
    }
    s.bytes += Charge(s.lru.front());
  }
  // Never evicts the entry just written: a single item larger than the
  // shard's share stays until the next Put.
  while (s.bytes > shard_capacity_ && s.lru.size() > 1) {
    Entry& victim = s.lru.back();
    s.bytes -= Charge(victim);
    s.index.erase(victim.key);
    s.lru.pop_back();
  }
}

void ItemCache::Erase(size_t shard, std::string_view key) {
  Shard& s = shards_[shard];
  auto it = s.index.find(key);
  if (it == s.index.end()) return;
  auto node = it->second;
  s.bytes -= Charge(*node);
  s.index.erase(it);
  s.lru.erase(node);
}

}  // namespace magneto::items
