// A log-linear latency histogram (HdrHistogram-style) with bounded relative error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace magneto::bench {

// Records non-negative 64-bit values (the bench uses nanoseconds). Values below
// 2^kSubBits are exact; above, each power-of-two range is split into 2^(kSubBits-1)
// equal buckets, so a reported value is within 1/2^kSubBits (0.2%) of a recorded one:
// percentiles are reported at the middle of their bucket. Not thread-safe: keep one
// per thread and Merge() them.
class Histogram {
 public:
  static constexpr int kSubBits = 9;

  Histogram();

  void Record(uint64_t value);
  void Merge(const Histogram& other);
  void Reset();

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  // Exact mean of the recorded values (integer division of the exact sum).
  uint64_t Mean() const { return count_ ? static_cast<uint64_t>(sum_ / count_) : 0; }
  // The value at percentile p = p_times_1000 / 1000 (e.g. 99900 is p99.9): the smallest
  // bucket whose cumulative count reaches ceil(count * p), reported at its midpoint and
  // clamped to [min, max]. 0 for an empty histogram.
  uint64_t Percentile(uint32_t p_times_1000) const;

  // Bucket mapping, exposed for tests.
  static size_t BucketOf(uint64_t value);
  static uint64_t BucketLow(size_t bucket);
  static uint64_t BucketHigh(size_t bucket);  // inclusive
  static size_t BucketCount();

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  unsigned __int128 sum_ = 0;
};

}  // namespace magneto::bench
