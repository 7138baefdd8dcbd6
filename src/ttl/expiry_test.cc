// Tests of the Time to Live expiry rule.

#include "ttl/expiry.h"

#include <gtest/gtest.h>

namespace magneto::ttl {
namespace {

using model::AttributeValue;
using model::Item;
using model::Number;

constexpr int64_t kNow = 1'800'000'000;

Item WithTtl(AttributeValue v) {
  Item item;
  item.emplace("p", AttributeValue::S("k"));
  item.emplace("exp", std::move(v));
  return item;
}

AttributeValue N(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

TEST(ExpiryTest, PastNumbersExpire) {
  EXPECT_TRUE(IsExpired(WithTtl(N("1799999999")), "exp", kNow));
  EXPECT_TRUE(IsExpired(WithTtl(N("179999999e1")), "exp", kNow));
  EXPECT_TRUE(IsExpired(WithTtl(N("1799999999.999")), "exp", kNow));
}

TEST(ExpiryTest, NowAndFutureDoNotExpire) {
  EXPECT_FALSE(IsExpired(WithTtl(N("1800000000")), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(N("1800000000.5")), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(N("1900000000")), "exp", kNow));
}

TEST(ExpiryTest, MoreThanFiveYearsAgoIsIgnored) {
  EXPECT_TRUE(
      IsExpired(WithTtl(AttributeValue::N(Number::FromInt(kNow - kMaxPastSeconds))), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(AttributeValue::N(Number::FromInt(kNow - kMaxPastSeconds - 1))),
                         "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(N("0")), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(N("-5")), "exp", kNow));
}

TEST(ExpiryTest, OnlyNumbersCount) {
  EXPECT_FALSE(IsExpired(WithTtl(AttributeValue::S("1700000000")), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(AttributeValue::NS({Number::FromInt(1700000000)})), "exp", kNow));
  EXPECT_FALSE(IsExpired(WithTtl(N("1700000000")), "other", kNow));
}

}  // namespace
}  // namespace magneto::ttl
