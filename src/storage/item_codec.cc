// Binary item encoding: a version byte, then attributes as (name, tagged value)
// with LEB128 varint lengths. See docs/storage_format.md.
#include "storage/item_codec.h"

#include <cstdint>

namespace magneto::storage {
namespace {

using model::AttributeValue;
using model::Item;
using model::List;
using model::Map;
using model::Number;
using model::Type;
using U128 = unsigned __int128;

constexpr uint8_t kFormatVersion = 1;
// Value tags. Fixed on disk; independent of the order of model::Type.
enum Tag : uint8_t {
  kTagS = 1,
  kTagN = 2,
  kTagB = 3,
  kTagBool = 4,
  kTagNull = 5,
  kTagM = 6,
  kTagL = 7,
  kTagSS = 8,
  kTagNS = 9,
  kTagBS = 10,
};
// Stored items are at most 32 levels deep; deeper input is corrupt, and the
// bound keeps the recursive decoder's stack small.
constexpr int kMaxDecodeDepth = 64;

void PutVarint(std::string* out, U128 v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(static_cast<uint8_t>(v) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutBytes(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

// N: flags byte (bit 0: negative), zigzag varint exponent, varint coefficient.
void PutNumber(std::string* out, const Number& n) {
  out->push_back(n.negative() ? 1 : 0);
  const int64_t e = n.exponent();
  PutVarint(out, (static_cast<uint64_t>(e) << 1) ^ static_cast<uint64_t>(e >> 63));
  PutVarint(out, n.coefficient());
}

void PutValue(std::string* out, const AttributeValue& v) {
  switch (v.type()) {
    case Type::kS:
      out->push_back(kTagS);
      PutBytes(out, v.str());
      return;
    case Type::kB:
      out->push_back(kTagB);
      PutBytes(out, v.str());
      return;
    case Type::kN:
      out->push_back(kTagN);
      PutNumber(out, v.num());
      return;
    case Type::kBool:
      out->push_back(kTagBool);
      out->push_back(v.boolean() ? 1 : 0);
      return;
    case Type::kNull:
      out->push_back(kTagNull);
      return;
    case Type::kM:
      out->push_back(kTagM);
      PutVarint(out, v.map().size());
      for (const auto& [name, child] : v.map()) {
        PutBytes(out, name);
        PutValue(out, child);
      }
      return;
    case Type::kL:
      out->push_back(kTagL);
      PutVarint(out, v.list().size());
      for (const auto& child : v.list()) PutValue(out, child);
      return;
    case Type::kSS:
    case Type::kBS:
      out->push_back(v.is(Type::kSS) ? kTagSS : kTagBS);
      PutVarint(out, v.str_set().size());
      for (const auto& s : v.str_set()) PutBytes(out, s);
      return;
    case Type::kNS:
      out->push_back(kTagNS);
      PutVarint(out, v.num_set().size());
      for (const auto& n : v.num_set()) PutNumber(out, n);
      return;
  }
}

// Bounds-checked reader over the input.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::string_view rest() const { return in_; }

  bool Byte(uint8_t* b) {
    if (in_.empty()) return false;
    *b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }

  // LEB128 of at most `bits` bits; rejects values that do not fit.
  bool Varint(U128* v, int bits) {
    *v = 0;
    for (int shift = 0; shift < bits; shift += 7) {
      uint8_t b;
      if (!Byte(&b)) return false;
      const U128 chunk = b & 0x7F;
      if (bits - shift < 7 && (chunk >> (bits - shift)) != 0) return false;
      *v |= chunk << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }

  bool Size(size_t* n) {
    U128 v;
    if (!Varint(&v, 64) || v > in_.size()) return false;  // each element takes >= 1 byte
    *n = static_cast<size_t>(v);
    return true;
  }

  bool Bytes(std::string* s) {
    size_t n;
    if (!Size(&n)) return false;
    s->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }

  bool GetNumber(Number* n) {
    uint8_t flags;
    U128 zigzag, coefficient;
    if (!Byte(&flags) || flags > 1 || !Varint(&zigzag, 64) || !Varint(&coefficient, 128)) {
      return false;
    }
    const auto z = static_cast<uint64_t>(zigzag);
    const auto exponent = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    auto parsed = Number::FromParts(flags == 1, coefficient, exponent);
    if (!parsed.ok()) return false;
    *n = std::move(parsed).value();
    return true;
  }

  bool GetValue(AttributeValue* v, int depth) {
    if (depth > kMaxDecodeDepth) return false;
    uint8_t tag;
    if (!Byte(&tag)) return false;
    switch (tag) {
      case kTagS:
      case kTagB: {
        std::string s;
        if (!Bytes(&s)) return false;
        *v = tag == kTagS ? AttributeValue::S(std::move(s)) : AttributeValue::B(std::move(s));
        return true;
      }
      case kTagN: {
        Number n;
        if (!GetNumber(&n)) return false;
        *v = AttributeValue::N(n);
        return true;
      }
      case kTagBool: {
        uint8_t b;
        if (!Byte(&b) || b > 1) return false;
        *v = AttributeValue::Bool(b == 1);
        return true;
      }
      case kTagNull:
        *v = AttributeValue::Null();
        return true;
      case kTagM: {
        Map m;
        if (!GetMap(&m, depth + 1)) return false;
        *v = AttributeValue::M(std::move(m));
        return true;
      }
      case kTagL: {
        size_t n;
        if (!Size(&n)) return false;
        List l(n);
        for (auto& child : l) {
          if (!GetValue(&child, depth + 1)) return false;
        }
        *v = AttributeValue::L(std::move(l));
        return true;
      }
      case kTagSS:
      case kTagBS: {
        size_t n;
        if (!Size(&n) || n == 0) return false;
        std::vector<std::string> set(n);
        for (auto& s : set) {
          if (!Bytes(&s)) return false;
        }
        *v =
            tag == kTagSS ? AttributeValue::SS(std::move(set)) : AttributeValue::BS(std::move(set));
        return true;
      }
      case kTagNS: {
        size_t n;
        if (!Size(&n) || n == 0) return false;
        std::vector<Number> set(n);
        for (auto& num : set) {
          if (!GetNumber(&num)) return false;
        }
        *v = AttributeValue::NS(std::move(set));
        return true;
      }
      default:
        return false;
    }
  }

  bool Skip(std::string_view* s) {
    size_t n;
    if (!Size(&n)) return false;
    *s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }

  // The visiting twin of GetValue: same checks, no model values built.
  bool VisitValue(ItemVisitor* v, int depth) {
    if (depth > kMaxDecodeDepth) return false;
    uint8_t tag;
    if (!Byte(&tag)) return false;
    std::string_view bytes;
    switch (tag) {
      case kTagS:
      case kTagB:
        if (!Skip(&bytes)) return false;
        tag == kTagS ? v->String(bytes) : v->Binary(bytes);
        return true;
      case kTagN: {
        Number n;
        if (!GetNumber(&n)) return false;
        v->Number(n);
        return true;
      }
      case kTagBool: {
        uint8_t b;
        if (!Byte(&b) || b > 1) return false;
        v->Bool(b == 1);
        return true;
      }
      case kTagNull:
        v->Null();
        return true;
      case kTagM:
        v->BeginMap();
        if (!VisitMap(v, depth + 1)) return false;
        v->EndMap();
        return true;
      case kTagL: {
        size_t n;
        if (!Size(&n)) return false;
        v->BeginList();
        for (size_t i = 0; i < n; ++i) {
          if (!VisitValue(v, depth + 1)) return false;
        }
        v->EndList();
        return true;
      }
      case kTagSS:
      case kTagBS:
      case kTagNS: {
        size_t n;
        if (!Size(&n) || n == 0) return false;
        v->BeginSet(tag == kTagSS ? Type::kSS : tag == kTagBS ? Type::kBS : Type::kNS);
        for (size_t i = 0; i < n; ++i) {
          if (tag == kTagNS) {
            Number num;
            if (!GetNumber(&num)) return false;
            v->Number(num);
          } else {
            if (!Skip(&bytes)) return false;
            tag == kTagSS ? v->String(bytes) : v->Binary(bytes);
          }
        }
        v->EndSet();
        return true;
      }
      default:
        return false;
    }
  }

  // Names must be strictly increasing (the order AppendItem writes), which
  // also rules out the repeated names GetMap rejects.
  bool VisitMap(ItemVisitor* v, int depth) {
    size_t n;
    if (!Size(&n)) return false;
    std::string_view previous;
    for (size_t i = 0; i < n; ++i) {
      std::string_view name;
      if (!Skip(&name) || (i > 0 && !(previous < name))) return false;
      previous = name;
      v->Name(name);
      if (!VisitValue(v, depth)) return false;
    }
    return true;
  }

  // Entries (name, value); a repeated name is corrupt.
  bool GetMap(Map* m, int depth) {
    size_t n;
    if (!Size(&n)) return false;
    for (size_t i = 0; i < n; ++i) {
      std::string name;
      AttributeValue value;
      if (!Bytes(&name) || !GetValue(&value, depth)) return false;
      if (!m->emplace(std::move(name), std::move(value)).second) return false;
    }
    return true;
  }

 private:
  std::string_view in_;
};

}  // namespace

void AppendItem(std::string* out, const Item& item) {
  out->push_back(static_cast<char>(kFormatVersion));
  PutVarint(out, item.size());
  for (const auto& [name, value] : item) {
    PutBytes(out, name);
    PutValue(out, value);
  }
}

std::string EncodeItem(const Item& item) {
  std::string out;
  AppendItem(&out, item);
  return out;
}

bool ConsumeItem(std::string_view* in, Item* out) {
  Reader reader(*in);
  uint8_t version;
  if (!reader.Byte(&version) || version != kFormatVersion) return false;
  out->clear();
  if (!reader.GetMap(out, 0)) return false;
  *in = reader.rest();
  return true;
}

bool DecodeItem(std::string_view in, Item* out) { return ConsumeItem(&in, out) && in.empty(); }

bool VisitItem(std::string_view in, ItemVisitor* visitor) {
  Reader reader(in);
  uint8_t version;
  if (!reader.Byte(&version) || version != kFormatVersion) return false;
  visitor->BeginMap();
  if (!reader.VisitMap(visitor, 0)) return false;
  visitor->EndMap();
  return reader.rest().empty();
}

}  // namespace magneto::storage
