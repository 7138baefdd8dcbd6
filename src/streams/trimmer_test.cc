// Unit tests of the retention trimmer over an in-memory engine.

#include "streams/trimmer.h"

#include <gtest/gtest.h>

#include "storage/key_codec.h"
#include "streams/records.h"

namespace magneto::streams {
namespace {

class TrimmerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::EngineOptions options;
    options.in_memory = true;
    auto engine = storage::Engine::Open(options);
    ASSERT_TRUE(engine.ok());
    engine_ = std::move(*engine);
    auto catalog = schema::Catalog::Load(engine_.get());
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(*catalog);
    schema::TableDef def;
    def.name = "orders";
    def.status = schema::TableStatus::kActive;
    def.hash_key = {"p", model::Type::kS};
    schema::StreamDef old_stream;
    old_stream.label = "2020-01-01T00:00:00.000";
    old_stream.enabled = false;
    old_stream.disabled_ms = 500;
    schema::StreamDef live;
    live.label = "2020-01-01T00:00:01.000";
    def.streams = {old_stream, live};
    auto table = catalog_->Create(def);
    ASSERT_TRUE(table.ok());
    old_id_ = (*table)->streams[0].id;
    live_id_ = (*table)->streams[1].id;
  }

  void PutRecord(uint32_t stream_id, int64_t created_ms) {
    Record r;
    r.sequence = sequencer_.Allocate();
    r.created_ms = created_ms;
    r.keys.emplace("p", model::AttributeValue::S("k"));
    storage::Batch batch = engine_->NewBatch();
    batch.Put(storage::Space::kData, RecordKey(stream_id, r.sequence), EncodeRecord(r));
    ASSERT_TRUE(engine_->Write(batch).ok());
    sequencer_.Finish(r.sequence);
  }

  std::vector<uint64_t> Sequences(uint32_t stream_id) {
    std::vector<uint64_t> out;
    auto it = engine_->Scan(storage::Space::kData, RecordKey(stream_id, 0),
                            RecordKey(stream_id, UINT64_MAX));
    for (; it->Valid(); it->Next()) out.push_back(SequenceOf(it->key()));
    return out;
  }

  std::optional<std::string> Marker(uint32_t stream_id) {
    auto v = engine_->Get(storage::Space::kData, TrimMarkerKey(stream_id));
    return v.ok() ? *v : std::nullopt;
  }

  std::unique_ptr<storage::Engine> engine_;
  std::unique_ptr<schema::Catalog> catalog_;
  StreamSequencer sequencer_;
  uint32_t old_id_ = 0, live_id_ = 0;
};

TEST_F(TrimmerTest, TrimsOldRecordsAndMarksTheHorizon) {
  PutRecord(old_id_, 100);    // seq 1
  PutRecord(live_id_, 100);   // seq 2
  PutRecord(live_id_, 900);   // seq 3
  PutRecord(live_id_, 2000);  // seq 4
  StreamTrimmer trimmer(catalog_.get(), engine_.get(), &sequencer_, /*retention_ms=*/1000);
  trimmer.RunOnce(/*now_ms=*/1950);  // cutoff 950: records created before it go
  EXPECT_EQ(Sequences(live_id_), (std::vector<uint64_t>{4}));
  EXPECT_EQ(Marker(live_id_), SequenceString(3));
  // The disabled stream (disabled at 500 < cutoff) lost its only record: it is dropped.
  EXPECT_TRUE(Sequences(old_id_).empty());
  auto table = catalog_->Find("orders");
  ASSERT_EQ(table->streams.size(), 1u);
  EXPECT_EQ(table->streams[0].id, live_id_);
  EXPECT_FALSE(Marker(old_id_));
}

TEST_F(TrimmerTest, KeepsYoungRecordsAndRecentlyDisabledStreams) {
  PutRecord(live_id_, 5000);
  StreamTrimmer trimmer(catalog_.get(), engine_.get(), &sequencer_, /*retention_ms=*/1000);
  trimmer.RunOnce(/*now_ms=*/1400);  // cutoff 400: the old stream was disabled at 500
  EXPECT_EQ(Sequences(live_id_).size(), 1u);
  EXPECT_FALSE(Marker(live_id_));
  EXPECT_EQ(catalog_->Find("orders")->streams.size(), 2u);
}

TEST_F(TrimmerTest, NeverTrimsAboveTheWatermark) {
  uint64_t inflight = sequencer_.Allocate();  // a write still in flight
  PutRecord(live_id_, 100);
  StreamTrimmer trimmer(catalog_.get(), engine_.get(), &sequencer_, /*retention_ms=*/1000);
  trimmer.RunOnce(/*now_ms=*/5000);
  EXPECT_EQ(Sequences(live_id_).size(), 1u);  // above the watermark: left alone
  sequencer_.Finish(inflight);
  trimmer.RunOnce(/*now_ms=*/5000);
  EXPECT_TRUE(Sequences(live_id_).empty());
}

TEST_F(TrimmerTest, StartsAndStops) {
  StreamTrimmer trimmer(catalog_.get(), engine_.get(), &sequencer_, /*retention_ms=*/100);
  trimmer.Start();
  trimmer.Stop();
}

}  // namespace
}  // namespace magneto::streams
