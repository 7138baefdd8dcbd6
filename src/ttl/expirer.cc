// The Time to Live expirer: rounds over the tables with TTL enabled, each a
// bounded, resumable walk of a table's items, with paced deletions.

#include "ttl/expirer.h"

#include <spdlog/spdlog.h>

#include <set>
#include <utility>
#include <vector>

#include "items/key_range.h"
#include "storage/item_codec.h"
#include "ttl/expiry.h"

namespace magneto::ttl {

namespace {

// The key attributes of a stored item (what Apply needs to find it).
model::Item KeyAttributes(const schema::TableDef& table, const model::Item& item) {
  model::Item key;
  for (const std::string* name :
       {&table.hash_key.name, table.range_key ? &table.range_key->name : nullptr}) {
    if (name == nullptr) continue;
    if (auto it = item.find(*name); it != item.end()) key.emplace(*name, it->second);
  }
  return key;
}

// Aborts a deletion whose item changed since the walk saw it; never shown to
// anyone.
ApiError NoLongerExpired() { return ApiError::ConditionalCheckFailed(); }

}  // namespace

Expirer::Expirer(schema::Catalog* catalog, items::ItemStore* items, ExpirerOptions options)
    : catalog_(catalog), items_(items), options_(std::move(options)) {
  if (!options_.clock) options_.clock = schema::NowMillis;
  if (options_.deletes_per_second < 1) options_.deletes_per_second = 1;
  if (options_.items_per_round < 1) options_.items_per_round = 1;
}

Expirer::~Expirer() { Stop(); }

void Expirer::Start() {
  if (worker_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  worker_ = std::thread([this] {
    while (true) {
      try {
        int64_t deleted = RunRound();
        if (deleted > 0) spdlog::debug("ttl: deleted {} expired items", deleted);
      } catch (const std::exception& e) {
        // A bug; keep the server up and try again next round.
        spdlog::error("ttl: expiry round failed: {}", e.what());
      }
      std::unique_lock lock(mu_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(options_.scan_interval_ms),
                         [this] { return stop_; })) {
        return;
      }
    }
  });
}

void Expirer::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool Expirer::stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

int64_t Expirer::RunRound() {
  int64_t deleted = 0;
  std::set<uint32_t> expiring;
  for (const schema::TablePtr& table : catalog_->List()) {
    if (!table->ttl.enabled || table->status == schema::TableStatus::kCreating ||
        table->status == schema::TableStatus::kDeleting) {
      continue;
    }
    expiring.insert(table->id);
    if (stopping()) return deleted;
    deleted += ExpireSome(*table);
  }
  // Forget the walks of tables dropped or with TTL turned off.
  std::erase_if(resume_at_, [&](const auto& entry) { return !expiring.count(entry.first); });
  return deleted;
}

int64_t Expirer::ExpireSome(const schema::TableDef& table) {
  // Collect the keys of expired items first, then delete them with the
  // iterator (and its snapshot) released: deletions are paced and may take
  // a while.
  std::optional<std::string> start;
  if (auto it = resume_at_.find(table.id); it != resume_at_.end()) start = it->second;
  std::vector<model::Item> expired;
  std::optional<std::string> resume;  // nullopt: the walk reached the end
  {
    const int64_t now_seconds = NowMillis() / 1000;
    auto it = items_->Scan(items::TableRange(table.id), /*reverse=*/false, start);
    for (int64_t examined = 0; it->Valid(); it->Next(), ++examined) {
      if (examined == options_.items_per_round) {
        resume = std::string(it->key());
        break;
      }
      model::Item item;
      if (!storage::DecodeItem(it->value(), &item)) {
        spdlog::error("ttl: undecodable item in table {}", table.name);
        continue;
      }
      if (IsExpired(item, table.ttl.attribute, now_seconds)) {
        expired.push_back(KeyAttributes(table, item));
      }
    }
  }
  if (resume) {
    resume_at_[table.id] = *resume;
  } else {
    resume_at_.erase(table.id);
  }

  int64_t deleted = 0;
  for (const model::Item& key : expired) {
    if (!AwaitDeleteSlot()) {
      // Stopping: the next round starts again from this item.
      resume_at_[table.id] = items::ItemStore::KeyOf(table, key);
      break;
    }
    if (DeleteIfExpired(table, table.ttl.attribute, key)) ++deleted;
  }
  return deleted;
}

bool Expirer::DeleteIfExpired(const schema::TableDef& table, const std::string& attribute,
                              const model::Item& key) {
  // The table may have been dropped, or its TTL turned off or moved to
  // another attribute, since the round began.
  schema::TablePtr current = catalog_->FindById(table.id);
  if (current == nullptr || !current->ttl.enabled || current->ttl.attribute != attribute) {
    return false;
  }
  // Re-checked under the item's lock: a write since the walk may have
  // removed the item or pushed its expiry time into the future.
  items::Mutation expire = [&](const model::Item* item) -> ApiResult<std::optional<model::Item>> {
    if (item == nullptr || !IsExpired(*item, attribute, NowMillis() / 1000)) {
      return Fail(NoLongerExpired());
    }
    return std::optional<model::Item>();
  };
  auto r = items_->Apply(*current, key, expire, items::WriteOrigin::kTtl);
  if (!r.ok()) {
    // A conflict with a transaction, or the item changed: a later round
    // sees it again if it is still expired.
    if (r.error().type() != NoLongerExpired().type()) {
      spdlog::debug("ttl: delete in {} failed: {}", table.name, r.error().message());
    }
    return false;
  }
  return true;
}

bool Expirer::AwaitDeleteSlot() {
  const auto interval = std::chrono::nanoseconds(1'000'000'000 / options_.deletes_per_second);
  const auto now = std::chrono::steady_clock::now();
  // No credit for idle time: after a pause, the next deletion is due now.
  if (next_delete_ < now) next_delete_ = now;
  std::unique_lock lock(mu_);
  if (next_delete_ > now) wake_.wait_until(lock, next_delete_, [this] { return stop_; });
  if (stop_) return false;
  next_delete_ += interval;
  return true;
}

}  // namespace magneto::ttl
