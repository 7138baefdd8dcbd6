// Expirer: the background worker of Time to Live. It walks the items of every
// table with TTL enabled and deletes the expired ones (ttl/expiry.h) through
// the ItemStore's apply step, so indexes, counters and stream records change
// as for any delete, with the service identity DynamoDB gives TTL deletions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "items/item_store.h"
#include "schema/catalog.h"

namespace magneto::ttl {

struct ExpirerOptions {
  // Pause between two rounds over the tables (default one minute).
  int64_t scan_interval_ms = 60'000;
  // Upper bound on deletions per second, over all tables (default 1000), so
  // that expiry never crowds out foreground writes. Must be >= 1.
  int64_t deletes_per_second = 1000;
  // Items examined per table per round (default 100000); a bigger table is
  // walked over several rounds, each resuming where the last one stopped.
  int64_t items_per_round = 100'000;
  // Wall clock in epoch milliseconds (default schema::NowMillis); tests
  // substitute their own.
  std::function<int64_t()> clock;
};

class Expirer {
 public:
  // REQUIRES: catalog and items outlive the Expirer.
  Expirer(schema::Catalog* catalog, items::ItemStore* items, ExpirerOptions options);
  ~Expirer();  // stops the worker
  Expirer(const Expirer&) = delete;
  Expirer& operator=(const Expirer&) = delete;

  // Starts the background worker: a round, then a pause, and again.
  void Start();
  // Asks the worker to stop and waits for it; an interrupted round resumes
  // where it stopped at the next Start (or the next server start: the
  // position is not persisted, so a restart begins each table afresh).
  void Stop();

  // One round over every table with TTL enabled; returns how many items it
  // deleted. The worker calls this; tests may call it directly (not while
  // the worker runs).
  int64_t RunRound();

 private:
  // Examines up to items_per_round items of `table` from its resume point
  // and deletes the expired ones; returns the number deleted.
  int64_t ExpireSome(const schema::TableDef& table);
  // Deletes the item if, under its lock, it still exists and is expired and
  // the table still has TTL on `attribute`. Returns whether it deleted.
  bool DeleteIfExpired(const schema::TableDef& table, const std::string& attribute,
                       const model::Item& item);
  // Waits for the rate limit to allow one more deletion; false if stopping.
  bool AwaitDeleteSlot();
  bool stopping();
  int64_t NowMillis() const { return options_.clock(); }

  schema::Catalog* catalog_;
  items::ItemStore* items_;
  ExpirerOptions options_;

  // Worker-only state: where each table's walk resumes (storage key,
  // inclusive; absent: from the start), and the earliest time of the next
  // deletion (the rate limit).
  std::map<uint32_t, std::string> resume_at_;
  std::chrono::steady_clock::time_point next_delete_{};

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread worker_;
};

}  // namespace magneto::ttl
