// Applying a resolved update (expression or legacy AttributeUpdates) to an item.
//
// DynamoDB computes every action's operands from the item as it was before
// the update (developer guide, "Update expressions"), so all SET values are
// evaluated first, then the actions are applied: SET (list indexes in
// ascending order, so several appends land in index order), ADD, DELETE, and
// REMOVE last with list indexes in descending order, so that removing a[1]
// and a[3] removes the elements that had those indexes before the update.
#include "expr/update.h"

#include <algorithm>

#include "expr/internal.h"
#include "expr/path.h"

namespace magneto::expr {
namespace {

using model::AttributeValue;
using model::Type;

constexpr char kInvalidPath[] =
    "The document path provided in the update expression is invalid for update";
constexpr char kIncorrectType[] = "An operand in the update expression has an incorrect data type";
constexpr char kMissingAttribute[] =
    "The provided expression refers to an attribute that does not exist in the item";
constexpr char kLegacyTypeMismatch[] = "Type mismatch for attribute to update";

ApiResult<AttributeValue> EvalOperand(const Operand& op, const model::Item& old) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = GetPath(old, op.path);
      if (v == nullptr) return Invalid(kMissingAttribute);
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      const AttributeValue* v = GetPath(old, op.args[0].path);
      if (v != nullptr) return *v;
      return EvalOperand(op.args[1], old);
    }
    case Operand::Kind::kListAppend: {
      EXPR_ASSIGN_OR_RETURN(a, EvalOperand(op.args[0], old));
      EXPR_ASSIGN_OR_RETURN(b, EvalOperand(op.args[1], old));
      if (!a.is(Type::kL) || !b.is(Type::kL)) return Invalid(kIncorrectType);
      model::List out = std::move(a.list());
      for (AttributeValue& e : b.list()) out.push_back(std::move(e));
      return AttributeValue::L(std::move(out));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      EXPR_ASSIGN_OR_RETURN(a, EvalOperand(op.args[0], old));
      EXPR_ASSIGN_OR_RETURN(b, EvalOperand(op.args[1], old));
      if (!a.is(Type::kN) || !b.is(Type::kN)) return Invalid(kIncorrectType);
      auto r = op.kind == Operand::Kind::kPlus ? a.num().Add(b.num()) : a.num().Subtract(b.num());
      if (!r.ok()) return Fail(std::move(r).error());
      return AttributeValue::N(std::move(r).value());
    }
    case Operand::Kind::kSize:
      break;
  }
  return Invalid(kIncorrectType);
}

// Where the value at `path` lives (or would live) in `item`.
struct Slot {
  AttributeValue* value = nullptr;  // existing value, or nullptr
  model::Map* map = nullptr;        // parent map (or the item) when the last step is a name
  model::List* list = nullptr;      // parent list when the last step is an index
};

// Finds the parent of `path`'s last step. `missing_parent_ok`: a missing or
// mistyped parent yields an empty slot instead of an error (REMOVE, DELETE).
ApiResult<Slot> FindSlot(model::Item& item, const Path& path, bool missing_parent_ok) {
  Slot slot;
  model::Map* map = &item;
  model::List* list = nullptr;
  for (size_t i = 0; i < path.size(); ++i) {
    const PathElement& e = path[i];
    AttributeValue* v = nullptr;
    if (e.is_index) {
      if (list == nullptr) {
        if (missing_parent_ok) return Slot{};
        return Invalid(kInvalidPath);
      }
      if (e.index < list->size()) v = &(*list)[e.index];
    } else {
      if (map == nullptr) {
        if (missing_parent_ok) return Slot{};
        return Invalid(kInvalidPath);
      }
      auto it = map->find(e.name);
      if (it != map->end()) v = &it->second;
    }
    if (i + 1 == path.size()) {
      slot.value = v;
      slot.map = e.is_index ? nullptr : map;
      slot.list = e.is_index ? list : nullptr;
      return slot;
    }
    if (v == nullptr) {
      if (missing_parent_ok) return Slot{};
      return Invalid(kInvalidPath);
    }
    map = v->is(Type::kM) ? &v->map() : nullptr;
    list = v->is(Type::kL) ? &v->list() : nullptr;
  }
  return slot;
}

// Stores `v` at `path`, appending when a list index is past the end. Returns
// the path actually written (the appended index, for ReturnValues).
ApiResult<Path> Store(model::Item& item, const Path& path, AttributeValue v) {
  EXPR_ASSIGN_OR_RETURN(slot, FindSlot(item, path, false));
  if (slot.value != nullptr) {
    *slot.value = std::move(v);
    return path;
  }
  if (slot.map != nullptr) {
    slot.map->insert_or_assign(path.back().name, std::move(v));
    return path;
  }
  slot.list->push_back(std::move(v));
  Path written = path;
  written.back().index = static_cast<uint32_t>(slot.list->size() - 1);
  return written;
}

// Set union (ADD) or difference (DELETE) of two sets of the same type.
AttributeValue SetOp(const AttributeValue& a, const AttributeValue& b, bool add) {
  if (a.is(Type::kNS)) {
    std::vector<model::Number> out;
    for (const auto& x : a.num_set()) {
      bool in_b = std::find(b.num_set().begin(), b.num_set().end(), x) != b.num_set().end();
      if (add || !in_b) out.push_back(x);
    }
    if (add) {
      for (const auto& x : b.num_set()) {
        if (std::find(a.num_set().begin(), a.num_set().end(), x) == a.num_set().end()) {
          out.push_back(x);
        }
      }
    }
    return AttributeValue::NS(std::move(out));
  }
  std::vector<std::string> out;
  for (const auto& x : a.str_set()) {
    bool in_b = std::find(b.str_set().begin(), b.str_set().end(), x) != b.str_set().end();
    if (add || !in_b) out.push_back(x);
  }
  if (add) {
    for (const auto& x : b.str_set()) {
      if (std::find(a.str_set().begin(), a.str_set().end(), x) == a.str_set().end()) {
        out.push_back(x);
      }
    }
  }
  return a.is(Type::kSS) ? AttributeValue::SS(std::move(out)) : AttributeValue::BS(std::move(out));
}

bool IsEmptySet(const AttributeValue& v) {
  if (v.is(Type::kNS)) return v.num_set().empty();
  if (v.is(Type::kSS) || v.is(Type::kBS)) return v.str_set().empty();
  return false;
}

ApiResult<Unit> ApplyAdd(model::Item& item, const UpdateAction& a, bool legacy) {
  const AttributeValue& arg = a.value.value;
  const char* mismatch = legacy ? kLegacyTypeMismatch : kIncorrectType;
  EXPR_ASSIGN_OR_RETURN(slot, FindSlot(item, a.path, false));
  if (slot.value == nullptr) {
    EXPR_ASSIGN_OR_RETURN(written, Store(item, a.path, arg));
    (void)written;
    return Unit{};
  }
  AttributeValue& cur = *slot.value;
  if (cur.type() != arg.type()) return Invalid(mismatch);
  if (cur.is(Type::kN)) {
    auto sum = cur.num().Add(arg.num());
    if (!sum.ok()) return Fail(std::move(sum).error());
    cur = AttributeValue::N(std::move(sum).value());
  } else if (cur.is(Type::kL)) {  // legacy ADD only
    for (const AttributeValue& e : arg.list()) cur.list().push_back(e);
  } else {
    cur = SetOp(cur, arg, true);
  }
  return Unit{};
}

// Returns true if the attribute was emptied and must be removed.
ApiResult<bool> ApplyDelete(model::Item& item, const UpdateAction& a, bool legacy) {
  const AttributeValue& arg = a.value.value;
  EXPR_ASSIGN_OR_RETURN(slot, FindSlot(item, a.path, true));
  if (slot.value == nullptr) return false;
  AttributeValue& cur = *slot.value;
  if (cur.type() != arg.type()) return Invalid(legacy ? kLegacyTypeMismatch : kIncorrectType);
  cur = SetOp(cur, arg, false);
  return IsEmptySet(cur);
}

// Removes the value at `path`; returns whether there was one.
ApiResult<bool> Remove(model::Item& item, const Path& path) {
  EXPR_ASSIGN_OR_RETURN(slot, FindSlot(item, path, true));
  if (slot.value == nullptr) return false;
  if (slot.map != nullptr) {
    slot.map->erase(path.back().name);
  } else {
    slot.list->erase(slot.list->begin() + path.back().index);
  }
  return true;
}

// Orders paths element by element, list indexes numerically.
bool PathLess(const Path& a, const Path& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i].is_index != b[i].is_index) return a[i].is_index < b[i].is_index;
    if (a[i].is_index) {
      if (a[i].index != b[i].index) return a[i].index < b[i].index;
    } else if (a[i].name != b[i].name) {
      return a[i].name < b[i].name;
    }
  }
  return a.size() < b.size();
}

}  // namespace

ApiResult<UpdateResult> ApplyUpdate(const UpdateExpr& u, const model::Item* old_item) {
  static const model::Item kEmpty;
  const model::Item& old = old_item != nullptr ? *old_item : kEmpty;
  UpdateResult result;
  result.new_item = old;

  std::vector<const UpdateAction*> sets, adds, deletes, removes;
  for (const UpdateAction& a : u.actions) {
    switch (a.kind) {
      case UpdateAction::Kind::kSet:
        sets.push_back(&a);
        break;
      case UpdateAction::Kind::kAdd:
        adds.push_back(&a);
        break;
      case UpdateAction::Kind::kDelete:
        deletes.push_back(&a);
        break;
      case UpdateAction::Kind::kRemove:
        removes.push_back(&a);
        break;
    }
  }
  auto less = [](const UpdateAction* x, const UpdateAction* y) {
    return PathLess(x->path, y->path);
  };
  std::stable_sort(sets.begin(), sets.end(), less);
  std::stable_sort(removes.begin(), removes.end(),
                   [&](const UpdateAction* x, const UpdateAction* y) { return less(y, x); });

  std::vector<AttributeValue> set_values;
  set_values.reserve(sets.size());
  for (const UpdateAction* a : sets) {
    EXPR_ASSIGN_OR_RETURN(v, EvalOperand(a->value, old));
    set_values.push_back(std::move(v));
  }
  for (size_t i = 0; i < sets.size(); ++i) {
    EXPR_ASSIGN_OR_RETURN(written, Store(result.new_item, sets[i]->path, std::move(set_values[i])));
    result.updated_paths.push_back(std::move(written));
  }
  for (const UpdateAction* a : adds) {
    EXPR_RETURN_IF_ERROR(ApplyAdd(result.new_item, *a, u.legacy));
    result.updated_paths.push_back(a->path);
  }
  for (const UpdateAction* a : deletes) {
    EXPR_ASSIGN_OR_RETURN(emptied, ApplyDelete(result.new_item, *a, u.legacy));
    if (emptied) {
      EXPR_ASSIGN_OR_RETURN(removed, Remove(result.new_item, a->path));
      (void)removed;
    }
    result.updated_paths.push_back(a->path);
  }
  for (const UpdateAction* a : removes) {
    EXPR_ASSIGN_OR_RETURN(removed, Remove(result.new_item, a->path));
    if (removed) result.updated_paths.push_back(a->path);
  }
  return result;
}

}  // namespace magneto::expr
