// Request member access and DynamoDB's constraint-violation messages.

#include "api/request.h"

#include <charconv>

#include <fmt/format.h>

#include "api/context.h"

namespace magneto::api {

namespace {
const char* KindName(json::Value::Kind k) {
  switch (k) {
    case json::Value::Kind::kNull: return "null";
    case json::Value::Kind::kBool: return "boolean";
    case json::Value::Kind::kNumber: return "number";
    case json::Value::Kind::kString: return "string";
    case json::Value::Kind::kArray: return "list";
    case json::Value::Kind::kObject: return "structure";
  }
  return "value";
}
}  // namespace

ApiResult<const json::Value*> GetMember(const json::Value& body, std::string_view key,
                                        json::Value::Kind kind) {
  const json::Value* v = body.Find(key);
  if (v == nullptr || v->is_null()) return static_cast<const json::Value*>(nullptr);
  if (v->kind() != kind) {
    return Fail(ApiError::Serialization(
        fmt::format("Unexpected {} for member {}; expected a {}", KindName(v->kind()), key, KindName(kind))));
  }
  return v;
}

ApiResult<std::optional<std::string>> GetString(const json::Value& body, std::string_view key) {
  auto v = GetMember(body, key, json::Value::Kind::kString);
  if (!v.ok()) return Fail(std::move(v).error());
  if (*v == nullptr) return std::optional<std::string>();
  return std::optional<std::string>((*v)->str());
}

ApiResult<std::optional<bool>> GetBool(const json::Value& body, std::string_view key) {
  auto v = GetMember(body, key, json::Value::Kind::kBool);
  if (!v.ok()) return Fail(std::move(v).error());
  if (*v == nullptr) return std::optional<bool>();
  return std::optional<bool>((*v)->boolean());
}

ApiResult<std::optional<int64_t>> GetInt(const json::Value& body, std::string_view key) {
  auto v = GetMember(body, key, json::Value::Kind::kNumber);
  if (!v.ok()) return Fail(std::move(v).error());
  if (*v == nullptr) return std::optional<int64_t>();
  const std::string& t = (*v)->str();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc() || p != t.data() + t.size()) {
    return Fail(ApiError::Serialization(fmt::format("Invalid integer value for member {}: {}", key, t)));
  }
  return std::optional<int64_t>(out);
}

std::string ShowValue(std::string_view v) { return fmt::format("'{}'", v); }

void Constraints::Violation(std::string_view shown_value, std::string_view field,
                            std::string_view constraint) {
  Add(fmt::format("Value {} at '{}' failed to satisfy constraint: {}", shown_value, field, constraint));
}

void Constraints::Null(std::string_view field) {
  Violation("null", field, "Member must not be null");
}

ApiError Constraints::ToError() const {
  std::string msg = fmt::format("{} validation error{} detected: ", violations_.size(),
                                violations_.size() == 1 ? "" : "s");
  for (size_t i = 0; i < violations_.size(); ++i) {
    if (i) msg += "; ";
    msg += violations_[i];
  }
  return ApiError::Validation(std::move(msg));
}

ApiResult<Unit> Constraints::Check() const {
  if (violations_.empty()) return Unit{};
  return Fail(ToError());
}

void CheckTableName(Constraints& c, const std::optional<std::string>& name, std::string_view field) {
  if (!name) {
    c.Null(field);
    return;
  }
  if (name->size() < 3) {
    c.Violation(ShowValue(*name), field, "Member must have length greater than or equal to 3");
  } else if (name->size() > 255) {
    c.Violation(ShowValue(*name), field, "Member must have length less than or equal to 255");
  }
  for (char ch : *name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '.' || ch == '-';
    if (!ok) {
      c.Violation(ShowValue(*name), field,
                  "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
      break;
    }
  }
}

ApiResult<std::string> RequireTableName(const json::Value& body) {
  auto name = GetString(body, "TableName");
  if (!name.ok()) return Fail(std::move(name).error());
  Constraints c;
  CheckTableName(c, *name);
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  return std::move(**name);
}

ApiResult<schema::TablePtr> TableForItems(OpContext& ctx, const json::Value& body) {
  auto name = RequireTableName(body);
  if (!name.ok()) return Fail(std::move(name).error());
  schema::TablePtr table = ctx.services.catalog->Find(*name);
  if (table == nullptr || table->status == schema::TableStatus::kCreating) {
    return Fail(ApiError::ResourceNotFound("Requested resource not found"));
  }
  return table;
}

}  // namespace magneto::api
