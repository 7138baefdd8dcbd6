// Log-linear histogram: exact below 2^kSubBits, then 2^(kSubBits-1) linear buckets per
// power of two, like HdrHistogram with 2-3 significant digits.

#include "histogram.h"

#include <algorithm>
#include <bit>

namespace magneto::bench {

namespace {
constexpr uint64_t kLinear = uint64_t{1} << Histogram::kSubBits;  // exact range
constexpr uint64_t kHalf = kLinear / 2;                           // buckets per octave above
}  // namespace

size_t Histogram::BucketCount() { return kLinear + (64 - kSubBits) * kHalf; }

size_t Histogram::BucketOf(uint64_t value) {
  if (value < kLinear) return static_cast<size_t>(value);
  int msb = 63 - std::countl_zero(value);
  int shift = msb - (kSubBits - 1);  // >= 1
  uint64_t sub = value >> shift;     // in [kHalf, kLinear)
  return static_cast<size_t>(kLinear + (shift - 1) * kHalf + (sub - kHalf));
}

uint64_t Histogram::BucketLow(size_t bucket) {
  if (bucket < kLinear) return bucket;
  size_t rel = bucket - kLinear;
  int shift = static_cast<int>(rel / kHalf) + 1;
  uint64_t sub = kHalf + rel % kHalf;
  return sub << shift;
}

uint64_t Histogram::BucketHigh(size_t bucket) {
  if (bucket < kLinear) return bucket;
  size_t rel = bucket - kLinear;
  int shift = static_cast<int>(rel / kHalf) + 1;
  return BucketLow(bucket) + ((uint64_t{1} << shift) - 1);
}

Histogram::Histogram() : counts_(BucketCount(), 0) {}

void Histogram::Record(uint64_t value) {
  ++counts_[BucketOf(value)];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
}

void Histogram::Merge(const Histogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void Histogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
  sum_ = 0;
}

uint64_t Histogram::Percentile(uint32_t p_times_1000) const {
  if (count_ == 0) return 0;
  // rank = ceil(count * p / 100000), at least 1.
  unsigned __int128 num = static_cast<unsigned __int128>(count_) * p_times_1000;
  uint64_t rank = static_cast<uint64_t>((num + 99999) / 100000);
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      uint64_t low = BucketLow(i), high = BucketHigh(i);
      uint64_t mid = low + (high - low) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

}  // namespace magneto::bench
