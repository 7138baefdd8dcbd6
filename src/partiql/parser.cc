// Recursive-descent parser for DynamoDB's PartiQL statements (see parser.h).
// Conditions become expr::CondNode trees and SET / REMOVE become
// expr::UpdateAction lists; literals and parameters become constants.

#include "partiql/parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include <fmt/format.h>

#include "partiql/lexer.h"
#include "partiql/literal.h"

namespace magneto::partiql {

namespace {

using expr::CondNode;
using expr::Operand;
using expr::Path;
using expr::PathElement;
using model::AttributeValue;

// Words that cannot name an attribute or table without double quotes: the
// statement grammar's own words and the SQL words DynamoDB refuses bare.
constexpr std::string_view kReserved[] = {
    "ALL",     "AND",    "AS",      "ASC",     "AT",       "BETWEEN", "BY",     "CASE",
    "CAST",    "CROSS",  "DELETE",  "DESC",    "DISTINCT", "ELSE",    "END",    "EXCEPT",
    "EXISTS",  "FALSE",  "FROM",    "FULL",    "GROUP",    "HAVING",  "IN",     "INNER",
    "INSERT",  "INTERSECT", "INTO", "IS",      "JOIN",     "LEFT",    "LIKE",   "LIMIT",
    "MISSING", "NOT",    "NULL",    "OFFSET",  "ON",       "OR",      "ORDER",  "OUTER",
    "PAD",     "PIVOT",  "REMOVE",  "RETURNING", "RIGHT",  "SELECT",  "SET",    "THEN",
    "TRUE",    "UNION",  "UPDATE",  "VALUE",    "VALUES",  "WHERE"};

// Clauses DynamoDB's dialect does not support after a SELECT's FROM / WHERE.
constexpr std::string_view kUnsupportedClauses[] = {"LIMIT", "OFFSET", "GROUP",
                                                                  "HAVING", "UNION"};

bool IsReserved(const Token& t) {
  if (t.kind != TokenKind::kName) return false;
  for (std::string_view w : kReserved) {
    if (IsWord(t, w)) return true;
  }
  return false;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Operand ValueOperand(AttributeValue v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = std::move(v);
  return o;
}

Operand PathOperand(Path p) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  o.path = std::move(p);
  return o;
}

CondNode Node(CondNode::Kind kind, std::vector<Operand> operands) {
  CondNode n;
  n.kind = kind;
  n.operands = std::move(operands);
  return n;
}

CondNode Not(CondNode child) {
  CondNode n;
  n.kind = CondNode::Kind::kNot;
  n.children.push_back(std::move(child));
  return n;
}

CondNode Combine(CondNode::Kind kind, CondNode a, CondNode b) {
  CondNode n;
  n.kind = kind;
  for (CondNode* c : {&a, &b}) {
    if (c->kind == kind) {
      for (auto& child : c->children) n.children.push_back(std::move(child));
    } else {
      n.children.push_back(std::move(*c));
    }
  }
  return n;
}

class Parser : public LiteralSource {
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

  // LiteralSource: the parser's tokens and parameters, for literal.cc.
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
  bool Accept(TokenKind kind) {
    if (Peek().kind != kind) return false;
    ++pos_;
    return true;
  }
  bool AcceptWord(std::string_view w) {
    if (!IsWord(Peek(), w)) return false;
    ++pos_;
    return true;
  }
  ApiResult<Unit> Expect(TokenKind kind, std::string_view what) {
    if (Accept(kind)) return Unit{};
    return Fail(Unexpected(what));
  }
  ApiResult<Unit> ExpectWord(std::string_view w) {
    if (AcceptWord(w)) return Unit{};
    return Fail(Unexpected(w));
  }
  ApiError Unexpected(std::string_view expected) const {
    const Token& t = Peek();
    if (t.kind == TokenKind::kEof) return Malformed(fmt::format("Expected {}", expected));
    if (IsReserved(t)) return Malformed(fmt::format("Unexpected keyword: {}", Upper(t.text)));
    return Malformed(fmt::format("Expected {}, found: {}", expected, t.text));
  }

  // A name in a path or FROM: a bare non-reserved identifier or a "quoted" one.
  ApiResult<std::string> ParseName(std::string_view what) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kQuotedName || (t.kind == TokenKind::kName && !IsReserved(t))) {
      ++pos_;
      return t.text;
    }
    return Fail(Unexpected(what));
  }

  ApiResult<Path> ParsePath() {
    if (Peek().kind == TokenKind::kLBracket) {
      return Fail(ApiError::Validation("A path cannot start with a list index"));
    }
    auto head = ParseName("identifier for simple path");
    if (!head.ok()) return Fail(std::move(head).error());
    Path path{PathElement::Name(std::move(*head))};
    for (;;) {
      if (Accept(TokenKind::kDot)) {
        if (Peek().kind == TokenKind::kStar) {
          return Fail(ApiError::Validation("Unpivot path component like a.*.b are not supported"));
        }
        auto name = ParseName("identifier for path component");
        if (!name.ok()) return Fail(std::move(name).error());
        path.push_back(PathElement::Name(std::move(*name)));
      } else if (Accept(TokenKind::kLBracket)) {
        const Token& t = Peek();
        if (t.kind == TokenKind::kString) {
          path.push_back(PathElement::Name(t.text));
        } else if (t.kind == TokenKind::kStar) {
          return Fail(ApiError::Validation("Wildcard path component like a[*].b are not supported"));
        } else if (t.kind == TokenKind::kNumber &&
                   std::all_of(t.text.begin(), t.text.end(), ::isdigit)) {
          if (t.text.size() > 9) {
            return Fail(ApiError::Validation(fmt::format(
                "List index is not within the allowable range; index: [{}]", t.text)));
          }
          path.push_back(PathElement::Index(static_cast<uint32_t>(std::stoul(t.text))));
        } else {
          return Fail(ApiError::Validation("Unexpected path component"));
        }
        ++pos_;
        if (auto r = Expect(TokenKind::kRBracket, "]"); !r.ok()) return Fail(std::move(r).error());
      } else {
        return path;
      }
    }
  }

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
      return Fail(ApiError::Validation("Select projection doesn't support value or pivot keywords"));
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
        if (AcceptWord("DESC")) key.descending = true;
        else AcceptWord("ASC");
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
      return Fail(ApiError::Validation("Unsupported FROM ... WHERE ... clause in INSERT statement."));
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
          return Fail(ApiError::Validation(fmt::format("SET_{} must have exactly two arguments", fn)));
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

  ApiResult<Operand> ParseAdditive(int depth) {
    auto left = ParseUpdatePrimary(depth);
    if (!left.ok()) return left;
    while (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus) {
      bool plus = Peek().kind == TokenKind::kPlus;
      ++pos_;
      auto right = ParseUpdatePrimary(depth);
      if (!right.ok()) return right;
      Operand op;
      op.kind = plus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      op.args.push_back(std::move(*left));
      op.args.push_back(std::move(*right));
      *left = std::move(op);
    }
    if (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash ||
        Peek().kind == TokenKind::kPercent || Peek().kind == TokenKind::kConcat) {
      return Fail(ApiError::Validation(
          "Unsupported operator in Update Expression. Operator: " + Peek().text));
    }
    return left;
  }

  ApiResult<Operand> ParseUpdatePrimary(int depth) {
    if (depth > kMaxDepth) return Fail(Malformed("Expression nesting is too deep"));
    const Token& t = Peek();
    if (t.kind == TokenKind::kLParen) {
      ++pos_;
      auto inner = ParseAdditive(depth + 1);
      if (!inner.ok()) return inner;
      if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
      return inner;
    }
    if (t.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen) {
      Operand op;
      if (IsWord(t, "list_append")) op.kind = Operand::Kind::kListAppend;
      else if (IsWord(t, "if_not_exists")) op.kind = Operand::Kind::kIfNotExists;
      else return Fail(ApiError::Validation("Unrecognized function: " + Lower(t.text)));
      pos_ += 2;
      do {
        auto arg = ParseAdditive(depth + 1);
        if (!arg.ok()) return arg;
        op.args.push_back(std::move(*arg));
      } while (Accept(TokenKind::kComma));
      if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
      return op;
    }
    return ParseOperand(depth + 1);
  }

  // A path or a constant (literal or ?).
  ApiResult<Operand> ParseOperand(int depth) {
    const Token& t = Peek();
    if (IsWord(t, "MISSING")) {
      return Fail(ApiError::Validation("MISSING must be compared using IS operator"));
    }
    if (t.kind == TokenKind::kQuotedName || (t.kind == TokenKind::kName && !IsLiteralWord(t))) {
      auto path = ParsePath();
      if (!path.ok()) return Fail(std::move(path).error());
      return PathOperand(std::move(*path));
    }
    auto v = ParseLiteral(*this, depth);
    if (!v.ok()) return Fail(std::move(v).error());
    return ValueOperand(std::move(*v));
  }

  ApiResult<CondNode> ParseOr(int depth) {
    auto left = ParseAnd(depth);
    if (!left.ok()) return left;
    while (AcceptWord("OR")) {
      auto right = ParseAnd(depth);
      if (!right.ok()) return right;
      *left = Combine(CondNode::Kind::kOr, std::move(*left), std::move(*right));
    }
    return left;
  }

  ApiResult<CondNode> ParseAnd(int depth) {
    auto left = ParseNot(depth);
    if (!left.ok()) return left;
    while (AcceptWord("AND")) {
      auto right = ParseNot(depth);
      if (!right.ok()) return right;
      *left = Combine(CondNode::Kind::kAnd, std::move(*left), std::move(*right));
    }
    return left;
  }

  ApiResult<CondNode> ParseNot(int depth) {
    if (depth > kMaxDepth) return Fail(Malformed("Expression nesting is too deep"));
    if (AcceptWord("NOT")) {
      auto inner = ParseNot(depth + 1);
      if (!inner.ok()) return inner;
      return Not(std::move(*inner));
    }
    if (Accept(TokenKind::kLParen)) {
      auto inner = ParseOr(depth + 1);
      if (!inner.ok()) return inner;
      if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
      return inner;
    }
    return ParsePredicate(depth);
  }

  ApiResult<CondNode> ParseFunction(int depth) {
    std::string fn = Lower(Peek().text);
    pos_ += 2;  // name (
    std::vector<Operand> args;
    if (Peek().kind != TokenKind::kRParen) {
      do {
        auto arg = ParseValueOperand(depth + 1);
        if (!arg.ok()) return Fail(std::move(arg).error());
        args.push_back(std::move(*arg));
      } while (Accept(TokenKind::kComma));
    }
    if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
    struct Fn {
      std::string_view name;
      CondNode::Kind kind;
      size_t arity;
    };
    static constexpr Fn kFunctions[] = {
        {"begins_with", CondNode::Kind::kBeginsWith, 2},
        {"contains", CondNode::Kind::kContains, 2},
        {"attribute_exists", CondNode::Kind::kAttributeExists, 1},
        {"attribute_not_exists", CondNode::Kind::kAttributeNotExists, 1},
        {"attribute_type", CondNode::Kind::kAttributeType, 2},
    };
    for (const Fn& f : kFunctions) {
      if (fn != f.name) continue;
      if (args.size() != f.arity || args[0].kind != Operand::Kind::kPath) {
        return Fail(ApiError::Validation(
            fmt::format("Incorrect number or type of arguments to function: {}", fn)));
      }
      return Node(f.kind, std::move(args));
    }
    return Fail(ApiError::Validation("Unrecognized function: " + fn));
  }

  // An operand of a comparison: a path, a constant, or size(path).
  ApiResult<Operand> ParseValueOperand(int depth) {
    if (IsWord(Peek(), "size") && Peek(1).kind == TokenKind::kLParen) {
      pos_ += 2;
      auto path = ParsePath();
      if (!path.ok()) return Fail(std::move(path).error());
      if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
      Operand op;
      op.kind = Operand::Kind::kSize;
      op.args.push_back(PathOperand(std::move(*path)));
      return op;
    }
    if (Peek().kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen &&
        !IsLiteralWord(Peek())) {
      return Fail(ApiError::Validation("Unrecognized function: " + Lower(Peek().text)));
    }
    return ParseOperand(depth);
  }

  ApiResult<CondNode> ParseIs(Operand left, bool negated) {
    if (left.kind != Operand::Kind::kPath) {
      return Fail(ApiError::Validation(
          "The left hand side argument to IS must be a Variable Reference, Literal, or Path"));
    }
    if (AcceptWord("NOT")) negated = !negated;
    const Token& t = Peek();
    if (t.kind != TokenKind::kName) return Fail(Unexpected("type name after IS"));
    std::string type = Upper(t.text);
    ++pos_;
    CondNode node;
    if (type == "MISSING") {
      node = Node(CondNode::Kind::kAttributeNotExists, {std::move(left)});
      return negated ? Not(std::move(node)) : node;
    }
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"NULL", "NULL"},  {"BOOLEAN", "BOOL"}, {"BOOL", "BOOL"}, {"STRING", "S"},
        {"NUMERIC", "N"},  {"BLOB", "B"},       {"STRUCT", "M"},  {"TUPLE", "M"},
        {"LIST", "L"}};
    for (const auto& [name, ddb] : kTypes) {
      if (type != name) continue;
      CondNode typed = Node(CondNode::Kind::kAttributeType,
                            {left, ValueOperand(AttributeValue::S(std::string(ddb)))});
      if (type != "NULL") return negated ? Not(std::move(typed)) : typed;
      // PartiQL: a missing value IS NULL too.
      CondNode missing = Node(CondNode::Kind::kAttributeNotExists, {std::move(left)});
      node = Combine(CondNode::Kind::kOr, std::move(missing), std::move(typed));
      return negated ? Not(std::move(node)) : node;
    }
    return Fail(ApiError::Validation(fmt::format(
        "Unsupported data type for IS operator: {}. Supported data types are [MISSING, NULL, "
        "BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]",
        type)));
  }

  ApiResult<CondNode> ParseIn(Operand left) {
    if (left.kind != Operand::Kind::kPath) {
      return Fail(ApiError::Validation(
          "IN operator must have a left hand argument of type Variable Reference and right hand "
          "argument of type Seq with at least one member"));
    }
    std::vector<Operand> operands{std::move(left)};
    TokenKind close;
    if (Accept(TokenKind::kLBracket)) {
      close = TokenKind::kRBracket;
    } else if (Accept(TokenKind::kLParen)) {
      close = TokenKind::kRParen;
    } else {
      return Fail(ApiError::Validation(
          "IN operator must have a left hand argument of type Variable Reference and right hand "
          "argument of type Seq with at least one member"));
    }
    if (Peek().kind != close) {
      do {
        auto v = ParseLiteral(*this, 1);
        if (!v.ok()) return Fail(std::move(v).error());
        operands.push_back(ValueOperand(std::move(*v)));
      } while (Accept(TokenKind::kComma));
    }
    if (!Accept(close)) return Fail(Unexpected(close == TokenKind::kRParen ? ")" : "]"));
    if (operands.size() < 2) {
      return Fail(ApiError::Validation(
          "IN operator must have a left hand argument of type Variable Reference and right hand "
          "argument of type Seq with at least one member"));
    }
    return Node(CondNode::Kind::kIn, std::move(operands));
  }

  ApiResult<CondNode> ParsePredicate(int depth) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen && !IsWord(t, "size")) {
      if (IsWord(t, "EXISTS")) {
        return Fail(
            ApiError::Validation("EXISTS can only be used in ExecuteTransaction write requests."));
      }
      return ParseFunction(depth);
    }
    auto left = ParseValueOperand(depth + 1);
    if (!left.ok()) return Fail(std::move(left).error());
    bool negated = false;
    if (IsWord(Peek(), "IS")) {
      ++pos_;
      return ParseIs(std::move(*left), false);
    }
    if (AcceptWord("NOT")) {
      negated = true;
      if (!IsWord(Peek(), "IN") && !IsWord(Peek(), "BETWEEN")) return Fail(Unexpected("IN or BETWEEN"));
    }
    CondNode node;
    if (AcceptWord("IN")) {
      auto in = ParseIn(std::move(*left));
      if (!in.ok()) return in;
      node = std::move(*in);
    } else if (AcceptWord("BETWEEN")) {
      auto low = ParseValueOperand(depth + 1);
      if (!low.ok()) return Fail(std::move(low).error());
      if (auto r = ExpectWord("AND"); !r.ok()) return Fail(std::move(r).error());
      auto high = ParseValueOperand(depth + 1);
      if (!high.ok()) return Fail(std::move(high).error());
      node = Node(CondNode::Kind::kBetween, {std::move(*left), std::move(*low), std::move(*high)});
    } else {
      expr::CompareOp op;
      switch (Peek().kind) {
        case TokenKind::kEq: op = expr::CompareOp::kEq; break;
        case TokenKind::kNe: op = expr::CompareOp::kNe; break;
        case TokenKind::kLt: op = expr::CompareOp::kLt; break;
        case TokenKind::kLe: op = expr::CompareOp::kLe; break;
        case TokenKind::kGt: op = expr::CompareOp::kGt; break;
        case TokenKind::kGe: op = expr::CompareOp::kGe; break;
        case TokenKind::kPlus:
        case TokenKind::kMinus:
        case TokenKind::kStar:
        case TokenKind::kSlash:
        case TokenKind::kPercent:
        case TokenKind::kConcat:
          return Fail(ApiError::Validation(
              "Unsupported operator in Condition Expression. Operator: " + Peek().text));
        default:
          if (IsWord(Peek(), "LIKE")) {
            return Fail(ApiError::Validation(
                "Unsupported operator in Condition Expression. Operator: LIKE"));
          }
          return Fail(ApiError::Validation(
              "WHERE clause must contain an expression that resolves to a boolean"));
      }
      ++pos_;
      auto right = ParseValueOperand(depth + 1);
      if (!right.ok()) return Fail(std::move(right).error());
      node = Node(CondNode::Kind::kCompare, {std::move(*left), std::move(*right)});
      node.op = op;
    }
    return negated ? Not(std::move(node)) : node;
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
