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

// Select with its interplay with projections (DynamoDB's messages).
enum class Select { kAllAttributes, kAllProjected, kSpecific, kCount };
ApiResult<Select> DecodeSelect(const json::Value& body, bool has_projection,
                               bool projection_is_legacy, bool has_index);

// ExclusiveStartKey as a storage key, validated against the key schema.
ApiResult<std::optional<std::string>> DecodeExclusiveStartKey(const json::Value& body,
                                                              const schema::TableDef& table);

// Limit (>= 1).
ApiResult<std::optional<int64_t>> DecodeLimit(const json::Value& body);

}  // namespace magneto::api
