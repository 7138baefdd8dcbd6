// Decoding and validation of secondary index definitions (KeySchema,
// Projection, throughput) shared by CreateTable and UpdateTable.

#include "api/index_params.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <set>

namespace magneto::api {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

const NamedType* FindDef(const std::vector<NamedType>& defs, const std::string& name) {
  for (const NamedType& d : defs) {
    if (*d.name == name) return &d;
  }
  return nullptr;
}

std::string IndexKeyNames(const IndexRequest& index) {
  std::vector<std::string> names;
  for (const NamedType& k : index.keys) names.push_back(*k.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

// Java's String.hashCode over the UTF-16 code units of a UTF-8 string.
int32_t JavaStringHash(std::string_view s) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 3 ? (c & 0x07) : extra == 2 ? (c & 0x0F) : extra == 1 ? (c & 0x1F) : c;
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
  }
  return static_cast<int32_t>(h);
}

}  // namespace

ApiError InvalidParameter(std::string_view what) {
  return ApiError::Validation(fmt::format("{}{}", kInvalid, what));
}

ApiResult<std::vector<NamedType>> DecodeNamedTypes(const json::Value& parent,
                                                   std::string_view member, std::string_view field,
                                                   std::string_view type_member,
                                                   std::initializer_list<std::string_view> allowed,
                                                   bool required, Constraints& c) {
  auto list = GetMember(parent, member, json::Value::Kind::kArray);
  if (!list.ok()) return Fail(std::move(list).error());
  std::vector<NamedType> out;
  if (*list == nullptr) {
    if (required) c.Null(field);
    return out;
  }
  for (const json::Value& e : (*list)->elements()) {
    auto name = GetString(e, "AttributeName");
    if (!name.ok()) return Fail(std::move(name).error());
    auto type = GetString(e, type_member);
    if (!type.ok()) return Fail(std::move(type).error());
    out.push_back({std::move(*name), std::move(*type)});
  }
  for (size_t i = 0; i < out.size(); ++i) {
    std::string prefix = fmt::format("{}.{}.member.", field, i + 1);
    const NamedType& e = out[i];
    if (!e.name) {
      c.Null(prefix + "attributeName");
    } else if (e.name->empty()) {
      c.Violation(ShowValue(*e.name), prefix + "attributeName",
                  "Member must have length greater than or equal to 1");
    } else if (e.name->size() > 255) {
      c.Violation(ShowValue(*e.name), prefix + "attributeName",
                  "Member must have length less than or equal to 255");
    }
    std::string type_field = prefix + (type_member == "KeyType" ? "keyType" : "attributeType");
    if (!e.type) {
      c.Null(type_field);
    } else if (std::find(allowed.begin(), allowed.end(), *e.type) == allowed.end()) {
      c.Violation(
          ShowValue(*e.type), type_field,
          fmt::format("Member must satisfy enum value set: [{}]", fmt::join(allowed, ", ")));
    }
  }
  return out;
}

std::string ShowKeySchema(const std::vector<NamedType>& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i) out += ", ";
    out += fmt::format("KeySchemaElement(attributeName={}, keyType={})",
                       keys[i].name.value_or("null"), keys[i].type.value_or("null"));
  }
  return out + "]";
}

std::string JoinNames(const std::vector<NamedType>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ", ";
    out += list[i].name.value_or("null");
  }
  return out;
}

model::Type ScalarType(const std::string& type) {
  return type == "N" ? model::Type::kN : type == "B" ? model::Type::kB : model::Type::kS;
}

std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& names) {
  std::vector<std::string> unique;
  for (const std::string& n : names) {
    if (std::find(unique.begin(), unique.end(), n) == unique.end()) unique.push_back(n);
  }
  // HashMap's table: 16 buckets, doubled while more than 3/4 full; entries of
  // one bucket keep their insertion order (resizes split buckets stably).
  uint32_t capacity = 16;
  while (unique.size() * 4 > capacity * 3) capacity *= 2;
  auto bucket = [capacity](const std::string& n) {
    uint32_t h = static_cast<uint32_t>(JavaStringHash(n));
    return (h ^ (h >> 16)) & (capacity - 1);
  };
  std::stable_sort(unique.begin(), unique.end(), [&](const std::string& a, const std::string& b) {
    return bucket(a) < bucket(b);
  });
  return unique;
}

ApiResult<IndexRequest> DecodeIndex(const json::Value& index, std::string_view field, bool global,
                                    Constraints& c) {
  IndexRequest out;
  auto name = GetString(index, "IndexName");
  if (!name.ok()) return Fail(std::move(name).error());
  CheckTableName(c, *name, fmt::format("{}.indexName", field));
  out.name = name->value_or("");

  std::string key_field = fmt::format("{}.keySchema", field);
  auto keys = DecodeNamedTypes(index, "KeySchema", key_field, "KeyType", {"HASH", "RANGE"},
                               /*required=*/true, c);
  if (!keys.ok()) return Fail(std::move(keys).error());
  out.keys = std::move(*keys);
  if (HasMember(index, "KeySchema")) {
    if (out.keys.empty()) {
      c.Violation("'[]'", key_field, "Member must have length greater than or equal to 1");
    } else if (!global && out.keys.size() > 2) {
      // GSIs may have multi-attribute keys; CheckIndexKeys answers for those.
      c.Violation(ShowValue(ShowKeySchema(out.keys)), key_field,
                  "Member must have length less than or equal to 2");
    }
  }

  std::string projection_field = fmt::format("{}.projection", field);
  auto projection = GetMember(index, "Projection", json::Value::Kind::kObject);
  if (!projection.ok()) return Fail(std::move(projection).error());
  if (*projection == nullptr) {
    c.Null(projection_field);
  } else {
    auto type = GetString(**projection, "ProjectionType");
    if (!type.ok()) return Fail(std::move(type).error());
    if (*type && **type != "ALL" && **type != "KEYS_ONLY" && **type != "INCLUDE") {
      c.Violation(ShowValue(**type), projection_field + ".projectionType",
                  "Member must satisfy enum value set: [ALL, KEYS_ONLY, INCLUDE]");
    }
    out.projection_type = std::move(*type);
    auto attrs = GetMember(**projection, "NonKeyAttributes", json::Value::Kind::kArray);
    if (!attrs.ok()) return Fail(std::move(attrs).error());
    if (*attrs != nullptr) {
      std::vector<std::string> names;
      for (const json::Value& a : (*attrs)->elements()) {
        if (!a.is_string()) {
          return Fail(ApiError::Serialization(
              "Unexpected value for member NonKeyAttributes; expected a string"));
        }
        names.push_back(a.str());
      }
      std::string attrs_field = projection_field + ".nonKeyAttributes";
      if (names.empty()) {
        c.Violation("'[]'", attrs_field, "Member must have length greater than or equal to 1");
      } else if (names.size() > 20) {
        c.Violation(ShowValue(fmt::format("[{}]", fmt::join(names, ", "))), attrs_field,
                    "Member must have length less than or equal to 20");
      }
      out.non_key_attributes = std::move(names);
    }
  }

  if (global) {
    auto tp = DecodeThroughput(index, c, fmt::format("{}.provisionedThroughput", field));
    if (!tp.ok()) return Fail(std::move(tp).error());
    out.throughput = *tp;
  }
  return out;
}

ApiResult<std::optional<std::vector<IndexRequest>>> DecodeIndexList(const json::Value& request,
                                                                    bool global, Constraints& c) {
  std::string_view member = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
  std::string_view field = global ? "globalSecondaryIndexes" : "localSecondaryIndexes";
  auto list = GetMember(request, member, json::Value::Kind::kArray);
  if (!list.ok()) return Fail(std::move(list).error());
  if (*list == nullptr) return std::optional<std::vector<IndexRequest>>();
  std::vector<IndexRequest> out;
  const auto& elements = (*list)->elements();
  for (size_t i = 0; i < elements.size(); ++i) {
    auto index = DecodeIndex(elements[i], fmt::format("{}.{}.member", field, i + 1), global, c);
    if (!index.ok()) return Fail(std::move(index).error());
    out.push_back(std::move(*index));
  }
  return std::optional(std::move(out));
}

ApiResult<Unit> CheckIndexKeys(const IndexRequest& index, bool global,
                               const std::vector<NamedType>& defined) {
  for (const NamedType& k : index.keys) {
    if (FindDef(defined, *k.name) == nullptr) {
      return Fail(InvalidParameter(fmt::format(
          "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
          "AttributeDefinitions: [{}]",
          IndexKeyNames(index), JoinNames(defined))));
    }
  }
  const auto& keys = index.keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (*keys[i].name != *keys[j].name) continue;
      // GSI keys may have up to eight elements; DynamoDB words this case
      // differently for them than for the classic two-element schemas.
      return Fail(ApiError::Validation(
          global ? "The KeySchema contains multiple key attributes with the same name"
                 : "Both the Hash Key and the Range Key element in the KeySchema have the same "
                   "name"));
    }
  }
  if (*keys[0].type != "HASH") {
    return Fail(ApiError::Validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"));
  }
  if (keys.size() == 2 && *keys[1].type != "RANGE") {
    if (global) {
      // TODO(indexes): multi-attribute GSI keys (up to 4 HASH + 4 RANGE).
      return Fail(NotSupportedYet("A GlobalSecondaryIndex KeySchema with several HASH keys"));
    }
    return Fail(ApiError::Validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"));
  }
  if (keys.size() > 2) {
    return Fail(NotSupportedYet("A GlobalSecondaryIndex KeySchema with more than two elements"));
  }
  return Unit{};
}

ApiResult<Unit> CheckProjection(const IndexRequest& index) {
  if (!index.projection_type) return Fail(InvalidParameter("Unknown ProjectionType: null"));
  const std::string& type = *index.projection_type;
  if (type == "INCLUDE" && !index.non_key_attributes) {
    return Fail(
        InvalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified"));
  }
  if (type != "INCLUDE" && index.non_key_attributes) {
    return Fail(InvalidParameter(
        fmt::format("ProjectionType is {}, but NonKeyAttributes is specified", type)));
  }
  if (index.non_key_attributes) {
    std::set<std::string_view> seen;
    for (const std::string& a : *index.non_key_attributes) {
      if (!seen.insert(a).second) {
        return Fail(InvalidParameter(fmt::format("Duplicate element in NonKeyAttributes: {}", a)));
      }
    }
  }
  return Unit{};
}

schema::IndexDef MakeIndexDef(const IndexRequest& index, bool global,
                              const std::vector<NamedType>& defs, int64_t now_ms) {
  schema::IndexDef def;
  def.name = index.name;
  def.global = global;
  for (const NamedType& k : index.keys) {
    schema::KeyElement e{*k.name, ScalarType(*FindDef(defs, *k.name)->type)};
    if (*k.type == "HASH") {
      def.hash_key = e;
    } else {
      def.range_key = e;
    }
  }
  const std::string& type = *index.projection_type;
  def.projection = type == "KEYS_ONLY" ? schema::ProjectionType::kKeysOnly
                   : type == "INCLUDE" ? schema::ProjectionType::kInclude
                                       : schema::ProjectionType::kAll;
  if (index.non_key_attributes) {
    // DescribeTable lists NonKeyAttributes sorted by name.
    def.non_key_attributes = *index.non_key_attributes;
    std::sort(def.non_key_attributes.begin(), def.non_key_attributes.end());
  }
  def.status = schema::IndexStatus::kActive;
  def.created_ms = now_ms;
  if (index.throughput) {
    def.throughput.read_capacity_units = index.throughput->read_capacity_units;
    def.throughput.write_capacity_units = index.throughput->write_capacity_units;
  }
  return def;
}

ApiResult<TableIndexes> BuildCreateTableIndexes(
    const TableKeys& table, const std::vector<NamedType>& defs,
    const std::optional<std::vector<IndexRequest>>& lsis,
    const std::optional<std::vector<IndexRequest>>& gsis, schema::BillingMode mode,
    int64_t now_ms) {
  if (lsis && lsis->empty()) {
    return Fail(InvalidParameter("List of LocalSecondaryIndexes is empty"));
  }
  if (gsis && gsis->empty()) {
    return Fail(InvalidParameter("List of GlobalSecondaryIndexes is empty"));
  }
  static const std::vector<IndexRequest> kNone;
  const std::vector<IndexRequest>& local = lsis ? *lsis : kNone;
  const std::vector<IndexRequest>& global = gsis ? *gsis : kNone;

  for (const IndexRequest& index : local) {
    if (auto r = CheckIndexKeys(index, false, defs); !r.ok()) return Fail(std::move(r).error());
  }
  for (const IndexRequest& index : global) {
    if (auto r = CheckIndexKeys(index, true, defs); !r.ok()) return Fail(std::move(r).error());
  }

  // Every definition must back a key of the table or of an index. DynamoDB
  // checks this before the other index rules and lists the keys in the order
  // of the Java HashSet it collects them in.
  std::vector<std::string> used = {table.hash.name};
  if (table.range) used.push_back(table.range->name);
  for (const auto* list : {&local, &global}) {
    for (const IndexRequest& index : *list) {
      for (const NamedType& k : index.keys) used.push_back(*k.name);
    }
  }
  for (const NamedType& d : defs) {
    if (std::find(used.begin(), used.end(), *d.name) != used.end()) continue;
    return Fail(InvalidParameter(fmt::format(
        "Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
        JoinNames(defs), fmt::join(JavaHashSetOrder(used), ", "))));
  }

  if (!local.empty() && !table.range) {
    return Fail(InvalidParameter(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex"));
  }
  for (const IndexRequest& index : local) {
    const std::string& hash = *index.keys[0].name;
    if (hash != table.hash.name) {
      return Fail(InvalidParameter(fmt::format(
          "Index KeySchema does not have the same leading hash key as table KeySchema for index: "
          "{}. index hash key: {}, table hash key: {}",
          index.name, hash, table.hash.name)));
    }
    if (index.keys.size() != 2) {
      return Fail(InvalidParameter(
          fmt::format("Index KeySchema does not have a range key for index: {}", index.name)));
    }
  }

  std::set<std::string_view> names;
  size_t projected = 0;
  for (const auto* list : {&local, &global}) {
    for (const IndexRequest& index : *list) {
      if (auto r = CheckProjection(index); !r.ok()) return Fail(std::move(r).error());
      if (!names.insert(index.name).second) {
        return Fail(InvalidParameter(fmt::format("Duplicate index name: {}", index.name)));
      }
      if (index.non_key_attributes) projected += index.non_key_attributes->size();
    }
  }
  if (local.size() > kMaxLocalIndexes) {
    return Fail(InvalidParameter(fmt::format(
        "Number of LocalSecondaryIndexes exceeds per-table limit of {}", kMaxLocalIndexes)));
  }
  if (global.size() > kMaxGlobalIndexes) {
    return Fail(InvalidParameter(fmt::format(
        "GlobalSecondaryIndex count exceeds the per-table limit of {}", kMaxGlobalIndexes)));
  }
  for (const IndexRequest& index : global) {
    if (mode == schema::BillingMode::kPayPerRequest && index.throughput) {
      return Fail(InvalidParameter(fmt::format(
          "ProvisionedThroughput should not be specified for index: {} when BillingMode is "
          "PAY_PER_REQUEST",
          index.name)));
    }
    if (mode == schema::BillingMode::kProvisioned && !index.throughput) {
      return Fail(InvalidParameter(
          fmt::format("ProvisionedThroughput is not specified for index: {}", index.name)));
    }
  }
  if (projected > kMaxProjectedAttributes) {
    // The wording past "limit of 100" is not confirmed.
    return Fail(InvalidParameter(fmt::format(
        "Number of projected attributes in all indexes exceeds limit of {}, number of projected "
        "attributes: {}",
        kMaxProjectedAttributes, projected)));
  }

  TableIndexes out;
  for (const IndexRequest& index : local)
    out.local.push_back(MakeIndexDef(index, false, defs, now_ms));
  for (const IndexRequest& index : global)
    out.global.push_back(MakeIndexDef(index, true, defs, now_ms));
  return out;
}

}  // namespace magneto::api
