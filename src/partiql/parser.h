// Parser for DynamoDB's PartiQL dialect: SELECT, INSERT, UPDATE, DELETE and
// EXISTS(SELECT ...), with ? parameters bound from the request's Parameters.
#pragma once

#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "model/value.h"
#include "partiql/ast.h"

namespace magneto::partiql {

// Nesting (parentheses, NOT, literals inside literals) deeper than this is
// rejected instead of recursed into.
inline constexpr int kMaxDepth = 100;

// Parses one statement (an optional trailing ';' is allowed) and binds its
// ? markers, left to right, to `parameters`; their count must match. Errors
// are ValidationExceptions with DynamoDB's messages, e.g. "Statement wasn't
// well formed, can't be processed: ..." or "Number of parameters in request
// and statement don't match.".
ApiResult<Statement> Parse(std::string_view text,
                           const std::vector<model::AttributeValue>& parameters);

}  // namespace magneto::partiql
