// DescribeTimeToLive: whether a table's Time to Live is on, and on which
// attribute. Status changes show at once (DynamoDB's ENABLING/DISABLING are
// seldom seen there either; see docs/ttl.md).

#include <fmt/format.h>

#include "api/ops/ops.h"
#include "api/request.h"

namespace magneto::api::ops {

ApiResult<std::string> DescribeTimeToLive(OpContext& ctx, const json::Value& request) {
  auto name = RequireTableName(request);
  if (!name.ok()) return Fail(std::move(name).error());
  schema::TablePtr table = ctx.services.catalog->Find(*name);
  if (table == nullptr) return Fail(schema::TableNotFound(*name));
  if (table->status == schema::TableStatus::kCreating ||
      table->status == schema::TableStatus::kDeleting) {
    const char* state = schema::TableStatusName(table->status);
    return Fail(ApiError::Validation(fmt::format(
        "Cannot describe time to live while table is in {0} state: Current table state is {0}",
        state)));
  }
  json::Writer w;
  w.StartObject().Key("TimeToLiveDescription").StartObject();
  w.Key("TimeToLiveStatus").String(table->ttl.enabled ? "ENABLED" : "DISABLED");
  // A disabled TTL shows no attribute, even one that was enabled before.
  if (table->ttl.enabled) w.Key("AttributeName").String(table->ttl.attribute);
  w.EndObject().EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
