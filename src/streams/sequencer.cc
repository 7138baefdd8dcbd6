// Stream sequence numbers and the commit watermark.

#include "streams/sequencer.h"

#include <algorithm>

namespace magneto::streams {

void StreamSequencer::Recover(uint64_t largest_stored) {
  std::lock_guard lock(mu_);
  next_ = std::max(next_, largest_stored + 1);
}

uint64_t StreamSequencer::Allocate() {
  std::lock_guard lock(mu_);
  uint64_t seq = next_++;
  inflight_.insert(seq);
  return seq;
}

void StreamSequencer::Finish(uint64_t seq) {
  std::lock_guard lock(mu_);
  inflight_.erase(seq);
}

uint64_t StreamSequencer::Watermark() const {
  std::lock_guard lock(mu_);
  return inflight_.empty() ? next_ - 1 : *inflight_.begin() - 1;
}

}  // namespace magneto::streams
