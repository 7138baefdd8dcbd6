// Index entry keys, projections, key validation and maintenance.

#include "index/index_entries.h"

#include <fmt/format.h>

#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace magneto::index {

namespace {

const model::AttributeValue* Find(const model::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

double WriteUnits(const model::Item& value) {
  size_t bytes = model::ItemSize(value);
  return static_cast<double>(std::max<size_t>((bytes + 1023) / 1024, 1));
}

template <typename F>
void ForEachIndex(const schema::TableDef& table, F&& f) {
  for (const auto& index : table.local_indexes) f(index);
  for (const auto& index : table.global_indexes) {
    if (index.status != schema::IndexStatus::kDeleting) f(index);
  }
}

}  // namespace

std::string EntryKey(const schema::TableDef& table, const schema::IndexDef& index,
                     const model::Item& item) {
  const model::AttributeValue* sk = index.range_key ? Find(item, index.range_key->name) : nullptr;
  std::string key = storage::ItemKey(index.id, *Find(item, index.hash_key.name), sk);
  storage::AppendKeyValue(&key, *Find(item, table.hash_key.name));
  if (table.range_key) storage::AppendKeyValue(&key, *Find(item, table.range_key->name));
  return key;
}

bool Projects(const schema::TableDef& table, const schema::IndexDef& index,
              std::string_view attribute) {
  if (index.projection == schema::ProjectionType::kAll) return true;
  if (table.IsKeyAttribute(attribute) || index.IsKeyAttribute(attribute)) return true;
  if (index.projection == schema::ProjectionType::kInclude) {
    for (const auto& a : index.non_key_attributes) {
      if (a == attribute) return true;
    }
  }
  return false;
}

model::Item Project(const schema::TableDef& table, const schema::IndexDef& index,
                    const model::Item& item) {
  if (index.projection == schema::ProjectionType::kAll) return item;
  model::Item out;
  for (const auto& [name, value] : item) {
    if (Projects(table, index, name)) out.emplace(name, value);
  }
  return out;
}

std::optional<Entry> EntryFor(const schema::TableDef& table, const schema::IndexDef& index,
                              const model::Item& item) {
  if (Find(item, index.hash_key.name) == nullptr) return std::nullopt;
  if (index.range_key && Find(item, index.range_key->name) == nullptr) return std::nullopt;
  return Entry{EntryKey(table, index, item), Project(table, index, item)};
}

ApiResult<Unit> ValidateIndexKeys(const schema::TableDef& table, const model::Item& item,
                                  bool from_update) {
  ApiResult<Unit> result = Unit{};
  auto check = [&](const schema::IndexDef& index, const schema::KeyElement& key) {
    const model::AttributeValue* v = Find(item, key.name);
    if (v == nullptr || !result.ok()) return;
    if (v->type() != key.type) {
      result = Fail(ApiError::Validation(fmt::format(
          "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: {} "
          "Actual: {} IndexName: {}",
          key.name, model::TypeName(key.type), model::TypeName(v->type()), index.name)));
    } else if ((v->is(model::Type::kS) || v->is(model::Type::kB)) && v->str().empty() &&
               from_update) {
      result = Fail(ApiError::Validation(fmt::format(
          "One or more parameter values are not valid. The update expression attempted to update "
          "a secondary index key to a value that is not supported. The AttributeValue for a key "
          "attribute cannot contain an empty {} value.",
          v->is(model::Type::kS) ? "string" : "binary")));
    } else if ((v->is(model::Type::kS) || v->is(model::Type::kB)) && v->str().empty()) {
      result = Fail(ApiError::Validation(fmt::format(
          "One or more parameter values are not valid. A value specified for a secondary index "
          "key is not supported. The AttributeValue for a key attribute cannot contain an empty {} "
          "value. IndexName: {}, IndexKey: {}",
          v->is(model::Type::kS) ? "string" : "binary", index.name, key.name)));
    }
  };
  ForEachIndex(table, [&](const schema::IndexDef& index) {
    check(index, index.hash_key);
    if (index.range_key) check(index, *index.range_key);
  });
  return result;
}

void AddIndexChanges(const schema::TableDef& table, const model::Item* old_item,
                     const model::Item* new_item, storage::Batch& batch,
                     std::vector<IndexUnits>* units, std::vector<IndexDelta>* deltas) {
  ForEachIndex(table, [&](const schema::IndexDef& index) {
    std::optional<Entry> before = old_item ? EntryFor(table, index, *old_item) : std::nullopt;
    std::optional<Entry> after = new_item ? EntryFor(table, index, *new_item) : std::nullopt;
    double cost = 0;
    IndexDelta delta{index.id, 0, 0};
    if (before && after && before->key == after->key) {
      if (!(before->value == after->value)) {
        batch.Put(storage::Space::kData, after->key, storage::EncodeItem(after->value));
        cost = WriteUnits(after->value);
        delta.bytes = static_cast<int64_t>(model::ItemSize(after->value)) -
                      static_cast<int64_t>(model::ItemSize(before->value));
      }
    } else {
      if (before) {
        batch.Delete(storage::Space::kData, before->key);
        cost += WriteUnits(before->value);
        delta.items -= 1;
        delta.bytes -= static_cast<int64_t>(model::ItemSize(before->value));
      }
      if (after) {
        batch.Put(storage::Space::kData, after->key, storage::EncodeItem(after->value));
        cost += WriteUnits(after->value);
        delta.items += 1;
        delta.bytes += static_cast<int64_t>(model::ItemSize(after->value));
      }
    }
    if (units && cost > 0) units->push_back({index.name, index.global, cost});
    if (deltas && (delta.items != 0 || delta.bytes != 0)) deltas->push_back(delta);
  });
}

}  // namespace magneto::index
