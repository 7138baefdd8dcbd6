// The apply step for single-item mutations, item reads, and table counters.

#include "items/item_store.h"

#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace magneto::items {

std::string ItemStore::KeyOf(const schema::TableDef& table, const model::Item& key) {
  const model::AttributeValue& pk = key.find(table.hash_key.name)->second;
  const model::AttributeValue* sk = nullptr;
  if (table.range_key) sk = &key.find(table.range_key->name)->second;
  return storage::ItemKey(table.id, pk, sk);
}

ApiResult<std::optional<model::Item>> ItemStore::Get(const schema::TableDef& table,
                                                     const model::Item& key) const {
  auto raw = engine_->Get(storage::Space::kData, KeyOf(table, key));
  if (!raw.ok()) return Fail(std::move(raw).error());
  if (!raw->has_value()) return std::optional<model::Item>();
  model::Item item;
  if (!storage::DecodeItem(**raw, &item)) return Fail(ApiError::InternalServer("corrupt item"));
  return std::optional<model::Item>(std::move(item));
}

std::mutex& ItemStore::StripeFor(std::string_view storage_key) {
  return stripes_[std::hash<std::string_view>{}(storage_key) % kLockStripes];
}

std::shared_ptr<const schema::TableDef> ItemStore::Current(const schema::TableDef& table) const {
  if (!lookup_) return std::make_shared<const schema::TableDef>(table);
  return lookup_(table.id);
}

ApiResult<MutationOutcome> ItemStore::Apply(const schema::TableDef& snapshot, const model::Item& key,
                                            const Mutation& mutation) {
  std::string storage_key = KeyOf(snapshot, key);
  std::lock_guard lock(StripeFor(storage_key));
  std::shared_ptr<const schema::TableDef> current_def = Current(snapshot);
  if (current_def == nullptr) return Fail(ApiError::ResourceNotFound("Requested resource not found"));
  const schema::TableDef& table = *current_def;

  MutationOutcome out;
  auto raw = engine_->Get(storage::Space::kData, storage_key);
  if (!raw.ok()) return Fail(std::move(raw).error());
  if (raw->has_value()) {
    model::Item current;
    if (!storage::DecodeItem(**raw, &current)) return Fail(ApiError::InternalServer("corrupt item"));
    out.old_item = std::move(current);
  }
  auto decided = mutation(out.old_item ? &*out.old_item : nullptr);
  if (!decided.ok()) return Fail(std::move(decided).error());
  out.new_item = std::move(*decided);
  if (!out.old_item && !out.new_item) return out;  // deleting nothing writes nothing

  if (out.new_item && table.has_indexes()) {
    if (auto r = index::ValidateIndexKeys(table, *out.new_item); !r.ok()) {
      return Fail(std::move(r).error());
    }
  }

  storage::Batch batch = engine_->NewBatch();
  if (out.new_item) {
    batch.Put(storage::Space::kData, storage_key, storage::EncodeItem(*out.new_item));
  } else {
    batch.Delete(storage::Space::kData, storage_key);
  }
  std::vector<index::IndexDelta> deltas;
  if (table.has_indexes()) {
    index::AddIndexChanges(table, out.old_item ? &*out.old_item : nullptr,
                           out.new_item ? &*out.new_item : nullptr, batch, &out.index_units,
                           &deltas);
  }
  if (auto w = engine_->Write(batch); !w.ok()) return Fail(std::move(w).error());
  for (const auto& d : deltas) {
    Counters& ic = CountersFor(d.index_id);
    ic.item_count += d.items;
    ic.size_bytes += d.bytes;
  }

  Counters& c = CountersFor(table.id);
  int64_t old_size = out.old_item ? static_cast<int64_t>(model::ItemSize(*out.old_item)) : 0;
  int64_t new_size = out.new_item ? static_cast<int64_t>(model::ItemSize(*out.new_item)) : 0;
  c.item_count += (out.new_item ? 1 : 0) - (out.old_item ? 1 : 0);
  c.size_bytes += new_size - old_size;
  return out;
}

std::unique_ptr<storage::RangeIterator> ItemStore::Scan(const KeyRange& range, bool reverse,
                                                        std::optional<std::string> start) const {
  return engine_->Scan(storage::Space::kData, range.lower, range.upper, reverse, std::move(start));
}

ItemStore::Counters& ItemStore::CountersFor(uint32_t table_id) {
  {
    std::shared_lock lock(stats_mu_);
    auto it = stats_.find(table_id);
    if (it != stats_.end()) return *it->second;
  }
  std::unique_lock lock(stats_mu_);
  auto& slot = stats_[table_id];
  if (!slot) slot = std::make_unique<Counters>();
  return *slot;
}

TableStats ItemStore::Stats(uint32_t table_id) const {
  std::shared_lock lock(stats_mu_);
  auto it = stats_.find(table_id);
  if (it == stats_.end()) return {};
  return {std::max<int64_t>(0, it->second->item_count.load()),
          std::max<int64_t>(0, it->second->size_bytes.load())};
}

ApiResult<bool> ItemStore::ReindexItem(uint32_t table_id, uint32_t index_id,
                                       std::string_view storage_key) {
  std::lock_guard lock(StripeFor(storage_key));
  std::shared_ptr<const schema::TableDef> table = lookup_ ? lookup_(table_id) : nullptr;
  if (table == nullptr) return false;
  const schema::IndexDef* index = nullptr;
  for (const auto& gsi : table->global_indexes) {
    if (gsi.id == index_id) index = &gsi;
  }
  if (index == nullptr) return false;
  auto raw = engine_->Get(storage::Space::kData, storage_key);
  if (!raw.ok()) return Fail(std::move(raw).error());
  if (!raw->has_value()) return false;
  model::Item item;
  if (!storage::DecodeItem(**raw, &item)) return Fail(ApiError::InternalServer("corrupt item"));
  std::optional<index::Entry> entry = index::EntryFor(*table, *index, item);
  if (!entry) return false;
  // An item stored before the index existed may have an index key attribute
  // of another type; DynamoDB leaves such items out of the index.
  if (!index::ValidateIndexKeys(*table, item).ok()) return false;
  storage::Batch batch = engine_->NewBatch();
  batch.Put(storage::Space::kData, entry->key, storage::EncodeItem(entry->value));
  if (auto w = engine_->Write(batch); !w.ok()) return Fail(std::move(w).error());
  return true;
}

void ItemStore::Recount(const schema::TableDef& table) {
  Recount(table.id);
  for (const auto* list : {&table.local_indexes, &table.global_indexes}) {
    for (const auto& index : *list) Recount(index.id);
  }
}

void ItemStore::Recount(uint32_t id) {
  std::string prefix = storage::TablePrefix(id);
  int64_t count = 0, bytes = 0;
  auto it = engine_->Scan(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix));
  for (; it->Valid(); it->Next()) {
    model::Item item;
    if (storage::DecodeItem(it->value(), &item)) {
      ++count;
      bytes += static_cast<int64_t>(model::ItemSize(item));
    }
  }
  Counters& c = CountersFor(id);
  c.item_count = count;
  c.size_bytes = bytes;
}

ApiResult<Unit> ItemStore::DropIndexData(uint32_t index_id) {
  std::string prefix = storage::TablePrefix(index_id);
  if (auto r = engine_->DeleteRange(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix));
      !r.ok()) {
    return r;
  }
  ForgetTable(index_id);
  return Unit{};
}

void ItemStore::ForgetTable(uint32_t table_id) {
  // Counters are never freed: an Apply racing the table's deletion may still
  // hold a reference. Table ids are never reused, so zeroing is enough.
  Counters& c = CountersFor(table_id);
  c.item_count = 0;
  c.size_bytes = 0;
}

}  // namespace magneto::items
