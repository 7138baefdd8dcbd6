// The retention trimmer of stream records and of spent disabled streams.

#include "streams/trimmer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "storage/key_codec.h"
#include "streams/records.h"

namespace magneto::streams {

std::string TrimMarkerKey(uint32_t stream_id) { return storage::TablePrefix(stream_id); }

StreamTrimmer::StreamTrimmer(schema::Catalog* catalog, storage::Engine* engine,
                             StreamSequencer* sequencer, int64_t retention_ms)
    : catalog_(catalog), engine_(engine), sequencer_(sequencer), retention_ms_(retention_ms) {}

StreamTrimmer::~StreamTrimmer() { Stop(); }

void StreamTrimmer::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void StreamTrimmer::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StreamTrimmer::Loop() {
  auto interval = std::chrono::milliseconds(std::clamp<int64_t>(retention_ms_ / 10, 50, 60'000));
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    RunOnce(schema::NowMillis());
    lock.lock();
    wake_.wait_for(lock, interval, [this] { return stop_; });
  }
}

bool StreamTrimmer::TrimStream(uint32_t stream_id, int64_t cutoff_ms, uint64_t watermark) {
  // Records above the watermark may still be in flight; they are new anyway.
  uint64_t newest_old = 0;
  auto it = engine_->Scan(storage::Space::kData, RecordKey(stream_id, 0),
                          RecordKey(stream_id, watermark + 1));
  for (; it->Valid(); it->Next()) {
    Record record;
    if (!DecodeRecord(it->key(), it->value(), &record)) break;
    if (record.created_ms >= cutoff_ms) break;
    newest_old = record.sequence;
  }
  it.reset();
  if (newest_old != 0) {
    // The marker goes first: a reader may then refuse a record that is about
    // to go, but never silently skips one that is gone.
    storage::Batch batch = engine_->NewBatch();
    batch.Put(storage::Space::kData, TrimMarkerKey(stream_id), SequenceString(newest_old));
    if (auto r = engine_->Write(batch); !r.ok()) {
      spdlog::warn("stream trimmer: cannot mark stream {}: {}", stream_id, r.error().message());
      return true;
    }
    if (auto r = engine_->DeleteRange(storage::Space::kData, RecordKey(stream_id, 0),
                                      RecordKey(stream_id, newest_old + 1));
        !r.ok()) {
      spdlog::warn("stream trimmer: cannot trim stream {}: {}", stream_id, r.error().message());
    }
  }
  std::string prefix = storage::TablePrefix(stream_id);
  auto left = engine_->Scan(storage::Space::kData, RecordKey(stream_id, 0),
                            storage::PrefixSuccessor(prefix));
  return left->Valid();
}

void StreamTrimmer::RunOnce(int64_t now_ms) {
  int64_t cutoff = now_ms - retention_ms_;
  uint64_t watermark = sequencer_->Watermark();
  for (const schema::TablePtr& table : catalog_->List()) {
    std::vector<uint32_t> spent;
    for (const schema::StreamDef& stream : table->streams) {
      bool has_records = TrimStream(stream.id, cutoff, watermark);
      // Disabled long enough ago that any record it has would be trimmed.
      if (!stream.enabled && stream.disabled_ms < cutoff && !has_records) {
        spent.push_back(stream.id);
      }
    }
    if (spent.empty()) continue;
    auto updated = catalog_->Update(table->name, [&](schema::TableDef& def) {
      std::erase_if(def.streams, [&](const schema::StreamDef& s) {
        return !s.enabled && std::find(spent.begin(), spent.end(), s.id) != spent.end();
      });
      return ApiResult<Unit>(Unit{});
    });
    if (!updated.ok()) continue;  // the table was deleted meanwhile
    for (uint32_t id : spent) {
      std::string prefix = storage::TablePrefix(id);
      if (auto r =
              engine_->DeleteRange(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix));
          !r.ok()) {
        spdlog::warn("stream trimmer: cannot drop stream {}: {}", id, r.error().message());
      }
    }
  }
}

}  // namespace magneto::streams
