// UpdateItem: edit (or create) an item with an UpdateExpression or the legacy
// AttributeUpdates, optionally under a condition.

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "index/index_entries.h"
#include "items/item_store.h"
#include "model/validate.h"

namespace magneto::api::ops {

ApiResult<std::string> UpdateItem(OpContext& ctx, const json::Value& request) {
  auto key_json = GetMember(request, "Key", json::Value::Kind::kObject);
  if (!key_json.ok()) return Fail(std::move(key_json).error());
  auto table_name = GetString(request, "TableName");
  if (!table_name.ok()) return Fail(std::move(table_name).error());
  Constraints c;
  CheckTableName(c, *table_name);
  if (*key_json == nullptr) c.Null("key");
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  auto key = DecodeAttributeMap(**key_json);
  if (!key.ok()) return Fail(std::move(key).error());
  auto write = WriteRequest::Decode(request, ReturnValuesOp::kUpdate);
  if (!write.ok()) return Fail(std::move(write).error());
  auto update = DecodeUpdate(request, (*write)->params());
  if (!update.ok()) return Fail(std::move(update).error());
  if (auto r = (*write)->FinishExpressions(); !r.ok()) return Fail(std::move(r).error());

  auto table = TableForItems(ctx, request);
  if (!table.ok()) return Fail(std::move(table).error());
  if (auto r = ValidateKey(**table, *key); !r.ok()) return Fail(std::move(r).error());
  if (*update) {
    if (auto r = CheckKeyUntouched(**table, **update); !r.ok()) return Fail(std::move(r).error());
  }

  std::vector<expr::Path> updated_paths;
  auto outcome = ctx.services.items->Apply(
      **table, *key, [&](const model::Item* current) -> ApiResult<std::optional<model::Item>> {
        if (auto r = (*write)->CheckCondition(current); !r.ok()) return Fail(std::move(r).error());
        model::Item base = current ? *current : *key;
        if (!*update) return std::optional<model::Item>(std::move(base));
        auto applied = expr::ApplyUpdate(**update, &base);
        if (!applied.ok()) return Fail(std::move(applied).error());
        if ((*table)->has_indexes()) {
          if (auto r = index::ValidateIndexKeys(**table, applied->new_item, /*from_update=*/true);
              !r.ok()) {
            return Fail(std::move(r).error());
          }
        }
        if (model::ItemSize(applied->new_item) > model::kMaxItemSize) {
          return Fail(ApiError::Validation("Item size to update has exceeded the maximum allowed size"));
        }
        updated_paths = std::move(applied->updated_paths);
        return std::optional<model::Item>(std::move(applied->new_item));
      });
  if (!outcome.ok()) return Fail(std::move(outcome).error());

  json::Writer w;
  w.StartObject();
  const model::Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;
  WriteReturnAttributes(w, (*write)->return_values, old_item, &*outcome->new_item, &updated_paths);
  WriteConsumedCapacity(w, (*write)->capacity, (*table)->name,
                        WriteCapacityUnits(old_item, &*outcome->new_item), outcome->index_units);
  WriteItemCollectionMetrics(w, (*write)->return_collection_metrics, *outcome);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
