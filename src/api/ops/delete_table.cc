// DeleteTable: remove a table and its items; answers the description with
// TableStatus DELETING (Magneto deletes at once, so DescribeTable right after
// already answers ResourceNotFoundException).

#include <fmt/format.h>

#include "api/ops/ops.h"
#include "api/request.h"
#include "api/table_description.h"

namespace magneto::api::ops {

ApiResult<std::string> DeleteTable(OpContext& ctx, const json::Value& request) {
  auto name = RequireTableName(request);
  if (!name.ok()) return Fail(std::move(name).error());
  schema::TablePtr table = ctx.services.catalog->Find(*name);
  if (table == nullptr) return Fail(schema::TableNotFound(*name));
  if (table->status == schema::TableStatus::kCreating ||
      table->status == schema::TableStatus::kUpdating) {
    return Fail(ApiError::ResourceInUse(fmt::format(
        "Attempt to change a resource which is still in use: Table is being {}: {}",
        table->status == schema::TableStatus::kCreating ? "created" : "updated", *name)));
  }
  for (const auto& gsi : table->global_indexes) {
    if (gsi.status != schema::IndexStatus::kActive) {
      return Fail(ApiError::ResourceInUse(
          "Attempt to change a resource which is still in use: Cannot delete table while indexes "
          "are being created, updated, or deleted."));
    }
  }
  if (table->deletion_protection) {
    return Fail(ApiError::Validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first."));
  }

  // The description is taken before the drop, while the counters exist.
  schema::TableDef deleting = *table;
  deleting.status = schema::TableStatus::kDeleting;
  json::Writer w;
  w.StartObject().Key("TableDescription");
  WriteTableDescription(w, ctx, deleting);
  w.EndObject();

  auto dropped = ctx.services.catalog->Drop(*name);
  if (!dropped.ok()) return Fail(std::move(dropped).error());
  if (ctx.services.items != nullptr) {
    if (auto r = ctx.services.items->DropTableData(**dropped); !r.ok()) {
      return Fail(std::move(r).error());
    }
  }
  return w.Take();
}

}  // namespace magneto::api::ops
