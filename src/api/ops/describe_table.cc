// DescribeTable: the table's current TableDescription.

#include "api/ops/ops.h"
#include "api/request.h"
#include "api/table_description.h"

namespace magneto::api::ops {

ApiResult<std::string> DescribeTable(OpContext& ctx, const json::Value& request) {
  auto name = RequireTableName(request);
  if (!name.ok()) return Fail(std::move(name).error());
  schema::TablePtr table = ctx.services.catalog->Find(*name);
  if (table == nullptr) return Fail(schema::TableNotFound(*name));
  json::Writer w;
  w.StartObject().Key("Table");
  WriteTableDescription(w, ctx, *table);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
