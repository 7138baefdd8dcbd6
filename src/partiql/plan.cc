// Planning of PartiQL statements onto key lookups, partition queries and
// scans (see plan.h).

#include "partiql/plan.h"

#include <fmt/format.h>

#include "expr/resolve.h"

namespace magneto::partiql {

namespace {

using expr::CondNode;
using expr::Operand;
using model::AttributeValue;

// The conjuncts of a WHERE clause: the children of a top-level AND, or it.
std::vector<const CondNode*> Conjuncts(const CondNode& where) {
  std::vector<const CondNode*> out;
  if (where.kind == CondNode::Kind::kAnd) {
    for (const CondNode& c : where.children) out.push_back(&c);
  } else {
    out.push_back(&where);
  }
  return out;
}

bool IsAttribute(const Operand& o, const std::string& name) {
  return o.kind == Operand::Kind::kPath && o.path.size() == 1 && !o.path[0].is_index &&
         o.path[0].name == name;
}

bool IsConstant(const Operand& o) { return o.kind == Operand::Kind::kValue; }

// `name = constant` (either way round): the constant, else nullptr.
const AttributeValue* KeyEquality(const CondNode& n, const std::string& name) {
  if (n.kind != CondNode::Kind::kCompare || n.op != expr::CompareOp::kEq) return nullptr;
  if (IsAttribute(n.operands[0], name) && IsConstant(n.operands[1])) return &n.operands[1].value;
  if (IsAttribute(n.operands[1], name) && IsConstant(n.operands[0])) return &n.operands[0].value;
  return nullptr;
}

// A sort-key condition a key range can express, with its bounds.
struct RangeCondition {
  items::SortOp op = items::SortOp::kNone;
  std::vector<AttributeValue> bounds;
};

std::optional<RangeCondition> AsRange(const CondNode& n, const schema::KeyElement& key) {
  auto typed = [&](const Operand& o) { return IsConstant(o) && o.value.type() == key.type; };
  switch (n.kind) {
    case CondNode::Kind::kCompare: {
      bool key_left = IsAttribute(n.operands[0], key.name) && typed(n.operands[1]);
      bool key_right = IsAttribute(n.operands[1], key.name) && typed(n.operands[0]);
      if (!key_left && !key_right) return std::nullopt;
      const AttributeValue& v = key_left ? n.operands[1].value : n.operands[0].value;
      items::SortOp op;
      switch (n.op) {
        case expr::CompareOp::kEq:
          op = items::SortOp::kEq;
          break;
        case expr::CompareOp::kLt:
          op = key_left ? items::SortOp::kLt : items::SortOp::kGt;
          break;
        case expr::CompareOp::kLe:
          op = key_left ? items::SortOp::kLe : items::SortOp::kGe;
          break;
        case expr::CompareOp::kGt:
          op = key_left ? items::SortOp::kGt : items::SortOp::kLt;
          break;
        case expr::CompareOp::kGe:
          op = key_left ? items::SortOp::kGe : items::SortOp::kLe;
          break;
        default:
          return std::nullopt;
      }
      return RangeCondition{op, {v}};
    }
    case CondNode::Kind::kBetween:
      if (!IsAttribute(n.operands[0], key.name) || !typed(n.operands[1]) || !typed(n.operands[2])) {
        return std::nullopt;
      }
      // An empty range (low > high) is left to the filter, which finds nothing.
      if (expr::CompareScalars(n.operands[1].value, n.operands[2].value) > 0) {
        return std::nullopt;
      }
      return RangeCondition{items::SortOp::kBetween, {n.operands[1].value, n.operands[2].value}};
    case CondNode::Kind::kBeginsWith:
      if (key.type == model::Type::kN || !IsAttribute(n.operands[0], key.name) ||
          !typed(n.operands[1])) {
        return std::nullopt;
      }
      return RangeCondition{items::SortOp::kBeginsWith, {n.operands[1].value}};
    default:
      return std::nullopt;
  }
}

// The conjuncts not used by the key, AND-ed again (nullopt if none).
std::optional<CondNode> Rest(const std::vector<const CondNode*>& conjuncts,
                             const std::vector<bool>& used) {
  std::vector<CondNode> rest;
  for (size_t i = 0; i < conjuncts.size(); ++i) {
    if (!used[i]) rest.push_back(*conjuncts[i]);
  }
  if (rest.empty()) return std::nullopt;
  if (rest.size() == 1) return std::move(rest[0]);
  CondNode n;
  n.kind = CondNode::Kind::kAnd;
  n.children = std::move(rest);
  return n;
}

ApiError IncompleteKey() {
  return ApiError::Validation(
      "Where clause does not contain a mandatory equality on all key attributes");
}

}  // namespace

KeySchema KeySchemaOf(const schema::TableDef& table, const schema::IndexDef* index) {
  if (index != nullptr) {
    return {&index->hash_key, index->range_key ? &*index->range_key : nullptr};
  }
  return {&table.hash_key, table.range_key ? &*table.range_key : nullptr};
}

ApiResult<KeyPlan> PlanKey(const Statement& st, const schema::TableDef& table) {
  if (!st.where) return Fail(IncompleteKey());
  std::vector<const CondNode*> conjuncts = Conjuncts(*st.where);
  std::vector<bool> used(conjuncts.size(), false);
  KeyPlan plan;
  for (const schema::KeyElement* key :
       {&table.hash_key, table.range_key ? &*table.range_key : nullptr}) {
    if (key == nullptr) continue;
    bool found = false;
    for (size_t i = 0; i < conjuncts.size() && !found; ++i) {
      if (used[i]) continue;
      const AttributeValue* v = KeyEquality(*conjuncts[i], key->name);
      if (v == nullptr) continue;
      if (v->type() != key->type) {
        return Fail(ApiError::Validation(fmt::format(
            "Key attribute's data type should match its data type in table's schema: Key {}",
            key->name)));
      }
      plan.key.emplace(key->name, *v);
      used[i] = found = true;
    }
    if (!found) return Fail(IncompleteKey());
  }
  plan.condition = Rest(conjuncts, used);
  return plan;
}

ApiResult<ReadPlan> PlanSelect(const Statement& st, const schema::TableDef& table,
                               const schema::IndexDef* index) {
  KeySchema ks = KeySchemaOf(table, index);
  if (!st.order_by.empty()) {
    if (!st.where) {
      return Fail(ApiError::Validation(
          "Must have WHERE clause in the statement when using ORDER BY clause."));
    }
    for (const OrderKey& k : st.order_by) {
      if (k.attribute != ks.hash->name && (ks.range == nullptr || k.attribute != ks.range->name)) {
        return Fail(ApiError::Validation(
            fmt::format("Variable reference {} in ORDER BY clause must be part of the primary key",
                        k.attribute)));
      }
    }
  }
  ReadPlan plan;
  if (!st.where) return plan;  // a scan of everything
  std::vector<const CondNode*> conjuncts = Conjuncts(*st.where);
  std::vector<bool> used(conjuncts.size(), false);
  const AttributeValue* hash = nullptr;
  for (size_t i = 0; i < conjuncts.size() && hash == nullptr; ++i) {
    hash = KeyEquality(*conjuncts[i], ks.hash->name);
    if (hash != nullptr) used[i] = true;
  }
  if (hash == nullptr) {
    if (!st.order_by.empty()) {
      return Fail(ApiError::Validation(
          "Must have at least one non-optional hash key condition in WHERE clause when using "
          "ORDER BY clause."));
    }
    plan.filter = *st.where;
    return plan;
  }
  if (hash->type() != ks.hash->type) {
    plan.kind = ReadKind::kEmpty;
    return plan;
  }
  plan.hash = *hash;
  plan.kind = ReadKind::kQuery;
  if (ks.range != nullptr) {
    for (size_t i = 0; i < conjuncts.size(); ++i) {
      if (used[i]) continue;
      std::optional<RangeCondition> r = AsRange(*conjuncts[i], *ks.range);
      if (!r) continue;
      used[i] = true;
      plan.sort_op = r->op;
      plan.bounds = std::move(r->bounds);
      break;
    }
    for (const OrderKey& k : st.order_by) {
      if (k.attribute == ks.range->name) plan.reverse = k.descending;
    }
  }
  if (index == nullptr && (ks.range == nullptr || plan.sort_op == items::SortOp::kEq)) {
    plan.kind = ReadKind::kGet;
    plan.key.emplace(ks.hash->name, *hash);
    if (ks.range != nullptr) plan.key.emplace(ks.range->name, plan.bounds[0]);
  }
  plan.filter = Rest(conjuncts, used);
  return plan;
}

}  // namespace magneto::partiql
