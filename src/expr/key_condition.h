// Analysis of a KeyConditionExpression (or legacy KeyConditions) into the
// partition-key value and the sort-key range a Query scans.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

struct KeyCondition {
  enum class RangeOp { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  model::AttributeValue hash_value;
  RangeOp range_op = RangeOp::kNone;
  // One value, two for kBetween (low, high), none for kNone. The key is
  // always the left operand: ":v < sk" is reported as sk > :v.
  std::vector<model::AttributeValue> range_values;
};

// Checks that `c` (kind kKeyCondition) is an equality on the hash key, AND-ed
// with at most one supported condition on the range key, with DynamoDB's
// messages ("Query condition missed key schema element: pk", "Query key
// condition not supported", "Invalid KeyConditionExpression: Invalid operator
// used in KeyConditionExpression: OR", ...). The caller checks value types
// against the key schema.
ApiResult<KeyCondition> AnalyzeKeyCondition(const Condition& c, std::string_view hash_key_name,
                                            std::optional<std::string_view> range_key_name);

}  // namespace magneto::expr
