// GetItem: read one item by its key, optionally projected.

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "api/stored_item_json.h"
#include "items/item_store.h"

namespace magneto::api::ops {

ApiResult<std::string> GetItem(OpContext& ctx, const json::Value& request) {
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
  auto consistent = GetBool(request, "ConsistentRead");
  if (!consistent.ok()) return Fail(std::move(consistent).error());
  auto capacity = DecodeReturnConsumedCapacity(request);
  if (!capacity.ok()) return Fail(std::move(capacity).error());

  if (auto r = CheckNoLegacyMix(request, {"AttributesToGet"}, {"ProjectionExpression"}); !r.ok()) {
    return Fail(std::move(r).error());
  }
  auto inputs = DecodeExpressionInputs(request);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  if (auto r = CheckInputsHaveExpressions(request, *inputs, {"ProjectionExpression"}); !r.ok()) {
    return Fail(std::move(r).error());
  }
  expr::ExpressionParams params(inputs->names ? &*inputs->names : nullptr,
                                inputs->values ? &*inputs->values : nullptr);
  auto projection = DecodeProjection(request, params);
  if (!projection.ok()) return Fail(std::move(projection).error());
  if (auto r = params.CheckAllUsed(); !r.ok()) return Fail(std::move(r).error());

  auto table = TableForItems(ctx, request);
  if (!table.ok()) return Fail(std::move(table).error());
  if (auto r = ValidateKey(**table, *key); !r.ok()) return Fail(std::move(r).error());

  json::Writer w;
  w.StartObject();
  size_t item_size = 0;
  if (*projection) {
    auto item = ctx.services.items->Get(**table, *key);
    if (!item.ok()) return Fail(std::move(item).error());
    if (item->has_value()) {
      w.Key("Item");
      WriteItem(w, expr::Project((*projection)->paths, **item));
      item_size = model::ItemSize(**item);
    }
  } else {
    // The whole item: its JSON comes straight from the stored bytes.
    auto stored = ctx.services.items->GetStored(**table, *key);
    if (!stored.ok()) return Fail(std::move(stored).error());
    if (stored->has_value()) {
      w.Key("Item");
      if (!WriteStoredItem(w, **stored, &item_size)) {
        return Fail(ApiError::InternalServer("corrupt item"));
      }
    }
  }
  WriteConsumedCapacity(w, *capacity, (*table)->name,
                        ReadCapacityUnitsForSize(item_size, consistent->value_or(false)));
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
