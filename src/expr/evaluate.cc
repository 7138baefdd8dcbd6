// Evaluation of condition trees (expression and legacy forms) against an item.
#include "expr/evaluate.h"

#include <algorithm>

#include "expr/internal.h"
#include "expr/path.h"
#include "expr/resolve.h"

namespace magneto::expr {
namespace {

using model::AttributeValue;
using model::Type;

// The value of an operand, or nullptr when it has none (missing path, or
// size() of a type that has no size). `scratch` holds computed values.
const AttributeValue* OperandValue(const Operand& op, const model::Item* item,
                                   AttributeValue& scratch) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return &op.value;
    case Operand::Kind::kPath:
      return item == nullptr ? nullptr : GetPath(*item, op.path);
    case Operand::Kind::kSize: {
      AttributeValue inner_scratch;
      const AttributeValue* v = OperandValue(op.args[0], item, inner_scratch);
      if (v == nullptr) return nullptr;
      size_t n;
      switch (v->type()) {
        case Type::kS:
        case Type::kB:
          n = v->str().size();
          break;
        case Type::kSS:
        case Type::kBS:
          n = v->str_set().size();
          break;
        case Type::kNS:
          n = v->num_set().size();
          break;
        case Type::kM:
          n = v->map().size();
          break;
        case Type::kL:
          n = v->list().size();
          break;
        default:
          return nullptr;  // N, BOOL, NULL have no size: comparisons are false
      }
      scratch = AttributeValue::N(model::Number::FromInt(static_cast<int64_t>(n)));
      return &scratch;
    }
    default:
      return nullptr;  // update-only operands never reach a condition
  }
}

bool Ordered(const AttributeValue* a, const AttributeValue* b) {
  return a != nullptr && b != nullptr && a->type() == b->type() && IsScalarOrderable(a->type());
}

bool Compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
  switch (op) {
    case CompareOp::kEq:
      return a != nullptr && b != nullptr && *a == *b;
    case CompareOp::kNe:
      return !(a != nullptr && b != nullptr && *a == *b);
    case CompareOp::kLt:
      return Ordered(a, b) && CompareScalars(*a, *b) < 0;
    case CompareOp::kLe:
      return Ordered(a, b) && CompareScalars(*a, *b) <= 0;
    case CompareOp::kGt:
      return Ordered(a, b) && CompareScalars(*a, *b) > 0;
    case CompareOp::kGe:
      return Ordered(a, b) && CompareScalars(*a, *b) >= 0;
  }
  return false;
}

bool Between(const AttributeValue* v, const AttributeValue* low, const AttributeValue* high) {
  return Ordered(v, low) && Ordered(v, high) && CompareScalars(*low, *v) <= 0 &&
         CompareScalars(*v, *high) <= 0;
}

bool EvaluateLegacy(const CondNode& node, const model::Item* item) {
  AttributeValue scratch;
  const AttributeValue* v = OperandValue(node.operands[0], item, scratch);
  auto arg = [&](size_t i) { return &node.operands[i + 1].value; };
  switch (node.legacy_op) {
    case LegacyOp::kEq:
      return Compare(CompareOp::kEq, v, arg(0));
    case LegacyOp::kNe:
      return Compare(CompareOp::kNe, v, arg(0));
    case LegacyOp::kLe:
      return Compare(CompareOp::kLe, v, arg(0));
    case LegacyOp::kLt:
      return Compare(CompareOp::kLt, v, arg(0));
    case LegacyOp::kGe:
      return Compare(CompareOp::kGe, v, arg(0));
    case LegacyOp::kGt:
      return Compare(CompareOp::kGt, v, arg(0));
    case LegacyOp::kNotNull:
      return v != nullptr;
    case LegacyOp::kNull:
      return v == nullptr;
    case LegacyOp::kContains:
      return v != nullptr && ContainsValue(*v, *arg(0));
    case LegacyOp::kNotContains:
      return v != nullptr && !ContainsValue(*v, *arg(0));
    case LegacyOp::kBeginsWith:
      return v != nullptr && BeginsWith(*v, *arg(0));
    case LegacyOp::kIn:
      if (v == nullptr) return false;
      for (size_t i = 1; i < node.operands.size(); ++i) {
        if (*v == node.operands[i].value) return true;
      }
      return false;
    case LegacyOp::kBetween:
      return Between(v, arg(0), arg(1));
  }
  return false;
}

}  // namespace

bool ContainsValue(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case Type::kS:
    case Type::kB:
      return needle.type() == haystack.type() &&
             haystack.str().find(needle.str()) != std::string::npos;
    case Type::kSS:
    case Type::kBS: {
      Type member = haystack.is(Type::kSS) ? Type::kS : Type::kB;
      if (!needle.is(member)) return false;
      const auto& set = haystack.str_set();
      return std::find(set.begin(), set.end(), needle.str()) != set.end();
    }
    case Type::kNS: {
      if (!needle.is(Type::kN)) return false;
      const auto& set = haystack.num_set();
      return std::find(set.begin(), set.end(), needle.num()) != set.end();
    }
    case Type::kL:
      for (const AttributeValue& e : haystack.list()) {
        if (e == needle) return true;
      }
      return false;
    default:
      return false;
  }
}

bool BeginsWith(const AttributeValue& v, const AttributeValue& prefix) {
  if (v.type() != prefix.type() || (!v.is(Type::kS) && !v.is(Type::kB))) return false;
  return v.str().compare(0, prefix.str().size(), prefix.str()) == 0 &&
         v.str().size() >= prefix.str().size();
}

ApiResult<bool> EvaluateNode(const CondNode& node, const model::Item* item) {
  AttributeValue s0, s1, s2;
  auto value = [&](size_t i, AttributeValue& scratch) {
    return OperandValue(node.operands[i], item, scratch);
  };
  switch (node.kind) {
    case CondNode::Kind::kAnd:
      for (const CondNode& child : node.children) {
        EXPR_ASSIGN_OR_RETURN(r, EvaluateNode(child, item));
        if (!r) return false;
      }
      return true;
    case CondNode::Kind::kOr:
      for (const CondNode& child : node.children) {
        EXPR_ASSIGN_OR_RETURN(r, EvaluateNode(child, item));
        if (r) return true;
      }
      return false;
    case CondNode::Kind::kNot:
    case CondNode::Kind::kParen: {
      EXPR_ASSIGN_OR_RETURN(r, EvaluateNode(node.children[0], item));
      return node.kind == CondNode::Kind::kNot ? !r : r;
    }
    case CondNode::Kind::kCompare:
      return Compare(node.op, value(0, s0), value(1, s1));
    case CondNode::Kind::kBetween:
      return Between(value(0, s0), value(1, s1), value(2, s2));
    case CondNode::Kind::kIn: {
      const AttributeValue* v = value(0, s0);
      if (v == nullptr) return false;
      for (size_t i = 1; i < node.operands.size(); ++i) {
        const AttributeValue* c = value(i, s1);
        if (c != nullptr && *v == *c) return true;
      }
      return false;
    }
    case CondNode::Kind::kAttributeExists:
      return value(0, s0) != nullptr;
    case CondNode::Kind::kAttributeNotExists:
      return value(0, s0) == nullptr;
    case CondNode::Kind::kAttributeType: {
      const AttributeValue* v = value(0, s0);
      const AttributeValue* t = value(1, s1);
      return v != nullptr && t != nullptr && t->is(Type::kS) &&
             t->str() == model::TypeName(v->type());
    }
    case CondNode::Kind::kBeginsWith: {
      const AttributeValue* v = value(0, s0);
      const AttributeValue* p = value(1, s1);
      return v != nullptr && p != nullptr && BeginsWith(*v, *p);
    }
    case CondNode::Kind::kContains: {
      const AttributeValue* v = value(0, s0);
      const AttributeValue* n = value(1, s1);
      return v != nullptr && n != nullptr && ContainsValue(*v, *n);
    }
    case CondNode::Kind::kLegacy:
      return EvaluateLegacy(node, item);
  }
  return false;
}

}  // namespace magneto::expr
