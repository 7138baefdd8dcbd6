// The ClientRequestToken cache of TransactWriteItems: fingerprints, claims,
// results and their 10-minute expiry.

#include "txn/idempotency.h"

namespace magneto::txn {

namespace {

uint64_t Fnv1a64(std::string_view s, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

Fingerprint Fingerprint::Of(std::string_view canonical) {
  // The standard offset basis, and a second, unrelated one for independence.
  return {Fnv1a64(canonical, 14695981039346656037ull), Fnv1a64(canonical, 0x9e3779b97f4a7c15ull),
          canonical.size()};
}

IdempotencyCache::Claim IdempotencyCache::Begin(const std::string& token,
                                                const Fingerprint& fingerprint,
                                                Clock::time_point now) {
  std::lock_guard lock(mu_);
  SweepLocked(now);
  auto it = entries_.find(token);
  bool live =
      it != entries_.end() && (it->second.state == State::kInFlight || it->second.expires > now);
  if (!live) {
    Entry e;
    e.fingerprint = fingerprint;
    entries_.insert_or_assign(token, std::move(e));
    return {};
  }
  Entry& e = it->second;
  if (e.fingerprint != fingerprint) return {Verdict::kMismatch, {}};
  switch (e.state) {
    case State::kInFlight:
      return {Verdict::kInProgress, {}};
    case State::kCompleted:
      return {Verdict::kReplay, e.response};
    case State::kCancelled:
      // A cancelled use kept no result: run again, remembering the
      // reservation in case this run is released.
      e.state = State::kInFlight;
      e.was_cancelled = true;
      e.was_expires = e.expires;
      return {};
  }
  return {};
}

void IdempotencyCache::Complete(const std::string& token, std::string response,
                                Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  it->second.state = State::kCompleted;
  it->second.response = std::move(response);
  it->second.expires = now + kWindow;
}

void IdempotencyCache::Cancel(const std::string& token, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  it->second.state = State::kCancelled;
  it->second.expires = now + kWindow;
}

void IdempotencyCache::Release(const std::string& token) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token);
  if (it == entries_.end() || it->second.state != State::kInFlight) return;
  if (!it->second.was_cancelled) {
    entries_.erase(it);
    return;
  }
  it->second.state = State::kCancelled;
  it->second.expires = it->second.was_expires;
}

size_t IdempotencyCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void IdempotencyCache::SweepLocked(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.state != State::kInFlight && it->second.expires <= now) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace magneto::txn
