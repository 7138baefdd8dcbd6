// PartiQL literals as DynamoDB values: 'S', numbers (N), TRUE / FALSE
// (BOOL), NULL, {'k': v} (M), [v, ...] (L), <<v, ...>> (SS or NS), and ?
// parameters, which may appear anywhere a literal may, except in a bag.
#pragma once

#include "common/api_error.h"
#include "model/value.h"
#include "partiql/lexer.h"

namespace magneto::partiql {

// The parser's tokens and parameters, as the expression and literal
// parsers read them.
class TokenStream {
 public:
  virtual ~TokenStream() = default;
  virtual const Token& Peek(size_t ahead = 0) const = 0;
  virtual void Advance() = 0;
  // The next ? parameter's value (the parser checks the count at the end).
  virtual model::AttributeValue NextParameter() = 0;
};

// TRUE, FALSE, NULL or MISSING: words that are values, not names.
bool IsLiteralWord(const Token& t);

// Reads one literal at the source's position. `depth` counts the enclosing
// nesting; deeper than kMaxDepth is an error rather than a recursion.
ApiResult<model::AttributeValue> ParseLiteral(TokenStream& src, int depth);

}  // namespace magneto::partiql
