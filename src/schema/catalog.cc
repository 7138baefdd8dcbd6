// Catalog of tables: an in-memory map of immutable definitions, written
// through to the engine's meta space.

#include "schema/catalog.h"

#include <chrono>
#include <charconv>

#include <fmt/format.h>

#include "schema/table_def_codec.h"
#include "storage/key_codec.h"

namespace magneto::schema {

namespace {
constexpr std::string_view kTablePrefix = "table/";
constexpr std::string_view kNextIdKey = "next_table_id";

std::string TableKey(std::string_view name) { return std::string(kTablePrefix) + std::string(name); }
}  // namespace

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ApiError TableNotFound(std::string_view name) {
  return ApiError::ResourceNotFound(fmt::format("Requested resource not found: Table: {} not found", name));
}

ApiResult<std::unique_ptr<Catalog>> Catalog::Load(storage::Engine* engine) {
  std::unique_ptr<Catalog> catalog(new Catalog(engine));
  std::string lower(kTablePrefix);
  auto it = engine->Scan(storage::Space::kMeta, lower, storage::PrefixSuccessor(lower));
  for (; it->Valid(); it->Next()) {
    auto def = DecodeTableDef(it->value());
    if (!def) return Fail(ApiError::InternalServer("corrupt catalog record"));
    catalog->next_id_ = std::max(catalog->next_id_, def->id + 1);
    for (const auto* list : {&def->local_indexes, &def->global_indexes}) {
      for (const auto& index : *list) catalog->next_id_ = std::max(catalog->next_id_, index.id + 1);
    }
    for (const auto& stream : def->streams) {
      catalog->next_id_ = std::max(catalog->next_id_, stream.id + 1);
    }
    auto ptr = std::make_shared<const TableDef>(std::move(*def));
    catalog->tables_.emplace(ptr->name, ptr);
    catalog->by_id_.emplace(ptr->id, ptr);
  }
  auto next = engine->Get(storage::Space::kMeta, kNextIdKey);
  if (!next.ok()) return Fail(std::move(next).error());
  if (next->has_value()) {
    uint32_t v = 0;
    std::from_chars((*next)->data(), (*next)->data() + (*next)->size(), v);
    catalog->next_id_ = std::max(catalog->next_id_, v);
  }
  return catalog;
}

TableDef Catalog::Effective(const TableDef& def, int64_t now_ms) {
  TableDef d = def;
  if ((d.status == TableStatus::kCreating || d.status == TableStatus::kUpdating) &&
      now_ms >= d.status_until_ms) {
    d.status = TableStatus::kActive;
  }
  return d;
}

TablePtr Catalog::Find(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return nullptr;
  const TableDef& d = *it->second;
  if ((d.status == TableStatus::kCreating || d.status == TableStatus::kUpdating) &&
      NowMillis() >= d.status_until_ms) {
    // The transition is over: keep the ACTIVE definition, so that later
    // lookups share it instead of copying the definition every time. (The
    // stored record keeps its deadline, which a restart honours the same way.)
    auto active = std::make_shared<const TableDef>(Effective(d, NowMillis()));
    it->second = active;
    by_id_[active->id] = active;
  }
  return it->second;
}

std::vector<TablePtr> Catalog::List() const {
  std::vector<std::string> names;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, def] : tables_) names.push_back(name);
  }
  std::vector<TablePtr> out;
  for (const auto& n : names) {
    if (auto t = Find(n)) out.push_back(std::move(t));
  }
  return out;
}

ApiResult<Unit> Catalog::Persist(storage::Batch& batch, const TableDef& def) {
  batch.Put(storage::Space::kMeta, TableKey(def.name), EncodeTableDef(def));
  return engine_->Write(batch);
}

ApiResult<TablePtr> Catalog::Create(TableDef def) {
  std::lock_guard lock(mu_);
  if (tables_.count(def.name)) {
    return Fail(ApiError::ResourceInUse(fmt::format("Table already exists: {}", def.name)));
  }
  uint32_t next = next_id_;
  def.id = next++;
  for (auto* list : {&def.local_indexes, &def.global_indexes}) {
    for (auto& index : *list) index.id = next++;
  }
  for (auto& stream : def.streams) stream.id = next++;
  storage::Batch batch = engine_->NewBatch();
  batch.Put(storage::Space::kMeta, kNextIdKey, std::to_string(next));
  if (auto r = Persist(batch, def); !r.ok()) return Fail(std::move(r).error());
  next_id_ = next;
  auto ptr = std::make_shared<const TableDef>(std::move(def));
  tables_.emplace(ptr->name, ptr);
  by_id_.emplace(ptr->id, ptr);
  return TablePtr(ptr);
}

ApiResult<uint32_t> Catalog::AllocateId() {
  std::lock_guard lock(mu_);
  storage::Batch batch = engine_->NewBatch();
  batch.Put(storage::Space::kMeta, kNextIdKey, std::to_string(next_id_ + 1));
  if (auto r = engine_->Write(batch); !r.ok()) return Fail(std::move(r).error());
  return next_id_++;
}

TablePtr Catalog::FindById(uint32_t id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

ApiResult<TablePtr> Catalog::Update(std::string_view name,
                                    const std::function<ApiResult<Unit>(TableDef&)>& change) {
  std::lock_guard lock(mu_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return Fail(TableNotFound(name));
  TableDef def = Effective(*it->second, NowMillis());
  if (auto r = change(def); !r.ok()) return Fail(std::move(r).error());
  storage::Batch batch = engine_->NewBatch();
  if (auto r = Persist(batch, def); !r.ok()) return Fail(std::move(r).error());
  auto ptr = std::make_shared<const TableDef>(std::move(def));
  it->second = ptr;
  by_id_[ptr->id] = ptr;
  return TablePtr(ptr);
}

ApiResult<TablePtr> Catalog::Drop(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return Fail(TableNotFound(name));
  TablePtr def = it->second;
  storage::Batch batch = engine_->NewBatch();
  batch.Delete(storage::Space::kMeta, TableKey(name));
  if (auto r = engine_->Write(batch); !r.ok()) return Fail(std::move(r).error());
  tables_.erase(it);
  by_id_.erase(def->id);
  return def;
}

}  // namespace magneto::schema
