// Tests for model::Number: syntax, normalization, limits, ordering, arithmetic.
#include "model/number.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace magneto::model {
namespace {

Number N(std::string_view s) {
  auto r = Number::Parse(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? r.value() : Number();
}

std::string ParseError(std::string_view s) {
  auto r = Number::Parse(s);
  if (r.ok()) return "(accepted: " + r->ToString() + ")";
  EXPECT_EQ(r.error().type(), "ValidationException");
  return r.error().message();
}

const char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const char kDigits[] = "Attempting to store more than 38 significant digits in a Number";

TEST(NumberTest, NormalizedText) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"0", "0"},
      {"-0", "0"},
      {"-0.0", "0"},
      {"+0", "0"},
      {"0e1000", "0"},
      {"0.000e-99999999999999", "0"},
      {"01.50", "1.5"},
      {"1e2", "100"},
      {"1E-3", "0.001"},
      {"1e+2", "100"},
      {"1.5E+3", "1500"},
      {"+5", "5"},
      {"-7", "-7"},
      {".5", "0.5"},
      {"5.", "5"},
      {"-.5", "-0.5"},
      {"00042", "42"},
      {"1.0", "1"},
      {"-17.4E37", "-174000000000000000000000000000000000000"},
      {"123.456", "123.456"},
      {"-0.00123", "-0.00123"},
      {"12345e-2", "123.45"},
      {"12345e-5", "0.12345"},
      {"12345e-6", "0.012345"},
      {"1000000000000000000000000000000000000000000",
       "1000000000000000000000000000000000000000000"},
      {"0.00000000000000000000000000000000000000000000000000001",
       "0.00000000000000000000000000000000000000000000000000001"},
      {"99999999999999999999999999999999999999", "99999999999999999999999999999999999999"},
      {"1e0000000000000000000000000000000000000000002", "100"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(N(in).ToString(), out) << in;
}

TEST(NumberTest, ExtremesPrint) {
  EXPECT_EQ(N("1e125").ToString(), "1" + std::string(125, '0'));
  EXPECT_EQ(N("1e-130").ToString(), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(N("-9.9999999999999999999999999999999999999E+125").ToString(),
            "-" + std::string(38, '9') + std::string(88, '0'));
}

TEST(NumberTest, InvalidSyntax) {
  for (const char* s : {"+",   "-",   ".",     "-.",       "1e",        "1e+", "e5",   "abc",
                        " 1",  "1 ",  "0x10",  "Infinity", "-Infinity", "NaN", "-NaN", "1.2.3",
                        "1+2", "+e2", "1e2.5", "--1",      "1ee2",      "١"}) {
    EXPECT_EQ(ParseError(s),
              std::string("The parameter cannot be converted to a numeric value: ") + s);
  }
  EXPECT_EQ(ParseError(""), "The parameter cannot be converted to a numeric value");
  EXPECT_EQ(ParseError(std::string_view("1\0", 2)).size(),
            std::string("The parameter cannot be converted to a numeric value: ").size() + 2);
}

TEST(NumberTest, Limits) {
  EXPECT_EQ(ParseError("1e126"), kOverflow);
  EXPECT_EQ(ParseError("-1e126"), kOverflow);
  EXPECT_EQ(ParseError("11e125"), kOverflow);
  EXPECT_EQ(ParseError("1e999999999999"), kOverflow);
  EXPECT_EQ(ParseError("1e99999999999999999999999999999999999"), kOverflow);
  EXPECT_EQ(ParseError("1e-131"), kUnderflow);
  EXPECT_EQ(ParseError("-1e-131"), kUnderflow);
  EXPECT_EQ(ParseError("0.9e-130"), kUnderflow);
  EXPECT_EQ(ParseError("1e-999999999999"), kUnderflow);
  EXPECT_EQ(ParseError("1e-99999999999999999999999999999999999"), kUnderflow);
  EXPECT_EQ(ParseError("123456789012345678901234567890123456789"), kDigits);
  EXPECT_EQ(ParseError("-1.23456789012345678901234567890123456789"), kDigits);
  EXPECT_EQ(ParseError("3.14159265358979323846264338327950288419"), kDigits);
  EXPECT_EQ(ParseError("314159265358979323846264338327950288419e30"), kDigits);
  // Magnitude is checked before precision.
  EXPECT_EQ(ParseError("123456789012345678901234567890123456789e200"), kOverflow);

  // Accepted at the edges.
  EXPECT_TRUE(Number::Parse("1e125").ok());
  EXPECT_TRUE(Number::Parse("9.9999999999999999999999999999999999999E+125").ok());
  EXPECT_TRUE(Number::Parse("-9.9999999999999999999999999999999999999E+125").ok());
  EXPECT_TRUE(Number::Parse("1e-130").ok());
  EXPECT_TRUE(Number::Parse("-1e-130").ok());
  EXPECT_TRUE(Number::Parse("3.1415926535897932384626433832795028841").ok());
  EXPECT_TRUE(Number::Parse("31415926535897932384626433832795028841e30").ok());
  EXPECT_TRUE(Number::Parse("000000000000000000000000000000000000000000000001.5").ok());
  EXPECT_TRUE(Number::Parse("1000000000000000000000000000000000000000000").ok());
  EXPECT_TRUE(Number::Parse("10000000000000000000000000000000000000000000e-50").ok());
}

TEST(NumberTest, VeryLongInputs) {
  std::string zeros(1 << 20, '0');
  EXPECT_EQ(N(zeros + "1." + zeros).ToString(), "1");
  EXPECT_EQ(N("0." + zeros + "1e1048580").ToString(), "1000");
  EXPECT_EQ(ParseError("0." + zeros + "1"), kUnderflow);
  EXPECT_EQ(ParseError("1" + zeros), kOverflow);
  std::string ones(1 << 16, '1');
  EXPECT_EQ(ParseError("0." + ones), kDigits);
}

TEST(NumberTest, RepresentationIsNormalized) {
  Number a = N("1500");
  EXPECT_EQ(a.coefficient(), 15u);
  EXPECT_EQ(a.exponent(), 2);
  EXPECT_FALSE(a.negative());
  EXPECT_EQ(a.digits(), "15");
  EXPECT_EQ(a.adjusted_exponent(), 4);
  Number b = N("-0.0015");
  EXPECT_EQ(b.coefficient(), 15u);
  EXPECT_EQ(b.exponent(), -4);
  EXPECT_TRUE(b.negative());
  EXPECT_EQ(b.adjusted_exponent(), -2);
  Number z = N("-0.000");
  EXPECT_TRUE(z.is_zero());
  EXPECT_FALSE(z.negative());
  EXPECT_EQ(z.exponent(), 0);
  EXPECT_EQ(z.digits(), "");
  EXPECT_EQ(z, Number());
  EXPECT_EQ(N("1.50"), N("15e-1"));
  EXPECT_EQ(N("1e-130").adjusted_exponent(), -129);
  EXPECT_EQ(N("9e125").adjusted_exponent(), 126);
}

TEST(NumberTest, FromInt) {
  EXPECT_EQ(Number::FromInt(0).ToString(), "0");
  EXPECT_EQ(Number::FromInt(1200), N("1200"));
  EXPECT_EQ(Number::FromInt(-5), N("-5"));
  EXPECT_EQ(Number::FromInt(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Number::FromInt(INT64_MAX).ToString(), "9223372036854775807");
}

TEST(NumberTest, FromParts) {
  EXPECT_EQ(Number::FromParts(true, 1500, -3).value(), N("-1.5"));
  EXPECT_EQ(Number::FromParts(true, 0, 99).value(), Number());
  EXPECT_EQ(Number::FromParts(false, 1, 126).error().message(), kOverflow);
  EXPECT_EQ(Number::FromParts(false, 1, INT64_MIN).error().message(), kUnderflow);
  EXPECT_EQ(Number::FromParts(false, 1, INT64_MAX).error().message(), kOverflow);
  unsigned __int128 big = 1;
  for (int i = 0; i < 38; ++i) big *= 10;
  EXPECT_EQ(Number::FromParts(false, big + 1, 0).error().message(), kDigits);
  EXPECT_EQ(Number::FromParts(false, big, 0).value(), N("1e38"));
  EXPECT_EQ(Number::FromParts(false, ~static_cast<unsigned __int128>(0), 0).error().message(),
            kDigits);
}

TEST(NumberTest, Ordering) {
  const std::vector<const char*> ascending = {"-9.9999999999999999999999999999999999999E+125",
                                              "-1e125",
                                              "-100",
                                              "-10.5",
                                              "-10",
                                              "-9.99",
                                              "-1",
                                              "-0.5",
                                              "-0.123",
                                              "-0.12",
                                              "-1e-130",
                                              "0",
                                              "1e-130",
                                              "0.12",
                                              "0.123",
                                              "0.5",
                                              "1",
                                              "1.0000000000000000000000000000000000001",
                                              "9.99",
                                              "10",
                                              "10.5",
                                              "100",
                                              "1e125",
                                              "9.9999999999999999999999999999999999999E+125"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      EXPECT_EQ(N(ascending[i]) <=> N(ascending[j]), i <=> j)
          << ascending[i] << " vs " << ascending[j];
    }
  }
}

TEST(NumberTest, AddSubtract) {
  auto add = [](const char* a, const char* b) { return N(a).Add(N(b)).value().ToString(); };
  auto sub = [](const char* a, const char* b) { return N(a).Subtract(N(b)).value().ToString(); };
  EXPECT_EQ(add("1", "10000000000000000000000"), "10000000000000000000001");
  EXPECT_EQ(sub("10000000000000000000000", "1"), "9999999999999999999999");
  EXPECT_EQ(add("0.1", "0.2"), "0.3");
  EXPECT_EQ(add("1.5", "-1.5"), "0");
  EXPECT_EQ(add("-1.5", "1.25"), "-0.25");
  EXPECT_EQ(add("-1.5", "-1.25"), "-2.75");
  EXPECT_EQ(sub("1", "3"), "-2");
  EXPECT_EQ(sub("0", "3"), "-3");
  EXPECT_EQ(sub("3", "0"), "3");
  EXPECT_EQ(add("0", "0"), "0");
  EXPECT_EQ(add("99", "1"), "100");
  EXPECT_EQ(
      add("9.9999999999999999999999999999999999999", "0.0000000000000000000000000000000000001"),
      "10");
  EXPECT_EQ(add("1e125", "1e125"), "2" + std::string(125, '0'));
  EXPECT_EQ(add("1e-130", "1e-130"), "0." + std::string(129, '0') + "2");
  EXPECT_EQ(add("1e100", "-1e100"), "0");

  auto err = [](const char* a, const char* b, bool subtract = false) {
    auto r = subtract ? N(a).Subtract(N(b)) : N(a).Add(N(b));
    return r.ok() ? "(ok " + r->ToString() + ")" : r.error().message();
  };
  EXPECT_EQ(err("9e125", "9e125"), kOverflow);
  EXPECT_EQ(err("9e125", "-9e125", true), kOverflow);
  // DynamoDB reports precision loss in arithmetic as an overflow.
  EXPECT_EQ(err("1e50", "1"), kOverflow);
  EXPECT_EQ(err("1e50", "1", true), kOverflow);
  EXPECT_EQ(err("1e125", "1e-130"), kOverflow);
  EXPECT_EQ(err("1.1e-130", "1e-130", true), kUnderflow);
}

// Exact arithmetic cross-checked against 128-bit integers on random values
// with small exponents.
TEST(NumberTest, RandomArithmeticMatchesIntegers) {
  std::mt19937_64 rng(42);
  for (int iter = 0; iter < 20000; ++iter) {
    int64_t a = static_cast<int64_t>(rng() >> (rng() % 64));
    int64_t b = static_cast<int64_t>(rng() >> (rng() % 64));
    if (rng() % 2) a = -a;
    if (rng() % 2) b = -b;
    __int128 sum = static_cast<__int128>(a) + b;
    __int128 diff = static_cast<__int128>(a) - b;
    auto to_string = [](__int128 v) {
      if (v == 0) return std::string("0");
      bool neg = v < 0;
      unsigned __int128 m = neg ? -static_cast<unsigned __int128>(v) : v;
      std::string s;
      while (m) {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
      }
      return (neg ? "-" : "") + s;
    };
    Number na = Number::FromInt(a), nb = Number::FromInt(b);
    EXPECT_EQ(na.Add(nb).value().ToString(), to_string(sum));
    EXPECT_EQ(na.Subtract(nb).value().ToString(), to_string(diff));
    EXPECT_EQ(na <=> nb, a <=> b);
    EXPECT_EQ(N(na.ToString()), na);
  }
}

}  // namespace
}  // namespace magneto::model
