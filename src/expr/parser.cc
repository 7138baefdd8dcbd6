// Recursive-descent parser for condition, update and projection expressions.
// Grammar and precedence follow the developer guide: NOT > AND > OR.
#include "expr/parser.h"

#include <charconv>
#include <set>

#include "expr/internal.h"
#include "expr/lexer.h"
#include "expr/reserved_words.h"

namespace magneto::expr {
namespace {

constexpr size_t kMaxPathDepth = 32;

enum class Context { kCondition, kUpdate, kProjection };

// What a function name means and where it may appear. Arity and argument
// checks happen after resolution (resolve.cc), as DynamoDB ranks those errors
// below undefined placeholders.
struct FunctionInfo {
  std::string_view name;
  bool boolean;       // a condition by itself (attribute_exists, ...)
  bool in_condition;  // a condition function (else an update function)
  CondNode::Kind cond_kind;
  Operand::Kind operand_kind;
};

constexpr FunctionInfo kFunctions[] = {
    {"attribute_exists", true, true, CondNode::Kind::kAttributeExists, Operand::Kind::kPath},
    {"attribute_not_exists", true, true, CondNode::Kind::kAttributeNotExists, Operand::Kind::kPath},
    {"attribute_type", true, true, CondNode::Kind::kAttributeType, Operand::Kind::kPath},
    {"begins_with", true, true, CondNode::Kind::kBeginsWith, Operand::Kind::kPath},
    {"contains", true, true, CondNode::Kind::kContains, Operand::Kind::kPath},
    {"size", false, true, CondNode::Kind::kAnd, Operand::Kind::kSize},
    {"if_not_exists", false, false, CondNode::Kind::kAnd, Operand::Kind::kIfNotExists},
    {"list_append", false, false, CondNode::Kind::kAnd, Operand::Kind::kListAppend},
};

const FunctionInfo* FindFunction(std::string_view name, bool in_condition) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name && f.in_condition == in_condition) return &f;
  }
  return nullptr;
}

// Errors found while parsing that do not stop it. DynamoDB reports a syntax
// error first if there is one, then the first of these in this order (the
// order differs between conditions and updates).
enum Deferred { kParens, kUnknownFunction, kMisusedFunction, kReserved, kSection, kNumDeferred };
constexpr Deferred kConditionOrder[] = {kParens, kUnknownFunction, kMisusedFunction, kReserved};
constexpr Deferred kUpdateOrder[] = {kReserved, kUnknownFunction, kSection};

// An operand as parsed: either a value-producing operand or a call of a
// boolean function, which is only valid where a condition is expected.
struct ParsedOperand {
  Operand operand;
  const FunctionInfo* boolean_function = nullptr;
};

class Parser {
 public:
  Parser(std::string_view text, std::string prefix, Context context)
      : text_(text), tokens_(Lex(text)), prefix_(std::move(prefix)), context_(context) {}

  ApiResult<CondNode> ParseWholeCondition() {
    EXPR_ASSIGN_OR_RETURN(node, ParseOr());
    if (Peek().kind != TokenKind::kEof) return SyntaxError();
    CheckMisusedSize(node);
    for (Deferred d : kConditionOrder) {
      if (!deferred_[d].empty()) return Error(deferred_[d]);
    }
    StripParens(node);
    return node;
  }

  ApiResult<std::vector<UpdateAction>> ParseWholeUpdate() {
    std::vector<UpdateAction> actions;
    std::set<std::string_view> seen;
    while (Peek().kind != TokenKind::kEof) {
      const Token& tok = Peek();
      std::string_view clause;
      UpdateAction::Kind kind;
      if (tok.kind == TokenKind::kName && IsKeyword(tok.text, "SET")) {
        clause = "SET", kind = UpdateAction::Kind::kSet;
      } else if (tok.kind == TokenKind::kName && IsKeyword(tok.text, "REMOVE")) {
        clause = "REMOVE", kind = UpdateAction::Kind::kRemove;
      } else if (tok.kind == TokenKind::kName && IsKeyword(tok.text, "ADD")) {
        clause = "ADD", kind = UpdateAction::Kind::kAdd;
      } else if (tok.kind == TokenKind::kName && IsKeyword(tok.text, "DELETE")) {
        clause = "DELETE", kind = UpdateAction::Kind::kDelete;
      } else {
        return SyntaxError();
      }
      if (!seen.insert(clause).second) {
        Defer(kSection, "The \"" + std::string(clause) +
                            "\" section can only be used once in an update expression;");
      }
      ++pos_;
      while (true) {
        EXPR_ASSIGN_OR_RETURN(action, ParseUpdateAction(kind));
        actions.push_back(std::move(action));
        if (Peek().kind != TokenKind::kComma) break;
        ++pos_;
      }
    }
    for (Deferred d : kUpdateOrder) {
      if (!deferred_[d].empty()) return Error(deferred_[d]);
    }
    return actions;
  }

  ApiResult<std::vector<Path>> ParseWholeProjection() {
    std::vector<Path> paths;
    while (true) {
      EXPR_ASSIGN_OR_RETURN(path, ParsePath());
      paths.push_back(std::move(path));
      if (Peek().kind == TokenKind::kEof) break;
      if (Peek().kind != TokenKind::kComma) return SyntaxError();
      ++pos_;
    }
    if (!deferred_[kReserved].empty()) return Error(deferred_[kReserved]);
    return paths;
  }

 private:
  // Counts recursion; every recursive production holds one.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    bool exceeded() const { return depth_ > kMaxParseDepth; }

   private:
    int& depth_;
  };

  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  bool PeekKeyword(std::string_view kw) const {
    return Peek().kind == TokenKind::kName && IsKeyword(Peek().text, kw);
  }
  Unexpected<ApiError> Error(std::string msg) const { return Invalid(prefix_ + msg); }
  void Defer(Deferred kind, std::string msg) {
    if (deferred_[kind].empty()) deferred_[kind] = std::move(msg);
  }
  void Misused(std::string_view function) {
    Defer(kMisusedFunction,
          "The function is not allowed to be used this way in an expression; function: " +
              std::string(function));
  }
  // size() yields a number, not a condition: a lone size(...) was parsed as
  // a one-operand kCompare, which must never survive the parse.
  void CheckMisusedSize(const CondNode& node) {
    if (node.kind == CondNode::Kind::kCompare && node.operands.size() == 1) Misused("size");
    for (const CondNode& child : node.children) CheckMisusedSize(child);
  }
  Unexpected<ApiError> SyntaxError() const {
    return Error(SyntaxErrorMessage(text_, tokens_, pos_));
  }
  Unexpected<ApiError> TooDeep() const {
    return Error("The expression has exceeded the maximum allowed nesting depth; depth: " +
                 std::to_string(kMaxParseDepth));
  }

  // Words of the grammar itself cannot be attribute names even by accident;
  // DynamoDB's grammar sees them as keywords and reports a syntax error.
  bool IsGrammarKeyword(std::string_view word) const {
    if (context_ == Context::kUpdate) {
      return IsKeyword(word, "SET") || IsKeyword(word, "REMOVE") || IsKeyword(word, "ADD") ||
             IsKeyword(word, "DELETE");
    }
    if (context_ == Context::kCondition) {
      return IsKeyword(word, "AND") || IsKeyword(word, "OR") || IsKeyword(word, "NOT") ||
             IsKeyword(word, "BETWEEN") || IsKeyword(word, "IN");
    }
    return false;
  }

  ApiResult<PathElement> ParseName() {
    const Token& tok = Peek();
    PathElement e;
    if (tok.kind == TokenKind::kNamePlaceholder) {
      e.placeholder = std::string(tok.text);
    } else if (tok.kind == TokenKind::kName && !IsGrammarKeyword(tok.text)) {
      if (IsReservedWord(tok.text)) {
        Defer(kReserved,
              "Attribute name is a reserved keyword; reserved keyword: " + std::string(tok.text));
      }
      e.name = std::string(tok.text);
    } else {
      return SyntaxError();
    }
    ++pos_;
    return e;
  }

  ApiResult<Path> ParsePath() {
    Path path;
    EXPR_ASSIGN_OR_RETURN(first, ParseName());
    path.push_back(std::move(first));
    while (true) {
      if (Peek().kind == TokenKind::kDot) {
        ++pos_;
        EXPR_ASSIGN_OR_RETURN(e, ParseName());
        path.push_back(std::move(e));
      } else if (Peek().kind == TokenKind::kLBracket) {
        ++pos_;
        const Token& tok = Peek();
        uint32_t index = 0;
        if (tok.kind != TokenKind::kNumber) return SyntaxError();
        auto [ptr, ec] = std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), index);
        if (ec != std::errc() || ptr != tok.text.data() + tok.text.size() || index > INT32_MAX) {
          return SyntaxError();
        }
        ++pos_;
        if (Peek().kind != TokenKind::kRBracket) return SyntaxError();
        ++pos_;
        path.push_back(PathElement::Index(index));
      } else {
        break;
      }
    }
    if (path.size() > kMaxPathDepth) {
      return Error("The document path has too many nesting levels; nesting levels: " +
                   std::to_string(path.size()));
    }
    return path;
  }

  ApiResult<ParsedOperand> ParseOperand() {
    DepthGuard guard(depth_);
    if (guard.exceeded()) return TooDeep();
    const Token& tok = Peek();
    ParsedOperand result;
    if (tok.kind == TokenKind::kValuePlaceholder) {
      result.operand.kind = Operand::Kind::kValue;
      result.operand.placeholder = std::string(tok.text);
      ++pos_;
      return result;
    }
    if (tok.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen &&
        !IsGrammarKeyword(tok.text)) {
      return ParseFunctionCall();
    }
    if (context_ == Context::kUpdate && tok.kind == TokenKind::kLParen) {
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(inner, ParseOperand());
      if (Peek().kind != TokenKind::kRParen) return SyntaxError();
      ++pos_;
      return inner;
    }
    EXPR_ASSIGN_OR_RETURN(path, ParsePath());
    result.operand.kind = Operand::Kind::kPath;
    result.operand.path = std::move(path);
    return result;
  }

  // REQUIRES: Peek() is a name followed by '('.
  ApiResult<ParsedOperand> ParseFunctionCall() {
    std::string name(Peek().text);
    const FunctionInfo* fn = FindFunction(name, context_ != Context::kUpdate);
    if (fn == nullptr) Defer(kUnknownFunction, "Invalid function name; function: " + name);
    pos_ += 2;
    std::vector<Operand> args;
    while (true) {
      EXPR_ASSIGN_OR_RETURN(arg, ParseOperand());
      if (arg.boolean_function != nullptr) Misused(arg.boolean_function->name);
      args.push_back(std::move(arg.operand));
      if (Peek().kind != TokenKind::kComma) break;
      ++pos_;
    }
    if (Peek().kind != TokenKind::kRParen) return SyntaxError();
    ++pos_;
    ParsedOperand result;
    result.boolean_function = fn != nullptr && fn->boolean ? fn : nullptr;
    result.operand.kind = fn != nullptr ? fn->operand_kind : Operand::Kind::kSize;
    result.operand.args = std::move(args);
    return result;
  }

  // An operand that must produce a value (not a boolean function).
  ApiResult<Operand> ParseValueOperand() {
    EXPR_ASSIGN_OR_RETURN(parsed, ParseOperand());
    if (parsed.boolean_function != nullptr) Misused(parsed.boolean_function->name);
    return std::move(parsed.operand);
  }

  ApiResult<CondNode> ParseOr() {
    DepthGuard guard(depth_);
    if (guard.exceeded()) return TooDeep();
    EXPR_ASSIGN_OR_RETURN(first, ParseAnd());
    if (!PeekKeyword("OR")) return first;
    CondNode node;
    node.kind = CondNode::Kind::kOr;
    node.children.push_back(std::move(first));
    while (PeekKeyword("OR")) {
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(next, ParseAnd());
      node.children.push_back(std::move(next));
    }
    return node;
  }

  ApiResult<CondNode> ParseAnd() {
    EXPR_ASSIGN_OR_RETURN(first, ParseNot());
    if (!PeekKeyword("AND")) return first;
    CondNode node;
    node.kind = CondNode::Kind::kAnd;
    node.children.push_back(std::move(first));
    while (PeekKeyword("AND")) {
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(next, ParseNot());
      node.children.push_back(std::move(next));
    }
    return node;
  }

  ApiResult<CondNode> ParseNot() {
    DepthGuard guard(depth_);
    if (guard.exceeded()) return TooDeep();
    if (PeekKeyword("NOT")) {
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(child, ParseNot());
      CondNode node;
      node.kind = CondNode::Kind::kNot;
      node.children.push_back(std::move(child));
      return node;
    }
    return ParsePrimary();
  }

  ApiResult<CondNode> ParsePrimary() {
    if (Peek().kind == TokenKind::kLParen) {
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(inner, ParseOr());
      if (Peek().kind != TokenKind::kRParen) return SyntaxError();
      ++pos_;
      if (inner.kind == CondNode::Kind::kParen) {
        Defer(kParens, "The expression has redundant parentheses;");
      }
      CondNode node;
      node.kind = CondNode::Kind::kParen;
      node.children.push_back(std::move(inner));
      return node;
    }
    EXPR_ASSIGN_OR_RETURN(left, ParseOperand());
    CondNode node;
    if (left.boolean_function != nullptr) {
      node.kind = left.boolean_function->cond_kind;
      node.operands = std::move(left.operand.args);
      return node;
    }
    node.operands.push_back(std::move(left.operand));
    const Token& tok = Peek();
    CompareOp op;
    switch (tok.kind) {
      case TokenKind::kEq:
        op = CompareOp::kEq;
        break;
      case TokenKind::kNe:
        op = CompareOp::kNe;
        break;
      case TokenKind::kLt:
        op = CompareOp::kLt;
        break;
      case TokenKind::kLe:
        op = CompareOp::kLe;
        break;
      case TokenKind::kGt:
        op = CompareOp::kGt;
        break;
      case TokenKind::kGe:
        op = CompareOp::kGe;
        break;
      default:
        if (PeekKeyword("BETWEEN")) return ParseBetween(std::move(node));
        if (PeekKeyword("IN")) return ParseIn(std::move(node));
        // A lone size(...) is a misuse unless more text follows; it stays a
        // one-operand kCompare only until the whole parse reports it.
        if (node.operands[0].kind == Operand::Kind::kSize &&
            (tok.kind == TokenKind::kEof || tok.kind == TokenKind::kRParen || PeekKeyword("AND") ||
             PeekKeyword("OR"))) {
          node.kind = CondNode::Kind::kCompare;
          return node;
        }
        return SyntaxError();
    }
    ++pos_;
    EXPR_ASSIGN_OR_RETURN(right, ParseValueOperand());
    node.kind = CondNode::Kind::kCompare;
    node.op = op;
    node.operands.push_back(std::move(right));
    return node;
  }

  ApiResult<CondNode> ParseBetween(CondNode node) {
    ++pos_;  // BETWEEN
    EXPR_ASSIGN_OR_RETURN(low, ParseValueOperand());
    if (!PeekKeyword("AND")) return SyntaxError();
    ++pos_;
    EXPR_ASSIGN_OR_RETURN(high, ParseValueOperand());
    node.kind = CondNode::Kind::kBetween;
    node.operands.push_back(std::move(low));
    node.operands.push_back(std::move(high));
    return node;
  }

  ApiResult<CondNode> ParseIn(CondNode node) {
    ++pos_;  // IN
    if (Peek().kind != TokenKind::kLParen) return SyntaxError();
    ++pos_;
    while (true) {
      EXPR_ASSIGN_OR_RETURN(item, ParseValueOperand());
      node.operands.push_back(std::move(item));
      if (Peek().kind != TokenKind::kComma) break;
      ++pos_;
    }
    if (Peek().kind != TokenKind::kRParen) return SyntaxError();
    ++pos_;
    if (node.operands.size() - 1 > kMaxInOperands) {
      return Error("The IN operator is provided with too many operands; number of operands: " +
                   std::to_string(node.operands.size() - 1));
    }
    node.kind = CondNode::Kind::kIn;
    return node;
  }

  ApiResult<UpdateAction> ParseUpdateAction(UpdateAction::Kind kind) {
    UpdateAction action;
    action.kind = kind;
    EXPR_ASSIGN_OR_RETURN(path, ParsePath());
    action.path = std::move(path);
    switch (kind) {
      case UpdateAction::Kind::kSet: {
        if (Peek().kind != TokenKind::kEq) return SyntaxError();
        ++pos_;
        EXPR_ASSIGN_OR_RETURN(value, ParseSetValue());
        action.value = std::move(value);
        break;
      }
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        if (Peek().kind != TokenKind::kValuePlaceholder) return SyntaxError();
        action.value.kind = Operand::Kind::kValue;
        action.value.placeholder = std::string(Peek().text);
        ++pos_;
        break;
      }
      case UpdateAction::Kind::kRemove:
        break;
    }
    return action;
  }

  // set_value := '(' operand [('+'|'-') operand] ')' | operand [('+'|'-') operand]
  ApiResult<Operand> ParseSetValue() {
    bool parens = false;
    // "(x + y)" wraps the whole value; "(x)" alone is a parenthesized operand.
    if (Peek().kind == TokenKind::kLParen) {
      size_t save = pos_;
      int depth = 0;
      for (size_t i = pos_; i < tokens_.size(); ++i) {
        TokenKind k = tokens_[i].kind;
        if (k == TokenKind::kLParen) ++depth;
        if (k == TokenKind::kRParen && --depth == 0) break;
        if (depth == 1 && (k == TokenKind::kPlus || k == TokenKind::kMinus)) {
          parens = true;
          break;
        }
      }
      pos_ = save;
      if (parens) ++pos_;
    }
    EXPR_ASSIGN_OR_RETURN(left, ParseValueOperand());
    Operand value = std::move(left);
    if (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus) {
      Operand arith;
      arith.kind = Peek().kind == TokenKind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      ++pos_;
      EXPR_ASSIGN_OR_RETURN(right, ParseValueOperand());
      arith.args.push_back(std::move(value));
      arith.args.push_back(std::move(right));
      value = std::move(arith);
    }
    if (parens) {
      if (Peek().kind != TokenKind::kRParen) return SyntaxError();
      ++pos_;
    }
    return value;
  }

  // Parentheses only matter while parsing; drop them from the final tree.
  static void StripParens(CondNode& node) {
    while (node.kind == CondNode::Kind::kParen) {
      CondNode inner = std::move(node.children[0]);
      node = std::move(inner);
    }
    for (CondNode& child : node.children) StripParens(child);
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string deferred_[kNumDeferred];
  std::string prefix_;
  Context context_;
};

// The checks every expression text gets before parsing.
ApiResult<Unit> CheckText(std::string_view text, const std::string& prefix) {
  if (text.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos) {
    return Invalid(prefix + "The expression can not be empty;");
  }
  if (text.size() > kMaxExpressionSize) {
    return Invalid(prefix +
                   "Expression size has exceeded the maximum allowed size; expression size: " +
                   std::to_string(text.size()));
  }
  return Unit{};
}

}  // namespace

ApiResult<CondNode> ParseConditionText(std::string_view text, const std::string& prefix) {
  EXPR_RETURN_IF_ERROR(CheckText(text, prefix));
  return Parser(text, prefix, Context::kCondition).ParseWholeCondition();
}

ApiResult<std::vector<UpdateAction>> ParseUpdateText(std::string_view text) {
  const std::string prefix = "Invalid UpdateExpression: ";
  EXPR_RETURN_IF_ERROR(CheckText(text, prefix));
  return Parser(text, prefix, Context::kUpdate).ParseWholeUpdate();
}

ApiResult<std::vector<Path>> ParseProjectionText(std::string_view text) {
  const std::string prefix = "Invalid ProjectionExpression: ";
  EXPR_RETURN_IF_ERROR(CheckText(text, prefix));
  return Parser(text, prefix, Context::kProjection).ParseWholeProjection();
}

}  // namespace magneto::expr
