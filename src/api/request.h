// Typed access to request members with DynamoDB's serialization and
// constraint errors ("1 validation error detected: Value ... at 'tableName'
// failed to satisfy constraint: ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "json/json.h"
#include "schema/catalog.h"

namespace magneto::api {

struct OpContext;

// Members by expected JSON kind. Absent and explicit null both read as
// nullptr; a member of another kind is a SerializationException.
ApiResult<const json::Value*> GetMember(const json::Value& body, std::string_view key,
                                        json::Value::Kind kind);
ApiResult<std::optional<std::string>> GetString(const json::Value& body, std::string_view key);
ApiResult<std::optional<bool>> GetBool(const json::Value& body, std::string_view key);
ApiResult<std::optional<int64_t>> GetInt(const json::Value& body, std::string_view key);

// Collects constraint violations; DynamoDB reports them all at once.
class Constraints {
 public:
  void Add(std::string violation) { violations_.push_back(std::move(violation)); }
  // "Value '<v>' at '<field>' failed to satisfy constraint: <constraint>"
  void Violation(std::string_view shown_value, std::string_view field, std::string_view constraint);
  void Null(std::string_view field);  // "Value null at '<field>' ... Member must not be null"
  bool empty() const { return violations_.empty(); }
  ApiError ToError() const;
  ApiResult<Unit> Check() const;

 private:
  std::vector<std::string> violations_;
};

// Checks a table name's length (3..255) and pattern [a-zA-Z0-9_.-]+.
void CheckTableName(Constraints& c, const std::optional<std::string>& name,
                    std::string_view field = "tableName");
// Reads and validates TableName.
ApiResult<std::string> RequireTableName(const json::Value& body);
// The table for an item operation: must exist and be readable/writable.
ApiResult<schema::TablePtr> TableForItems(OpContext& ctx, const json::Value& body);

// Shows a string value in a constraint message as DynamoDB does.
std::string ShowValue(std::string_view v);

}  // namespace magneto::api
