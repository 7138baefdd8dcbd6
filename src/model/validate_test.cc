// Tests for the item size and nesting limits.
#include "model/validate.h"

#include <gtest/gtest.h>

namespace magneto::model {
namespace {

AttributeValue Wrap(AttributeValue leaf, int maps, bool use_lists = false) {
  for (int i = 0; i < maps; ++i) {
    leaf = use_lists ? AttributeValue::L({std::move(leaf)})
                     : AttributeValue::M({{"n", std::move(leaf)}});
  }
  return leaf;
}

TEST(ValidateTest, ItemSizeLimitIsInclusive) {
  // Name "p" (1 byte) + string value: exactly 400 KB is accepted.
  Item item{{"p", AttributeValue::S(std::string(kMaxItemSize - 1, 'x'))}};
  EXPECT_EQ(ItemSize(item), kMaxItemSize);
  EXPECT_TRUE(ValidateItemSize(item).ok());
  item["q"] = AttributeValue::Null();
  auto r = ValidateItemSize(item);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type(), "ValidationException");
  EXPECT_EQ(r.error().message(), "Item size has exceeded the maximum allowed size");
}

TEST(ValidateTest, NestingLevels) {
  EXPECT_EQ(NestingLevels(AttributeValue::S("x")), 1);
  EXPECT_EQ(NestingLevels(AttributeValue::SS({"x"})), 1);
  EXPECT_EQ(NestingLevels(AttributeValue::M({})), 1);
  EXPECT_EQ(NestingLevels(AttributeValue::L({AttributeValue::S("x")})), 2);
  EXPECT_EQ(NestingLevels(Wrap(AttributeValue::S("x"), 31)), 32);
  AttributeValue mixed = AttributeValue::M(
      {{"a", AttributeValue::S("x")}, {"b", AttributeValue::L({AttributeValue::M({})})}});
  EXPECT_EQ(NestingLevels(mixed), 3);
}

TEST(ValidateTest, NestingLimitMatchesDynamoDB) {
  // Measured: 31 wraps around a scalar (leaf at level 32) is accepted, 32 is not.
  for (bool lists : {false, true}) {
    Item ok{{"a", Wrap(AttributeValue::S("leaf"), 31, lists)}};
    EXPECT_TRUE(ValidateItemNesting(ok).ok());
    Item bad{{"a", Wrap(AttributeValue::S("leaf"), 32, lists)}};
    auto r = ValidateItemNesting(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message(), kNestingTooDeepMessage);
  }
}

}  // namespace
}  // namespace magneto::model
