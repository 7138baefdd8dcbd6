// RocksDB-backed Engine: opening, column families, point reads, atomic
// batches with synced WAL (RocksDB groups concurrent writers into one fsync).

#include "storage/engine.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/rate_limiter.h>
#include <rocksdb/slice.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/write_batch.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>

#include <spdlog/spdlog.h>

#include "storage/wal_spare.h"
#include "storage/wal_watch.h"

namespace magneto::storage {

namespace {
constexpr const char* kMetaCf = "meta";
// Table id and partition hash: the prefix every item of a partition shares.
constexpr size_t kPartitionPrefixBytes = 8;
// RocksDB's default table file size (target_file_size_base).
constexpr uint64_t kTargetFileBytes = 64 << 20;

std::string EncodeInt64(int64_t v) {
  std::string out(8, '\0');
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((u >> (8 * i)) & 0xff);
  return out;
}

int64_t DecodeInt64(const rocksdb::Slice& s) {
  if (s.size() != 8) return 0;
  uint64_t u = 0;
  for (int i = 7; i >= 0; --i) u = (u << 8) | static_cast<uint8_t>(s[i]);
  return static_cast<int64_t>(u);
}

// Signed 64-bit little-endian addition, for counters updated inside write
// batches by writers that do not hold a common lock. Never throws.
class Int64AddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t base = existing ? DecodeInt64(*existing) : 0;
    *new_value = EncodeInt64(static_cast<int64_t>(static_cast<uint64_t>(base) +
                                                  static_cast<uint64_t>(DecodeInt64(value))));
    return true;
  }
  const char* Name() const override { return "MagnetoInt64Add"; }
};

ApiError StorageError(const rocksdb::Status& s) {
  spdlog::error("storage error: {}", s.ToString());
  return ApiError::InternalServer();
}
}  // namespace

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    unsigned char c = static_cast<unsigned char>(s.back());
    if (c != 0xff) {
      s.back() = static_cast<char>(c + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

Batch::Batch(rocksdb::ColumnFamilyHandle* data, rocksdb::ColumnFamilyHandle* meta)
    : batch_(std::make_unique<rocksdb::WriteBatch>()), data_(data), meta_(meta) {}
Batch::~Batch() = default;
Batch::Batch(Batch&&) noexcept = default;
size_t Batch::count() const { return batch_->Count(); }

RangeIterator::~RangeIterator() = default;

bool RangeIterator::Valid() const {
  if (!it_->Valid()) return false;
  rocksdb::Slice k = it_->key();
  if (reverse_) return k.compare(rocksdb::Slice(lower_)) >= 0;
  return upper_.empty() || k.compare(rocksdb::Slice(upper_)) < 0;
}
std::string_view RangeIterator::key() const { return it_->key().ToStringView(); }
std::string_view RangeIterator::value() const { return it_->value().ToStringView(); }
void RangeIterator::Next() {
  if (reverse_) {
    it_->Prev();
  } else {
    it_->Next();
  }
}

ApiResult<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->sync_writes_ = options.sync_writes && !options.in_memory;

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  // Flushes and compactions write table files through the page cache. Left
  // alone, a compaction dirtied a hundred MB or more and the kernel wrote it
  // in one burst, which the WAL's fdatasync then queued behind: durable
  // writes stalled for a second (measured: a second at 3.7k PutItems/s in
  // a run of 12k/s). Writing back every megabyte, at most 128 MB/s, keeps
  // the WAL's syncs short. The rate is fixed: RocksDB's auto-tuned limiter
  // lowers its rate 5% per 10 s of light use, and after five minutes of
  // light writes it throttled the flushes of a burst so much that writes
  // stopped (two memtables waiting) six times in 30 s, for up to 6 s each.
  // Refilled every 10 ms rather than 100, a flush resumes in small steps
  // rather than in bursts of several ms on the request threads' core.
  // (Not in memory: there is no device to spare, and RocksDB's in-memory Env
  // calls a rate limiter entry point that GenericRateLimiter lacks.)
  if (!options.in_memory) {
    db_options.bytes_per_sync = 1 << 20;
    db_options.rate_limiter.reset(rocksdb::NewGenericRateLimiter(
        128 << 20, /*refill_period_us=*/10 * 1000, /*fairness=*/10,
        rocksdb::RateLimiter::Mode::kWritesOnly, /*auto_tuned=*/false));
  }
  // A WAL file is deleted once every column family has flushed what it
  // holds. The meta family changes rarely, so without a bound its memtable
  // kept every WAL since start-up (about 500 MB before RocksDB's default
  // bound flushed it), and a restart replayed them all. At this size the
  // oldest family is flushed: about two data memtables of WAL at most.
  db_options.max_total_wal_size = 160 << 20;
  // Group commit: writes leave their WAL records in RocksDB's buffer and the
  // syncer thread writes and syncs them all with one FlushWAL(sync), instead
  // of one write() system call per request. (Measured: about a third more
  // durable PutItems per second. Pipelined writes, which help many
  // concurrent writers, cost more than they gave with one network thread.)
  db_options.manual_wal_flush = engine->sync_writes_;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 4;

  // Point reads (GetItem, and the read of the old item in every write) of
  // items already flushed to table files hit this cache of whole values
  // before the block cache: no index seek, no block parse. Measured on the
  // benchmark's Zipfian GetItem: about 8% more requests per CPU-second.
  db_options.row_cache = rocksdb::NewLRUCache(32 << 20);

  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.block_cache = rocksdb::NewLRUCache(256 << 20);
  // Point reads (GetItem, the item fetch of index queries) find their key in
  // a data block through a hash instead of a binary search.
  table_options.data_block_index_type = rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  // No implicit iterator readahead: a Query page reads a few blocks, mostly
  // from the block cache, and paid a readahead() system call per iterator.
  table_options.max_auto_readahead_size = 0;
  // A flush puts the blocks it writes into the block cache: the items just
  // written are the ones the next writes (reading the item they replace)
  // and reads ask for. Without it they were read back from the file
  // (pread and a copy) after every flush. Measured under a steady PutItem
  // load: less server CPU per write in each of five pairs of runs (3 to 18%).
  // (RocksDB 7.8 cannot do the same for compaction output.)
  table_options.prepopulate_block_cache =
      rocksdb::BlockBasedTableOptions::PrepopulateBlockCache::kFlushOnly;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  cf_options.compression = rocksdb::kNoCompression;
  cf_options.target_file_size_base = kTargetFileBytes;
  // Level-0 files overlap, so a Query page merges every one that holds its
  // partition. Compacting them into level 1 from two files rather than four
  // made Query after a run of overwrites about a quarter faster (two pairs
  // of runs), with no visible cost to the writes.
  cf_options.level0_file_num_compaction_trigger = 2;
  // A point read searches every memtable (the active one and those waiting
  // for their flush); a whole-key Bloom filter lets it skip those that lack
  // its key. Memtables stay at RocksDB's default 64 MB: smaller ones did not
  // make reads measurably cheaper and made writes flush and compact more.
  cf_options.memtable_whole_key_filtering = true;
  cf_options.memtable_prefix_bloom_size_ratio = 0.05;
  // Room for a third memtable: with two, writes stop outright (every
  // request on the thread waits) whenever the next memtable fills before
  // the last one's flush ends. The third exists only while a flush lags.
  cf_options.max_write_buffer_number = 3;

  std::string path = options.path;
  if (options.in_memory) {
    engine->mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    db_options.env = engine->mem_env_.get();
    path = "/magneto-in-memory";
  } else {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
      spdlog::error("cannot create data directory {}: {}", path, ec.message());
      return Fail(ApiError::InternalServer("cannot create data directory"));
    }
    // One process per data directory, decided before anything in it is
    // touched (RocksDB's own LOCK is only taken inside DB::Open, after the
    // spare WAL file below is written).
    engine->dir_lock_fd_ = ::open((path + "/magneto.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (engine->dir_lock_fd_ < 0 || ::flock(engine->dir_lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      spdlog::error("data directory {} is in use by another process", path);
      return Fail(ApiError::InternalServer("data directory in use"));
    }
    CutWalsAtHoles(path);
    std::shared_ptr<rocksdb::FileSystem> fs =
        options.file_system ? options.file_system : rocksdb::FileSystem::Default();
    if (engine->sync_writes_ && options.wal_spare_bytes > 0) {
      auto spare = std::make_shared<WalSpareFileSystem>(fs, path, options.wal_spare_bytes);
      engine->wal_spare_fs_ = spare.get();
      fs = std::move(spare);
    }
    if (engine->sync_writes_) {
      fs = std::make_shared<WalWatchFileSystem>(fs, [e = engine.get()](const rocksdb::IOStatus& s) {
        e->FailDurability(s.ToString());
      });
    }
    if (fs != rocksdb::FileSystem::Default()) {
      engine->fs_env_ = rocksdb::NewCompositeEnv(fs);
      db_options.env = engine->fs_env_.get();
    }
  }

  rocksdb::ColumnFamilyOptions meta_options = cf_options;
  // Data keys start with table id and partition hash (docs/storage_format.md),
  // so a Query's range lies within one 8-byte prefix: prefix Bloom filters
  // let its seek skip every memtable and L0 file without that partition
  // (Engine::Scan uses prefix mode only for such ranges).
  cf_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kPartitionPrefixBytes));
  meta_options.merge_operator = std::make_shared<Int64AddOperator>();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, cf_options}, {kMetaCf, meta_options}};
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, cfs, &engine->handles_, &db);
  if (!s.ok()) {
    spdlog::error("cannot open RocksDB at {}: {}", path, s.ToString());
    return Fail(ApiError::InternalServer("cannot open storage"));
  }
  engine->db_.reset(db);
  if (engine->sync_writes_) engine->syncer_ = std::thread([e = engine.get()] { e->SyncLoop(); });
  engine->idle_flusher_ = std::thread([e = engine.get()] { e->IdleFlushLoop(); });
  return engine;
}

void Engine::StopSyncer() {
  if (!syncer_.joinable()) return;
  {
    std::lock_guard lock(sync_mu_);
    stopping_ = true;
  }
  sync_cv_.notify_all();
  syncer_.join();
}

Engine::~Engine() {
  StopSyncer();
  if (idle_flusher_.joinable()) {
    // Cancels an idle compaction in progress rather than waiting for it.
    if (db_) db_->DisableManualCompaction();
    {
      std::lock_guard lock(idle_mu_);
      idle_stop_ = true;
    }
    idle_cv_.notify_all();
    idle_flusher_.join();
  }
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
    db_.reset();
  }
  fs_env_.reset();  // stops the spare's thread
  if (dir_lock_fd_ >= 0) ::close(dir_lock_fd_);
}

rocksdb::ColumnFamilyHandle* Engine::Handle(Space space) const {
  return space == Space::kData ? handles_[0] : handles_[1];
}

void Batch::Put(Space space, std::string_view key, std::string_view value) {
  rocksdb::Slice k(key.data(), key.size()), v(value.data(), value.size());
  batch_->Put(space == Space::kData ? data_ : meta_, k, v);
}

void Batch::Delete(Space space, std::string_view key) {
  rocksdb::Slice k(key.data(), key.size());
  batch_->Delete(space == Space::kData ? data_ : meta_, k);
}

void Batch::AddToCounter(std::string_view key, int64_t delta) {
  batch_->Merge(meta_, rocksdb::Slice(key.data(), key.size()), EncodeInt64(delta));
}

ApiResult<int64_t> Engine::GetCounter(std::string_view key) const {
  auto raw = Get(Space::kMeta, key);
  if (!raw.ok()) return Fail(std::move(raw).error());
  if (!raw->has_value()) return int64_t{0};
  return DecodeInt64(rocksdb::Slice(**raw));
}

ApiResult<std::optional<std::string>> Engine::Get(Space space, std::string_view key) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), Handle(space), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Fail(StorageError(s));
  return std::optional<std::string>(std::move(value));
}

ApiResult<std::vector<std::optional<std::string>>> Engine::GetAll(
    Space space, const std::vector<std::string>& keys) const {
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::vector<std::optional<std::string>> out;
  out.reserve(keys.size());
  for (const auto& key : keys) {
    std::string value;
    rocksdb::Status s = db_->Get(ro, Handle(space), rocksdb::Slice(key), &value);
    if (s.IsNotFound()) {
      out.emplace_back();
    } else if (!s.ok()) {
      db_->ReleaseSnapshot(snapshot);
      return Fail(StorageError(s));
    } else {
      out.emplace_back(std::move(value));
    }
  }
  db_->ReleaseSnapshot(snapshot);
  return out;
}

ApiResult<Unit> Engine::Write(Batch& batch) {
  rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), batch.batch_.get());
  if (!s.ok()) return Fail(StorageError(s));
  writes_.fetch_add(1, std::memory_order_relaxed);
  if (!sync_writes_) return Unit{};
  uint64_t ticket;
  {
    std::lock_guard lock(sync_mu_);
    ticket = ++write_ticket_;
  }
  if (DurabilityScope::active()) {
    // Whoever waits for the scope's ticket asks for the sync (WhenDurable).
    DurabilityScope::Note(ticket);
  } else {
    RequestSync();
    if (!WaitDurable(ticket)) return Fail(ApiError::InternalServer());
  }
  return Unit{};
}

namespace {
thread_local int scope_depth = 0;
thread_local uint64_t scope_ticket = 0;
}  // namespace

DurabilityScope::DurabilityScope() {
  if (scope_depth++ == 0) scope_ticket = 0;
}
DurabilityScope::~DurabilityScope() { --scope_depth; }
uint64_t DurabilityScope::ticket() const { return scope_ticket; }
bool DurabilityScope::active() { return scope_depth > 0; }
void DurabilityScope::Note(uint64_t ticket) { scope_ticket = std::max(scope_ticket, ticket); }

bool Engine::WaitDurable(uint64_t ticket) {
  std::unique_lock lock(sync_mu_);
  synced_cv_.wait(lock, [&] {
    return synced_ticket_ >= ticket || durability_lost_ || syncer_done_;
  });
  // (Once the syncer has ended, at shutdown, Flush() makes the rest durable.)
  return synced_ticket_ >= ticket || !durability_lost_;
}

void Engine::WhenDurable(uint64_t ticket, std::function<void(bool)> done, SyncRequest request) {
  bool durable = true;
  {
    std::lock_guard lock(sync_mu_);
    if (ticket <= synced_ticket_) {
      durable = true;
    } else if (durability_lost_) {
      durable = false;
    } else if (!syncer_done_) {
      waiters_.emplace(ticket, std::move(done));
      if (request == SyncRequest::kNow && requested_ticket_ < write_ticket_) {
        requested_ticket_ = write_ticket_;
        sync_cv_.notify_one();
      }
      return;
    }
  }
  done(durable);
}

void Engine::FailDurability(const std::string& why) {
  std::vector<std::function<void(bool)>> failed;
  {
    std::lock_guard lock(sync_mu_);
    if (!durability_lost_) {
      spdlog::error("WAL write or sync failed, no write will be acknowledged until a restart: {}",
                    why);
    }
    durability_lost_ = true;
    durability_lost_view_.store(true, std::memory_order_release);
    for (auto& [ticket, done] : waiters_) failed.push_back(std::move(done));
    waiters_.clear();
    synced_cv_.notify_all();
  }
  for (auto& done : failed) done(false);
}

void Engine::RequestSync() {
  std::lock_guard lock(sync_mu_);
  if (requested_ticket_ < write_ticket_) {
    requested_ticket_ = write_ticket_;
    sync_cv_.notify_one();
  }
}

uint64_t Engine::SyncedTicket() const {
  return sync_writes_ ? synced_ticket_view_.load(std::memory_order_acquire)
                      : std::numeric_limits<uint64_t>::max();
}

void Engine::SyncLoop() {
  std::unique_lock lock(sync_mu_);
  while (true) {
    sync_cv_.wait(lock, [&] {
      return stopping_ || (!durability_lost_ && requested_ticket_ > synced_ticket_);
    });
    if (stopping_ && (durability_lost_ || write_ticket_ == synced_ticket_)) break;
    // Every write holding a ticket up to `target` is already in the WAL, so
    // one sync makes all of them durable.
    const uint64_t target = write_ticket_;
    lock.unlock();
    rocksdb::Status s = db_->FlushWAL(/*sync=*/true);
    if (!s.ok()) {
      // Never acknowledge what may not be durable, and never leave it
      // unanswered: every write not yet synced fails (the client sees
      // InternalServerError, as when DynamoDB cannot tell whether a write
      // took), and so does every later one. A later sync that succeeded
      // would prove nothing: Linux may drop the pages whose writeback
      // failed and report the error once. RocksDB too refuses writes from
      // here on; a restart replays the WAL as far as it is intact.
      // (WalWatchFileSystem has usually reported it already.)
      FailDurability(s.ToString());
    }
    lock.lock();
    // A failure RocksDB met syncing a WAL itself was reported before this
    // sync could touch the file, so checking under the lock suffices.
    if (durability_lost_) continue;
    synced_ticket_ = target;
    synced_ticket_view_.store(target, std::memory_order_release);
    std::vector<std::function<void(bool)>> ready;
    while (!waiters_.empty() && waiters_.begin()->first <= target) {
      ready.push_back(std::move(waiters_.begin()->second));
      waiters_.erase(waiters_.begin());
    }
    synced_cv_.notify_all();
    lock.unlock();
    for (auto& done : ready) done(true);
    lock.lock();
  }
  syncer_done_ = true;
  synced_cv_.notify_all();
}

uint64_t Engine::ActiveMemtableEntries() const {
  uint64_t entries = 0;
  if (!db_->GetIntProperty(Handle(Space::kData), "rocksdb.num-entries-active-mem-table", &entries)) {
    return 0;
  }
  return entries;
}

uint64_t Engine::WalSparesUsed() const {
  return wal_spare_fs_ == nullptr ? 0 : wal_spare_fs_->spares_used();
}

uint64_t Engine::Level0Files() const {
  uint64_t files = 0;
  if (!db_->GetIntProperty(Handle(Space::kData), "rocksdb.num-files-at-level0", &files)) return 0;
  return files;
}

void Engine::IdleFlushLoop() {
  // A memtable keeps every version of an item written since its last flush;
  // a Query over items overwritten many times steps over all of them (and
  // RocksDB reseeks past each item after 8), where a flushed table holds one.
  // So when writes have paused for a second, the active memtable is flushed.
  constexpr auto kPause = std::chrono::seconds(1);
  // Not worth a table file below this. (Entries, not bytes: a memtable's
  // size counts its Bloom filter, megabytes even when it is empty.)
  constexpr uint64_t kMinEntries = 4096;
  // Level 0 is compacted when it has two files, and until then a Query
  // merges the overlapping level-0 file that holds its partition with level
  // 1. So after a few more idle seconds a lone level-0 file is compacted too.
  constexpr int kIdleTicksBeforeCompaction = 3;
  uint64_t seen = writes_.load(std::memory_order_relaxed);
  bool flushed = true;
  bool compacted = true;
  int idle_ticks = 0;
  std::unique_lock lock(idle_mu_);
  while (!idle_cv_.wait_for(lock, kPause, [&] { return idle_stop_; })) {
    uint64_t now = writes_.load(std::memory_order_relaxed);
    if (now != seen) {
      seen = now;
      flushed = false;
      compacted = false;
      idle_ticks = 0;
      continue;
    }
    ++idle_ticks;
    if (!compacted && idle_ticks >= kIdleTicksBeforeCompaction) {
      lock.unlock();
      compacted = CompactLevel0();  // else a flush is still running: next tick
      lock.lock();
      continue;
    }
    if (flushed) continue;
    flushed = true;
    if (ActiveMemtableEntries() < kMinEntries) continue;
    rocksdb::FlushOptions flush;
    flush.wait = false;
    flush.allow_write_stall = true;
    lock.unlock();
    rocksdb::Status s = db_->Flush(flush, handles_[0]);
    if (!s.ok()) spdlog::warn("idle memtable flush failed: {}", s.ToString());
    lock.lock();
  }
}

bool Engine::CompactLevel0() {
  // The idle flush (or a full memtable's) must have produced its file
  // first; flushes are rate-limited and can outlast the idle ticks.
  uint64_t unflushed = 0;
  if (db_->GetIntProperty(Handle(Space::kData), "rocksdb.num-immutable-mem-table", &unflushed) &&
      unflushed > 0) {
    return false;
  }
  rocksdb::ColumnFamilyMetaData meta;
  db_->GetColumnFamilyMetaData(Handle(Space::kData), &meta);
  if (meta.levels.size() < 2 || meta.levels[0].files.empty()) return true;
  std::vector<std::string> inputs;
  for (const auto& file : meta.levels[0].files) {
    if (file.being_compacted) return true;  // RocksDB is on it already
    inputs.push_back(file.name);
  }
  // RocksDB adds the level-1 files that overlap; this thread does the work,
  // with the rate limiter as for any compaction.
  rocksdb::CompactionOptions compaction;
  // As the column family says (CompactFiles' own defaults are Snappy and a
  // single output file of any size).
  compaction.compression = rocksdb::kDisableCompressionOption;
  compaction.output_file_size_limit = kTargetFileBytes;
  rocksdb::Status s = db_->CompactFiles(compaction, Handle(Space::kData), inputs, 1);
  if (s.ok()) return true;
  // Lost races (RocksDB took the files first) and shutdown are expected.
  if (s.IsAborted() || s.IsInvalidArgument() || s.IsIncomplete()) {
    spdlog::debug("idle level-0 compaction skipped: {}", s.ToString());
  } else {
    spdlog::warn("idle level-0 compaction failed: {}", s.ToString());
  }
  return true;  // not retried until writes have come and paused again
}

std::unique_ptr<RangeIterator> Engine::Scan(Space space, std::string lower, std::string upper,
                                            bool reverse, std::optional<std::string> start) const {
  std::unique_ptr<RangeIterator> r(new RangeIterator());
  r->lower_ = std::move(lower);
  r->upper_ = std::move(upper);
  r->reverse_ = reverse;
  rocksdb::ReadOptions ro;
  // Prefix mode only where it cannot change the result: both bounds in one
  // partition prefix, so every key in range has that prefix too.
  ro.total_order_seek = !(space == Space::kData && r->lower_.size() >= kPartitionPrefixBytes &&
                          r->upper_.size() >= kPartitionPrefixBytes &&
                          r->lower_.compare(0, kPartitionPrefixBytes, r->upper_, 0,
                                            kPartitionPrefixBytes) == 0);
  // The range's far end as RocksDB's iterate bound: the iterator stops there
  // instead of stepping on over what follows, such as the tombstones of
  // items deleted from the next partition. (No change on the benchmark's
  // Query, whose pages end well inside their partition.)
  if (!reverse && !r->upper_.empty()) {
    r->bound_ = std::make_unique<rocksdb::Slice>(r->upper_);
    ro.iterate_upper_bound = r->bound_.get();
  } else if (reverse && !r->lower_.empty()) {
    r->bound_ = std::make_unique<rocksdb::Slice>(r->lower_);
    ro.iterate_lower_bound = r->bound_.get();
  }
  r->it_.reset(db_->NewIterator(ro, Handle(space)));
  if (!reverse) {
    r->it_->Seek(start ? rocksdb::Slice(*start) : rocksdb::Slice(r->lower_));
  } else if (start) {
    r->it_->SeekForPrev(rocksdb::Slice(*start));
  } else if (r->upper_.empty()) {
    r->it_->SeekToLast();
  } else {
    r->it_->SeekForPrev(rocksdb::Slice(r->upper_));
    if (r->it_->Valid() && r->it_->key() == rocksdb::Slice(r->upper_)) r->it_->Prev();
  }
  if (reverse && r->it_->Valid() && !r->upper_.empty() &&
      r->it_->key().compare(rocksdb::Slice(r->upper_)) >= 0) {
    r->it_->Prev();
  }
  return r;
}

ApiResult<Unit> Engine::DeleteRange(Space space, std::string_view lower, std::string_view upper) {
  rocksdb::WriteOptions wo;
  wo.sync = sync_writes_;
  rocksdb::Status s = db_->DeleteRange(wo, Handle(space), rocksdb::Slice(lower.data(), lower.size()),
                                       rocksdb::Slice(upper.data(), upper.size()));
  if (!s.ok()) return Fail(StorageError(s));
  return Unit{};
}

void Engine::Flush() {
  for (auto* h : handles_) db_->Flush(rocksdb::FlushOptions(), h);
  db_->FlushWAL(true);
}

}  // namespace magneto::storage
