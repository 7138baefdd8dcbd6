// Parsing of the expression parts of PartiQL statements: names, document
// paths, WHERE conditions (as expr::CondNode, so that the expression
// module's evaluator runs them) and SET values (as expr::Operand). The
// statement parser (parser.cc) derives from ExprParser.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "common/api_error.h"
#include "expr/ast.h"
#include "partiql/lexer.h"
#include "partiql/literal.h"

namespace magneto::partiql {

// Words that cannot name an attribute or table without double quotes.
bool IsReserved(const Token& t);

inline std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline expr::Operand ValueOperand(model::AttributeValue v) {
  expr::Operand o;
  o.kind = expr::Operand::Kind::kValue;
  o.value = std::move(v);
  return o;
}

class ExprParser : public TokenStream {
 public:
  // A name in a path or FROM: a bare non-reserved identifier or a "quoted" one.
  ApiResult<std::string> ParseName(std::string_view what);
  // a.b[0]."c d"['e']
  ApiResult<expr::Path> ParsePath();
  // A whole condition (WHERE): OR of ANDs of NOTs of predicates.
  ApiResult<expr::CondNode> ParseOr(int depth);
  // A SET value: operands joined by + and -, list_append, if_not_exists.
  ApiResult<expr::Operand> ParseAdditive(int depth);

 protected:
  bool Accept(TokenKind kind);
  bool AcceptWord(std::string_view w);
  ApiResult<Unit> Expect(TokenKind kind, std::string_view what);
  ApiResult<Unit> ExpectWord(std::string_view w);
  // "Statement wasn't well formed" naming what was expected and what came.
  ApiError Unexpected(std::string_view expected) const;

 private:
  ApiResult<expr::Operand> ParseUpdatePrimary(int depth);
  ApiResult<expr::Operand> ParseOperand(int depth);
  ApiResult<expr::CondNode> ParseAnd(int depth);
  ApiResult<expr::CondNode> ParseNot(int depth);
  ApiResult<expr::CondNode> ParseFunction(int depth);
  ApiResult<expr::Operand> ParseValueOperand(int depth);
  ApiResult<expr::CondNode> ParseIs(expr::Operand left, bool negated);
  ApiResult<expr::CondNode> ParseIn(expr::Operand left);
  ApiResult<expr::CondNode> ParsePredicate(int depth);
};

}  // namespace magneto::partiql
