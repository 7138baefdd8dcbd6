// Unit tests of the ClientRequestToken cache.

#include "txn/idempotency.h"

#include <gtest/gtest.h>

namespace magneto::txn {
namespace {

using Verdict = IdempotencyCache::Verdict;
using Clock = IdempotencyCache::Clock;

const Fingerprint kA = Fingerprint::Of(R"({"TransactItems":[1]})");
const Fingerprint kB = Fingerprint::Of(R"({"TransactItems":[2]})");

TEST(Fingerprint, DistinguishesAndRepeats) {
  EXPECT_EQ(kA, Fingerprint::Of(R"({"TransactItems":[1]})"));
  EXPECT_NE(kA, kB);
  EXPECT_NE(Fingerprint::Of(""), Fingerprint::Of("x"));
}

TEST(IdempotencyCache, FirstUseProceedsAndRetryReplays) {
  IdempotencyCache cache;
  Clock::time_point t0{};
  t0 += std::chrono::hours(1);
  EXPECT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  cache.Complete("tok", "{\"r\":1}", t0);
  auto again = cache.Begin("tok", kA, t0 + std::chrono::minutes(9));
  EXPECT_EQ(again.verdict, Verdict::kReplay);
  EXPECT_EQ(again.response, "{\"r\":1}");
}

TEST(IdempotencyCache, OtherParametersMismatch) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  EXPECT_EQ(cache.Begin("tok", kB, t0).verdict, Verdict::kMismatch);  // in flight
  cache.Complete("tok", "{}", t0);
  EXPECT_EQ(cache.Begin("tok", kB, t0).verdict, Verdict::kMismatch);
  // Another token is independent.
  EXPECT_EQ(cache.Begin("other", kB, t0).verdict, Verdict::kProceed);
}

TEST(IdempotencyCache, InFlightIsInProgress) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  EXPECT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kInProgress);
  // In-flight claims never expire.
  EXPECT_EQ(cache.Begin("tok", kA, t0 + std::chrono::hours(2)).verdict, Verdict::kInProgress);
}

TEST(IdempotencyCache, ExpiresTenMinutesAfterCompletion) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  cache.Complete("tok", "{}", t0 + std::chrono::minutes(5));
  EXPECT_EQ(cache.Begin("tok", kB, t0 + std::chrono::minutes(14)).verdict, Verdict::kMismatch);
  EXPECT_EQ(cache.Begin("tok", kB, t0 + std::chrono::minutes(15)).verdict, Verdict::kProceed);
}

TEST(IdempotencyCache, CancelledUseRunsAgainButReservesParameters) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  cache.Cancel("tok", t0);
  EXPECT_EQ(cache.Begin("tok", kB, t0).verdict, Verdict::kMismatch);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  cache.Complete("tok", "{\"ok\":1}", t0);
  EXPECT_EQ(cache.Begin("tok", kA, t0).response, "{\"ok\":1}");
}

TEST(IdempotencyCache, ReleaseRestoresThePreviousState) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  ASSERT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kProceed);
  cache.Release("tok");
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Begin("tok", kB, t0).verdict, Verdict::kProceed);
  cache.Cancel("tok", t0);
  ASSERT_EQ(cache.Begin("tok", kB, t0).verdict, Verdict::kProceed);
  cache.Release("tok");
  // Back to the cancelled reservation of kB.
  EXPECT_EQ(cache.Begin("tok", kA, t0).verdict, Verdict::kMismatch);
}

TEST(IdempotencyCache, SweepsExpiredEntries) {
  IdempotencyCache cache;
  Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 10; ++i) {
    std::string token = "t" + std::to_string(i);
    ASSERT_EQ(cache.Begin(token, kA, t0).verdict, Verdict::kProceed);
    cache.Complete(token, "{}", t0);
  }
  ASSERT_EQ(cache.Begin("live", kA, t0).verdict, Verdict::kProceed);  // in flight
  EXPECT_EQ(cache.size(), 11u);
  EXPECT_EQ(cache.Begin("new", kA, t0 + std::chrono::minutes(11)).verdict, Verdict::kProceed);
  EXPECT_EQ(cache.size(), 2u);  // "live" and "new"
}

}  // namespace
}  // namespace magneto::txn
