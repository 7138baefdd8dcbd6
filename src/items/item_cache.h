// ItemCache: the stored encoding of recently used items, by storage key, so
// that the read of the current item in every write (ItemStore::Stage) and
// single-item reads (ItemStore::GetStored) skip RocksDB for hot items. (What
// it admits is ItemStore's choice: items read or written over, not new ones.)
//
// Why not RocksDB's row cache: its entries belong to a table file, and under
// a steady write load compactions replace the files every few seconds, so
// the old-item read mostly missed it and read its block from the file.
//
// Thread safety: none inside. The cache has one shard per ItemStore lock
// stripe, and a shard is only touched by a thread holding that stripe's lock
// (every write of an item holds it from its read to its commit), so a cached
// entry can never be older than the item in storage.
#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace magneto::items {

class ItemCache {
 public:
  // `capacity_bytes` is shared evenly by `shards`; 0 disables the cache.
  ItemCache(size_t shards, size_t capacity_bytes);

  // The cached state of `key`: nullptr if not cached; otherwise a value that
  // is nullopt when the item is known to be absent. The pointer is valid
  // until the shard's next Put. REQUIRES: the caller holds shard's stripe.
  const std::optional<std::string>* Find(size_t shard, std::string_view key);

  // Records the item's stored encoding (nullopt: it does not exist), most
  // recently used first; evicts the shard's least recently used entries
  // beyond its share of the capacity. May throw std::bad_alloc, and then
  // leaves the shard consistent but the key's entry possibly unchanged.
  // REQUIRES: the caller holds the stripe, and `value` is what storage holds.
  void Put(size_t shard, std::string_view key, std::optional<std::string> value);

  // Drops the entry of `key`, if any. REQUIRES: the caller holds the stripe.
  void Erase(size_t shard, std::string_view key);

  // Bytes charged to a shard (keys, values and a fixed overhead per entry).
  size_t ShardBytes(size_t shard) const { return shards_[shard].bytes; }
  // Each shard's share of the capacity (0: the cache is off).
  size_t shard_capacity() const { return shard_capacity_; }

 private:
  struct Entry {
    std::string key;
    std::optional<std::string> value;
  };
  struct Shard {
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;  // keys live in `lru`
    size_t bytes = 0;
  };
  static size_t Charge(const Entry& e);

  size_t shard_capacity_;
  std::vector<Shard> shards_;
};

}  // namespace magneto::items
