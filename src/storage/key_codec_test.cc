// Tests for the order-preserving key codec: ordering on random values,
// round trips, corrupt input, and the pinned partition hash.
#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace magneto::storage {
namespace {

using model::AttributeValue;
using model::Number;
using model::Type;
using namespace std::string_literals;

std::string Enc(const AttributeValue& v) {
  std::string out;
  AppendKeyValue(&out, v);
  return out;
}

AttributeValue NV(std::string_view s) { return AttributeValue::N(Number::Parse(s).value()); }

int Sign(int v) { return (v > 0) - (v < 0); }
int Sign(std::strong_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

// Unsigned byte comparison, as RocksDB's default comparator does.
int ByteCompare(std::string_view a, std::string_view b) { return Sign(a.compare(b)); }

Number RandomNumber(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0:
      return Number();
    case 1:
      return Number::Parse(rng() % 2 ? "1e-130" : "-1e-130").value();
    case 2:
      return Number::Parse(rng() % 2 ? "9.9999999999999999999999999999999999999e125"
                                     : "-9.9999999999999999999999999999999999999e125")
          .value();
    case 3:
      return Number::FromInt(static_cast<int64_t>(rng() % 2001) - 1000);
    default:
      break;
  }
  // Few distinct digits and lengths, so prefixes ("0.12" vs "0.123") are common.
  const int ndigits = 1 + static_cast<int>(rng() % (rng() % 2 ? 4 : 38));
  std::string digits;
  for (int i = 0; i < ndigits; ++i)
    digits.push_back(static_cast<char>('0' + rng() % (rng() % 2 ? 3 : 10)));
  const int exponent = static_cast<int>(rng() % 250) - 125 - (rng() % 2 ? 0 : 38);
  std::string text = (rng() % 2 ? "-" : "") + digits + "e" + std::to_string(exponent);
  auto n = Number::Parse(text);
  return n.ok() ? n.value() : Number::FromInt(static_cast<int64_t>(rng() % 7) - 3);
}

std::string RandomBytes(std::mt19937_64& rng) {
  static const char kAlphabet[] = {'\0', '\x01', '\xFF', 'a', 'b', '\x7F', '\x80'};
  std::string s;
  const int len = static_cast<int>(rng() % 6);
  for (int i = 0; i < len; ++i) s.push_back(kAlphabet[rng() % sizeof(kAlphabet)]);
  return s;
}

TEST(KeyCodecTest, NumberOrderMatchesValueOrder) {
  std::mt19937_64 rng(1);
  std::vector<Number> numbers;
  for (int i = 0; i < 3000; ++i) numbers.push_back(RandomNumber(rng));
  for (const char* s : {"0.12", "0.123", "-0.12", "-0.123", "1", "10", "100", "1.01", "-1", "-10",
                        "-100", "-1.01", "9", "-9", "0.9", "-0.9"}) {
    numbers.push_back(Number::Parse(s).value());
  }
  for (int iter = 0; iter < 200000; ++iter) {
    const Number& a = numbers[rng() % numbers.size()];
    const Number& b = numbers[rng() % numbers.size()];
    ASSERT_EQ(ByteCompare(Enc(AttributeValue::N(a)), Enc(AttributeValue::N(b))), Sign(a <=> b))
        << a.ToString() << " vs " << b.ToString();
  }
  // And a full sort by encoding equals the sort by value.
  std::vector<Number> by_value = numbers;
  std::sort(by_value.begin(), by_value.end());
  std::vector<std::pair<std::string, Number>> by_encoding;
  for (const Number& n : numbers) by_encoding.emplace_back(Enc(AttributeValue::N(n)), n);
  std::sort(by_encoding.begin(), by_encoding.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < numbers.size(); ++i) ASSERT_EQ(by_encoding[i].second, by_value[i]);
}

TEST(KeyCodecTest, BytesOrderMatchesUnsignedOrder) {
  std::mt19937_64 rng(2);
  for (Type type : {Type::kS, Type::kB}) {
    for (int iter = 0; iter < 100000; ++iter) {
      std::string a = RandomBytes(rng);
      std::string b = RandomBytes(rng);
      auto va = type == Type::kS ? AttributeValue::S(a) : AttributeValue::B(a);
      auto vb = type == Type::kS ? AttributeValue::S(b) : AttributeValue::B(b);
      ASSERT_EQ(ByteCompare(Enc(va), Enc(vb)), ByteCompare(a, b));
    }
  }
  EXPECT_LT(Enc(AttributeValue::S("a")), Enc(AttributeValue::S("a\0"s)));
  EXPECT_LT(Enc(AttributeValue::S("a")), Enc(AttributeValue::S("ab")));
  EXPECT_LT(Enc(AttributeValue::S("a\0"s)), Enc(AttributeValue::S("a\x01")));
  EXPECT_LT(Enc(AttributeValue::S("")), Enc(AttributeValue::S("\0"s)));
  EXPECT_LT(Enc(AttributeValue::S("Z")), Enc(AttributeValue::S("a")));
  EXPECT_LT(Enc(AttributeValue::S("z")), Enc(AttributeValue::S("\xC3\xA9")));
}

// Concatenated encodings (partition key then sort key) order like the pair.
TEST(KeyCodecTest, SelfDelimitingComposites) {
  std::mt19937_64 rng(3);
  for (int iter = 0; iter < 100000; ++iter) {
    std::string a1 = RandomBytes(rng), a2 = RandomBytes(rng);
    Number b1 = RandomNumber(rng), b2 = RandomNumber(rng);
    std::string e1 = Enc(AttributeValue::S(a1)) + Enc(AttributeValue::N(b1));
    std::string e2 = Enc(AttributeValue::S(a2)) + Enc(AttributeValue::N(b2));
    int expected = a1 != a2 ? ByteCompare(a1, a2) : Sign(b1 <=> b2);
    ASSERT_EQ(ByteCompare(e1, e2), expected);

    std::string f1 = Enc(AttributeValue::N(b1)) + Enc(AttributeValue::B(a1));
    std::string f2 = Enc(AttributeValue::N(b2)) + Enc(AttributeValue::B(a2));
    expected = b1 != b2 ? Sign(b1 <=> b2) : ByteCompare(a1, a2);
    ASSERT_EQ(ByteCompare(f1, f2), expected);
  }
}

TEST(KeyCodecTest, RoundTrip) {
  std::mt19937_64 rng(4);
  for (int iter = 0; iter < 20000; ++iter) {
    AttributeValue s = AttributeValue::S(RandomBytes(rng));
    AttributeValue b = AttributeValue::B(RandomBytes(rng));
    AttributeValue n = AttributeValue::N(RandomNumber(rng));
    std::string all = Enc(s) + Enc(n) + Enc(b);
    std::string_view in = all;
    AttributeValue ds, dn, db;
    ASSERT_TRUE(DecodeKeyValue(&in, Type::kS, &ds));
    ASSERT_TRUE(DecodeKeyValue(&in, Type::kN, &dn));
    ASSERT_TRUE(DecodeKeyValue(&in, Type::kB, &db));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(ds, s);
    EXPECT_EQ(dn, n);
    EXPECT_EQ(db, b);
  }
}

TEST(KeyCodecTest, RejectsCorruptInput) {
  AttributeValue out;
  auto bad = [&](std::string bytes, Type type) {
    std::string_view in = bytes;
    return !DecodeKeyValue(&in, type, &out);
  };
  EXPECT_TRUE(bad("", Type::kS));
  EXPECT_TRUE(bad("abc", Type::kS));       // no terminator
  EXPECT_TRUE(bad("a\0"s, Type::kS));      // truncated escape
  EXPECT_TRUE(bad("a\0\x02"s, Type::kB));  // bad escape
  EXPECT_TRUE(bad("", Type::kN));
  EXPECT_TRUE(bad("\x04", Type::kN));                     // bad sign
  EXPECT_TRUE(bad("\x03\x80", Type::kN));                 // truncated exponent
  EXPECT_TRUE(bad("\x03\x80\x01\x02", Type::kN));         // no terminator
  EXPECT_TRUE(bad("\x03\x80\x01\0"s, Type::kN));          // no digits
  EXPECT_TRUE(bad("\x03\x80\x01\x0B\0"s, Type::kN));      // digit byte out of range
  EXPECT_TRUE(bad("\x03\x80\x01\x02\x01\0"s, Type::kN));  // trailing zero digit
  EXPECT_TRUE(bad("\x03\x80\x01\x01\x02\0"s, Type::kN));  // leading zero digit
  EXPECT_TRUE(bad("\x03\x90\x00\x02\0"s, Type::kN));      // exponent out of range
  EXPECT_TRUE(bad("\x03\x80\x01" + std::string(39, '\x02') + '\0', Type::kN));  // 39 digits
  EXPECT_TRUE(bad(Enc(AttributeValue::S("x")), Type::kBool));
  // A valid encoding is accepted (sanity check of the helper).
  EXPECT_FALSE(bad("\x03\x80\x01\x02\0"s, Type::kN));
  EXPECT_EQ(out, NV("1"));
}

TEST(KeyCodecTest, NumberEncodingLayout) {
  EXPECT_EQ(Enc(NV("0")), "\x02");
  EXPECT_EQ(Enc(NV("-0.0")), "\x02");
  EXPECT_EQ(Enc(NV("15")), "\x03\x80\x02\x02\x06\0"s);
  EXPECT_EQ(Enc(NV("-15")), "\x01\x7F\xFD\xFD\xF9\xFF"s);
  EXPECT_EQ(Enc(NV("0.015")), "\x03\x7F\xFF\x02\x06\0"s);
  EXPECT_EQ(Enc(AttributeValue::S("a\0b"s)),
            "a\0\xFF"
            "b\0\x01"s);
}

TEST(KeyCodecTest, ItemKeyLayout) {
  AttributeValue pk = AttributeValue::S("user#1");
  AttributeValue sk = NV("42");
  std::string encoded_pk = Enc(pk);
  std::string key = ItemKey(7, pk, &sk);
  const uint32_t h = PartitionHash(encoded_pk);
  std::string expected = "\0\0\0\x07"s;
  expected += static_cast<char>(h >> 24);
  expected += static_cast<char>(h >> 16);
  expected += static_cast<char>(h >> 8);
  expected += static_cast<char>(h);
  expected += encoded_pk;
  EXPECT_EQ(PartitionPrefix(7, pk), expected);
  expected += Enc(sk);
  EXPECT_EQ(key, expected);
  EXPECT_EQ(ItemKey(7, pk, nullptr), PartitionPrefix(7, pk));
  EXPECT_EQ(TablePrefix(7), "\0\0\0\x07"s);
  EXPECT_EQ(key.substr(0, 4), TablePrefix(7));

  uint32_t table_id = 0;
  AttributeValue dpk, dsk;
  const Type sk_type = Type::kN;
  ASSERT_TRUE(ParseItemKey(key, Type::kS, &sk_type, &table_id, &dpk, &dsk));
  EXPECT_EQ(table_id, 7u);
  EXPECT_EQ(dpk, pk);
  EXPECT_EQ(dsk, sk);
  EXPECT_FALSE(ParseItemKey(key, Type::kS, nullptr, &table_id, &dpk, &dsk));  // leftover sk
  EXPECT_FALSE(
      ParseItemKey(key.substr(0, key.size() - 1), Type::kS, &sk_type, &table_id, &dpk, &dsk));
  std::string wrong_hash = key;
  wrong_hash[5] ^= 1;
  EXPECT_FALSE(ParseItemKey(wrong_hash, Type::kS, &sk_type, &table_id, &dpk, &dsk));
  ASSERT_TRUE(
      ParseItemKey(ItemKey(1, NV("-3.5"), nullptr), Type::kN, nullptr, &table_id, &dpk, &dsk));
  EXPECT_EQ(dpk, NV("-3.5"));

  // Within a partition, keys order by sort key.
  AttributeValue sk1 = NV("-1"), sk2 = NV("2"), sk3 = NV("10");
  EXPECT_LT(ItemKey(7, pk, &sk1), ItemKey(7, pk, &sk2));
  EXPECT_LT(ItemKey(7, pk, &sk2), ItemKey(7, pk, &sk3));
  EXPECT_TRUE(ItemKey(7, pk, &sk3).starts_with(PartitionPrefix(7, pk)));
  EXPECT_LT(ItemKey(7, pk, &sk3), TablePrefix(8));
}

// The hash decides where stored data lives: these values must never change.
TEST(KeyCodecTest, PartitionHashIsPinned) {
  EXPECT_EQ(PartitionHash(""), 0xefd01f60u);
  EXPECT_EQ(PartitionHash("a"), 0x82a2a958u);
  EXPECT_EQ(PartitionHash(Enc(AttributeValue::S("user#1"))), 0xc4f38a3fu);
  EXPECT_EQ(PartitionHash(Enc(NV("42"))), 0x0877f1a7u);
}

}  // namespace
}  // namespace magneto::storage
