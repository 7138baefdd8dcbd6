// Decoding and encoding of DynamoDB's typed-JSON attribute values.

#include "api/attribute_json.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/base64.h"
#include "model/validate.h"

namespace magneto::api {

namespace {

ApiError Invalid(std::string_view detail) {
  return ApiError::Validation(fmt::format("One or more parameter values were invalid: {}", detail));
}

ApiError NotString(std::string_view what) {
  return ApiError::Serialization(fmt::format("Unexpected value type in payload for {}", what));
}

ApiResult<std::string> DecodeBinary(const json::Value& v) {
  if (!v.is_string()) return Fail(NotString("B"));
  auto bytes = Base64Decode(v.str());
  if (!bytes) {
    return Fail(ApiError::Serialization("Base64 encoded length is expected a multiple of 4 bytes"));
  }
  return std::move(*bytes);
}

std::string JoinForMessage(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  return out + "]";
}

ApiResult<model::AttributeValue> Decode(const json::Value& v, int depth);

ApiResult<model::AttributeValue> DecodeTyped(std::string_view type, const json::Value& body,
                                             int depth) {
  using model::AttributeValue;
  if (type == "S") {
    if (!body.is_string()) return Fail(NotString("S"));
    return AttributeValue::S(body.str());
  }
  if (type == "N") {
    if (!body.is_string()) return Fail(NotString("N"));
    auto n = model::Number::Parse(body.str());
    if (!n.ok()) return Fail(std::move(n).error());
    return AttributeValue::N(std::move(*n));
  }
  if (type == "B") {
    auto b = DecodeBinary(body);
    if (!b.ok()) return Fail(std::move(b).error());
    return AttributeValue::B(std::move(*b));
  }
  if (type == "BOOL") {
    if (!body.is_bool()) return Fail(NotString("BOOL"));
    return AttributeValue::Bool(body.boolean());
  }
  if (type == "NULL") {
    if (!body.is_bool()) return Fail(NotString("NULL"));
    if (!body.boolean()) {
      return Fail(Invalid("Null attribute value types must have the value of true"));
    }
    return AttributeValue::Null();
  }
  if (type == "M") {
    if (!body.is_object()) return Fail(NotString("M"));
    model::Map m;
    for (const auto& [k, e] : body.members()) {
      auto d = Decode(e, depth + 1);
      if (!d.ok()) return d;
      m.insert_or_assign(k, std::move(*d));
    }
    return AttributeValue::M(std::move(m));
  }
  if (type == "L") {
    if (!body.is_array()) return Fail(NotString("L"));
    model::List l;
    l.reserve(body.elements().size());
    for (const auto& e : body.elements()) {
      auto d = Decode(e, depth + 1);
      if (!d.ok()) return d;
      l.push_back(std::move(*d));
    }
    return AttributeValue::L(std::move(l));
  }
  if (type == "SS" || type == "BS") {
    if (!body.is_array()) return Fail(NotString(type));
    if (body.elements().empty()) {
      return Fail(Invalid(type == "SS" ? "An string set  may not be empty"
                                       : "Binary sets should not be empty"));
    }
    std::vector<std::string> members;
    std::set<std::string, std::less<>> seen;
    std::vector<std::string> shown;
    bool dup = false;
    for (const auto& e : body.elements()) {
      std::string m;
      if (type == "SS") {
        if (!e.is_string()) return Fail(NotString("SS"));
        m = e.str();
      } else {
        auto b = DecodeBinary(e);
        if (!b.ok()) return Fail(std::move(b).error());
        m = std::move(*b);
      }
      shown.push_back(e.str());
      if (!seen.insert(m).second) dup = true;
      members.push_back(std::move(m));
    }
    if (dup) {
      return Fail(Invalid(fmt::format("Input collection {} contains duplicates.", JoinForMessage(shown))));
    }
    return type == "SS" ? AttributeValue::SS(std::move(members))
                        : AttributeValue::BS(std::move(members));
  }
  if (type == "NS") {
    if (!body.is_array()) return Fail(NotString("NS"));
    if (body.elements().empty()) return Fail(Invalid("An number set  may not be empty"));
    std::vector<model::Number> members;
    std::vector<std::string> shown;
    bool dup = false;
    for (const auto& e : body.elements()) {
      if (!e.is_string()) return Fail(NotString("NS"));
      auto n = model::Number::Parse(e.str());
      if (!n.ok()) return Fail(std::move(n).error());
      if (std::find(members.begin(), members.end(), *n) != members.end()) dup = true;
      shown.push_back(e.str());
      members.push_back(std::move(*n));
    }
    if (dup) {
      return Fail(Invalid(fmt::format("Input collection {} contains duplicates.", JoinForMessage(shown))));
    }
    return AttributeValue::NS(std::move(members));
  }
  return Fail(ApiError::Serialization(fmt::format("Unknown AttributeValue type: {}", type)));
}

ApiResult<model::AttributeValue> Decode(const json::Value& v, int depth) {
  if (depth > model::kMaxNestingDepth) {
    return Fail(ApiError::Validation(std::string(model::kNestingTooDeepMessage)));
  }
  if (!v.is_object()) {
    return Fail(ApiError::Serialization("Unexpected value type in payload for AttributeValue"));
  }
  // DynamoDB ignores members explicitly set to null (SDKs send none).
  const json::Value::Member* chosen = nullptr;
  size_t set_count = 0;
  for (const auto& m : v.members()) {
    if (m.second.is_null()) continue;
    ++set_count;
    chosen = &m;
  }
  if (set_count == 0) {
    return Fail(ApiError::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"));
  }
  if (set_count > 1) {
    return Fail(ApiError::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes"));
  }
  return DecodeTyped(chosen->first, chosen->second, depth);
}

void WriteStringSet(json::Writer& w, const std::vector<std::string>& s, bool binary) {
  w.StartArray();
  for (const auto& m : s) w.String(binary ? Base64Encode(m) : m);
  w.EndArray();
}

}  // namespace

ApiResult<model::AttributeValue> DecodeAttributeValue(const json::Value& v) { return Decode(v, 1); }

ApiResult<model::Item> DecodeAttributeMap(const json::Value& v) {
  if (!v.is_object()) {
    return Fail(ApiError::Serialization("Unexpected value type in payload for attribute map"));
  }
  model::Item item;
  for (const auto& [k, e] : v.members()) {
    auto d = Decode(e, 1);
    if (!d.ok()) return Fail(std::move(d).error());
    item.insert_or_assign(k, std::move(*d));
  }
  return item;
}

void WriteAttributeValue(json::Writer& w, const model::AttributeValue& v) {
  using model::Type;
  w.StartObject();
  w.Key(model::TypeName(v.type()));
  switch (v.type()) {
    case Type::kS: w.String(v.str()); break;
    case Type::kN: w.String(v.num().ToString()); break;
    case Type::kB: w.String(Base64Encode(v.str())); break;
    case Type::kBool: w.Bool(v.boolean()); break;
    case Type::kNull: w.Bool(true); break;
    case Type::kM: WriteItem(w, v.map()); break;
    case Type::kL:
      w.StartArray();
      for (const auto& e : v.list()) WriteAttributeValue(w, e);
      w.EndArray();
      break;
    case Type::kSS: WriteStringSet(w, v.str_set(), false); break;
    case Type::kBS: WriteStringSet(w, v.str_set(), true); break;
    case Type::kNS:
      w.StartArray();
      for (const auto& n : v.num_set()) w.String(n.ToString());
      w.EndArray();
      break;
  }
  w.EndObject();
}

void WriteItem(json::Writer& w, const model::Item& item) {
  w.StartObject();
  for (const auto& [k, v] : item) {
    w.Key(k);
    WriteAttributeValue(w, v);
  }
  w.EndObject();
}

namespace {

ApiResult<Unit> CheckKeyAttribute(const schema::KeyElement& key, const model::AttributeValue& v) {
  if (v.type() != key.type) {
    return Fail(Invalid(fmt::format("Type mismatch for key {} expected: {} actual: {}", key.name,
                                    model::TypeName(key.type), model::TypeName(v.type()))));
  }
  if ((v.is(model::Type::kS) || v.is(model::Type::kB)) && v.str().empty()) {
    return Fail(Invalid(fmt::format(
        "The AttributeValue for a key attribute cannot contain an empty {} value. Key: {}",
        v.is(model::Type::kS) ? "string" : "binary", key.name)));
  }
  return Unit{};
}

}  // namespace

ApiResult<Unit> ValidateItemKeys(const schema::TableDef& table, const model::Item& item) {
  for (const schema::KeyElement* key : {&table.hash_key, table.range_key ? &*table.range_key : nullptr}) {
    if (key == nullptr) continue;
    auto it = item.find(key->name);
    if (it == item.end()) return Fail(Invalid(fmt::format("Missing the key {} in the item", key->name)));
    if (auto r = CheckKeyAttribute(*key, it->second); !r.ok()) return r;
  }
  return Unit{};
}

ApiResult<Unit> ValidateKey(const schema::TableDef& table, const model::Item& key) {
  size_t expected = table.range_key ? 2 : 1;
  for (const schema::KeyElement* k : {&table.hash_key, table.range_key ? &*table.range_key : nullptr}) {
    if (k == nullptr) continue;
    auto it = key.find(k->name);
    if (it == key.end() || key.size() != expected) {
      return Fail(ApiError::Validation("The provided key element does not match the schema"));
    }
    if (it->second.type() != k->type) {
      return Fail(ApiError::Validation("The provided key element does not match the schema"));
    }
    if (auto r = CheckKeyAttribute(*k, it->second); !r.ok()) return r;
  }
  if (key.size() != expected) {
    return Fail(ApiError::Validation("The provided key element does not match the schema"));
  }
  return Unit{};
}

model::Item KeyOf(const schema::TableDef& table, const model::Item& item) {
  model::Item key;
  if (auto it = item.find(table.hash_key.name); it != item.end()) key.insert(*it);
  if (table.range_key) {
    if (auto it = item.find(table.range_key->name); it != item.end()) key.insert(*it);
  }
  return key;
}

}  // namespace magneto::api
