// Storage key ranges for reads: a whole table, one parallel-scan segment, or
// the part of a partition that a sort-key condition selects. Pure functions
// over the key codec's layout (storage/key_codec.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"

namespace magneto::items {

// Keys k with lower <= k < upper.
struct KeyRange {
  std::string lower;
  std::string upper;
};

KeyRange TableRange(uint32_t table_id);

// Parallel scan: segment s of n owns the partition hashes
// [floor(s * 2^32 / n), floor((s + 1) * 2^32 / n)). The segments are disjoint
// and together cover the table. REQUIRES: 0 <= segment < total, total >= 1.
KeyRange SegmentRange(uint32_t table_id, uint32_t segment, uint32_t total_segments);
// The segment a storage key belongs to. REQUIRES: a key made by ItemKey.
uint32_t SegmentOf(std::string_view storage_key, uint32_t total_segments);

// Sort-key conditions of a Query.
enum class SortOp { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

// The items of partition `pk` whose sort key satisfies `op` with `bounds`
// (one value, two for kBetween, none for kNone). kBeginsWith takes an S or B
// prefix. REQUIRES: bounds are of the table's sort key type.
KeyRange PartitionRange(uint32_t table_id, const model::AttributeValue& pk, SortOp op,
                        const std::vector<model::AttributeValue>& bounds);

}  // namespace magneto::items
