// WAL files that start as zero-filled spares: RocksDB must recover every
// durable write from a crash image whose WAL ends in zeros, whether the
// writes stayed within the spare or went past its end.

#include "storage/wal_spare.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "storage/engine.h"

namespace magneto::storage {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSpareBytes = 1 << 20;

class WalSpareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "magneto-wal-spare-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::unique_ptr<Engine> Open(const fs::path& dir, uint64_t spare_bytes) {
    EngineOptions options;
    options.path = dir.string();
    options.wal_spare_bytes = spare_bytes;
    return Engine::Open(options).value();
  }
  static void Write(Engine& engine, int from, int to) {
    for (int i = from; i < to; ++i) {
      Batch batch = engine.NewBatch();
      batch.Put(Space::kData, "item-" + std::to_string(i), std::string(1000, 'a' + i % 26));
      ASSERT_TRUE(engine.Write(batch).ok());  // durable on return
    }
  }
  // What a crash would leave: the files as they are now, the engine still open.
  fs::path CrashImage(const fs::path& dir, const std::string& name) {
    fs::path image = root_ / name;
    fs::copy(dir, image, fs::copy_options::recursive);
    return image;
  }
  static uint64_t LargestWal(const fs::path& dir) {
    uint64_t largest = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".log") largest = std::max<uint64_t>(largest, entry.file_size());
    }
    return largest;
  }
  static void ExpectItems(const fs::path& image, int count) {
    auto engine = Open(image, 0);
    for (int i = 0; i < count; ++i) {
      auto v = engine->Get(Space::kData, "item-" + std::to_string(i));
      ASSERT_TRUE(v.ok());
      ASSERT_TRUE(v->has_value()) << "item-" << i << " lost";
      EXPECT_EQ(**v, std::string(1000, 'a' + i % 26));
    }
    auto next = engine->Get(Space::kData, "item-" + std::to_string(count));
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next->has_value());
  }

  fs::path root_;
};

TEST_F(WalSpareTest, CrashImagesRecoverEveryDurableWrite) {
  fs::path dir = root_ / "db";
  auto engine = Open(dir, kSpareBytes);
  EXPECT_EQ(engine->WalSparesUsed(), 1u);  // the WAL opened with the database
  // Within the spare: the WAL ends in zeros.
  Write(*engine, 0, 300);
  fs::path inside = CrashImage(dir, "inside");
  EXPECT_GE(LargestWal(inside), kSpareBytes);
  // Past the spare's end: the WAL grows by appending, as without a spare.
  Write(*engine, 300, 1500);
  fs::path beyond = CrashImage(dir, "beyond");
  EXPECT_GT(LargestWal(beyond), kSpareBytes);
  ExpectItems(inside, 300);
  ExpectItems(beyond, 1500);
}

TEST_F(WalSpareTest, WithoutSparesNoneIsWritten) {
  fs::path dir = root_ / "db";
  auto engine = Open(dir, 0);
  Write(*engine, 0, 10);
  EXPECT_EQ(engine->WalSparesUsed(), 0u);
  EXPECT_FALSE(fs::exists(dir / "magneto-wal-spare"));
  EXPECT_LT(LargestWal(dir), kSpareBytes);
}

TEST_F(WalSpareTest, ReopeningStartsTheNextWalFromASpare) {
  fs::path dir = root_ / "db";
  {
    auto engine = Open(dir, kSpareBytes);
    Write(*engine, 0, 100);
  }
  auto engine = Open(dir, kSpareBytes);
  EXPECT_EQ(engine->WalSparesUsed(), 1u);
  Write(*engine, 100, 200);
  engine.reset();
  ExpectItems(dir, 200);
}

TEST_F(WalSpareTest, ASecondEngineCannotOpenTheSameDirectory) {
  fs::path dir = root_ / "db";
  auto engine = Open(dir, kSpareBytes);
  EngineOptions options;
  options.path = dir.string();
  EXPECT_FALSE(Engine::Open(options).ok());
  Write(*engine, 0, 10);  // the first is undisturbed
  engine.reset();
  ExpectItems(dir, 10);
}

// Log files in RocksDB's format, written by hand: records of `payload` bytes
// (header: 4 checksum bytes, 2 length bytes, type 1 = a whole record).
class WalHoleTest : public WalSpareTest {
 protected:
  static void AddRecord(std::string& log, size_t payload) {
    bool first = true;
    while (true) {
      size_t left = 32768 - log.size() % 32768;
      if (left < 7) {
        log.append(left, '\0');  // the block's trailer
        left = 32768;
      }
      size_t part = std::min(payload, left - 7);
      bool last = part == payload;
      // Types: 1 whole, 2 first, 3 middle, 4 last fragment.
      char type = first ? (last ? 1 : 2) : (last ? 4 : 3);
      log += std::string("\x11\x22\x33\x44", 4);
      log += static_cast<char>(part & 0xff);
      log += static_cast<char>(part >> 8);
      log += type;
      log.append(part, 'p');
      payload -= part;
      first = false;
      if (last) return;
    }
  }
  std::string WriteLog(const std::string& bytes) {
    std::string path = (root_ / "000009.log").string();
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    return path;
  }
};

TEST_F(WalHoleTest, ZerosAfterTheLastRecordAreLeftAlone) {
  std::string log;
  for (int i = 0; i < 40; ++i) AddRecord(log, 1000);
  log.append(100000, '\0');
  std::string path = WriteLog(log);
  EXPECT_FALSE(CutWalAtHole(path));
  EXPECT_EQ(fs::file_size(path), log.size());
}

TEST_F(WalHoleTest, AFileWithoutZerosIsLeftAlone) {
  std::string log;
  for (int i = 0; i < 100; ++i) AddRecord(log, 700 + i);  // block trailers included
  std::string path = WriteLog(log);
  EXPECT_FALSE(CutWalAtHole(path));
  EXPECT_EQ(fs::file_size(path), log.size());
}

TEST_F(WalHoleTest, DataAfterAZeroHeaderIsCutOff) {
  std::string log;
  for (int i = 0; i < 10; ++i) AddRecord(log, 1000);
  size_t hole = log.size();
  log.append(40000, '\0');  // the lost part of an interrupted sync
  log.resize((log.size() / 32768 + 1) * 32768, '\0');
  for (int i = 0; i < 5; ++i) AddRecord(log, 1000);  // blocks of it that did arrive
  log.append(5000, '\0');
  std::string path = WriteLog(log);
  EXPECT_TRUE(CutWalAtHole(path));
  EXPECT_EQ(fs::file_size(path), hole);
  EXPECT_EQ(CutWalsAtHoles(root_.string()), 0);  // nothing left to cut
}

}  // namespace
}  // namespace magneto::storage
