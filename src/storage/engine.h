// Engine: the only gateway to RocksDB. Two keyspaces: "meta" (catalog and
// other small records) and "data" (items, by the key codec's encoding).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <thread>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/api_error.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class FileSystem;
class Iterator;
class Slice;
class WriteBatch;
class Snapshot;
}  // namespace rocksdb

namespace magneto::storage {

enum class Space : uint8_t { kMeta, kData };

class WalSpareFileSystem;

struct EngineOptions {
  std::string path;          // data directory (ignored when in_memory)
  bool in_memory = false;    // RocksDB on an in-memory Env: nothing touches disk
  bool sync_writes = true;   // fsync the WAL before acknowledging (group commit)
  // Each new WAL file starts as a file of this many zero bytes, so that its
  // syncs overwrite blocks instead of growing the file (storage/wal_spare.h).
  // 0: off. Only with sync_writes, not in memory.
  uint64_t wal_spare_bytes = kDefaultWalSpareBytes;
  // A WAL holds about one 64 MB memtable of writes before RocksDB starts the next.
  static constexpr uint64_t kDefaultWalSpareBytes = uint64_t{72} << 20;
  // The file system under the data directory; null: the operating system's.
  // (Tests put one that fails on demand here.)
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

// An atomic set of writes across both keyspaces.
class Batch {
 public:
  // Batches come from Engine::NewBatch().
  ~Batch();
  Batch(Batch&&) noexcept;
  void Put(Space space, std::string_view key, std::string_view value);
  void Delete(Space space, std::string_view key);
  // Adds `delta` to the signed 64-bit counter at `key` (meta space only;
  // read it with Engine::GetCounter). Concurrent adds never lose updates.
  void AddToCounter(std::string_view key, int64_t delta);
  size_t count() const;

 private:
  friend class Engine;
  Batch(rocksdb::ColumnFamilyHandle* data, rocksdb::ColumnFamilyHandle* meta);
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  rocksdb::ColumnFamilyHandle* data_;
  rocksdb::ColumnFamilyHandle* meta_;
};

// Forward iteration over [lower, upper) or reverse over the same range.
class RangeIterator {
 public:
  ~RangeIterator();
  bool Valid() const;
  std::string_view key() const;
  std::string_view value() const;
  void Next();  // moves in the iterator's direction

 private:
  friend class Engine;
  RangeIterator() = default;
  // Declared before it_, which uses them until it is destroyed.
  std::string lower_, upper_;
  std::unique_ptr<rocksdb::Slice> bound_;  // it_'s iterate bound: upper_ or lower_
  std::unique_ptr<rocksdb::Iterator> it_;
  bool reverse_ = false;
};

class Engine {
 public:
  static ApiResult<std::unique_ptr<Engine>> Open(const EngineOptions& options);
  ~Engine();

  Batch NewBatch() const { return Batch(Handle(Space::kData), Handle(Space::kMeta)); }
  // Point read; nullopt when absent.
  ApiResult<std::optional<std::string>> Get(Space space, std::string_view key) const;
  // A counter maintained with Batch::AddToCounter (0 when absent).
  ApiResult<int64_t> GetCounter(std::string_view key) const;
  // Point reads of several keys from one consistent snapshot.
  ApiResult<std::vector<std::optional<std::string>>> GetAll(
      Space space, const std::vector<std::string>& keys) const;
  // Applies the batch atomically. With sync_writes it is durable before
  // returning, unless a DurabilityScope is open on this thread: then Write
  // returns once the batch is in the WAL and visible, and the scope records
  // the ticket to wait for (WhenDurable) before acknowledging. Once a write
  // or sync of the WAL has failed, InternalServerError: the batch may be
  // visible but may not survive a crash.
  ApiResult<Unit> Write(Batch& batch);
  // Iterates keys in [lower, upper), ascending or descending, starting at
  // `start` when given (inclusive; for reverse, the first key <= start).
  std::unique_ptr<RangeIterator> Scan(Space space, std::string lower, std::string upper,
                                      bool reverse = false,
                                      std::optional<std::string> start = std::nullopt) const;
  // Removes every key in [lower, upper) (used when a table is deleted).
  ApiResult<Unit> DeleteRange(Space space, std::string_view lower, std::string_view upper);
  // Flushes memtables and the WAL; called on clean shutdown.
  void Flush();
  // Entries (writes) in the data space's active memtable, which the idle
  // flush watches.
  uint64_t ActiveMemtableEntries() const;
  // Table files in the data space's level 0, which the idle compaction
  // empties.
  uint64_t Level0Files() const;
  // WAL files that started as a pre-written spare (storage/wal_spare.h).
  uint64_t WalSparesUsed() const;
  // Syncs what was written, runs every pending WhenDurable callback (with
  // false if a sync failed) and ends the syncer thread (for shutdown: later
  // writes are no longer waited for; Flush() makes them durable). Call it
  // while whatever those callbacks use (the network's io_contexts) still
  // exists; the destructor does it too.
  void StopSyncer();

 private:
  Engine() = default;
  rocksdb::ColumnFamilyHandle* Handle(Space space) const;
  // Group commit: one syncer thread syncs the WAL past every write done so
  // far, then completes everything waiting for those writes.
  void SyncLoop();
  // False if a sync failed before `ticket` was durable.
  bool WaitDurable(uint64_t ticket);
  // After a failed write or sync of a WAL (by the syncer or by RocksDB
  // itself): fails every waiting write and every later one.
  void FailDurability(const std::string& why);

  // Flushes the data memtable once writes pause, so that reads after a
  // burst of writes do not step over its many versions of the same items,
  // and compacts level 0 into level 1 once they have paused a little longer.
  void IdleFlushLoop();
  // Compacts level 0 into level 1; false if a flush has yet to finish.
  bool CompactLevel0();

  std::thread syncer_;
  std::thread idle_flusher_;
  std::atomic<uint64_t> writes_{0};  // batches written (the idle flusher watches it)
  std::mutex idle_mu_;
  std::condition_variable idle_cv_;
  bool idle_stop_ = false;  // guarded by idle_mu_
  bool stopping_ = false;  // guarded by sync_mu_
  std::multimap<uint64_t, std::function<void(bool)>> waiters_;  // guarded by sync_mu_

  std::unique_ptr<rocksdb::Env> mem_env_;
  // Over the file system stack: options.file_system (or the OS's), the
  // spare WALs, the WAL watch (storage/wal_watch.h).
  std::unique_ptr<rocksdb::Env> fs_env_;
  WalSpareFileSystem* wal_spare_fs_ = nullptr;
  int dir_lock_fd_ = -1;  // flock on <data dir>/magneto.lock
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  bool sync_writes_ = true;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  uint64_t write_ticket_ = 0;      // guarded by sync_mu_
  uint64_t requested_ticket_ = 0;  // guarded by sync_mu_: a sync was asked up to here
  uint64_t synced_ticket_ = 0;     // guarded by sync_mu_
  std::atomic<uint64_t> synced_ticket_view_{0};  // synced_ticket_, readable without the lock
  std::condition_variable synced_cv_;
  bool syncer_done_ = false;  // guarded by sync_mu_: SyncLoop has returned
  // A write or sync of the WAL has failed: no write is durable after that.
  bool durability_lost_ = false;                    // guarded by sync_mu_
  std::atomic<bool> durability_lost_view_{false};  // durability_lost_, readable without the lock

 public:
  // Whether WhenDurable wakes the syncer or leaves that to a RequestSync()
  // the caller promises to make soon (a network thread makes one per round
  // of ready requests, so one sync covers all the writes of that round).
  enum class SyncRequest { kNow, kLater };
  // Runs `done(true)` (on the syncer thread, or at once) when every write
  // up to `ticket` is durable, or `done(false)` once a sync has failed
  // before that: they must not be acknowledged. Ticket 0 is always durable.
  void WhenDurable(uint64_t ticket, std::function<void(bool durable)> done,
                   SyncRequest request = SyncRequest::kNow);
  // Asks the syncer to sync every write made so far.
  void RequestSync();
  // Every write with a ticket up to this is durable (all, without sync_writes).
  uint64_t SyncedTicket() const;
  // True once a write or sync of the WAL has failed: no write above
  // SyncedTicket() will be durable, and none is acknowledged until a restart.
  bool DurabilityLost() const { return durability_lost_view_.load(std::memory_order_acquire); }
};

// While alive, writes on this thread do not wait for their WAL sync; the
// scope keeps the largest durability ticket they need (0: nothing written).
class DurabilityScope {
 public:
  DurabilityScope();
  ~DurabilityScope();
  DurabilityScope(const DurabilityScope&) = delete;
  DurabilityScope& operator=(const DurabilityScope&) = delete;
  uint64_t ticket() const;
  static bool active();
  static void Note(uint64_t ticket);
};

// The smallest key greater than every key with this prefix ("" if none).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace magneto::storage
