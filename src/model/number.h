// Number: DynamoDB's exact decimal (up to 38 significant digits, magnitude
// 1E-130 .. 9.9999999999999999999999999999999999999E+125). No floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/api_error.h"

namespace magneto::model {

// value = (negative ? -1 : 1) * coefficient * 10^exponent, with the
// coefficient holding at most 38 decimal digits and no trailing zeros
// (normalized), so that equal numbers have equal representations.
// Zero is coefficient 0, exponent 0, not negative.
class Number {
 public:
  static constexpr int kMaxDigits = 38;

  Number() = default;

  // Parses DynamoDB's number syntax ("-01.50", "1e10", ".5", "5.") and
  // validates precision and range with DynamoDB's ValidationException
  // messages. Leading/trailing zeros are not significant.
  static ApiResult<Number> Parse(std::string_view text);
  static Number FromInt(int64_t v);
  // value = (negative ? -1 : 1) * coefficient * 10^exponent, normalized and
  // checked like Parse (the coefficient may have trailing zeros; a zero
  // coefficient gives zero whatever the exponent). Used by decoders.
  static ApiResult<Number> FromParts(bool negative, unsigned __int128 coefficient,
                                     int64_t exponent);

  // Normalized text as DynamoDB returns it: plain decimal, never an exponent,
  // no leading or trailing zeros ("1.5", "100", "-0.001", "0").
  std::string ToString() const;

  // The same magnitude with the opposite sign (zero stays zero).
  Number Negated() const;

  // Exact arithmetic; errors are DynamoDB's ValidationException for overflow
  // or underflow. A result needing more than 38 significant digits is also
  // reported as "Number overflow..." (that is what DynamoDB says for it).
  ApiResult<Number> Add(const Number& other) const;
  ApiResult<Number> Subtract(const Number& other) const;

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  bool is_zero() const { return coefficient_ == 0; }
  bool negative() const { return negative_; }
  unsigned __int128 coefficient() const { return coefficient_; }
  int exponent() const { return exponent_; }

  // Decimal digits of the coefficient, most significant first, no trailing
  // zeros ("" for zero). Used by the order-preserving key encoding.
  std::string digits() const;
  // Position of the decimal point relative to the digits: value =
  // 0.d1d2d3... * 10^adjusted_exponent() (scientific exponent + 1), in
  // -129..126 for non-zero numbers; 0 for zero.
  int adjusted_exponent() const;

 private:
  bool negative_ = false;
  unsigned __int128 coefficient_ = 0;
  int exponent_ = 0;
};

}  // namespace magneto::model
