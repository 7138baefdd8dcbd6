// Recursive-descent parser for DynamoDB's expression grammar. Produces the
// syntax tree of ast.h with placeholders still unresolved (see resolve.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"

namespace magneto::expr {

// Limits from the developer guide ("Expression parameters" in
// ServiceQuotas / Limits): expression strings are at most 4 KB, IN takes at
// most 100 operands, a document path at most 32 levels.
constexpr size_t kMaxExpressionSize = 4096;
constexpr size_t kMaxInOperands = 100;
// Not a DynamoDB limit: bounds the parser's recursion (parentheses, NOT,
// nested function calls) so hostile input cannot overflow the stack.
constexpr int kMaxParseDepth = 200;

// `prefix` is the start of every error message, e.g. "Invalid ConditionExpression: ".
// All three reject empty and oversized text with DynamoDB's messages.
ApiResult<CondNode> ParseConditionText(std::string_view text, const std::string& prefix);
ApiResult<std::vector<UpdateAction>> ParseUpdateText(std::string_view text);
ApiResult<std::vector<Path>> ParseProjectionText(std::string_view text);

}  // namespace magneto::expr
