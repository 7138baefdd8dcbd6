// Number: parsing, printing, comparison and exact addition of DynamoDB's
// 38-digit decimal numbers, using integer arithmetic only.
#include "model/number.h"

#include <algorithm>
#include <vector>

namespace magneto::model {
namespace {

using U128 = unsigned __int128;

// Range of the scientific exponent (value = d.ddd * 10^sci): DynamoDB accepts
// magnitudes 1E-130 .. 9.99...9E+125 (38 nines).
constexpr int64_t kMinSciExponent = -130;
constexpr int64_t kMaxSciExponent = 125;
// Exponents in the text are clamped to this magnitude while parsing, so that
// "1e99999999999999999999" cannot overflow; anything this large is out of
// range anyway (unless the mantissa is zero, where the exponent is ignored).
constexpr int64_t kExponentClamp = int64_t{1} << 50;

constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";

U128 Pow10(int n) {
  U128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

int CountDigits(U128 v) {
  int n = 0;
  while (v != 0) {
    v /= 10;
    ++n;
  }
  return n;
}

std::string U128ToString(U128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v != 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Range and precision checks shared by every way of making a Number, in
// DynamoDB's order: magnitude first, then precision.
ApiResult<Unit> CheckLimits(int64_t sci_exponent, int64_t significant_digits) {
  if (sci_exponent > kMaxSciExponent) return Fail(ApiError::Validation(kOverflow));
  if (sci_exponent < kMinSciExponent) return Fail(ApiError::Validation(kUnderflow));
  if (significant_digits > Number::kMaxDigits) {
    return Fail(ApiError::Validation(kTooManyDigits));
  }
  return Unit{};
}

}  // namespace

ApiResult<Number> Number::Parse(std::string_view text) {
  auto invalid = [&]() -> ApiResult<Number> {
    // DynamoDB omits the ": <text>" suffix when the text is empty.
    if (text.empty()) {
      return Fail(ApiError::Validation("The parameter cannot be converted to a numeric value"));
    }
    return Fail(ApiError::Validation("The parameter cannot be converted to a numeric value: " +
                                     std::string(text)));
  };

  // Grammar: [+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?, with at least
  // one mantissa digit.
  size_t i = 0;
  const size_t n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const size_t int_begin = i;
  while (i < n && IsDigit(text[i])) ++i;
  const size_t int_len = i - int_begin;
  size_t frac_begin = i;
  size_t frac_len = 0;
  if (i < n && text[i] == '.') {
    frac_begin = ++i;
    while (i < n && IsDigit(text[i])) ++i;
    frac_len = i - frac_begin;
  }
  if (int_len + frac_len == 0) return invalid();
  int64_t exp10 = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const size_t exp_begin = i;
    for (; i < n && IsDigit(text[i]); ++i) {
      if (exp10 < kExponentClamp) exp10 = exp10 * 10 + (text[i] - '0');
    }
    if (i == exp_begin) return invalid();
    if (exp_negative) exp10 = -exp10;
  }
  if (i != n) return invalid();

  // The mantissa digits as one sequence (integer part, then fraction part).
  const size_t total = int_len + frac_len;
  auto digit_at = [&](size_t k) {
    return k < int_len ? text[int_begin + k] - '0' : text[frac_begin + k - int_len] - '0';
  };
  size_t first = 0;
  while (first < total && digit_at(first) == 0) ++first;
  if (first == total) return Number();  // zero, whatever its sign or exponent
  size_t last = total - 1;
  while (digit_at(last) == 0) --last;

  const int64_t significant = static_cast<int64_t>(last - first + 1);
  const int64_t sci = static_cast<int64_t>(int_len) - static_cast<int64_t>(first) - 1 + exp10;
  if (auto ok = CheckLimits(sci, significant); !ok) return Fail(std::move(ok).error());

  Number result;
  result.negative_ = negative;
  for (size_t k = first; k <= last; ++k)
    result.coefficient_ = result.coefficient_ * 10 + digit_at(k);
  result.exponent_ = static_cast<int>(sci - significant + 1);
  return result;
}

Number Number::FromInt(int64_t v) {
  Number result;
  if (v == 0) return result;
  result.negative_ = v < 0;
  uint64_t magnitude = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (magnitude % 10 == 0) {
    magnitude /= 10;
    ++result.exponent_;
  }
  result.coefficient_ = magnitude;
  return result;
}

ApiResult<Number> Number::FromParts(bool negative, U128 coefficient, int64_t exponent) {
  if (coefficient == 0) return Number();
  // Clamp so that the arithmetic below cannot overflow; the result is out of
  // range either way.
  exponent = std::clamp<int64_t>(exponent, -kExponentClamp, kExponentClamp);
  while (coefficient % 10 == 0) {
    coefficient /= 10;
    ++exponent;
  }
  const int digits = CountDigits(coefficient);
  if (auto ok = CheckLimits(exponent + digits - 1, digits); !ok) return Fail(std::move(ok).error());
  Number result;
  result.negative_ = negative;
  result.coefficient_ = coefficient;
  result.exponent_ = static_cast<int>(exponent);
  return result;
}

std::string Number::ToString() const {
  if (coefficient_ == 0) return "0";
  const std::string d = U128ToString(coefficient_);
  std::string out;
  if (negative_) out.push_back('-');
  if (exponent_ >= 0) {
    out += d;
    out.append(static_cast<size_t>(exponent_), '0');
    return out;
  }
  // Digits before the decimal point; <= 0 means "0." and leading zeros.
  const int point = static_cast<int>(d.size()) + exponent_;
  if (point > 0) {
    out.append(d, 0, static_cast<size_t>(point));
    out.push_back('.');
    out.append(d, static_cast<size_t>(point));
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += d;
  }
  return out;
}

Number Number::Negated() const {
  Number result = *this;
  if (coefficient_ != 0) result.negative_ = !negative_;
  return result;
}

std::string Number::digits() const { return coefficient_ == 0 ? "" : U128ToString(coefficient_); }

int Number::adjusted_exponent() const {
  return coefficient_ == 0 ? 0 : exponent_ + CountDigits(coefficient_);
}

namespace {

// Compares |a| and |b|. Both are normalized, so the scientific exponent
// decides unless equal; then the coefficients, scaled to 38 digits (which fits
// in 128 bits), decide.
std::strong_ordering CompareMagnitude(const Number& a, const Number& b) {
  if (a.is_zero() || b.is_zero()) return !a.is_zero() <=> !b.is_zero();
  if (a.adjusted_exponent() != b.adjusted_exponent()) {
    return a.adjusted_exponent() <=> b.adjusted_exponent();
  }
  const U128 ca = a.coefficient() * Pow10(Number::kMaxDigits - CountDigits(a.coefficient()));
  const U128 cb = b.coefficient() * Pow10(Number::kMaxDigits - CountDigits(b.coefficient()));
  return ca <=> cb;
}

}  // namespace

std::strong_ordering Number::operator<=>(const Number& other) const {
  if (negative_ != other.negative_) {
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  const std::strong_ordering m = CompareMagnitude(*this, other);
  return negative_ ? 0 <=> m : m;
}

ApiResult<Number> Number::Add(const Number& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;

  // Both magnitudes as little-endian decimal digit arrays over the exponent
  // range [lo, lo + width). Exponents are bounded (-167..125), so width stays
  // under 300 digits; one spare digit takes the final carry.
  const int lo = std::min(exponent_, other.exponent_);
  const int hi = std::max(adjusted_exponent(), other.adjusted_exponent());
  const size_t width = static_cast<size_t>(hi - lo) + 1;
  auto spread = [&](const Number& x) {
    std::vector<int> d(width, 0);
    U128 c = x.coefficient_;
    for (size_t pos = static_cast<size_t>(x.exponent_ - lo); c != 0; ++pos, c /= 10) {
      d[pos] = static_cast<int>(c % 10);
    }
    return d;
  };
  std::vector<int> a = spread(*this);
  std::vector<int> b = spread(other);
  bool negative = negative_;
  if (negative_ != other.negative_) {
    // Subtract the smaller magnitude from the larger; the larger gives the sign.
    const std::strong_ordering m = CompareMagnitude(*this, other);
    if (m == 0) return Number();
    if (m < 0) {
      std::swap(a, b);
      negative = other.negative_;
    }
    int borrow = 0;
    for (size_t k = 0; k < width; ++k) {
      int v = a[k] - b[k] - borrow;
      borrow = v < 0;
      a[k] = v + 10 * borrow;
    }
  } else {
    int carry = 0;
    for (size_t k = 0; k < width; ++k) {
      int v = a[k] + b[k] + carry;
      carry = v >= 10;
      a[k] = v - 10 * carry;
    }
  }

  size_t low = 0;
  while (a[low] == 0) ++low;  // a is non-zero here
  size_t high = width - 1;
  while (a[high] == 0) --high;
  const int64_t significant = static_cast<int64_t>(high - low + 1);
  const int64_t sci = lo + static_cast<int64_t>(high);
  // DynamoDB reports a sum that needs more than 38 digits as an overflow, not
  // with the "more than 38 significant digits" message it uses for input.
  if (significant > kMaxDigits && sci <= kMaxSciExponent && sci >= kMinSciExponent) {
    return Fail(ApiError::Validation(kOverflow));
  }
  if (auto ok = CheckLimits(sci, significant); !ok) return Fail(std::move(ok).error());
  Number result;
  result.negative_ = negative;
  for (size_t k = high + 1; k-- > low;) result.coefficient_ = result.coefficient_ * 10 + a[k];
  result.exponent_ = lo + static_cast<int>(low);
  return result;
}

ApiResult<Number> Number::Subtract(const Number& other) const { return Add(other.Negated()); }

}  // namespace magneto::model
