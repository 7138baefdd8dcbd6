// StreamSequencer: sequence numbers for stream records, and the watermark
// below which every number is final. Writers take a number before their batch
// commits, so numbers can commit out of order; readers only read up to the
// watermark, so a reader never skips a record that commits later.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>

namespace magneto::streams {

class StreamSequencer {
 public:
  // Continues after the largest number found in storage.
  void Recover(uint64_t largest_stored);
  uint64_t Allocate();
  // The number's record committed, or its write failed.
  void Finish(uint64_t seq);
  // Every number <= Watermark() is committed or abandoned.
  uint64_t Watermark() const;

 private:
  mutable std::mutex mu_;
  uint64_t next_ = 1;          // guarded by mu_
  std::set<uint64_t> inflight_;  // guarded by mu_
};

}  // namespace magneto::streams
