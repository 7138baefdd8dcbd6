// DeleteItem: remove an item by its key, optionally under a condition.

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "items/item_store.h"

namespace magneto::api::ops {

ApiResult<std::string> DeleteItem(OpContext& ctx, const json::Value& request) {
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
  auto write = WriteRequest::Decode(request, ReturnValuesOp::kDelete);
  if (!write.ok()) return Fail(std::move(write).error());
  if (auto r = (*write)->FinishExpressions(); !r.ok()) return Fail(std::move(r).error());

  auto table = TableForItems(ctx, request);
  if (!table.ok()) return Fail(std::move(table).error());
  if (auto r = ValidateKey(**table, *key); !r.ok()) return Fail(std::move(r).error());

  auto outcome = ctx.services.items->Apply(
      **table, *key, [&](const model::Item* current) -> ApiResult<std::optional<model::Item>> {
        if (auto r = (*write)->CheckCondition(current); !r.ok()) return Fail(std::move(r).error());
        return std::optional<model::Item>();
      });
  if (!outcome.ok()) return Fail(std::move(outcome).error());

  json::Writer w;
  w.StartObject();
  const model::Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;
  WriteReturnAttributes(w, (*write)->return_values, old_item, nullptr, nullptr);
  WriteConsumedCapacity(w, (*write)->capacity, (*table)->name, WriteCapacityUnits(old_item, nullptr),
                        outcome->index_units);
  WriteItemCollectionMetrics(w, (*write)->return_collection_metrics, *outcome);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
