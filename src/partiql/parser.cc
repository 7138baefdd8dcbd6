// Recursive-descent parser for DynamoDB's PartiQL statements (see parser.h).
// Conditions become expr::CondNode trees and SET / REMOVE become
// expr::UpdateAction lists; literals and parameters become constants.

#include "partiql/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "partiql/expression.h"
#include "partiql/lexer.h"
#include "partiql/literal.h"

namespace magneto::partiql {

namespace {

using expr::Operand;
using expr::Path;
using model::AttributeValue;

// Clauses DynamoDB's dialect does not support after a SELECT's FROM / WHERE.
constexpr std::string_view kUnsupportedClauses[] = {"LIMIT", "OFFSET", "GROUP", "HAVING", "UNION"};

class Parser : public ExprParser {
 public:
  Parser(std::vector<Token> tokens, const std::vector<AttributeValue>& params)
      : tokens_(std::move(tokens)), params_(params) {}

  ApiResult<Statement> ParseStatement() {
    Statement st;
    const Token& first = Peek();
    ApiResult<Unit> r = Unit{};
    if (IsWord(first, "SELECT")) {
      r = ParseSelect(st);
    } else if (IsWord(first, "INSERT")) {
      r = ParseInsert(st);
    } else if (IsWord(first, "UPDATE")) {
      r = ParseUpdate(st);
    } else if (IsWord(first, "DELETE")) {
      r = ParseDelete(st);
    } else if (IsWord(first, "EXISTS")) {
      r = ParseExists(st);
    } else if (first.kind == TokenKind::kEof) {
      return Fail(Malformed("Empty statement"));
    } else {
      return Fail(Malformed("Expected data manipulation"));
    }
    if (!r.ok()) return Fail(std::move(r).error());
    if (Peek().kind == TokenKind::kSemicolon) ++pos_;
    if (Peek().kind != TokenKind::kEof) return Fail(Malformed("Unexpected token after expression"));
    if (missing_params_ || next_param_ != params_.size()) {
      return Fail(
          ApiError::Validation("Number of parameters in request and statement don't match."));
    }
    return st;
  }

  // TokenStream: the parser's tokens and parameters, for literal.cc.
  const Token& Peek(size_t ahead = 0) const override {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  void Advance() override { ++pos_; }
  AttributeValue NextParameter() override {
    if (next_param_ >= params_.size()) {
      missing_params_ = true;
      ++next_param_;
      return AttributeValue::Null();
    }
    return params_[next_param_++];
  }

 private:
  // FROM / INTO / UPDATE target: table, "table" or "table"."index".
  ApiResult<Unit> ParseSource(Statement& st) {
    auto table = ParseName("table name");
    if (!table.ok()) return Fail(std::move(table).error());
    st.table = std::move(*table);
    if (Accept(TokenKind::kDot)) {
      auto index = ParseName("index name");
      if (!index.ok()) return Fail(std::move(index).error());
      st.index = std::move(*index);
      if (Peek().kind == TokenKind::kDot) {
        return Fail(
            ApiError::Validation("A path may contain at most 2 components in the FROM clause"));
      }
    }
    if (Peek().kind == TokenKind::kLBracket) {
      return Fail(ApiError::Validation("Invalid list expression in source."));
    }
    if (IsWord(Peek(), "AS") || IsWord(Peek(), "AT") ||
        (Peek().kind == TokenKind::kName && !IsReserved(Peek())) ||
        Peek().kind == TokenKind::kQuotedName) {
      return Fail(ApiError::Validation("Aliasing is not supported"));
    }
    return Unit{};
  }

  ApiResult<Unit> ParseSelect(Statement& st) {
    ++pos_;  // SELECT
    if (IsWord(Peek(), "DISTINCT") || IsWord(Peek(), "ALL")) {
      return Fail(ApiError::Validation("Unsupported operation: " + Upper(Peek().text)));
    }
    if (IsWord(Peek(), "VALUE")) {
      return Fail(
          ApiError::Validation("Select projection doesn't support value or pivot keywords"));
    }
    bool star = false;
    std::set<std::string> names;
    do {
      if (Accept(TokenKind::kStar)) {
        star = true;
        continue;
      }
      if (Peek().kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen) {
        return Fail(ApiError::Validation("Unsupported operation: " + Lower(Peek().text)));
      }
      auto path = ParsePath();
      if (!path.ok()) return Fail(std::move(path).error());
      if (IsWord(Peek(), "AS") || Peek().kind == TokenKind::kQuotedName ||
          (Peek().kind == TokenKind::kName && !IsReserved(Peek()))) {
        return Fail(ApiError::Validation("Aliasing is not supported"));
      }
      std::string name = ProjectionName(*path);
      if (!names.insert(name).second) {
        return Fail(ApiError::Validation("Duplicate identifiers in select clause: " + name));
      }
      st.projection.push_back(std::move(*path));
    } while (Accept(TokenKind::kComma));
    if (star && !st.projection.empty()) {
      return Fail(ApiError::Validation(
          "Other attributes should not be present in the projection when '*' is used."));
    }
    if (auto r = ExpectWord("FROM"); !r.ok()) return r;
    if (auto r = ParseSource(st); !r.ok()) return r;
    if (Peek().kind == TokenKind::kComma || IsWord(Peek(), "JOIN") || IsWord(Peek(), "INNER") ||
        IsWord(Peek(), "LEFT") || IsWord(Peek(), "RIGHT") || IsWord(Peek(), "CROSS") ||
        IsWord(Peek(), "FULL")) {
      return Fail(ApiError::Validation("Only select from a single table or index is supported."));
    }
    if (AcceptWord("WHERE")) {
      auto where = ParseOr(0);
      if (!where.ok()) return Fail(std::move(where).error());
      st.where = std::move(*where);
    }
    if (AcceptWord("ORDER")) {
      if (auto r = ExpectWord("BY"); !r.ok()) return r;
      do {
        auto name = ParseName("identifier in ORDER BY");
        if (!name.ok()) return Fail(std::move(name).error());
        if (Peek().kind == TokenKind::kDot || Peek().kind == TokenKind::kLBracket) {
          return Fail(ApiError::Validation(
              "Argument to ORDER BY must be of type VariableReference. Type: Path"));
        }
        OrderKey key{std::move(*name), false};
        if (AcceptWord("DESC"))
          key.descending = true;
        else
          AcceptWord("ASC");
        st.order_by.push_back(std::move(key));
      } while (Accept(TokenKind::kComma));
    }
    for (std::string_view clause : kUnsupportedClauses) {
      if (IsWord(Peek(), clause)) {
        std::string name = Upper(Peek().text);
        if (clause == "GROUP") name += " BY";
        return Fail(ApiError::Validation("Unsupported clause: " + name));
      }
    }
    return Unit{};
  }

  ApiResult<Unit> ParseExists(Statement& st) {
    ++pos_;  // EXISTS
    if (auto r = Expect(TokenKind::kLParen, "("); !r.ok()) return r;
    if (!IsWord(Peek(), "SELECT")) return Fail(Unexpected("SELECT"));
    if (auto r = ParseSelect(st); !r.ok()) return r;
    if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return r;
    st.kind = StatementKind::kExists;
    return Unit{};
  }

  ApiResult<Unit> ParseInsert(Statement& st) {
    ++pos_;  // INSERT
    st.kind = StatementKind::kInsert;
    if (auto r = ExpectWord("INTO"); !r.ok()) return r;
    if (auto r = ParseSource(st); !r.ok()) return r;
    if (IsWord(Peek(), "VALUES")) {
      return Fail(ApiError::Validation(
          "Unsupported operation: Inserting multiple items in a single statement is not "
          "supported, use \"INSERT INTO tableName VALUE item\" instead"));
    }
    if (auto r = ExpectWord("VALUE"); !r.ok()) return r;
    if (Peek().kind == TokenKind::kLBag) {
      return Fail(ApiError::Validation(
          "Unsupported operation: Inserting multiple items in a single statement is not "
          "supported, use \"INSERT INTO tableName VALUE item\" instead"));
    }
    bool literal_map = Peek().kind == TokenKind::kLBrace || Peek().kind == TokenKind::kQuestion;
    if (!literal_map) {
      return Fail(ApiError::Validation(
          "Unsupported format in item expression. Please use struct format {...} to express "
          "item values for insert statement."));
    }
    auto item = ParseLiteral(*this, 0);
    if (!item.ok()) return Fail(std::move(item).error());
    if (!item->is(model::Type::kM)) {
      return Fail(ApiError::Validation(
          "Unsupported format in item expression. Please use struct format {...} to express "
          "item values for insert statement."));
    }
    st.item = std::move(item->map());
    if (IsWord(Peek(), "AT")) {
      return Fail(ApiError::Validation("AT is not supported in insert statements."));
    }
    if (IsWord(Peek(), "WHERE") || IsWord(Peek(), "FROM")) {
      return Fail(
          ApiError::Validation("Unsupported FROM ... WHERE ... clause in INSERT statement."));
    }
    if (IsWord(Peek(), "RETURNING")) {
      return Fail(ApiError::Validation("RETURNING is not supported in INSERT"));
    }
    return Unit{};
  }

  ApiResult<Unit> ParseUpdate(Statement& st) {
    ++pos_;  // UPDATE
    st.kind = StatementKind::kUpdate;
    if (auto r = ParseSource(st); !r.ok()) return r;
    for (;;) {
      if (AcceptWord("SET")) {
        do {
          if (auto r = ParseAssignment(st); !r.ok()) return r;
        } while (Accept(TokenKind::kComma));
      } else if (AcceptWord("REMOVE")) {
        do {
          auto path = ParsePath();
          if (!path.ok()) return Fail(std::move(path).error());
          expr::UpdateAction a;
          a.kind = expr::UpdateAction::Kind::kRemove;
          a.path = std::move(*path);
          st.actions.push_back(std::move(a));
        } while (Accept(TokenKind::kComma));
      } else {
        break;
      }
    }
    if (st.actions.empty()) {
      if (IsWord(Peek(), "ADD") || IsWord(Peek(), "DELETE")) {
        return Fail(ApiError::Validation(
            "Only SET and REMOVE are supported in update expressions at this time"));
      }
      return Fail(Unexpected("SET or REMOVE"));
    }
    if (auto r = ParseWhere(st); !r.ok()) return r;
    return ParseReturning(st);
  }

  ApiResult<Unit> ParseDelete(Statement& st) {
    ++pos_;  // DELETE
    st.kind = StatementKind::kDelete;
    if (auto r = ExpectWord("FROM"); !r.ok()) return r;
    if (auto r = ParseSource(st); !r.ok()) return r;
    if (auto r = ParseWhere(st); !r.ok()) return r;
    if (auto r = ParseReturning(st); !r.ok()) return r;
    if (st.returning != Returning::kNone && st.returning != Returning::kAllOld) {
      return Fail(ApiError::Validation(fmt::format(
          "Invalid returning clause: RETURNING {}. Only RETURNING ALL OLD * is allowed in DELETE "
          "statements.",
          returning_text_)));
    }
    return Unit{};
  }

  // The WHERE of UPDATE and DELETE, which must name the whole key.
  ApiResult<Unit> ParseWhere(Statement& st) {
    if (!AcceptWord("WHERE")) {
      if (Peek().kind == TokenKind::kEof || Peek().kind == TokenKind::kSemicolon ||
          IsWord(Peek(), "RETURNING")) {
        return Fail(ApiError::Validation(
            "Where clause does not contain a mandatory equality on all key attributes"));
      }
      return Fail(Unexpected("WHERE"));
    }
    auto where = ParseOr(0);
    if (!where.ok()) return Fail(std::move(where).error());
    st.where = std::move(*where);
    return Unit{};
  }

  ApiResult<Unit> ParseReturning(Statement& st) {
    if (!AcceptWord("RETURNING")) return Unit{};
    bool all = AcceptWord("ALL");
    if (!all && !AcceptWord("MODIFIED")) return Fail(Unexpected("ALL or MODIFIED"));
    bool old_values = AcceptWord("OLD");
    if (!old_values && !AcceptWord("NEW")) return Fail(Unexpected("OLD or NEW"));
    returning_text_ = fmt::format("{} {} *", all ? "ALL" : "MODIFIED", old_values ? "OLD" : "NEW");
    if (!Accept(TokenKind::kStar)) {
      return Fail(ApiError::Validation(
          "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"));
    }
    if (Peek().kind == TokenKind::kComma) {
      return Fail(ApiError::Validation(
          "Invalid syntax with multiple returning elements in RETURNING clause"));
    }
    st.returning = all ? (old_values ? Returning::kAllOld : Returning::kAllNew)
                       : (old_values ? Returning::kModifiedOld : Returning::kModifiedNew);
    return Unit{};
  }

  // path = value, where value may be arithmetic, list_append, if_not_exists,
  // or (as the whole right side) set_add / set_delete.
  ApiResult<Unit> ParseAssignment(Statement& st) {
    auto path = ParsePath();
    if (!path.ok()) return Fail(std::move(path).error());
    if (auto r = Expect(TokenKind::kEq, "="); !r.ok()) return r;
    expr::UpdateAction a;
    a.path = std::move(*path);
    const Token& t = Peek();
    if (t.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen &&
        (IsWord(t, "set_add") || IsWord(t, "set_delete"))) {
      std::string fn = Upper(t.text.substr(4));
      pos_ += 2;
      auto target = ParsePath();
      if (!target.ok() || !Accept(TokenKind::kComma)) {
        if (target.ok() || Peek().kind == TokenKind::kRParen) {
          return Fail(
              ApiError::Validation(fmt::format("SET_{} must have exactly two arguments", fn)));
        }
        return Fail(std::move(target).error());
      }
      if (!(*target == a.path)) {
        return Fail(ApiError::Validation(
            fmt::format("The first argument to SET_{} must equal the assignment value", fn)));
      }
      auto v = ParseLiteral(*this, 0);
      if (!v.ok()) return Fail(std::move(v).error());
      model::Type ty = v->type();
      if (ty != model::Type::kSS && ty != model::Type::kNS && ty != model::Type::kBS) {
        return Fail(ApiError::Validation(
            fmt::format("The second argument to SET_{} must be a value with type SET", fn)));
      }
      if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return r;
      a.kind = fn == "ADD" ? expr::UpdateAction::Kind::kAdd : expr::UpdateAction::Kind::kDelete;
      a.value = ValueOperand(std::move(*v));
    } else {
      auto v = ParseAdditive(0);
      if (!v.ok()) return Fail(std::move(v).error());
      a.kind = expr::UpdateAction::Kind::kSet;
      a.value = std::move(*v);
    }
    st.actions.push_back(std::move(a));
    return Unit{};
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  const std::vector<AttributeValue>& params_;
  size_t next_param_ = 0;
  bool missing_params_ = false;
  std::string returning_text_;
};

}  // namespace

std::string ProjectionName(const expr::Path& path) {
  size_t last = 0;
  for (size_t i = 0; i < path.size(); ++i) {
    if (!path[i].is_index) last = i;
  }
  std::string out = path[last].name;
  for (size_t i = last + 1; i < path.size(); ++i) out += fmt::format("[{}]", path[i].index);
  return out;
}

ApiResult<Statement> Parse(std::string_view text, const std::vector<AttributeValue>& parameters) {
  auto tokens = Lex(text);
  if (!tokens.ok()) return Fail(std::move(tokens).error());
  Parser p(std::move(*tokens), parameters);
  return p.ParseStatement();
}

}  // namespace magneto::partiql
