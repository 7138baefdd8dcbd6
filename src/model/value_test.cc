// Tests for AttributeValue equality, type names and DynamoDB size accounting.
#include "model/value.h"

#include <gtest/gtest.h>

namespace magneto::model {
namespace {

Number Num(std::string_view s) { return Number::Parse(s).value(); }
AttributeValue NV(std::string_view s) { return AttributeValue::N(Num(s)); }

TEST(ValueTest, TypeNames) {
  EXPECT_STREQ(TypeName(Type::kS), "S");
  EXPECT_STREQ(TypeName(Type::kN), "N");
  EXPECT_STREQ(TypeName(Type::kB), "B");
  EXPECT_STREQ(TypeName(Type::kBool), "BOOL");
  EXPECT_STREQ(TypeName(Type::kNull), "NULL");
  EXPECT_STREQ(TypeName(Type::kM), "M");
  EXPECT_STREQ(TypeName(Type::kL), "L");
  EXPECT_STREQ(TypeName(Type::kSS), "SS");
  EXPECT_STREQ(TypeName(Type::kNS), "NS");
  EXPECT_STREQ(TypeName(Type::kBS), "BS");
}

TEST(ValueTest, Equality) {
  EXPECT_EQ(AttributeValue::S("a"), AttributeValue::S("a"));
  EXPECT_NE(AttributeValue::S("a"), AttributeValue::B("a"));
  EXPECT_NE(AttributeValue::S("a"), AttributeValue::S("b"));
  EXPECT_EQ(NV("1.50"), NV("1.5"));
  EXPECT_NE(NV("1"), AttributeValue::S("1"));
  EXPECT_EQ(AttributeValue::Null(), AttributeValue());
  EXPECT_NE(AttributeValue::Bool(true), AttributeValue::Bool(false));
  EXPECT_NE(AttributeValue::Bool(false), AttributeValue::Null());

  EXPECT_EQ(AttributeValue::SS({"a", "b", "c"}), AttributeValue::SS({"c", "a", "b"}));
  EXPECT_NE(AttributeValue::SS({"a", "b"}), AttributeValue::SS({"a", "b", "c"}));
  EXPECT_NE(AttributeValue::SS({"a", "b"}), AttributeValue::BS({"a", "b"}));
  EXPECT_EQ(AttributeValue::BS({"\x01", "\x02"}), AttributeValue::BS({"\x02", "\x01"}));
  EXPECT_EQ(AttributeValue::NS({Num("1"), Num("2.5")}),
            AttributeValue::NS({Num("2.50"), Num("1")}));
  EXPECT_NE(AttributeValue::NS({Num("1"), Num("2")}), AttributeValue::NS({Num("1"), Num("3")}));

  // Lists are ordered; maps compare by key.
  EXPECT_NE(AttributeValue::L({NV("1"), NV("2")}), AttributeValue::L({NV("2"), NV("1")}));
  EXPECT_EQ(AttributeValue::L({NV("1"), AttributeValue::SS({"x", "y"})}),
            AttributeValue::L({NV("1"), AttributeValue::SS({"y", "x"})}));
  Map m1{{"a", NV("1")}, {"b", AttributeValue::SS({"p", "q"})}};
  Map m2{{"b", AttributeValue::SS({"q", "p"})}, {"a", NV("1.0")}};
  EXPECT_EQ(AttributeValue::M(m1), AttributeValue::M(m2));
  m2["c"] = AttributeValue::Null();
  EXPECT_NE(AttributeValue::M(m1), AttributeValue::M(m2));
  EXPECT_NE(AttributeValue::M({}), AttributeValue::L({}));
}

TEST(ValueTest, NumberSizesMatchMeasuredDynamoDB) {
  // Sizes measured against DynamoDB's 400 KB gate (see value.cc).
  const std::vector<std::pair<const char*, size_t>> cases = {
      {"0", 1},
      {"1", 2},
      {"12", 2},
      {"123", 3},
      {"1234", 3},
      {"0042", 2},
      {"100", 2},
      {"1010", 3},
      {"0.0000001", 2},
      {"1E125", 2},
      {"1E-100", 2},
      {"1.5", 3},
      {"15", 2},
      {"1.2", 3},
      {"1.200", 3},
      {"1.234", 4},
      {"3.14159", 5},
      {"123456", 4},
      {"100.5", 4},
      {"0.15", 2},
      {"-42", 3},
      {"-0", 1},
      {"12345678901234567890123456789012345678", 20},
  };
  for (const auto& [text, size] : cases) EXPECT_EQ(AttributeSize(NV(text)), size) << text;
  // The largest number costs 21 bytes (20 mantissa digits, no terminator).
  EXPECT_EQ(AttributeSize(NV("-1.2345678901234567890123456789012345678")), 21);
}

TEST(ValueTest, Sizes) {
  EXPECT_EQ(AttributeSize(AttributeValue::S("héllo")), 6);
  EXPECT_EQ(AttributeSize(AttributeValue::B(std::string("\0\1\2", 3))), 3);
  EXPECT_EQ(AttributeSize(AttributeValue::Bool(true)), 1);
  EXPECT_EQ(AttributeSize(AttributeValue::Null()), 1);
  EXPECT_EQ(AttributeSize(AttributeValue::M({})), 3);
  EXPECT_EQ(AttributeSize(AttributeValue::L({})), 3);
  // L: 3 + per element (1 + size).
  EXPECT_EQ(AttributeSize(AttributeValue::L({AttributeValue::S("xy")})), 6);
  // M: 3 + per entry (1 + name + size).
  EXPECT_EQ(AttributeSize(AttributeValue::M({{"ab", AttributeValue::S("xyz")}})), 9);
  EXPECT_EQ(AttributeSize(AttributeValue::SS({"a", "bc"})), 3);
  EXPECT_EQ(AttributeSize(AttributeValue::BS({"a", "bc", ""})), 3);
  EXPECT_EQ(AttributeSize(AttributeValue::NS({Num("1"), Num("123")})), 5);

  Item item{{"id", AttributeValue::S("abc")},
            {"flag", AttributeValue::Bool(true)},
            {"l", AttributeValue::L({AttributeValue::S("xy")})},
            {"n", NV("12345")}};
  // 2+3 + 4+1 + 1+6 + 1+4
  EXPECT_EQ(ItemSize(item), 22);
  EXPECT_EQ(ItemSize({}), 0);
}

}  // namespace
}  // namespace magneto::model
