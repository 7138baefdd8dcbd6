// The apply step for single-item mutations, item reads, and table counters.

#include "items/item_store.h"

#include <algorithm>
#include <new>

#include "schema/catalog.h"
#include "storage/item_codec.h"
#include "streams/records.h"
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
  auto raw = GetStored(table, key);
  if (!raw.ok()) return Fail(std::move(raw).error());
  if (!raw->has_value()) return std::optional<model::Item>();
  model::Item item;
  if (!storage::DecodeItem(**raw, &item)) return Fail(ApiError::InternalServer("corrupt item"));
  return std::optional<model::Item>(std::move(item));
}

ApiResult<std::optional<std::string>> ItemStore::GetStored(const schema::TableDef& table,
                                                           const model::Item& key) const {
  std::string storage_key = KeyOf(table, key);
  if (cache_.shard_capacity() == 0) return engine_->Get(storage::Space::kData, storage_key);
  const size_t stripe = StripeIndex(storage_key);
  // Under the item's lock the cache holds what storage holds. A read never
  // waits for a write or a transaction that has the lock: it reads storage.
  std::unique_lock<std::timed_mutex> lock(stripes_[stripe], std::try_to_lock);
  if (!lock.owns_lock()) return engine_->Get(storage::Space::kData, storage_key);
  if (const std::optional<std::string>* cached = cache_.Find(stripe, storage_key)) return *cached;
  auto raw = engine_->Get(storage::Space::kData, storage_key);
  // Items that are read are kept too, unless large enough to push out much
  // of their shard (absent ones are not: a miss costs little, and would fill
  // the cache with keys that do not exist).
  if (raw.ok() && raw->has_value() && (*raw)->size() <= cache_.shard_capacity() / 4) {
    try {
      cache_.Put(stripe, storage_key, *raw);
    } catch (const std::bad_alloc&) {
      // The key had no entry, and Put leaves it without one.
    }
  }
  return raw;
}

size_t ItemStore::StripeIndex(std::string_view storage_key) const {
  return std::hash<std::string_view>{}(storage_key) % kLockStripes;
}

std::shared_ptr<const schema::TableDef> ItemStore::Current(const schema::TableDef& table) const {
  if (!lookup_) return std::make_shared<const schema::TableDef>(table);
  return lookup_(table.id);
}

ApiResult<std::vector<std::optional<model::Item>>> ItemStore::GetAll(
    const std::vector<std::pair<const schema::TableDef*, model::Item>>& keys) const {
  std::vector<std::string> storage_keys;
  storage_keys.reserve(keys.size());
  for (const auto& [table, key] : keys) storage_keys.push_back(KeyOf(*table, key));
  auto raw = engine_->GetAll(storage::Space::kData, storage_keys);
  if (!raw.ok()) return Fail(std::move(raw).error());
  std::vector<std::optional<model::Item>> out;
  out.reserve(keys.size());
  for (const auto& value : *raw) {
    if (!value) {
      out.emplace_back();
      continue;
    }
    model::Item item;
    if (!storage::DecodeItem(*value, &item)) return Fail(ApiError::InternalServer("corrupt item"));
    out.emplace_back(std::move(item));
  }
  return out;
}

struct ItemStore::Pending {
  explicit Pending(ItemStore* store) : store(store), batch(store->engine_->NewBatch()) {}
  ~Pending() {
    for (uint64_t seq : sequences) store->sequencer_->Finish(seq);
  }
  ItemStore* store;
  storage::Batch batch;
  std::vector<index::IndexDelta> deltas;
  std::vector<uint64_t> sequences;
  // What each written item's cache entry becomes once the batch commits, in
  // write order.
  struct CacheUpdate {
    size_t stripe;
    std::string key;
    bool admit;                        // false: drop any entry
    std::optional<std::string> value;  // nullopt: deleted
  };
  std::vector<CacheUpdate> cache_updates;
};

ApiResult<Unit> ItemStore::Commit(Pending& pending) {
  if (pending.batch.count() > 0) {
    if (auto w = engine_->Write(pending.batch); !w.ok()) {
      // The batch may or may not have reached storage: forget the items.
      for (const auto& u : pending.cache_updates) cache_.Erase(u.stripe, u.key);
      return Fail(std::move(w).error());
    }
  }
  try {
    for (auto& u : pending.cache_updates) {
      if (u.admit) {
        cache_.Put(u.stripe, u.key, std::move(u.value));
      } else {
        cache_.Erase(u.stripe, u.key);
      }
    }
  } catch (const std::bad_alloc&) {
    // The batch is in storage; no entry may stay behind it.
    for (const auto& u : pending.cache_updates) cache_.Erase(u.stripe, u.key);
  }
  for (const auto& d : pending.deltas) {
    Counters& c = CountersFor(d.index_id);
    c.item_count += d.items;
    c.size_bytes += d.bytes;
  }
  return Unit{};
}

ApiResult<Unit> ItemStore::Stage(const schema::TableDef& table, const std::string& storage_key,
                                 const Mutation& mutation, bool check_only, WriteOrigin origin,
                                 Pending& pending, MutationOutcome* out) {
  storage::Batch& batch = pending.batch;
  std::vector<index::IndexDelta>* deltas = &pending.deltas;
  const size_t stripe = StripeIndex(storage_key);
  std::optional<std::string> fetched;
  const std::optional<std::string>* stored = cache_.Find(stripe, storage_key);
  const bool cached = stored != nullptr;
  if (!cached) {
    auto raw = engine_->Get(storage::Space::kData, storage_key);
    if (!raw.ok()) return Fail(std::move(raw).error());
    fetched = std::move(*raw);
    stored = &fetched;
  }
  if (stored->has_value()) {
    model::Item current;
    if (!storage::DecodeItem(**stored, &current)) {
      return Fail(ApiError::InternalServer("corrupt item"));
    }
    out->old_item = std::move(current);
  }
  auto decided = mutation(out->old_item ? &*out->old_item : nullptr);
  if (!decided.ok()) return Fail(std::move(decided).error());
  if (check_only) {
    out->new_item = out->old_item;
    return Unit{};
  }
  out->new_item = std::move(*decided);
  if (!out->old_item && !out->new_item) return Unit{};  // deleting nothing writes nothing

  if (out->new_item && table.has_indexes()) {
    if (auto r = index::ValidateIndexKeys(table, *out->new_item); !r.ok()) {
      return Fail(std::move(r).error());
    }
  }
  // The cache takes an item when it is written over (the hot items of a
  // workload are), not when it is new: a bulk load of new items only pushed
  // the cache's older entries out and cost a third more per item (measured).
  // A cached entry always follows its item; an item not taken has its entry
  // (if an earlier write of the same group made one) dropped.
  if (out->new_item) {
    std::string encoded = storage::EncodeItem(*out->new_item);
    batch.Put(storage::Space::kData, storage_key, encoded);
    const bool admit = cached || out->old_item.has_value();
    pending.cache_updates.push_back(
        {stripe, storage_key, admit, admit ? std::optional(std::move(encoded)) : std::nullopt});
  } else {
    batch.Delete(storage::Space::kData, storage_key);
    pending.cache_updates.push_back({stripe, storage_key, cached, std::nullopt});
  }
  size_t first_delta = deltas->size();
  if (table.has_indexes()) {
    index::AddIndexChanges(table, out->old_item ? &*out->old_item : nullptr,
                           out->new_item ? &*out->new_item : nullptr, batch, &out->index_units,
                           deltas);
  }
  int64_t old_size = out->old_item ? static_cast<int64_t>(model::ItemSize(*out->old_item)) : 0;
  int64_t new_size = out->new_item ? static_cast<int64_t>(model::ItemSize(*out->new_item)) : 0;
  deltas->push_back({table.id, (out->new_item ? 1 : 0) - (out->old_item ? 1 : 0),
                     new_size - old_size});
  if (!table.local_indexes.empty()) {
    if (auto r = TrackCollection(table, out, *deltas, first_delta, batch); !r.ok()) return r;
  }
  if (const schema::StreamDef* stream = table.active_stream(); stream && sequencer_) {
    auto record = streams::MakeRecord(table, *stream, out->old_item ? &*out->old_item : nullptr,
                                      out->new_item ? &*out->new_item : nullptr,
                                      origin == WriteOrigin::kTtl, schema::NowMillis());
    if (record) {
      record->sequence = sequencer_->Allocate();
      pending.sequences.push_back(record->sequence);
      batch.Put(storage::Space::kData, streams::RecordKey(stream->id, record->sequence),
                streams::EncodeRecord(*record));
    }
  }
  return Unit{};
}

ApiResult<Unit> ItemStore::TrackCollection(const schema::TableDef& table, MutationOutcome* out,
                                           const std::vector<index::IndexDelta>& deltas,
                                           size_t first_delta, storage::Batch& batch) {
  const model::Item& any = out->new_item ? *out->new_item : *out->old_item;
  const model::AttributeValue& pk = any.find(table.hash_key.name)->second;
  // The table's items and every LSI entry of the partition count.
  int64_t delta = 0;
  for (size_t i = first_delta; i < deltas.size(); ++i) {
    bool local = deltas[i].index_id == table.id;
    for (const auto& lsi : table.local_indexes) local = local || deltas[i].index_id == lsi.id;
    if (local) delta += deltas[i].bytes;
  }
  std::string key = "collection/" + storage::PartitionPrefix(table.id, pk);
  auto current = engine_->GetCounter(key);
  if (!current.ok()) return Fail(std::move(current).error());
  if (delta > 0 && *current + delta > collection_limit_) {
    return Fail(ApiError(ApiError::kDynamoPrefix, "ItemCollectionSizeLimitExceededException",
                         "Collection size exceeded.", 400));
  }
  if (delta != 0) batch.AddToCounter(key, delta);
  out->collection_key = model::Item{{table.hash_key.name, pk}};
  out->collection_bytes = *current + delta;
  return Unit{};
}

ApiResult<MutationOutcome> ItemStore::Apply(const schema::TableDef& snapshot, const model::Item& key,
                                            const Mutation& mutation, WriteOrigin origin) {
  std::string storage_key = KeyOf(snapshot, key);
  size_t stripe = StripeIndex(storage_key);
  std::unique_lock<std::timed_mutex> lock(stripes_[stripe], std::try_to_lock);
  if (!lock.owns_lock()) {
    // DynamoDB fails a single-item write that collides with a transaction in
    // flight rather than making it wait.
    if (txn_held_[stripe].load()) return Fail(TransactionConflict());
    lock.lock();
  }
  std::shared_ptr<const schema::TableDef> current_def = Current(snapshot);
  if (current_def == nullptr) return Fail(ApiError::ResourceNotFound("Requested resource not found"));

  MutationOutcome out;
  Pending pending(this);
  if (auto r = Stage(*current_def, storage_key, mutation, false, origin, pending, &out); !r.ok()) {
    return Fail(std::move(r).error());
  }
  if (auto r = Commit(pending); !r.ok()) return Fail(std::move(r).error());
  return out;
}

ApiResult<TxnResult> ItemStore::ApplyAll(const std::vector<TxnAction>& actions,
                                         std::chrono::milliseconds lock_wait) {
  return ApplyGroup(actions, lock_wait);
}

ApiResult<TxnResult> ItemStore::ApplyBatch(const std::vector<TxnAction>& actions) {
  return ApplyGroup(actions, std::nullopt);
}

ApiResult<TxnResult> ItemStore::ApplyGroup(const std::vector<TxnAction>& actions,
                                           std::optional<std::chrono::milliseconds> lock_wait) {
  const bool transactional = lock_wait.has_value();
  TxnResult result;
  std::vector<std::string> keys;
  std::vector<size_t> stripes;
  for (const auto& a : actions) {
    keys.push_back(KeyOf(*a.table, a.key));
    stripes.push_back(StripeIndex(keys.back()));
  }
  // Lock every stripe involved, in index order (no deadlock between
  // transactions); give up on a stripe held too long: a conflict.
  std::vector<size_t> order = stripes;
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::vector<std::unique_lock<std::timed_mutex>> locks;
  auto deadline = std::chrono::steady_clock::now() + lock_wait.value_or(std::chrono::milliseconds(0));
  for (size_t stripe : order) {
    std::unique_lock<std::timed_mutex> lock(stripes_[stripe], std::defer_lock);
    if (!transactional) {
      lock.lock();
      locks.push_back(std::move(lock));
      continue;
    }
    if (!lock.try_lock_until(deadline)) {
      result.reasons.assign(actions.size(), std::nullopt);
      for (size_t i = 0; i < actions.size(); ++i) {
        if (stripes[i] == stripe) result.reasons[i] = TransactionConflict();
      }
      return result;
    }
    txn_held_[stripe] = true;
    locks.push_back(std::move(lock));
  }
  struct Release {
    ItemStore* store;
    const std::vector<size_t>& order;
    bool transactional;
    ~Release() {
      if (!transactional) return;
      for (size_t s : order) store->txn_held_[s] = false;
    }
  } release{this, order, transactional};

  Pending pending(this);
  result.outcomes.resize(actions.size());
  result.reasons.assign(actions.size(), std::nullopt);
  bool failed = false;
  for (size_t i = 0; i < actions.size(); ++i) {
    std::shared_ptr<const schema::TableDef> def = Current(*actions[i].table);
    if (def == nullptr) return Fail(ApiError::ResourceNotFound("Requested resource not found"));
    auto r = Stage(*def, keys[i], actions[i].mutation, actions[i].check_only, WriteOrigin::kClient,
                   pending, &result.outcomes[i]);
    if (!r.ok()) {
      if (r.error().type() == "InternalServerError") return Fail(std::move(r).error());
      result.reasons[i] = std::move(r).error();
      failed = true;
    }
  }
  if (failed) {
    result.outcomes.clear();
    return result;
  }
  if (auto r = Commit(pending); !r.ok()) return Fail(std::move(r).error());
  result.committed = true;
  return result;
}

ApiError TransactionConflict() {
  return ApiError(ApiError::kDynamoPrefix, "TransactionConflictException",
                  "Transaction is ongoing for the item", 400);
}

std::unique_ptr<storage::RangeIterator> ItemStore::Scan(const KeyRange& range, bool reverse,
                                                        std::optional<std::string> start) const {
  return engine_->Scan(storage::Space::kData, range.lower, range.upper, reverse, std::move(start));
}

std::unique_ptr<storage::RangeIterator> ItemStore::ScanAfter(
    const KeyRange& range, bool reverse, std::optional<std::string> exclusive_start) const {
  std::optional<std::string>& start = exclusive_start;
  if (start && !reverse && *start < range.lower) start.reset();
  if (start && reverse && !range.upper.empty() && *start >= range.upper) start.reset();
  auto it = Scan(range, reverse, start);
  if (start && it->Valid() && it->key() == *start) it->Next();
  return it;
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
  std::lock_guard lock(stripes_[StripeIndex(storage_key)]);
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

void ItemStore::WaitForWritesInFlight() {
  // A write reads its table's definition under its item's lock (Current):
  // once every lock has been taken in turn, each write that saw the
  // definition from before the caller's catalog change has committed, and
  // every later one sees the new definition.
  for (auto& stripe : stripes_) std::lock_guard wait(stripe);
}

ApiResult<Unit> ItemStore::DropIndexData(uint32_t index_id) {
  WaitForWritesInFlight();
  std::string prefix = storage::TablePrefix(index_id);
  if (auto r = engine_->DeleteRange(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix));
      !r.ok()) {
    return r;
  }
  ForgetTable(index_id);
  return Unit{};
}

ApiResult<Unit> ItemStore::DropTableData(const schema::TableDef& table) {
  WaitForWritesInFlight();
  auto delete_all = [this](uint32_t id) {
    std::string prefix = storage::TablePrefix(id);
    return engine_->DeleteRange(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix));
  };
  std::vector<uint32_t> counted = {table.id};  // the table and its indexes have counters
  for (const auto* list : {&table.local_indexes, &table.global_indexes}) {
    for (const auto& index : *list) counted.push_back(index.id);
  }
  for (uint32_t id : counted) {
    if (auto r = delete_all(id); !r.ok()) return r;
    ForgetTable(id);
  }
  for (const auto& stream : table.streams) {
    if (auto r = delete_all(stream.id); !r.ok()) return r;
  }
  // Item collection counters of tables with local secondary indexes.
  std::string collections = "collection/" + storage::TablePrefix(table.id);
  return engine_->DeleteRange(storage::Space::kMeta, collections,
                              storage::PrefixSuccessor(collections));
}

void ItemStore::ForgetTable(uint32_t table_id) {
  // Counters are never freed: an Apply racing the table's deletion may still
  // hold a reference. Table ids are never reused, so zeroing is enough.
  Counters& c = CountersFor(table_id);
  c.item_count = 0;
  c.size_bytes = 0;
}

}  // namespace magneto::items
