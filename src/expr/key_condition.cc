// KeyConditionExpression analysis: which conditions name which key, with the
// restrictions DynamoDB places on Query key conditions.
#include "expr/key_condition.h"

#include <map>
#include <string>

#include "expr/internal.h"

namespace magneto::expr {
namespace {

using RangeOp = KeyCondition::RangeOp;

struct KeyTerm {
  RangeOp op = RangeOp::kNone;
  std::vector<model::AttributeValue> values;
};

void Flatten(const CondNode& node, std::vector<const CondNode*>& out) {
  if (node.kind == CondNode::Kind::kAnd) {
    for (const CondNode& child : node.children) Flatten(child, out);
  } else {
    out.push_back(&node);
  }
}

RangeOp Mirror(RangeOp op) {
  switch (op) {
    case RangeOp::kLt:
      return RangeOp::kGt;
    case RangeOp::kLe:
      return RangeOp::kGe;
    case RangeOp::kGt:
      return RangeOp::kLt;
    case RangeOp::kGe:
      return RangeOp::kLe;
    default:
      return op;
  }
}

// Turns one condition into (attribute name, term), or the expression error.
ApiResult<std::pair<std::string, KeyTerm>> AnalyzeTerm(const CondNode& node,
                                                       const std::string& prefix) {
  auto invalid_op = [&](std::string_view op) {
    return Invalid(prefix + "Invalid operator used in KeyConditionExpression: " + std::string(op));
  };
  KeyTerm term;
  switch (node.kind) {
    case CondNode::Kind::kOr:
      return invalid_op("OR");
    case CondNode::Kind::kNot:
      return invalid_op("NOT");
    case CondNode::Kind::kIn:
      return invalid_op("IN");
    case CondNode::Kind::kAttributeExists:
      return invalid_op("attribute_exists");
    case CondNode::Kind::kAttributeNotExists:
      return invalid_op("attribute_not_exists");
    case CondNode::Kind::kAttributeType:
      return invalid_op("attribute_type");
    case CondNode::Kind::kContains:
      return invalid_op("contains");
    case CondNode::Kind::kCompare:
      switch (node.op) {
        case CompareOp::kNe:
          return invalid_op("<>");
        case CompareOp::kEq:
          term.op = RangeOp::kEq;
          break;
        case CompareOp::kLt:
          term.op = RangeOp::kLt;
          break;
        case CompareOp::kLe:
          term.op = RangeOp::kLe;
          break;
        case CompareOp::kGt:
          term.op = RangeOp::kGt;
          break;
        case CompareOp::kGe:
          term.op = RangeOp::kGe;
          break;
      }
      break;
    case CondNode::Kind::kBetween:
      term.op = RangeOp::kBetween;
      break;
    case CondNode::Kind::kBeginsWith:
      term.op = RangeOp::kBeginsWith;
      break;
    case CondNode::Kind::kLegacy:
      switch (node.legacy_op) {
        case LegacyOp::kEq:
          term.op = RangeOp::kEq;
          break;
        case LegacyOp::kLt:
          term.op = RangeOp::kLt;
          break;
        case LegacyOp::kLe:
          term.op = RangeOp::kLe;
          break;
        case LegacyOp::kGt:
          term.op = RangeOp::kGt;
          break;
        case LegacyOp::kGe:
          term.op = RangeOp::kGe;
          break;
        case LegacyOp::kBetween:
          term.op = RangeOp::kBetween;
          break;
        case LegacyOp::kBeginsWith:
          term.op = RangeOp::kBeginsWith;
          break;
        default:
          return Invalid("Attempted conditional constraint is not an indexable operation");
      }
      for (size_t i = 1; i < node.operands.size(); ++i)
        term.values.push_back(node.operands[i].value);
      return std::make_pair(node.operands[0].path[0].name, std::move(term));
    default:
      return Invalid("Query key condition not supported");
  }
  for (const Operand& op : node.operands) {
    if (op.kind == Operand::Kind::kSize) {
      return Invalid(prefix + "KeyConditionExpressions cannot contain nested operations");
    }
  }
  const std::vector<Operand>& ops = node.operands;
  if ((term.op == RangeOp::kBetween || term.op == RangeOp::kBeginsWith) &&
      ops[0].kind != Operand::Kind::kPath) {
    std::string name = term.op == RangeOp::kBetween ? "BETWEEN" : "begins_with";
    return Invalid(prefix + "Invalid condition in KeyConditionExpression: " + name +
                   " operator must have the key attribute as its first operand");
  }
  const Path* path = nullptr;
  size_t path_index = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != Operand::Kind::kPath) continue;
    if (path != nullptr) {
      return Invalid(prefix +
                     "Invalid condition in KeyConditionExpression: Multiple attribute names used "
                     "in one condition");
    }
    if (ops[i].path.size() > 1) {
      return Invalid(prefix +
                     "KeyConditionExpressions cannot have conditions on nested attributes");
    }
    path = &ops[i].path;
    path_index = i;
  }
  if (path == nullptr) {
    return Invalid(prefix +
                   "Invalid condition in KeyConditionExpression: No key attribute specified");
  }
  if (path_index != 0) term.op = Mirror(term.op);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i != path_index) term.values.push_back(ops[i].value);
  }
  return std::make_pair((*path)[0].name, std::move(term));
}

}  // namespace

ApiResult<KeyCondition> AnalyzeKeyCondition(const Condition& c, std::string_view hash_key_name,
                                            std::optional<std::string_view> range_key_name) {
  const std::string prefix = "Invalid KeyConditionExpression: ";
  std::vector<const CondNode*> terms;
  Flatten(c.root, terms);
  std::map<std::string, KeyTerm, std::less<>> by_name;
  for (const CondNode* node : terms) {
    EXPR_ASSIGN_OR_RETURN(term, AnalyzeTerm(*node, prefix));
    if (!by_name.emplace(term.first, std::move(term.second)).second) {
      return Invalid(prefix + "KeyConditionExpressions must only contain one condition per key");
    }
  }
  auto hash = by_name.find(hash_key_name);
  if (hash == by_name.end()) {
    return Invalid("Query condition missed key schema element: " + std::string(hash_key_name));
  }
  if (hash->second.op != RangeOp::kEq) return Invalid("Query key condition not supported");
  KeyCondition result;
  result.hash_value = hash->second.values[0];
  for (auto& [name, term] : by_name) {
    if (name == hash_key_name) continue;
    if (!range_key_name || name != *range_key_name) {
      if (range_key_name && by_name.find(*range_key_name) == by_name.end()) {
        return Invalid("Query condition missed key schema element: " +
                       std::string(*range_key_name));
      }
      return Invalid("Query key condition not supported");
    }
    result.range_op = term.op;
    result.range_values = std::move(term.values);
  }
  return result;
}

}  // namespace magneto::expr
