// IdempotencyCache: the ClientRequestToken memory of TransactWriteItems. A
// token binds to the fingerprint of the first request that used it; a retry
// with the same parameters gets the first result instead of running again.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace magneto::txn {

// A 128-bit digest of a request's canonical parameters (two independent
// 64-bit FNV-1a hashes plus the length). Not cryptographic: it tells apart
// honest retries from changed requests, not a forger's collisions.
struct Fingerprint {
  uint64_t h1 = 0;
  uint64_t h2 = 0;
  uint64_t size = 0;
  static Fingerprint Of(std::string_view canonical);
  bool operator==(const Fingerprint&) const = default;
};

// DynamoDB's rules (API reference, TransactWriteItems.ClientRequestToken, and
// observed behaviour):
//  - a token is valid for 10 minutes after the first request that used it
//    completed; after that the same token is a new request;
//  - the same token and parameters within the window: the first (successful)
//    result, nothing applied again;
//  - the same token with other parameters: IdempotentParameterMismatch, also
//    when the first use was cancelled (a cancelled use keeps no result but
//    reserves its parameters, and a retry of it runs again);
//  - the same token while its first use is still running: TransactionInProgress.
// Memory only: a restart forgets every token. Thread-safe.
class IdempotencyCache {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes kWindow{10};

  enum class Verdict {
    kProceed,     // run the request; then call Complete, Cancel or Release
    kReplay,      // answer `response` (the first result) without running
    kMismatch,    // IdempotentParameterMismatchException
    kInProgress,  // TransactionInProgressException
  };
  struct Claim {
    Verdict verdict = Verdict::kProceed;
    std::string response;  // for kReplay
  };

  // Looks the token up and, on kProceed, marks it in flight for `fingerprint`.
  Claim Begin(const std::string& token, const Fingerprint& fingerprint,
              Clock::time_point now = Clock::now());
  // The request that got kProceed committed: its response is the result of
  // every retry until `now` + kWindow.
  void Complete(const std::string& token, std::string response,
                Clock::time_point now = Clock::now());
  // The request that got kProceed was cancelled: no result is kept, but the
  // parameters stay reserved until `now` + kWindow.
  void Cancel(const std::string& token, Clock::time_point now = Clock::now());
  // The request that got kProceed failed for another reason (e.g. an internal
  // error): the token returns to what it was before Begin.
  void Release(const std::string& token);

  // Tokens remembered, including expired ones not yet swept (for tests).
  size_t size() const;

 private:
  enum class State { kInFlight, kCompleted, kCancelled };
  struct Entry {
    Fingerprint fingerprint;
    State state = State::kInFlight;
    std::string response;        // kCompleted
    Clock::time_point expires;   // kCompleted / kCancelled
    bool was_cancelled = false;  // kInFlight: the state Release returns to
    Clock::time_point was_expires;
  };
  // Drops expired entries, at most once a minute (amortized O(1) per call).
  void SweepLocked(Clock::time_point now);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  Clock::time_point last_sweep_{};                  // guarded by mu_
};

// A token claimed with IdempotencyCache::Begin: completed with the answer,
// cancelled, or (on every other path, e.g. an error) released on destruction.
class TokenClaim {
 public:
  TokenClaim(IdempotencyCache& cache, std::optional<std::string> token)
      : cache_(cache), token_(std::move(token)) {}
  TokenClaim(const TokenClaim&) = delete;
  TokenClaim& operator=(const TokenClaim&) = delete;
  ~TokenClaim() {
    if (token_) cache_.Release(*token_);
  }
  void Complete(std::string response) {
    if (token_) cache_.Complete(*token_, std::move(response));
    token_.reset();
  }
  void Cancel() {
    if (token_) cache_.Cancel(*token_);
    token_.reset();
  }

 private:
  IdempotencyCache& cache_;
  std::optional<std::string> token_;
};

}  // namespace magneto::txn
