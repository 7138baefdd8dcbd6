// Placeholder resolution and the checks DynamoDB makes before evaluation.
#include "expr/resolve.h"

#include "expr/internal.h"
#include "expr/path.h"

namespace magneto::expr {
namespace {

using model::AttributeValue;
using model::Type;

ApiResult<Unit> ResolveOperand(Operand& op, ExpressionParams& params, const std::string& prefix) {
  switch (op.kind) {
    case Operand::Kind::kPath:
      return ResolvePath(op.path, params, prefix);
    case Operand::Kind::kValue: {
      const AttributeValue* v = params.Value(op.placeholder);
      if (v == nullptr) {
        return Invalid(prefix +
                       "An expression attribute value used in expression is not defined; "
                       "attribute value: " +
                       op.placeholder);
      }
      op.value = *v;
      return Unit{};
    }
    default:
      for (Operand& arg : op.args) EXPR_RETURN_IF_ERROR(ResolveOperand(arg, params, prefix));
      return Unit{};
  }
}

const char* CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

// Keeps the first error of each category; DynamoDB reports the first
// category (in declaration order) that has one.
class Errors {
 public:
  enum Category { kPathOverlap, kPathConflict, kOperand, kDistinct, kFunction, kNumCategories };
  void Add(Category c, std::string msg) {
    if (first_[c].empty()) first_[c] = std::move(msg);
  }
  ApiResult<Unit> Result(const std::string& prefix) const {
    for (const std::string& msg : first_) {
      if (!msg.empty()) return Invalid(prefix + msg);
    }
    return Unit{};
  }

 private:
  std::string first_[kNumCategories];
};

std::string IncorrectOperandType(std::string_view fn, std::string_view type) {
  return "Incorrect operand type for operator or function; operator or function: " +
         std::string(fn) + ", operand type: " + std::string(type);
}

std::string WrongArity(std::string_view fn, size_t n) {
  return "Incorrect number of operands for operator or function; operator or function: " +
         std::string(fn) + ", number of operands: " + std::to_string(n);
}

std::string NeedsPath(std::string_view fn) {
  return "Operator or function requires a document path; operator or function: " + std::string(fn);
}

bool IsTypeName(const std::string& s) {
  for (const char* t : {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}) {
    if (s == t) return true;
  }
  return false;
}

bool IsConstant(const Operand& op) { return op.kind == Operand::Kind::kValue; }

// a = a, begins_with(a, a), ...: DynamoDB rejects comparing a path with itself.
void CheckDistinct(const std::vector<Operand>& ops, std::string_view fn, Errors& errors) {
  if (ops.size() != 2 || ops[0].kind != Operand::Kind::kPath ||
      ops[1].kind != Operand::Kind::kPath || !(ops[0].path == ops[1].path)) {
    return;
  }
  errors.Add(Errors::kDistinct,
             "The first operand must be distinct from the remaining operands for this operator or "
             "function; operator: " +
                 std::string(fn) + ", first operand: " + PathToString(ops[0].path));
}

void ValidateConditionOperand(const Operand& op, Errors& errors) {
  for (const Operand& arg : op.args) ValidateConditionOperand(arg, errors);
  if (op.kind != Operand::Kind::kSize) return;
  if (op.args.size() != 1) {
    errors.Add(Errors::kOperand, WrongArity("size", op.args.size()));
    return;
  }
  const Operand& arg = op.args[0];
  if (IsConstant(arg) &&
      (arg.value.is(Type::kN) || arg.value.is(Type::kBool) || arg.value.is(Type::kNull))) {
    errors.Add(Errors::kFunction, IncorrectOperandType("size", model::TypeName(arg.value.type())));
  }
}

void ValidateConditionNode(const CondNode& node, Errors& errors) {
  for (const CondNode& child : node.children) ValidateConditionNode(child, errors);
  const std::vector<Operand>& ops = node.operands;
  for (const Operand& op : ops) ValidateConditionOperand(op, errors);
  std::string_view fn;
  size_t arity = 0;
  switch (node.kind) {
    case CondNode::Kind::kAttributeExists:
      fn = "attribute_exists", arity = 1;
      break;
    case CondNode::Kind::kAttributeNotExists:
      fn = "attribute_not_exists", arity = 1;
      break;
    case CondNode::Kind::kAttributeType:
      fn = "attribute_type", arity = 2;
      break;
    case CondNode::Kind::kBeginsWith:
      fn = "begins_with", arity = 2;
      break;
    case CondNode::Kind::kContains:
      fn = "contains", arity = 2;
      break;
    case CondNode::Kind::kCompare:
      CheckDistinct(ops, CompareOpName(node.op), errors);
      return;
    case CondNode::Kind::kBetween: {
      const Operand& low = ops[1];
      const Operand& high = ops[2];
      if (IsConstant(low) && IsConstant(high)) {
        std::string bounds = "lower bound operand: " + ValueForMessage(low.value) +
                             ", upper bound operand: " + ValueForMessage(high.value);
        if (low.value.type() != high.value.type()) {
          errors.Add(
              Errors::kFunction,
              "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
        } else if (IsScalarOrderable(low.value.type()) &&
                   CompareScalars(low.value, high.value) > 0) {
          errors.Add(Errors::kFunction,
                     "The BETWEEN operator requires upper bound to be greater than or equal to "
                     "lower bound; " +
                         bounds);
        }
      }
      return;
    }
    default:
      return;
  }
  if (ops.size() != arity) {
    errors.Add(Errors::kOperand, WrongArity(fn, ops.size()));
    return;
  }
  CheckDistinct(ops, fn, errors);
  switch (node.kind) {
    case CondNode::Kind::kAttributeExists:
    case CondNode::Kind::kAttributeNotExists:
      if (ops[0].kind != Operand::Kind::kPath) errors.Add(Errors::kFunction, NeedsPath(fn));
      break;
    case CondNode::Kind::kBeginsWith:
      for (const Operand& op : ops) {
        if (IsConstant(op) && !op.value.is(Type::kS) && !op.value.is(Type::kB)) {
          errors.Add(Errors::kFunction, IncorrectOperandType(fn, model::TypeName(op.value.type())));
        }
      }
      break;
    case CondNode::Kind::kAttributeType: {
      const Operand& op = ops[1];
      if (!IsConstant(op)) {
        errors.Add(Errors::kFunction, IncorrectOperandType(fn, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
      } else if (!op.value.is(Type::kS)) {
        errors.Add(Errors::kFunction, IncorrectOperandType(fn, model::TypeName(op.value.type())));
      } else if (!IsTypeName(op.value.str())) {
        errors.Add(Errors::kFunction, "Invalid attribute type name found; type: " + op.value.str() +
                                          ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      }
      break;
    }
    default:
      break;
  }
}

void ValidateUpdateOperand(const Operand& op, Errors& errors) {
  for (const Operand& arg : op.args) ValidateUpdateOperand(arg, errors);
  std::string_view fn;
  Type want = Type::kN;
  switch (op.kind) {
    case Operand::Kind::kPlus:
      fn = "+", want = Type::kN;
      break;
    case Operand::Kind::kMinus:
      fn = "-", want = Type::kN;
      break;
    case Operand::Kind::kListAppend:
      fn = "list_append", want = Type::kL;
      break;
    case Operand::Kind::kIfNotExists:
      fn = "if_not_exists";
      break;
    default:
      return;
  }
  if (op.args.size() != 2) {
    errors.Add(Errors::kFunction, WrongArity(fn, op.args.size()));
    return;
  }
  if (op.kind == Operand::Kind::kIfNotExists) {
    if (op.args[0].kind != Operand::Kind::kPath) errors.Add(Errors::kFunction, NeedsPath(fn));
    return;
  }
  for (const Operand& arg : op.args) {
    if (IsConstant(arg) && arg.value.type() != want) {
      errors.Add(Errors::kFunction, IncorrectOperandType(fn, model::TypeName(arg.value.type())));
    }
  }
}

ApiResult<Unit> ResolveOperandNames(Operand& op, ExpressionParams& params,
                                    const std::string& prefix) {
  if (op.kind == Operand::Kind::kPath) return ResolvePath(op.path, params, prefix);
  for (Operand& arg : op.args) EXPR_RETURN_IF_ERROR(ResolveOperandNames(arg, params, prefix));
  return Unit{};
}

ApiResult<Unit> ResolveOperandValues(Operand& op, ExpressionParams& params,
                                     const std::string& prefix) {
  if (op.kind == Operand::Kind::kValue) return ResolveOperand(op, params, prefix);
  for (Operand& arg : op.args) EXPR_RETURN_IF_ERROR(ResolveOperandValues(arg, params, prefix));
  return Unit{};
}

}  // namespace

ApiResult<Unit> ResolvePath(Path& path, ExpressionParams& params, const std::string& prefix) {
  for (PathElement& e : path) {
    if (e.placeholder.empty()) continue;
    const std::string* name = params.Name(e.placeholder);
    if (name == nullptr) {
      return Invalid(prefix +
                     "An expression attribute name used in the document path is not defined; "
                     "attribute name: " +
                     e.placeholder);
    }
    e.name = *name;
  }
  return Unit{};
}

ApiResult<Unit> ResolveCondition(CondNode& node, ExpressionParams& params,
                                 const std::string& prefix) {
  for (Operand& op : node.operands) EXPR_RETURN_IF_ERROR(ResolveOperand(op, params, prefix));
  for (CondNode& child : node.children)
    EXPR_RETURN_IF_ERROR(ResolveCondition(child, params, prefix));
  return Unit{};
}

ApiResult<Unit> ResolveUpdate(std::vector<UpdateAction>& actions, ExpressionParams& params) {
  // Undefined names are reported before undefined values.
  const std::string prefix = "Invalid UpdateExpression: ";
  for (UpdateAction& a : actions) {
    EXPR_RETURN_IF_ERROR(ResolvePath(a.path, params, prefix));
    if (a.kind != UpdateAction::Kind::kRemove) {
      EXPR_RETURN_IF_ERROR(ResolveOperandNames(a.value, params, prefix));
    }
  }
  for (UpdateAction& a : actions) {
    if (a.kind != UpdateAction::Kind::kRemove) {
      EXPR_RETURN_IF_ERROR(ResolveOperandValues(a.value, params, prefix));
    }
  }
  return Unit{};
}

ApiResult<Unit> ValidateCondition(const CondNode& node, const std::string& prefix) {
  Errors errors;
  ValidateConditionNode(node, errors);
  return errors.Result(prefix);
}

ApiResult<Unit> ValidateUpdate(const std::vector<UpdateAction>& actions) {
  Errors errors;
  for (size_t i = 0; i < actions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      PathRelation r = RelatePaths(actions[j].path, actions[i].path);
      if (r == PathRelation::kDisjoint) continue;
      bool overlap = r == PathRelation::kOverlap;
      errors.Add(overlap ? Errors::kPathOverlap : Errors::kPathConflict,
                 std::string("Two document paths ") + (overlap ? "overlap" : "conflict") +
                     " with each other; must remove or rewrite one of these paths; path one: " +
                     PathToString(actions[j].path) +
                     ", path two: " + PathToString(actions[i].path));
    }
  }
  for (const UpdateAction& a : actions) {
    Type t = a.value.value.type();
    switch (a.kind) {
      case UpdateAction::Kind::kSet:
        ValidateUpdateOperand(a.value, errors);
        break;
      case UpdateAction::Kind::kAdd:
        if (t != Type::kN && t != Type::kSS && t != Type::kNS && t != Type::kBS) {
          errors.Add(Errors::kOperand,
                     std::string("Incorrect operand type for operator or function; operator: ADD, "
                                 "operand type: ") +
                         LongTypeName(t) + ", typeSet: ALLOWED_FOR_ADD_OPERAND");
        }
        break;
      case UpdateAction::Kind::kDelete:
        if (t != Type::kSS && t != Type::kNS && t != Type::kBS) {
          errors.Add(Errors::kOperand,
                     std::string("Incorrect operand type for operator or function; operator: "
                                 "DELETE, operand type: ") +
                         LongTypeName(t) + ", typeSet: ALLOWED_FOR_DELETE_OPERAND");
        }
        break;
      case UpdateAction::Kind::kRemove:
        break;
    }
  }
  return errors.Result("Invalid UpdateExpression: ");
}

std::string ValueForMessage(const AttributeValue& v) {
  std::string body;
  switch (v.type()) {
    case Type::kS:
      body = v.str();
      break;
    case Type::kN:
      body = v.num().ToString();
      break;
    case Type::kBool:
      body = v.boolean() ? "true" : "false";
      break;
    case Type::kNull:
      body = "true";
      break;
    case Type::kB:
      body = "<" + std::to_string(v.str().size()) + " bytes>";
      break;
    default:
      body = "...";
      break;
  }
  return std::string("AttributeValue: {") + model::TypeName(v.type()) + ":" + body + "}";
}

const char* LongTypeName(Type t) {
  switch (t) {
    case Type::kS:
      return "STRING";
    case Type::kN:
      return "NUMBER";
    case Type::kB:
      return "BINARY";
    case Type::kBool:
      return "BOOLEAN";
    case Type::kNull:
      return "NULL";
    case Type::kM:
      return "MAP";
    case Type::kL:
      return "LIST";
    case Type::kSS:
      return "STRING_SET";
    case Type::kNS:
      return "NUMBER_SET";
    case Type::kBS:
      return "BINARY_SET";
  }
  return "UNKNOWN";
}

int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(Type::kN)) {
    auto c = a.num() <=> b.num();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  int c = a.str().compare(b.str());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace magneto::expr
