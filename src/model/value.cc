// AttributeValue: type names, DynamoDB equality (sets unordered) and item size
// accounting.
#include "model/value.h"

#include <algorithm>

namespace magneto::model {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kS:
      return "S";
    case Type::kN:
      return "N";
    case Type::kB:
      return "B";
    case Type::kBool:
      return "BOOL";
    case Type::kNull:
      return "NULL";
    case Type::kM:
      return "M";
    case Type::kL:
      return "L";
    case Type::kSS:
      return "SS";
    case Type::kNS:
      return "NS";
    case Type::kBS:
      return "BS";
  }
  return "?";
}

namespace {

// Set equality for members known to be free of duplicates.
template <typename T>
bool SameMembers(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // common case: same order
  std::vector<T> sa = a;
  std::vector<T> sb = b;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return sa == sb;
}

}  // namespace

// A number's stored size. DynamoDB stores numbers like Oracle's NUMBER: one
// exponent byte, then base-100 digits aligned on the decimal point (so "1.5"
// is the two digits 1|50 while "15" is one), then for negatives a terminator
// byte unless the mantissa already has the maximum 20 digits. This matches
// sizes measured against DynamoDB (e.g. "12" 2, "123" 3, "3.14159" 5,
// "100.5" 4, "1E125" 2, "-42" 3, "0" 1) and the documented rule of
// "1 byte per two significant digits plus 1 byte" as an approximation.
size_t NumberSize(const Number& n) {
  if (n.is_zero()) return 1;
  const int digits = static_cast<int>(n.digits().size());
  // Exponent of the least and most significant digit; pair k covers
  // exponents 2k and 2k+1 (floor division, so negatives pair correctly).
  auto pair_of = [](int e) { return e >= 0 ? e / 2 : -((-e + 1) / 2); };
  const int low = n.exponent();
  const int high = n.exponent() + digits - 1;
  const size_t mantissa = static_cast<size_t>(pair_of(high) - pair_of(low) + 1);
  return 1 + mantissa + (n.negative() && mantissa < 20 ? 1 : 0);
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kS:
    case Type::kB:
      return str() == other.str();
    case Type::kN:
      return num() == other.num();
    case Type::kBool:
      return boolean() == other.boolean();
    case Type::kNull:
      return true;
    case Type::kM:
      return map() == other.map();
    case Type::kL:
      return list() == other.list();
    case Type::kSS:
    case Type::kBS:
      return SameMembers(str_set(), other.str_set());
    case Type::kNS:
      return SameMembers(num_set(), other.num_set());
  }
  return false;
}

size_t AttributeSize(const AttributeValue& v) {
  switch (v.type()) {
    case Type::kS:
    case Type::kB:
      return v.str().size();
    case Type::kN:
      return NumberSize(v.num());
    case Type::kBool:
    case Type::kNull:
      return 1;
    case Type::kM: {
      // 3 bytes for the map, then per entry 1 byte plus its name and value.
      size_t size = 3;
      for (const auto& [name, value] : v.map()) size += 1 + name.size() + AttributeSize(value);
      return size;
    }
    case Type::kL: {
      size_t size = 3;
      for (const auto& value : v.list()) size += 1 + AttributeSize(value);
      return size;
    }
    case Type::kSS:
    case Type::kBS: {
      size_t size = 0;
      for (const auto& s : v.str_set()) size += s.size();
      return size;
    }
    case Type::kNS: {
      size_t size = 0;
      for (const auto& n : v.num_set()) size += NumberSize(n);
      return size;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + AttributeSize(value);
  return size;
}

}  // namespace magneto::model
