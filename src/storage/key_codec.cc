// Order-preserving key encoding (see key_codec.h and docs/storage_format.md).
#include "storage/key_codec.h"

#include <cassert>

namespace magneto::storage {
namespace {

using model::AttributeValue;
using model::Number;
using model::Type;

// Number sign bytes: negative < zero < positive.
constexpr uint8_t kNegative = 0x01;
constexpr uint8_t kZero = 0x02;
constexpr uint8_t kPositive = 0x03;
// Added to the adjusted exponent (-129..126) to store it as 2 unsigned bytes.
constexpr int kExponentBias = 0x8000;

void AppendBigEndian32(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v >> 24));
  out->push_back(static_cast<char>(v >> 16));
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

uint32_t ReadBigEndian32(std::string_view in) {
  return (uint32_t{static_cast<uint8_t>(in[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(in[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(in[2])} << 8) | uint32_t{static_cast<uint8_t>(in[3])};
}

// Sign byte; then for non-zero numbers the biased adjusted exponent (2 bytes
// big-endian), each digit as digit+1, and a 0x00 terminator. Negatives
// complement every byte after the sign, so larger magnitudes sort first.
// Digits have no trailing zeros, so a shorter digit string that is a prefix of
// a longer one is the smaller magnitude, and the terminator sorts first.
void AppendNumber(std::string* out, const Number& n) {
  if (n.is_zero()) {
    out->push_back(static_cast<char>(kZero));
    return;
  }
  const uint8_t mask = n.negative() ? 0xFF : 0x00;
  out->push_back(static_cast<char>(n.negative() ? kNegative : kPositive));
  const auto exponent = static_cast<uint16_t>(n.adjusted_exponent() + kExponentBias);
  out->push_back(static_cast<char>((exponent >> 8) ^ mask));
  out->push_back(static_cast<char>((exponent & 0xFF) ^ mask));
  for (char d : n.digits()) out->push_back(static_cast<char>((d - '0' + 1) ^ mask));
  out->push_back(static_cast<char>(mask));
}

bool DecodeNumber(std::string_view* in, Number* out) {
  if (in->empty()) return false;
  const auto sign = static_cast<uint8_t>((*in)[0]);
  if (sign == kZero) {
    *out = Number();
    in->remove_prefix(1);
    return true;
  }
  if (sign != kNegative && sign != kPositive) return false;
  const uint8_t mask = sign == kNegative ? 0xFF : 0x00;
  if (in->size() < 3) return false;
  const int exponent =
      (((static_cast<uint8_t>((*in)[1]) ^ mask) << 8) | (static_cast<uint8_t>((*in)[2]) ^ mask)) -
      kExponentBias;
  unsigned __int128 coefficient = 0;
  int digits = 0;
  int last_digit = 0;
  size_t pos = 3;
  for (;; ++pos) {
    if (pos >= in->size()) return false;
    const int b = static_cast<uint8_t>((*in)[pos]) ^ mask;
    if (b == 0) break;
    if (b > 10 || ++digits > Number::kMaxDigits) return false;
    last_digit = b - 1;
    if (digits == 1 && last_digit == 0) return false;  // leading zero: not canonical
    coefficient = coefficient * 10 + static_cast<unsigned>(last_digit);
  }
  if (digits == 0 || last_digit == 0) return false;  // trailing zero: not canonical
  auto n = Number::FromParts(sign == kNegative, coefficient, int64_t{exponent} - digits);
  if (!n.ok()) return false;
  *out = std::move(n).value();
  in->remove_prefix(pos + 1);
  return true;
}

// Bytes with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01. The
// terminator sorts before every continuation, so a prefix sorts first.
void AppendBytes(std::string* out, std::string_view s) {
  for (char c : s) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
  out->push_back('\0');
  out->push_back('\x01');
}

bool DecodeBytes(std::string_view* in, std::string* out) {
  out->clear();
  for (size_t pos = 0; pos < in->size(); ++pos) {
    const char c = (*in)[pos];
    if (c != '\0') {
      out->push_back(c);
      continue;
    }
    if (++pos >= in->size()) return false;
    if ((*in)[pos] == '\x01') {
      in->remove_prefix(pos + 1);
      return true;
    }
    if ((*in)[pos] != '\xFF') return false;
    out->push_back('\0');
  }
  return false;
}

}  // namespace

void AppendKeyValue(std::string* out, const AttributeValue& v) {
  switch (v.type()) {
    case Type::kS:
    case Type::kB:
      AppendBytes(out, v.str());
      return;
    case Type::kN:
      AppendNumber(out, v.num());
      return;
    default:
      assert(false && "key values are S, N or B");
  }
}

bool DecodeKeyValue(std::string_view* in, Type type, AttributeValue* out) {
  switch (type) {
    case Type::kS:
    case Type::kB: {
      std::string s;
      if (!DecodeBytes(in, &s)) return false;
      *out = type == Type::kS ? AttributeValue::S(std::move(s)) : AttributeValue::B(std::move(s));
      return true;
    }
    case Type::kN: {
      Number n;
      if (!DecodeNumber(in, &n)) return false;
      *out = AttributeValue::N(n);
      return true;
    }
    default:
      return false;
  }
}

uint32_t PartitionHash(std::string_view encoded_partition_key) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (char c : encoded_partition_key) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  // murmur3 fmix64, to spread FNV's weak high bits.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h >> 32);
}

std::string TablePrefix(uint32_t table_id) {
  std::string out;
  AppendBigEndian32(&out, table_id);
  return out;
}

std::string PartitionPrefix(uint32_t table_id, const AttributeValue& pk) {
  std::string encoded;
  AppendKeyValue(&encoded, pk);
  std::string out;
  out.reserve(8 + encoded.size());
  AppendBigEndian32(&out, table_id);
  AppendBigEndian32(&out, PartitionHash(encoded));
  out += encoded;
  return out;
}

std::string ItemKey(uint32_t table_id, const AttributeValue& pk, const AttributeValue* sk) {
  std::string out = PartitionPrefix(table_id, pk);
  if (sk != nullptr) AppendKeyValue(&out, *sk);
  return out;
}

bool ParseItemKey(std::string_view key, Type pk_type, const Type* sk_type, uint32_t* table_id,
                  AttributeValue* pk, AttributeValue* sk) {
  if (key.size() < 8) return false;
  *table_id = ReadBigEndian32(key);
  const uint32_t hash = ReadBigEndian32(key.substr(4));
  std::string_view rest = key.substr(8);
  if (!DecodeKeyValue(&rest, pk_type, pk)) return false;
  if (PartitionHash(key.substr(8, key.size() - 8 - rest.size())) != hash) return false;
  if (sk_type != nullptr && !DecodeKeyValue(&rest, *sk_type, sk)) return false;
  return rest.empty();
}

}  // namespace magneto::storage
