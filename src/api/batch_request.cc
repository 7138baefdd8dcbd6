// The RequestItems map of the batch operations: its constraint messages,
// table lookup and the duplicate-key rule.

#include "api/batch_request.h"

#include <cstdint>

#include <fmt/format.h>

#include "api/context.h"
#include "items/item_store.h"

namespace magneto::api {

namespace {

constexpr std::string_view kJavaPackage = "com.amazonaws.dynamodb.v20120810.";
constexpr std::string_view kMapKeysConstraint =
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
    "Member must have length greater than or equal to 3, "
    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";
constexpr std::string_view kSingleViolationPrefix = "1 validation error detected: ";

// FNV-1a: a stable stand-in for the identity hash Java prints.
uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 16777619u;
  }
  return h;
}

bool IsValidTableName(const std::string& name) {
  Constraints c;
  CheckTableName(c, name);
  return c.empty();
}

}  // namespace

std::string ShowJavaObject(std::string_view java_class, const json::Value& v) {
  json::Writer w;
  w.Write(v);
  return fmt::format("{}{}@{:x}", kJavaPackage, java_class, Fnv1a(w.view()));
}

std::string ShowRequestItems(const json::Value& items, std::string_view java_class,
                             bool list_values) {
  std::string out = "{";
  bool first = true;
  for (const auto& [table, value] : items.members()) {
    if (!first) out += ", ";
    first = false;
    out += table;
    out += '=';
    if (!list_values) {
      out += ShowJavaObject(java_class, value);
      continue;
    }
    out += '[';
    for (size_t i = 0; i < value.elements().size(); ++i) {
      if (i) out += ", ";
      out += ShowJavaObject(java_class, value.elements()[i]);
    }
    out += ']';
  }
  return out + "}";
}

ApiResult<const json::Value*> DecodeRequestItems(const json::Value& body,
                                                 std::string_view java_class, bool list_values,
                                                 Constraints& c) {
  auto items = GetMember(body, "RequestItems", json::Value::Kind::kObject);
  if (!items.ok()) return Fail(std::move(items).error());
  if (*items == nullptr) {
    c.Null("requestItems");
    return items;
  }
  const json::Value& map = **items;
  if (map.members().empty()) {
    c.Violation("'{}'", "requestItems", "Member must have length greater than or equal to 1");
    return items;
  }
  for (const auto& [table, value] : map.members()) {
    if (!IsValidTableName(table)) {
      // One violation for the whole map, however many names are bad.
      c.Violation(ShowValue(ShowRequestItems(map, java_class, list_values)), "requestItems",
                  kMapKeysConstraint);
      break;
    }
  }
  return items;
}

ApiResult<Unit> ExpectKind(const json::Value& v, json::Value::Kind kind, std::string_view member) {
  if (v.kind() == kind) return Unit{};
  return Fail(
      ApiError::Serialization(fmt::format("Unexpected value type in payload for {}", member)));
}

bool AbsorbViolation(const ApiError& e, Constraints& c) {
  if (e.type() != "ValidationException") return false;
  std::string_view msg = e.message();
  if (!msg.starts_with(kSingleViolationPrefix)) return false;
  c.Add(std::string(msg.substr(kSingleViolationPrefix.size())));
  return true;
}

ApiResult<schema::TablePtr> FindBatchTable(OpContext& ctx, std::string_view name) {
  schema::TablePtr table = ctx.services.catalog->Find(name);
  if (table == nullptr || table->status == schema::TableStatus::kCreating) {
    return Fail(ApiError::ResourceNotFound("Requested resource not found"));
  }
  return table;
}

ApiResult<Unit> BatchKeySet::Add(const schema::TableDef& table, const model::Item& key) {
  if (!seen_.insert(items::ItemStore::KeyOf(table, key)).second) {
    return Fail(ApiError::Validation("Provided list of item keys contains duplicates"));
  }
  return Unit{};
}

}  // namespace magneto::api
