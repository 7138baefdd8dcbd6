// Background filling of global secondary indexes added to existing tables.

#include "index/backfill.h"

#include <spdlog/spdlog.h>

#include "items/item_store.h"
#include "items/key_range.h"
#include "storage/engine.h"

namespace magneto::index {

IndexBackfiller::~IndexBackfiller() {
  stopping_ = true;
  std::lock_guard lock(mu_);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void IndexBackfiller::Start(std::string table_name, std::string index_name) {
  std::lock_guard lock(mu_);
  threads_.emplace_back(&IndexBackfiller::Run, this, std::move(table_name), std::move(index_name));
}

void IndexBackfiller::ResumeAll() {
  for (const auto& table : catalog_->List()) {
    for (const auto& index : table->global_indexes) {
      if (index.status == schema::IndexStatus::kCreating) Start(table->name, index.name);
    }
  }
}

void IndexBackfiller::Run(std::string table_name, std::string index_name) {
  schema::TablePtr table = catalog_->Find(table_name);
  const schema::IndexDef* index = table ? table->FindIndex(index_name) : nullptr;
  if (index == nullptr) return;
  const uint32_t table_id = table->id;
  const uint32_t index_id = index->id;

  // Every write since the index entered the catalog maintains it; this pass
  // adds the entries of items written before. Each item is re-read under its
  // lock, so a racing write is either seen here or indexes itself.
  int64_t items = 0;
  auto it = items_->Scan(items::TableRange(table_id), false, std::nullopt);
  for (; it->Valid() && !stopping_; it->Next()) {
    auto r = items_->ReindexItem(table_id, index_id, it->key());
    if (!r.ok()) {
      spdlog::error("backfill of {}.{} failed: {}", table_name, index_name, r.error().message());
      return;
    }
    items += *r;
  }
  if (stopping_) return;  // resumed at the next start
  items_->Recount(index_id);
  auto done = catalog_->Update(table_name, [&](schema::TableDef& def) -> ApiResult<Unit> {
    for (auto& gsi : def.global_indexes) {
      if (gsi.id == index_id) {
        gsi.status = schema::IndexStatus::kActive;
        gsi.backfilling = false;
      }
    }
    return Unit{};
  });
  if (!done.ok()) {
    spdlog::warn("backfill of {}.{}: table changed: {}", table_name, index_name,
                 done.error().message());
    return;
  }
  spdlog::info("index {}.{} is active ({} items indexed)", table_name, index_name, items);
}

}  // namespace magneto::index
