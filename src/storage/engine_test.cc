// Engine behaviour that the layers above rely on but do not see directly.

#include "storage/engine.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "storage/failing_sync_fs.h"
#include "storage/wal_watch.h"

namespace magneto::storage {
namespace {

std::unique_ptr<Engine> OpenInMemory() {
  EngineOptions options;
  options.in_memory = true;
  return Engine::Open(options).value();
}

void WriteItems(Engine& engine, int count, size_t value_bytes) {
  for (int i = 0; i < count; ++i) {
    Batch batch = engine.NewBatch();
    batch.Put(Space::kData, "item-" + std::to_string(i), std::string(value_bytes, 'v'));
    ASSERT_TRUE(engine.Write(batch).ok());
  }
}

TEST(EngineTest, IdleFlushEmptiesTheMemtableOnceWritesPause) {
  auto engine = OpenInMemory();
  WriteItems(*engine, 6000, 1024);  // over the idle flush's minimum of 4,096 writes
  ASSERT_EQ(engine->ActiveMemtableEntries(), 6000u);
  // Writes have stopped: within a few seconds the memtable is flushed.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engine->ActiveMemtableEntries() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(engine->ActiveMemtableEntries(), 0u);
  auto value = engine->Get(Space::kData, "item-5999");
  ASSERT_TRUE(value.ok());
  ASSERT_TRUE(value->has_value());
  EXPECT_EQ((*value)->size(), 1024u);
}

TEST(EngineTest, IdleCompactionEmptiesLevelZero) {
  auto engine = OpenInMemory();
  WriteItems(*engine, 6000, 1024);
  // The idle flush makes one level-0 file, which RocksDB alone would keep
  // until a second one came; a few idle seconds later it is compacted.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  bool flushed_and_compacted = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (engine->ActiveMemtableEntries() == 0 && engine->Level0Files() == 0) {
      flushed_and_compacted = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(flushed_and_compacted);
  int found = 0;
  for (auto it = engine->Scan(Space::kData, "item-", "item."); it->Valid(); it->Next()) {
    EXPECT_EQ(it->value().size(), 1024u);
    ++found;
  }
  EXPECT_EQ(found, 6000);
}

TEST(EngineTest, SmallMemtablesAreNotFlushedWhenIdle) {
  auto engine = OpenInMemory();
  WriteItems(*engine, 100, 1024);
  ASSERT_EQ(engine->ActiveMemtableEntries(), 100u);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(engine->ActiveMemtableEntries(), 100u);
}

TEST(EngineTest, ScanStopsAtTheUpperBound) {
  auto engine = OpenInMemory();
  for (const char* key : {"a1", "b1", "b2", "b3", "c1"}) {
    Batch batch = engine->NewBatch();
    batch.Put(Space::kData, key, "x");
    ASSERT_TRUE(engine->Write(batch).ok());
  }
  std::string seen;
  for (auto it = engine->Scan(Space::kData, "b", "c"); it->Valid(); it->Next()) {
    seen += std::string(it->key()) + " ";
  }
  EXPECT_EQ(seen, "b1 b2 b3 ");
  seen.clear();
  for (auto it = engine->Scan(Space::kData, "b", "c", /*reverse=*/true); it->Valid(); it->Next()) {
    seen += std::string(it->key()) + " ";
  }
  EXPECT_EQ(seen, "b3 b2 b1 ");
}

TEST(EngineTest, AFailedWalSyncFailsEveryWriteNotYetSyncedInsteadOfHangingOrAcknowledgingIt) {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "magneto-engine-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  auto failing = std::make_shared<FailingSyncFileSystem>();
  {
    EngineOptions options;
    options.path = dir;
    options.wal_spare_bytes = 1 << 20;  // WALs started from a spare, as by default
    options.file_system = failing;
    auto engine = Engine::Open(options).value();
    Batch first = engine->NewBatch();
    first.Put(Space::kData, "a", "1");
    ASSERT_TRUE(engine->Write(first).ok());

    failing->set_failing(true);
    auto write = std::async(std::launch::async, [&] {
      Batch batch = engine->NewBatch();
      batch.Put(Space::kData, "b", "2");
      return engine->Write(batch);
    });
    ASSERT_EQ(write.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto result = write.get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().type(), "InternalServerError");
    EXPECT_TRUE(engine->DurabilityLost());

    // Nor is any later write acknowledged, even once syncs work again: the
    // pages of the failed sync may be gone.
    failing->set_failing(false);
    std::optional<bool> later;
    engine->WhenDurable(engine->SyncedTicket() + 1, [&](bool durable) { later = durable; });
    EXPECT_EQ(later, std::optional<bool>(false));
  }  // and closing the engine does not wait for the failed sync either
  fs::remove_all(dir);
}

TEST(WalWatchTest, ReportsFailedSyncsOfWalFilesOnly) {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "magneto-wal-watch-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  auto failing = std::make_shared<FailingSyncFileSystem>();
  int reported = 0;
  WalWatchFileSystem watch(failing, [&](const rocksdb::IOStatus&) { ++reported; });
  std::unique_ptr<rocksdb::FSWritableFile> wal, table;
  ASSERT_TRUE(watch.NewWritableFile(dir + "/000007.log", {}, &wal, nullptr).ok());
  ASSERT_TRUE(watch.NewWritableFile(dir + "/000008.sst", {}, &table, nullptr).ok());
  ASSERT_TRUE(wal->Append("record", {}, nullptr).ok());
  ASSERT_TRUE(wal->Sync({}, nullptr).ok());
  EXPECT_EQ(reported, 0);

  failing->set_failing(true);  // fails syncs of *.log files
  EXPECT_FALSE(wal->Sync({}, nullptr).ok());
  EXPECT_EQ(reported, 1);
  EXPECT_TRUE(table->Sync({}, nullptr).ok());  // not a WAL: not failed, not watched
  EXPECT_EQ(reported, 1);
  wal.reset();
  table.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace magneto::storage
