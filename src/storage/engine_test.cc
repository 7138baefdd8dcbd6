// Engine behaviour that the layers above rely on but do not see directly.

#include "storage/engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

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

}  // namespace
}  // namespace magneto::storage
