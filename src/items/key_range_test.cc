// Tests of key-range and segment arithmetic.

#include "items/key_range.h"

#include <gtest/gtest.h>

#include <random>

#include "storage/key_codec.h"

namespace magneto::items {
namespace {

using model::AttributeValue;
using model::Number;

bool InRange(const KeyRange& r, const std::string& k) {
  return k >= r.lower && (r.upper.empty() || k < r.upper);
}

AttributeValue Num(std::string_view s) { return AttributeValue::N(Number::Parse(s).value()); }

TEST(KeyRangeTest, SegmentsPartitionTheTable) {
  std::mt19937 rng(7);
  for (uint32_t total : {1u, 2u, 3u, 7u, 16u, 100u, 1000u, 1000000u}) {
    for (int i = 0; i < 2000; ++i) {
      std::string key = storage::ItemKey(5, AttributeValue::S("k" + std::to_string(rng())), nullptr);
      uint32_t seg = SegmentOf(key, total);
      ASSERT_LT(seg, total);
      ASSERT_TRUE(InRange(SegmentRange(5, seg, total), key)) << total << " " << seg;
      // A key is in no other segment (check the neighbours).
      if (seg > 0) ASSERT_FALSE(InRange(SegmentRange(5, seg - 1, total), key));
      if (seg + 1 < total) ASSERT_FALSE(InRange(SegmentRange(5, seg + 1, total), key));
    }
  }
}

TEST(KeyRangeTest, SegmentsAreContiguous) {
  for (uint32_t total : {1u, 2u, 3u, 7u, 1000u}) {
    EXPECT_EQ(SegmentRange(9, 0, total).lower.substr(0, 4), TableRange(9).lower);
    EXPECT_EQ(SegmentRange(9, total - 1, total).upper, TableRange(9).upper);
    for (uint32_t s = 0; s + 1 < total; ++s) {
      EXPECT_EQ(SegmentRange(9, s, total).upper, SegmentRange(9, s + 1, total).lower);
    }
  }
}

TEST(KeyRangeTest, TableRangeExcludesOtherTables) {
  std::string own = storage::ItemKey(3, AttributeValue::S("x"), nullptr);
  std::string next = storage::ItemKey(4, AttributeValue::S("x"), nullptr);
  EXPECT_TRUE(InRange(TableRange(3), own));
  EXPECT_FALSE(InRange(TableRange(3), next));
}

TEST(KeyRangeTest, SortKeyConditions) {
  AttributeValue pk = AttributeValue::S("p");
  std::vector<std::string> values = {"-10", "-1.5", "0", "1", "1.5", "2", "10", "100"};
  auto key = [&](const std::string& v) {
    AttributeValue sk = Num(v);
    return storage::ItemKey(1, pk, &sk);
  };
  auto count = [&](SortOp op, std::vector<AttributeValue> bounds) {
    KeyRange r = PartitionRange(1, pk, op, bounds);
    int n = 0;
    for (const auto& v : values) n += InRange(r, key(v));
    return n;
  };
  EXPECT_EQ(count(SortOp::kNone, {}), 8);
  EXPECT_EQ(count(SortOp::kEq, {Num("1.5")}), 1);
  EXPECT_EQ(count(SortOp::kEq, {Num("3")}), 0);
  EXPECT_EQ(count(SortOp::kLt, {Num("1")}), 3);
  EXPECT_EQ(count(SortOp::kLe, {Num("1")}), 4);
  EXPECT_EQ(count(SortOp::kGt, {Num("1")}), 4);
  EXPECT_EQ(count(SortOp::kGe, {Num("1")}), 5);
  EXPECT_EQ(count(SortOp::kBetween, {Num("-1.5"), Num("2")}), 5);
  // Another partition's keys are never inside.
  AttributeValue other = AttributeValue::S("q");
  AttributeValue sk = Num("1");
  EXPECT_FALSE(InRange(PartitionRange(1, pk, SortOp::kNone, {}), storage::ItemKey(1, other, &sk)));
}

TEST(KeyRangeTest, BeginsWith) {
  AttributeValue pk = AttributeValue::S("p");
  auto key = [&](const std::string& v) {
    AttributeValue sk = AttributeValue::S(v);
    return storage::ItemKey(1, pk, &sk);
  };
  KeyRange r = PartitionRange(1, pk, SortOp::kBeginsWith, {AttributeValue::S("ab")});
  EXPECT_TRUE(InRange(r, key("ab")));
  EXPECT_TRUE(InRange(r, key("abc")));
  EXPECT_TRUE(InRange(r, key(std::string("ab\0z", 4))));
  EXPECT_TRUE(InRange(r, key("ab\xff")));
  EXPECT_FALSE(InRange(r, key("a")));
  EXPECT_FALSE(InRange(r, key("ac")));
  EXPECT_FALSE(InRange(r, key("b")));
  KeyRange all = PartitionRange(1, pk, SortOp::kBeginsWith, {AttributeValue::S("")});
  EXPECT_TRUE(InRange(all, key("anything")));
}

}  // namespace
}  // namespace magneto::items
