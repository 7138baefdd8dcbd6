// Validation of the legacy condition / update / projection parameters and
// their translation into expression trees.
#include "expr/legacy.h"

#include <set>

#include "expr/internal.h"
#include "expr/resolve.h"

namespace magneto::expr {
namespace {

using model::AttributeValue;
using model::Type;

constexpr char kInvalidParams[] = "One or more parameter values were invalid: ";

struct OpInfo {
  std::string_view name;
  LegacyOp op;
  int min_args;
  int max_args;      // -1: unbounded
  bool any_type;     // EQ / NE accept every type
  bool binary_only;  // BEGINS_WITH: S or B; others (when !any_type): S, N or B
};

constexpr OpInfo kOps[] = {
    {"EQ", LegacyOp::kEq, 1, 1, true, false},
    {"NE", LegacyOp::kNe, 1, 1, true, false},
    {"LE", LegacyOp::kLe, 1, 1, false, false},
    {"LT", LegacyOp::kLt, 1, 1, false, false},
    {"GE", LegacyOp::kGe, 1, 1, false, false},
    {"GT", LegacyOp::kGt, 1, 1, false, false},
    {"NOT_NULL", LegacyOp::kNotNull, 0, 0, true, false},
    {"NULL", LegacyOp::kNull, 0, 0, true, false},
    {"CONTAINS", LegacyOp::kContains, 1, 1, false, false},
    {"NOT_CONTAINS", LegacyOp::kNotContains, 1, 1, false, false},
    {"BEGINS_WITH", LegacyOp::kBeginsWith, 1, 1, false, true},
    {"IN", LegacyOp::kIn, 1, -1, false, false},
    {"BETWEEN", LegacyOp::kBetween, 2, 2, false, false},
};

const OpInfo* FindOp(std::string_view name) {
  for (const OpInfo& op : kOps) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

// Builds the node for `attribute <op> values` after DynamoDB's checks.
ApiResult<CondNode> ComparisonNode(const std::string& attribute, const std::string& op_name,
                                   const std::vector<AttributeValue>& values) {
  const OpInfo* info = FindOp(op_name);
  if (info == nullptr) {
    return Invalid(
        "1 validation error detected: Value '" + op_name +
        "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy "
        "enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, "
        "BEGINS_WITH, GE, CONTAINS]");
  }
  int n = static_cast<int>(values.size());
  if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
    return Invalid(std::string(kInvalidParams) + "Invalid number of argument(s) for the " +
                   op_name + " ComparisonOperator");
  }
  for (const AttributeValue& v : values) {
    if (v.type() != values[0].type()) {
      return Invalid(std::string(kInvalidParams) +
                     "AttributeValues inside AttributeValueList must be of same type");
    }
  }
  for (const AttributeValue& v : values) {
    bool ok = info->any_type || (info->binary_only ? (v.is(Type::kS) || v.is(Type::kB))
                                                   : IsScalarOrderable(v.type()));
    if (!ok) {
      return Invalid(std::string(kInvalidParams) + "ComparisonOperator " + op_name +
                     " is not valid for " + model::TypeName(v.type()) + " AttributeValue type");
    }
  }
  if (info->op == LegacyOp::kBetween && CompareScalars(values[0], values[1]) > 0) {
    return Invalid(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper "
        "bound");
  }
  CondNode node;
  node.kind = CondNode::Kind::kLegacy;
  node.legacy_op = info->op;
  Operand path;
  path.kind = Operand::Kind::kPath;
  path.path.push_back(PathElement::Name(attribute));
  node.operands.push_back(std::move(path));
  for (const AttributeValue& v : values) {
    Operand value;
    value.kind = Operand::Kind::kValue;
    value.value = v;
    node.operands.push_back(std::move(value));
  }
  return node;
}

ApiResult<Condition> Combine(std::vector<CondNode> nodes,
                             std::optional<std::string_view> conditional_operator,
                             ConditionKind kind) {
  CondNode::Kind combine = CondNode::Kind::kAnd;
  if (conditional_operator) {
    if (*conditional_operator == "OR") {
      combine = CondNode::Kind::kOr;
    } else if (*conditional_operator != "AND") {
      return Invalid("1 validation error detected: Value '" + std::string(*conditional_operator) +
                     "' at 'conditionalOperator' failed to satisfy constraint: Member must "
                     "satisfy enum value set: [OR, AND]");
    }
  }
  Condition c;
  c.kind = kind;
  if (nodes.size() == 1) {
    c.root = std::move(nodes[0]);
  } else {
    c.root.kind = combine;
    c.root.children = std::move(nodes);
  }
  return c;
}

}  // namespace

ApiResult<Condition> BuildExpectedCondition(const std::vector<LegacyCondition>& expected,
                                            std::optional<std::string_view> conditional_operator) {
  const std::string p = kInvalidParams;
  std::vector<CondNode> nodes;
  for (const LegacyCondition& e : expected) {
    const std::string& a = e.attribute;
    if (e.attribute_value_list && e.value) {
      return Invalid(p +
                     "Value and AttributeValueList cannot be used together for Attribute: " + a);
    }
    if (e.comparison_operator) {
      if (e.exists) {
        return Invalid(p +
                       "Exists and ComparisonOperator cannot be used together for Attribute: " + a);
      }
      const std::string& op = *e.comparison_operator;
      if (op != "NULL" && op != "NOT_NULL" && !e.attribute_value_list && !e.value) {
        return Invalid(p + "Value or AttributeValueList must be used with ComparisonOperator: " +
                       op + " for Attribute: " + a);
      }
      std::vector<AttributeValue> values;
      if (e.attribute_value_list) values = *e.attribute_value_list;
      if (e.value) values.push_back(*e.value);
      EXPR_ASSIGN_OR_RETURN(node, ComparisonNode(a, op, values));
      nodes.push_back(std::move(node));
      continue;
    }
    if (e.attribute_value_list) {
      return Invalid(
          p + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + a);
    }
    bool exists = !e.exists || *e.exists;
    if (exists && !e.value) {
      return Invalid(p + "Value must be provided when Exists is " + (e.exists ? "true" : "null") +
                     " for Attribute: " + a);
    }
    if (!exists && e.value) {
      return Invalid(p + "Value cannot be used when Exists is false for Attribute: " + a);
    }
    std::vector<AttributeValue> values;
    if (e.value) values.push_back(*e.value);
    EXPR_ASSIGN_OR_RETURN(node, ComparisonNode(a, exists ? "EQ" : "NULL", values));
    nodes.push_back(std::move(node));
  }
  return Combine(std::move(nodes), conditional_operator, ConditionKind::kCondition);
}

ApiResult<Condition> BuildFilterCondition(const std::vector<LegacyCondition>& conditions,
                                          std::optional<std::string_view> conditional_operator,
                                          ConditionKind kind) {
  std::vector<CondNode> nodes;
  for (const LegacyCondition& e : conditions) {
    if (!e.comparison_operator) {
      return Invalid(
          "1 validation error detected: Value null at 'comparisonOperator' failed to "
          "satisfy constraint: Member must not be null");
    }
    std::vector<AttributeValue> values;
    if (e.attribute_value_list) values = *e.attribute_value_list;
    EXPR_ASSIGN_OR_RETURN(node, ComparisonNode(e.attribute, *e.comparison_operator, values));
    nodes.push_back(std::move(node));
  }
  return Combine(std::move(nodes), conditional_operator, kind);
}

ApiResult<UpdateExpr> BuildAttributeUpdates(const std::vector<LegacyAttributeUpdate>& updates) {
  const std::string p = kInvalidParams;
  UpdateExpr u;
  u.legacy = true;
  for (const LegacyAttributeUpdate& up : updates) {
    std::string action = up.action.value_or("PUT");
    UpdateAction a;
    a.path.push_back(PathElement::Name(up.attribute));
    if (action != "PUT" && action != "ADD" && action != "DELETE") {
      return Invalid("1 validation error detected: Value '" + action + "' at 'attributeUpdates." +
                     up.attribute +
                     ".member.action' failed to satisfy constraint: Member must satisfy enum value "
                     "set: [ADD, PUT, DELETE]");
    }
    if (!up.value) {
      if (action != "DELETE") {
        return Invalid(p + "Only DELETE action is allowed when no attribute value is specified");
      }
      a.kind = UpdateAction::Kind::kRemove;
      u.actions.push_back(std::move(a));
      continue;
    }
    Type t = up.value->type();
    a.value.kind = Operand::Kind::kValue;
    a.value.value = *up.value;
    if (action == "PUT") {
      a.kind = UpdateAction::Kind::kSet;
    } else if (action == "ADD") {
      if (t != Type::kN && t != Type::kSS && t != Type::kNS && t != Type::kBS && t != Type::kL) {
        return Invalid(p + "ADD action is not supported for the type " + model::TypeName(t));
      }
      a.kind = UpdateAction::Kind::kAdd;
    } else {
      if (t != Type::kSS && t != Type::kNS && t != Type::kBS) {
        return Invalid(p + "DELETE action with value is not supported for the type " +
                       model::TypeName(t));
      }
      a.kind = UpdateAction::Kind::kDelete;
    }
    u.actions.push_back(std::move(a));
  }
  return u;
}

ApiResult<Projection> BuildAttributesToGet(const std::vector<std::string>& attributes) {
  Projection proj;
  std::set<std::string_view> seen;
  for (const std::string& a : attributes) {
    if (!seen.insert(a).second) {
      return Invalid(std::string(kInvalidParams) + "Duplicate value in attribute name: " + a);
    }
    proj.paths.push_back(Path{PathElement::Name(a)});
  }
  return proj;
}

}  // namespace magneto::expr
