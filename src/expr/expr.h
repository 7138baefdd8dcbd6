// Public facade of Magneto's DynamoDB expression language. Every expression
// goes through three stages: parse (syntax, reserved words), resolve
// (#name / :value placeholders from ExpressionParams) and evaluate / apply.
//
// Typical use by an API operation:
//   expr::ExpressionParams params(names_or_null, values_or_null);
//   auto cond = expr::ParseCondition(text, expr::ConditionKind::kCondition, params);
//   auto update = expr::ParseUpdate(update_text, params);
//   if (auto r = params.CheckAllUsed(); !r.ok()) return error;
//   ... expr::Evaluate(*cond, old_item_or_null) ... expr::ApplyUpdate(*update, old_item_or_null)
//
// All errors are ValidationExceptions with DynamoDB's messages, e.g.
//   Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a ="
//   Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "expr/key_condition.h"
#include "expr/legacy.h"
#include "expr/params.h"
#include "expr/path.h"
#include "expr/projection.h"
#include "expr/update.h"
#include "model/value.h"

namespace magneto::expr {

// "Invalid ConditionExpression: ", "Invalid FilterExpression: " or
// "Invalid KeyConditionExpression: ".
std::string ConditionPrefix(ConditionKind kind);

// Parses, resolves and checks a ConditionExpression, FilterExpression or
// KeyConditionExpression (for the latter, follow with AnalyzeKeyCondition).
ApiResult<Condition> ParseCondition(std::string_view text, ConditionKind kind,
                                    ExpressionParams& params);

// Parses, resolves and checks an UpdateExpression, including DynamoDB's
// "used only once" clause rule, overlapping / conflicting paths and the types
// of constant operands.
ApiResult<UpdateExpr> ParseUpdate(std::string_view text, ExpressionParams& params);

// Parses and resolves a ProjectionExpression; overlapping paths are an error.
ApiResult<Projection> ParseProjection(std::string_view text, ExpressionParams& params);

// Evaluates a condition; item == nullptr means the item does not exist.
ApiResult<bool> Evaluate(const Condition& c, const model::Item* item);

// ApplyUpdate (update.h) and Project (projection.h) complete the API.

}  // namespace magneto::expr
