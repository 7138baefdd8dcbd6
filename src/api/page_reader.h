// One page of a Query or Scan: iterate a key range from an exclusive start,
// stop at Limit items evaluated or 1 MB read, filter, project, and write the
// response with Count, ScannedCount, LastEvaluatedKey and ConsumedCapacity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/context.h"
#include "api/item_request.h"
#include "expr/expr.h"
#include "items/key_range.h"
#include "schema/table_def.h"

namespace magneto::api {

// DynamoDB stops a page once it has read this much item data.
constexpr size_t kMaxPageBytes = 1024 * 1024;

struct PageRequest {
  const schema::TableDef* table = nullptr;
  items::KeyRange range;
  bool reverse = false;
  std::optional<std::string> exclusive_start;  // storage key
  std::optional<int64_t> limit;
  const expr::Condition* filter = nullptr;
  const expr::Projection* projection = nullptr;
  // Reading an index: entries hold the projected attributes; with
  // fetch_from_table (a local index asked for attributes it does not
  // project) each item is read from the table instead.
  const schema::IndexDef* index = nullptr;
  bool fetch_from_table = false;
  bool count_only = false;
  bool consistent = false;
  CapacityMode capacity = CapacityMode::kNone;
};

ApiResult<std::string> ReadPage(OpContext& ctx, const PageRequest& request);

// FilterExpression, or the legacy filter map (`legacy_member`: QueryFilter or
// ScanFilter) with ConditionalOperator; nullopt when neither is given.
ApiResult<std::optional<expr::Condition>> DecodeFilter(const json::Value& body,
                                                       expr::ExpressionParams& params,
                                                       std::string_view legacy_member);

// Select with its interplay with projections (DynamoDB's messages). Without
// Select or a projection: ALL_ATTRIBUTES on a table, ALL_PROJECTED_ATTRIBUTES
// on an index.
enum class Select { kAllAttributes, kAllProjected, kSpecific, kCount };
ApiResult<Select> DecodeSelect(const json::Value& body, bool has_projection,
                               bool projection_is_legacy, bool has_index);

// ExclusiveStartKey as a storage key, validated against the key schema (for
// an index: the index key and the table key).
ApiResult<std::optional<std::string>> DecodeExclusiveStartKey(const json::Value& body,
                                                              const schema::TableDef& table,
                                                              const schema::IndexDef* index);

// The index named by IndexName (nullptr when absent), readable by this
// request: DynamoDB's errors for a missing index, a GSI still backfilling,
// and ConsistentRead on a GSI.
ApiResult<const schema::IndexDef*> ResolveIndex(const schema::TableDef& table,
                                                const std::optional<std::string>& index_name,
                                                bool consistent_read);

// Checks Select and the projection against what the index projects, and
// says whether items must be fetched from the table (local indexes only).
ApiResult<bool> NeedsTableFetch(const schema::TableDef& table, const schema::IndexDef& index,
                                Select select, const expr::Projection* projection);

// Limit (>= 1).
ApiResult<std::optional<int64_t>> DecodeLimit(const json::Value& body);

}  // namespace magneto::api
