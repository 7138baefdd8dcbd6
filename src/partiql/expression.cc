// The expression half of the PartiQL parser (see expression.h): paths,
// conditions and SET values.

#include "partiql/expression.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "partiql/parser.h"

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
    "ALL",    "AND",    "AS",    "ASC",      "AT",    "BETWEEN", "BY",     "CASE",      "CAST",
    "CROSS",  "DELETE", "DESC",  "DISTINCT", "ELSE",  "END",     "EXCEPT", "EXISTS",    "FALSE",
    "FROM",   "FULL",   "GROUP", "HAVING",   "IN",    "INNER",   "INSERT", "INTERSECT", "INTO",
    "IS",     "JOIN",   "LEFT",  "LIKE",     "LIMIT", "MISSING", "NOT",    "NULL",      "OFFSET",
    "ON",     "OR",     "ORDER", "OUTER",    "PAD",   "PIVOT",   "REMOVE", "RETURNING", "RIGHT",
    "SELECT", "SET",    "THEN",  "TRUE",     "UNION", "UPDATE",  "VALUE",  "VALUES",    "WHERE"};

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

}  // namespace

bool IsReserved(const Token& t) {
  if (t.kind != TokenKind::kName) return false;
  for (std::string_view w : kReserved) {
    if (IsWord(t, w)) return true;
  }
  return false;
}

bool ExprParser::Accept(TokenKind kind) {
  if (Peek().kind != kind) return false;
  Advance();
  return true;
}
bool ExprParser::AcceptWord(std::string_view w) {
  if (!IsWord(Peek(), w)) return false;
  Advance();
  return true;
}
ApiResult<Unit> ExprParser::Expect(TokenKind kind, std::string_view what) {
  if (Accept(kind)) return Unit{};
  return Fail(Unexpected(what));
}
ApiResult<Unit> ExprParser::ExpectWord(std::string_view w) {
  if (AcceptWord(w)) return Unit{};
  return Fail(Unexpected(w));
}
ApiError ExprParser::Unexpected(std::string_view expected) const {
  const Token& t = Peek();
  if (t.kind == TokenKind::kEof) return Malformed(fmt::format("Expected {}", expected));
  if (IsReserved(t)) return Malformed(fmt::format("Unexpected keyword: {}", Upper(t.text)));
  return Malformed(fmt::format("Expected {}, found: {}", expected, t.text));
}

// A name in a path or FROM: a bare non-reserved identifier or a "quoted" one.
ApiResult<std::string> ExprParser::ParseName(std::string_view what) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kQuotedName || (t.kind == TokenKind::kName && !IsReserved(t))) {
    Advance();
    return t.text;
  }
  return Fail(Unexpected(what));
}

ApiResult<Path> ExprParser::ParsePath() {
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
          return Fail(ApiError::Validation(
              fmt::format("List index is not within the allowable range; index: [{}]", t.text)));
        }
        path.push_back(PathElement::Index(static_cast<uint32_t>(std::stoul(t.text))));
      } else {
        return Fail(ApiError::Validation("Unexpected path component"));
      }
      Advance();
      if (auto r = Expect(TokenKind::kRBracket, "]"); !r.ok()) return Fail(std::move(r).error());
    } else {
      return path;
    }
  }
}

ApiResult<Operand> ExprParser::ParseAdditive(int depth) {
  auto left = ParseUpdatePrimary(depth);
  if (!left.ok()) return left;
  while (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus) {
    bool plus = Peek().kind == TokenKind::kPlus;
    Advance();
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
    return Fail(ApiError::Validation("Unsupported operator in Update Expression. Operator: " +
                                     Peek().text));
  }
  return left;
}

ApiResult<Operand> ExprParser::ParseUpdatePrimary(int depth) {
  if (depth > kMaxDepth) return Fail(Malformed("Expression nesting is too deep"));
  const Token& t = Peek();
  if (t.kind == TokenKind::kLParen) {
    Advance();
    auto inner = ParseAdditive(depth + 1);
    if (!inner.ok()) return inner;
    if (auto r = Expect(TokenKind::kRParen, ")"); !r.ok()) return Fail(std::move(r).error());
    return inner;
  }
  if (t.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen) {
    Operand op;
    if (IsWord(t, "list_append"))
      op.kind = Operand::Kind::kListAppend;
    else if (IsWord(t, "if_not_exists"))
      op.kind = Operand::Kind::kIfNotExists;
    else
      return Fail(ApiError::Validation("Unrecognized function: " + Lower(t.text)));
    Advance();
    Advance();
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
ApiResult<Operand> ExprParser::ParseOperand(int depth) {
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

ApiResult<CondNode> ExprParser::ParseOr(int depth) {
  auto left = ParseAnd(depth);
  if (!left.ok()) return left;
  while (AcceptWord("OR")) {
    auto right = ParseAnd(depth);
    if (!right.ok()) return right;
    *left = Combine(CondNode::Kind::kOr, std::move(*left), std::move(*right));
  }
  return left;
}

ApiResult<CondNode> ExprParser::ParseAnd(int depth) {
  auto left = ParseNot(depth);
  if (!left.ok()) return left;
  while (AcceptWord("AND")) {
    auto right = ParseNot(depth);
    if (!right.ok()) return right;
    *left = Combine(CondNode::Kind::kAnd, std::move(*left), std::move(*right));
  }
  return left;
}

ApiResult<CondNode> ExprParser::ParseNot(int depth) {
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

ApiResult<CondNode> ExprParser::ParseFunction(int depth) {
  std::string fn = Lower(Peek().text);
  Advance();
  Advance();  // name (
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
ApiResult<Operand> ExprParser::ParseValueOperand(int depth) {
  if (IsWord(Peek(), "size") && Peek(1).kind == TokenKind::kLParen) {
    Advance();
    Advance();
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

ApiResult<CondNode> ExprParser::ParseIs(Operand left, bool negated) {
  if (left.kind != Operand::Kind::kPath) {
    return Fail(ApiError::Validation(
        "The left hand side argument to IS must be a Variable Reference, Literal, or Path"));
  }
  if (AcceptWord("NOT")) negated = !negated;
  const Token& t = Peek();
  if (t.kind != TokenKind::kName) return Fail(Unexpected("type name after IS"));
  std::string type = Upper(t.text);
  Advance();
  CondNode node;
  if (type == "MISSING") {
    node = Node(CondNode::Kind::kAttributeNotExists, {std::move(left)});
    return negated ? Not(std::move(node)) : node;
  }
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"NULL", "NULL"}, {"BOOLEAN", "BOOL"}, {"BOOL", "BOOL"}, {"STRING", "S"}, {"NUMERIC", "N"},
      {"BLOB", "B"},    {"STRUCT", "M"},     {"TUPLE", "M"},   {"LIST", "L"}};
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

ApiResult<CondNode> ExprParser::ParseIn(Operand left) {
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

ApiResult<CondNode> ExprParser::ParsePredicate(int depth) {
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
    Advance();
    return ParseIs(std::move(*left), false);
  }
  if (AcceptWord("NOT")) {
    negated = true;
    if (!IsWord(Peek(), "IN") && !IsWord(Peek(), "BETWEEN"))
      return Fail(Unexpected("IN or BETWEEN"));
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
      case TokenKind::kEq:
        op = expr::CompareOp::kEq;
        break;
      case TokenKind::kNe:
        op = expr::CompareOp::kNe;
        break;
      case TokenKind::kLt:
        op = expr::CompareOp::kLt;
        break;
      case TokenKind::kLe:
        op = expr::CompareOp::kLe;
        break;
      case TokenKind::kGt:
        op = expr::CompareOp::kGt;
        break;
      case TokenKind::kGe:
        op = expr::CompareOp::kGe;
        break;
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
          return Fail(
              ApiError::Validation("Unsupported operator in Condition Expression. Operator: LIKE"));
        }
        return Fail(ApiError::Validation(
            "WHERE clause must contain an expression that resolves to a boolean"));
    }
    Advance();
    auto right = ParseValueOperand(depth + 1);
    if (!right.ok()) return Fail(std::move(right).error());
    node = Node(CondNode::Kind::kCompare, {std::move(*left), std::move(*right)});
    node.op = op;
  }
  return negated ? Not(std::move(node)) : node;
}

}  // namespace magneto::partiql
