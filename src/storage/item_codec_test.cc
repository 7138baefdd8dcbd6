// Tests for the binary item codec: round trips of every type and nesting,
// and rejection of truncated or corrupt input.
#include "storage/item_codec.h"

#include <gtest/gtest.h>

#include <random>

namespace magneto::storage {
namespace {

using model::AttributeValue;
using model::Item;
using model::Number;
using namespace std::string_literals;

Number Num(std::string_view s) { return Number::Parse(s).value(); }

Item Sample() {
  Item item;
  item["s"] = AttributeValue::S("héllo\0world"s);
  item["empty_s"] = AttributeValue::S("");
  item["b"] = AttributeValue::B("\0\x01\xFF"s);
  item["n0"] = AttributeValue::N(Number());
  item["n1"] = AttributeValue::N(Num("-123.456"));
  item["nbig"] = AttributeValue::N(Num("9.9999999999999999999999999999999999999e125"));
  item["ntiny"] = AttributeValue::N(Num("-1e-130"));
  item["t"] = AttributeValue::Bool(true);
  item["f"] = AttributeValue::Bool(false);
  item["null"] = AttributeValue::Null();
  item["ss"] = AttributeValue::SS({"b", "a", ""});
  item["bs"] = AttributeValue::BS({"\0"s, "\x01"});
  item["ns"] = AttributeValue::NS({Num("1"), Num("-2.5"), Num("1e100")});
  item["m"] =
      AttributeValue::M({{"x", AttributeValue::L({AttributeValue::S("y"), AttributeValue::M({})})},
                         {"", AttributeValue::Null()}});
  item["l"] = AttributeValue::L({});
  item[""] = AttributeValue::S("empty name");
  return item;
}

TEST(ItemCodecTest, RoundTripEveryType) {
  Item item = Sample();
  std::string bytes = EncodeItem(item);
  Item decoded;
  ASSERT_TRUE(DecodeItem(bytes, &decoded));
  EXPECT_EQ(decoded, item);
  // Set member order is preserved exactly.
  EXPECT_EQ(decoded["ss"].str_set(), item["ss"].str_set());
  EXPECT_EQ(decoded["ns"].num_set(), item["ns"].num_set());
  EXPECT_EQ(EncodeItem(decoded), bytes);

  Item empty;
  ASSERT_TRUE(DecodeItem(EncodeItem(empty), &decoded));
  EXPECT_TRUE(decoded.empty());
}

TEST(ItemCodecTest, DeepNesting) {
  AttributeValue v = AttributeValue::S("leaf");
  for (int i = 0; i < 40; ++i) {
    v = i % 2 ? AttributeValue::L({v}) : AttributeValue::M({{"k", v}});
  }
  Item item{{"deep", v}};
  Item decoded;
  ASSERT_TRUE(DecodeItem(EncodeItem(item), &decoded));
  EXPECT_EQ(decoded, item);
  // Far deeper than any stored item: rejected, not a stack overflow.
  for (int i = 0; i < 100; ++i) v = AttributeValue::L({v});
  EXPECT_FALSE(DecodeItem(EncodeItem({{"deep", v}}), &decoded));
}

TEST(ItemCodecTest, AppendAndConsume) {
  std::string bytes = "prefix";
  AppendItem(&bytes, Sample());
  AppendItem(&bytes, {{"a", AttributeValue::Bool(true)}});
  std::string_view in = bytes;
  in.remove_prefix(6);
  Item a, b;
  ASSERT_TRUE(ConsumeItem(&in, &a));
  ASSERT_TRUE(ConsumeItem(&in, &b));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(a, Sample());
  EXPECT_EQ(b, (Item{{"a", AttributeValue::Bool(true)}}));
}

TEST(ItemCodecTest, RejectsTruncationAndCorruption) {
  const std::string bytes = EncodeItem(Sample());
  Item out;
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_FALSE(DecodeItem(std::string_view(bytes).substr(0, len), &out)) << len;
  }
  EXPECT_FALSE(DecodeItem(bytes + "x", &out));  // trailing garbage
  EXPECT_FALSE(DecodeItem("\x02\x00"s, &out));  // unknown version
  EXPECT_TRUE(DecodeItem("\x01\x00"s, &out));
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x0B"s,
                 &out));  // unknown tag
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x04\x02"s,
                 &out));  // bad bool
  EXPECT_FALSE(
      DecodeItem("\x01\x02\x01"
                 "a\x05\x01"
                 "a\x05"s,
                 &out));  // duplicate name
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x08\x00"s,
                 &out));                                        // empty set
  EXPECT_FALSE(DecodeItem("\x01\xFF\xFF\xFF\xFF\x0F"s, &out));  // huge count
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F"s,
                 &out));
  // Numbers: out of range exponent, > 38 digits, bad flags.
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x02\x00\xFE\x03\x01"s,
                 &out));  // 1e127
  EXPECT_TRUE(
      DecodeItem("\x01\x01\x01"
                 "a\x02\x00\x04\x01"s,
                 &out));  // 1e2
  EXPECT_EQ(out["a"], AttributeValue::N(Num("100")));
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x02\x02\x04\x01"s,
                 &out));
  EXPECT_FALSE(
      DecodeItem("\x01\x01\x01"
                 "a\x02\x00\x00" +
                     std::string(18, '\xFF') + "\x03"s,
                 &out));

  // Random corruption never crashes (and whatever decodes re-encodes stably).
  std::mt19937_64 rng(5);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string corrupt = bytes;
    for (int k = 0; k < 3; ++k) corrupt[rng() % corrupt.size()] = static_cast<char>(rng());
    if (DecodeItem(corrupt, &out)) {
      Item again;
      ASSERT_TRUE(DecodeItem(EncodeItem(out), &again));
      EXPECT_EQ(again, out);
    }
  }
}

}  // namespace
}  // namespace magneto::storage
