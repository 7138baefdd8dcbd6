// ItemStore: reads of items and the single apply step through which every
// mutation of an item passes (read current, decide, write as one atomic batch).
// Index maintenance, stream records and transactions join this batch later;
// cluster mode will put a replicated log in front of Apply.
#pragma once

#include <array>
#include <chrono>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common/api_error.h"
#include "index/index_entries.h"
#include "items/item_cache.h"
#include "items/key_range.h"
#include "streams/sequencer.h"
#include "model/value.h"
#include "schema/table_def.h"
#include "storage/engine.h"

namespace magneto::items {

// Who asked for a write: a client, or the Time to Live expirer (stream
// records of expiry deletions carry DynamoDB's service identity).
enum class WriteOrigin : uint8_t { kClient, kTtl };

// Decides a write from the item as it is now (nullptr: absent). Returns the
// item to store, nullopt to delete, or an error that aborts the write.
using Mutation = std::function<ApiResult<std::optional<model::Item>>(const model::Item* current)>;

struct MutationOutcome {
  std::optional<model::Item> old_item;
  std::optional<model::Item> new_item;
  std::vector<index::IndexUnits> index_units;  // write units per index touched
  // Tables with local secondary indexes: the item collection (all items and
  // LSI entries of the partition) and its size after the write.
  std::optional<model::Item> collection_key;
  int64_t collection_bytes = 0;
};

// The current definition of the table with a storage id (nullptr if gone).
using TableLookup = std::function<std::shared_ptr<const schema::TableDef>(uint32_t table_id)>;

// One action of a multi-item atomic write (a transaction).
struct TxnAction {
  const schema::TableDef* table = nullptr;
  model::Item key;
  Mutation mutation;        // decides the write (or the check) from the current item
  bool check_only = false;  // ConditionCheck: evaluate, never write
};

struct TxnResult {
  bool committed = false;
  std::vector<MutationOutcome> outcomes;  // per action, when committed
  // Per action, when not committed: why it failed (nullopt: it did not).
  std::vector<std::optional<ApiError>> reasons;
};

// The error for a write that collides with a transaction in flight.
ApiError TransactionConflict();

struct TableStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
};

class ItemStore {
 public:
  // Reads and writes find items in a cache of this many bytes of recently
  // read or written items (items/item_cache.h); 0 disables it.
  static constexpr size_t kDefaultCacheBytes = size_t{64} << 20;
  explicit ItemStore(storage::Engine* engine, size_t cache_bytes = kDefaultCacheBytes)
      : engine_(engine), cache_(kLockStripes, cache_bytes) {}
  // Apply reads the table's definition afresh under the item's lock, so a
  // write never misses an index added while it was in flight.
  void set_table_lookup(TableLookup lookup) { lookup_ = std::move(lookup); }
  // DynamoDB caps an item collection (tables with LSIs) at 10 GB.
  static constexpr int64_t kDefaultCollectionLimit = int64_t{10} << 30;
  void set_collection_limit(int64_t bytes) { collection_limit_ = bytes; }
  // Stream records get their sequence numbers here (required before writes
  // to tables with streams).
  void set_sequencer(streams::StreamSequencer* sequencer) { sequencer_ = sequencer; }

  // The item with the given key attributes (only the table's key attributes
  // are read from `key`; the caller has validated them). Reads go through
  // the item cache, which keeps the items read as well as those written
  // over. Must not be called from a Mutation (it holds an item's lock).
  ApiResult<std::optional<model::Item>> Get(const schema::TableDef& table,
                                            const model::Item& key) const;
  // The same item in its stored encoding (storage/item_codec.h), undecoded.
  ApiResult<std::optional<std::string>> GetStored(const schema::TableDef& table,
                                                  const model::Item& key) const;

  // Several items read from one consistent snapshot (TransactGetItems): no
  // transaction is seen in part.
  ApiResult<std::vector<std::optional<model::Item>>> GetAll(
      const std::vector<std::pair<const schema::TableDef*, model::Item>>& keys) const;

  // The apply step. Serializes concurrent mutations of the same item, so a
  // read-modify-write is atomic; the write is durable when Apply returns.
  // The item and all its index entries change in one atomic batch; a new
  // item whose index key attributes have the wrong type is rejected.
  ApiResult<MutationOutcome> Apply(const schema::TableDef& table, const model::Item& key,
                                   const Mutation& mutation,
                                   WriteOrigin origin = WriteOrigin::kClient);

  // Iterates stored items in [range.lower, range.upper), ascending or
  // descending, from `start` (inclusive) when given. Values decode with
  // storage::DecodeItem. Reads see a consistent snapshot per iterator.
  std::unique_ptr<storage::RangeIterator> Scan(const KeyRange& range, bool reverse,
                                               std::optional<std::string> start) const;

  // The atomic multi-item apply step: locks every item, runs every mutation
  // against the current items, and writes all results (with their index
  // changes) in one batch, or nothing if any mutation fails. Locks are taken
  // in a global order; an item whose lock is not free within `lock_wait` is
  // a conflict (reason TransactionConflictException) rather than a wait.
  // REQUIRES: no two actions on the same item.
  ApiResult<TxnResult> ApplyAll(const std::vector<TxnAction>& actions,
                                std::chrono::milliseconds lock_wait);

  // The same atomic group write for a batch (BatchWriteItem): every item is
  // written in one batch with one WAL sync, waiting for locks rather than
  // conflicting. REQUIRES: no two actions on the same item.
  ApiResult<TxnResult> ApplyBatch(const std::vector<TxnAction>& actions);

  // Scan from just after `exclusive_start` (a storage key); a start key
  // outside the range means "from the range's edge".
  std::unique_ptr<storage::RangeIterator> ScanAfter(const KeyRange& range, bool reverse,
                                                    std::optional<std::string> exclusive_start) const;

  // Approximate per-table counters (DynamoDB's are also approximate).
  TableStats Stats(uint32_t table_id) const;
  // Writes the entry of one stored item (by storage key) into a new index,
  // under the item's lock; used by the index backfill. Returns whether the
  // item exists and has an entry.
  ApiResult<bool> ReindexItem(uint32_t table_id, uint32_t index_id, std::string_view storage_key);

  // Recounts a table's or index's counters from storage.
  void Recount(uint32_t id);
  void Recount(const schema::TableDef& table);
  void ForgetTable(uint32_t table_id);
  // Deletes the items, index entries, stream records and counters of a table
  // already removed from the catalog, after any write to it still in flight.
  // Its cached items stay until evicted: table ids are not reused, and only
  // a read that found the table before it was dropped can still meet them.
  ApiResult<Unit> DropTableData(const schema::TableDef& table);
  // Deletes every entry of an index already removed from its table's
  // definition, after any write still in flight, and zeroes its counters.
  ApiResult<Unit> DropIndexData(uint32_t index_id);

  // The storage key of an item.
  static std::string KeyOf(const schema::TableDef& table, const model::Item& key);

 private:
  struct Counters {
    std::atomic<int64_t> item_count{0};
    std::atomic<int64_t> size_bytes{0};
  };
  Counters& CountersFor(uint32_t table_id);
  size_t StripeIndex(std::string_view storage_key) const;
  // ApplyAll (with a lock wait: transactional) and ApplyBatch (without).
  ApiResult<TxnResult> ApplyGroup(const std::vector<TxnAction>& actions,
                                  std::optional<std::chrono::milliseconds> lock_wait);
  // A write being assembled: one batch, the counter changes to apply after
  // it commits, and the stream sequence numbers to release either way.
  struct Pending;
  // Reads the item, runs the mutation, and adds the item's, its index
  // entries' and its stream record's changes to `pending`.
  ApiResult<Unit> Stage(const schema::TableDef& table, const std::string& storage_key,
                        const Mutation& mutation, bool check_only, WriteOrigin origin,
                        Pending& pending, MutationOutcome* out);
  // Writes the pending batch and applies its counter changes.
  ApiResult<Unit> Commit(Pending& pending);
  std::shared_ptr<const schema::TableDef> Current(const schema::TableDef& table) const;
  // Returns once every write that began before the call has committed.
  void WaitForWritesInFlight();

  // Adds the item collection's size change to the batch, refusing a write
  // that would take the collection past the limit.
  ApiResult<Unit> TrackCollection(const schema::TableDef& table, MutationOutcome* out,
                                  const std::vector<index::IndexDelta>& deltas, size_t first_delta,
                                  storage::Batch& batch);
  streams::StreamSequencer* sequencer_ = nullptr;

  TableLookup lookup_;
  int64_t collection_limit_ = kDefaultCollectionLimit;

  static constexpr size_t kLockStripes = 1024;
  storage::Engine* engine_;
  // Reads take a stripe too (to use the cache), hence mutable.
  mutable std::array<std::timed_mutex, kLockStripes> stripes_;
  // Whether a transaction holds the stripe (single writes then conflict).
  std::array<std::atomic<bool>, kLockStripes> txn_held_{};
  // Shard i is guarded by stripes_[i] (see item_cache.h).
  mutable ItemCache cache_;
  mutable std::shared_mutex stats_mu_;
  std::unordered_map<uint32_t, std::unique_ptr<Counters>> stats_;  // guarded by stats_mu_
};

}  // namespace magneto::items
