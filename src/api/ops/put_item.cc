// PutItem: replace an item, optionally under a condition.

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "items/item_store.h"
#include "model/validate.h"

namespace magneto::api::ops {

ApiResult<std::string> PutItem(OpContext& ctx, const json::Value& request) {
  auto item_json = GetMember(request, "Item", json::Value::Kind::kObject);
  if (!item_json.ok()) return Fail(std::move(item_json).error());
  auto table_name = GetString(request, "TableName");
  if (!table_name.ok()) return Fail(std::move(table_name).error());
  Constraints c;
  CheckTableName(c, *table_name);
  if (*item_json == nullptr) c.Null("item");
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  auto item = DecodeAttributeMap(**item_json);
  if (!item.ok()) return Fail(std::move(item).error());
  auto write = WriteRequest::Decode(request, ReturnValuesOp::kPut);
  if (!write.ok()) return Fail(std::move(write).error());
  if (auto r = (*write)->FinishExpressions(); !r.ok()) return Fail(std::move(r).error());

  auto table = TableForItems(ctx, request);
  if (!table.ok()) return Fail(std::move(table).error());
  if (auto r = ValidateItemKeys(**table, *item); !r.ok()) return Fail(std::move(r).error());
  if (auto r = model::ValidateItemSize(*item); !r.ok()) return Fail(std::move(r).error());

  auto outcome = ctx.services.items->Apply(
      **table, KeyOf(**table, *item),
      [&](const model::Item* current) -> ApiResult<std::optional<model::Item>> {
        if (auto r = (*write)->CheckCondition(current); !r.ok()) return Fail(std::move(r).error());
        return std::optional<model::Item>(*item);
      });
  if (!outcome.ok()) return Fail(std::move(outcome).error());

  json::Writer w;
  w.StartObject();
  const model::Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;
  WriteReturnAttributes(w, (*write)->return_values, old_item, &*outcome->new_item, nullptr);
  WriteConsumedCapacity(w, (*write)->capacity, (*table)->name, WriteCapacityUnits(old_item, &*item),
                        outcome->index_units);
  WriteItemCollectionMetrics(w, (*write)->return_collection_metrics, *outcome);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
