// The legacy (pre-expression) request parameters, built into the same trees
// as expressions: Expected / ScanFilter / QueryFilter / KeyConditions with
// ConditionalOperator, AttributeUpdates, and AttributesToGet. The JSON layer
// decodes the structures; this validates them with DynamoDB's messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

// One entry of Expected (all fields) or of ScanFilter / QueryFilter /
// KeyConditions (attribute, comparison_operator, attribute_value_list).
struct LegacyCondition {
  std::string attribute;
  std::optional<std::string> comparison_operator;  // "EQ", "NE", ..., "BETWEEN"
  std::optional<std::vector<model::AttributeValue>> attribute_value_list;
  std::optional<model::AttributeValue> value;  // Expected only
  std::optional<bool> exists;                  // Expected only
};

// Expected + ConditionalOperator ("AND" when absent, or "OR").
ApiResult<Condition> BuildExpectedCondition(const std::vector<LegacyCondition>& expected,
                                            std::optional<std::string_view> conditional_operator);

// ScanFilter / QueryFilter (kind kFilter) or KeyConditions (kind
// kKeyCondition; follow with AnalyzeKeyCondition), + ConditionalOperator.
ApiResult<Condition> BuildFilterCondition(const std::vector<LegacyCondition>& conditions,
                                          std::optional<std::string_view> conditional_operator,
                                          ConditionKind kind);

// One entry of AttributeUpdates. `action` is "PUT" (the default), "ADD" or "DELETE".
struct LegacyAttributeUpdate {
  std::string attribute;
  std::optional<std::string> action;
  std::optional<model::AttributeValue> value;
};

// AttributeUpdates as an UpdateExpr (legacy semantics: ADD also appends lists).
ApiResult<UpdateExpr> BuildAttributeUpdates(const std::vector<LegacyAttributeUpdate>& updates);

// AttributesToGet as a projection; duplicates are an error.
ApiResult<Projection> BuildAttributesToGet(const std::vector<std::string>& attributes);

}  // namespace magneto::expr
