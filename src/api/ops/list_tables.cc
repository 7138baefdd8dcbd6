// ListTables: table names in name order, a page at a time.

#include "api/ops/ops.h"
#include "api/request.h"

namespace magneto::api::ops {

namespace {
constexpr int64_t kMaxLimit = 100;
}  // namespace

ApiResult<std::string> ListTables(OpContext& ctx, const json::Value& request) {
  auto start = GetString(request, "ExclusiveStartTableName");
  if (!start.ok()) return Fail(std::move(start).error());
  auto limit = GetInt(request, "Limit");
  if (!limit.ok()) return Fail(std::move(limit).error());
  Constraints c;
  if (*start) CheckTableName(c, *start, "exclusiveStartTableName");
  if (*limit && **limit < 1) {
    c.Violation(ShowValue(std::to_string(**limit)), "limit",
                "Member must have value greater than or equal to 1");
  } else if (*limit && **limit > kMaxLimit) {
    c.Violation(ShowValue(std::to_string(**limit)), "limit",
                "Member must have value less than or equal to 100");
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  size_t page = static_cast<size_t>(limit->value_or(kMaxLimit));
  std::vector<std::string> names;
  bool more = false;
  for (const schema::TablePtr& t : ctx.services.catalog->List()) {
    if (*start && t->name <= **start) continue;
    if (names.size() == page) {
      more = true;
      break;
    }
    names.push_back(t->name);
  }

  // DynamoDB's documented response puts LastEvaluatedTableName first.
  json::Writer w;
  w.StartObject();
  if (more) w.Key("LastEvaluatedTableName").String(names.back());
  w.Key("TableNames").StartArray();
  for (const auto& n : names) w.String(n);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
