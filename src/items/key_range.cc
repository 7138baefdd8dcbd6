// Key-range and segment arithmetic over the item key layout.

#include "items/key_range.h"

#include "storage/engine.h"
#include "storage/key_codec.h"

namespace magneto::items {

namespace {

constexpr size_t kTablePrefixBytes = 4;
constexpr uint64_t kHashSpace = uint64_t{1} << 32;

void AppendBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

// The end of the keys that start with `key`: the item with that key itself
// and, in an index, every entry under that index key (entries append the
// table key). Keys are self-delimiting, so no other key starts with it.
std::string JustAfter(const std::string& key) { return storage::PrefixSuccessor(key); }

uint32_t HashBoundary(uint64_t segment, uint64_t total) {
  return static_cast<uint32_t>(segment * kHashSpace / total);
}

}  // namespace

KeyRange TableRange(uint32_t table_id) {
  std::string prefix = storage::TablePrefix(table_id);
  return {prefix, storage::PrefixSuccessor(prefix)};
}

KeyRange SegmentRange(uint32_t table_id, uint32_t segment, uint32_t total_segments) {
  std::string prefix = storage::TablePrefix(table_id);
  KeyRange r;
  r.lower = prefix;
  AppendBigEndian32(&r.lower, HashBoundary(segment, total_segments));
  if (segment + 1 >= total_segments) {
    r.upper = storage::PrefixSuccessor(prefix);
  } else {
    r.upper = prefix;
    AppendBigEndian32(&r.upper, HashBoundary(segment + 1, total_segments));
  }
  return r;
}

uint32_t SegmentOf(std::string_view storage_key, uint32_t total_segments) {
  uint64_t hash = 0;
  for (size_t i = 0; i < 4 && kTablePrefixBytes + i < storage_key.size(); ++i) {
    hash = (hash << 8) | static_cast<uint8_t>(storage_key[kTablePrefixBytes + i]);
  }
  // The largest s with HashBoundary(s) <= hash.
  uint64_t s = ((hash + 1) * total_segments - 1) / kHashSpace;
  while (s > 0 && HashBoundary(s, total_segments) > hash) --s;
  while (s + 1 < total_segments && HashBoundary(s + 1, total_segments) <= hash) ++s;
  return static_cast<uint32_t>(s);
}

KeyRange PartitionRange(uint32_t table_id, const model::AttributeValue& pk, SortOp op,
                        const std::vector<model::AttributeValue>& bounds) {
  std::string prefix = storage::PartitionPrefix(table_id, pk);
  KeyRange whole{prefix, storage::PrefixSuccessor(prefix)};
  auto key_of = [&](const model::AttributeValue& v) { return storage::ItemKey(table_id, pk, &v); };
  switch (op) {
    case SortOp::kNone: return whole;
    case SortOp::kEq: return {key_of(bounds[0]), JustAfter(key_of(bounds[0]))};
    case SortOp::kLt: return {whole.lower, key_of(bounds[0])};
    case SortOp::kLe: return {whole.lower, JustAfter(key_of(bounds[0]))};
    case SortOp::kGt: return {JustAfter(key_of(bounds[0])), whole.upper};
    case SortOp::kGe: return {key_of(bounds[0]), whole.upper};
    case SortOp::kBetween: return {key_of(bounds[0]), JustAfter(key_of(bounds[1]))};
    case SortOp::kBeginsWith: {
      // The encoding of a string escapes byte by byte and ends with a two-byte
      // terminator, so the encoding of a prefix minus its terminator is a
      // prefix of the encoding of every string that starts with it.
      std::string start = prefix;
      storage::AppendKeyValue(&start, bounds[0]);
      start.resize(start.size() - 2);
      std::string end = storage::PrefixSuccessor(start);
      return {start, end.empty() ? whole.upper : end};
    }
  }
  return whole;
}

}  // namespace magneto::items
