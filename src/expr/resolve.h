// Stage two of every expression: replace #name / :value placeholders with
// their definitions, then check what can be checked before seeing an item
// (types of constant operands, BETWEEN bounds, overlapping update paths).
#pragma once

#include <string>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "expr/params.h"

namespace magneto::expr {

// `prefix` starts every message, e.g. "Invalid ConditionExpression: ".
ApiResult<Unit> ResolvePath(Path& path, ExpressionParams& params, const std::string& prefix);
ApiResult<Unit> ResolveCondition(CondNode& node, ExpressionParams& params,
                                 const std::string& prefix);
ApiResult<Unit> ResolveUpdate(std::vector<UpdateAction>& actions, ExpressionParams& params);

ApiResult<Unit> ValidateCondition(const CondNode& node, const std::string& prefix);
ApiResult<Unit> ValidateUpdate(const std::vector<UpdateAction>& actions);

// DynamoDB's rendering of a value in some messages: "AttributeValue: {N:5}".
std::string ValueForMessage(const model::AttributeValue& v);

// The "operand type" DynamoDB names in ADD / DELETE errors: STRING, NUMBER, ...
const char* LongTypeName(model::Type t);

// Three-way comparison of two values of the same scalar type (N, S or B).
// REQUIRES: a.type() == b.type() and the type is N, S or B.
int CompareScalars(const model::AttributeValue& a, const model::AttributeValue& b);
inline bool IsScalarOrderable(model::Type t) {
  return t == model::Type::kN || t == model::Type::kS || t == model::Type::kB;
}

}  // namespace magneto::expr
