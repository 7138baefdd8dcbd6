// ListStreams: every stream (enabled, or disabled and still retained), of one
// table or of all, ordered by table name and then age, a page at a time.

#include <tuple>

#include "api/ops/streams/streams_ops.h"
#include "api/request.h"
#include "api/streams_common.h"

namespace magneto::api::ops::streams {

namespace {
constexpr int64_t kMaxLimit = 100;
}  // namespace

ApiResult<std::string> ListStreams(OpContext& ctx, const json::Value& request) {
  auto table_name = GetString(request, "TableName");
  if (!table_name.ok()) return Fail(std::move(table_name).error());
  auto limit = GetInt(request, "Limit");
  if (!limit.ok()) return Fail(std::move(limit).error());
  auto start = GetString(request, "ExclusiveStartStreamArn");
  if (!start.ok()) return Fail(std::move(start).error());
  Constraints c;
  if (*table_name) CheckTableName(c, *table_name);
  CheckRange(c, *limit, "limit", 1, kMaxLimit);
  CheckLength(c, *start, "exclusiveStartStreamArn", 37, 1024);
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  std::optional<StreamArnParts> after;
  if (*start) {
    after = ParseStreamArn(ctx.services.config, **start);
    if (!after) return Fail(ApiError::Validation("Invalid StreamArn"));
  }
  std::vector<schema::TablePtr> tables;
  if (*table_name) {
    schema::TablePtr table = ctx.services.catalog->Find(**table_name);
    if (table == nullptr) return Fail(schema::TableNotFound(**table_name));
    tables.push_back(std::move(table));
  } else {
    tables = ctx.services.catalog->List();
  }

  size_t page = static_cast<size_t>(limit->value_or(kMaxLimit));
  json::Writer w;
  w.StartObject().Key("Streams").StartArray();
  size_t listed = 0;
  std::string last_arn;
  bool more = false;
  for (const schema::TablePtr& table : tables) {
    // Labels are creation times, so (table name, label) is the listing order.
    for (const schema::StreamDef& stream : table->streams) {
      if (after &&
          std::tie(table->name, stream.label) <= std::tie(after->table_name, after->label)) {
        continue;
      }
      if (listed == page) {
        more = true;
        break;
      }
      last_arn = StreamArn(ctx.services.config, table->name, stream.label);
      w.StartObject().Key("StreamArn").String(last_arn);
      w.Key("TableName").String(table->name).Key("StreamLabel").String(stream.label).EndObject();
      ++listed;
    }
    if (more) break;
  }
  w.EndArray();
  if (more) w.Key("LastEvaluatedStreamArn").String(last_arn);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops::streams
