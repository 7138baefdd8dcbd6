// Stage three for conditions: evaluating a resolved condition against an item.
#pragma once

#include "common/api_error.h"
#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

// Evaluates `node` against `item` (nullptr: the item does not exist, so every
// path is missing). DynamoDB's rules: a comparison with a missing operand is
// false (except <>, which is then true); operands of different types are
// unequal and unordered; ordering works on N, S and B only.
ApiResult<bool> EvaluateNode(const CondNode& node, const model::Item* item);

// The contains() / CONTAINS test: substring for S and B, membership for sets
// and lists. False for any other combination of types.
bool ContainsValue(const model::AttributeValue& haystack, const model::AttributeValue& needle);

// begins_with(): both S or both B, and `prefix` is a prefix of `v`.
bool BeginsWith(const model::AttributeValue& v, const model::AttributeValue& prefix);

}  // namespace magneto::expr
