// StreamTrimmer: DynamoDB keeps stream records for 24 hours. A background
// thread deletes older records (by sequence order, with one range delete per
// stream) and drops disabled streams whose records are all gone from their
// table's definition.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "schema/catalog.h"
#include "storage/engine.h"
#include "streams/sequencer.h"

namespace magneto::streams {

// DynamoDB's retention of stream records.
constexpr int64_t kDefaultRetentionMs = 24 * 60 * 60 * 1000;

// The key under which the trimmer notes the sequence number of the newest
// record it removed from a stream (SequenceString text). It is the stream's
// bare storage prefix: it sorts before every record, and dropping the stream's
// prefix drops it too. Readers use it to tell "trimmed" from "never written".
std::string TrimMarkerKey(uint32_t stream_id);

class StreamTrimmer {
 public:
  // REQUIRES: the pointers outlive the trimmer. `retention_ms` > 0.
  StreamTrimmer(schema::Catalog* catalog, storage::Engine* engine, StreamSequencer* sequencer,
                int64_t retention_ms);
  ~StreamTrimmer();  // stops the thread
  StreamTrimmer(const StreamTrimmer&) = delete;
  StreamTrimmer& operator=(const StreamTrimmer&) = delete;

  // Runs RunOnce every retention/10 (between 50 ms and 1 minute).
  void Start();
  void Stop();
  // One pass over every stream of every table, as of `now_ms`.
  void RunOnce(int64_t now_ms);

 private:
  // Deletes the stream's records created before `cutoff_ms`; returns whether
  // any record is left.
  bool TrimStream(uint32_t stream_id, int64_t cutoff_ms, uint64_t watermark);
  void Loop();

  schema::Catalog* catalog_;
  storage::Engine* engine_;
  StreamSequencer* sequencer_;
  const int64_t retention_ms_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace magneto::streams
