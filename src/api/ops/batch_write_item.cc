// BatchWriteItem: up to 25 unconditional puts and deletes over one or more
// tables. Every request is validated before any is applied.

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "items/item_store.h"
#include "model/validate.h"

namespace magneto::api::ops {

namespace {

constexpr size_t kMaxWrites = 25;

// One PutRequest (item is the whole item) or DeleteRequest (item is the key).
struct Write {
  bool put = false;
  model::Item item;
};

struct TableWrites {
  std::string name;
  schema::TablePtr table;
  std::vector<Write> writes;
};

// The shape checks DynamoDB reports as constraint violations, all in one
// message: each table's list must hold 1..25 requests, and a PutRequest or
// DeleteRequest present must carry its Item or Key.
ApiResult<Unit> CheckShapes(const json::Value& items, Constraints& c) {
  bool bad_length = false;
  for (const auto& [table, list] : items.members()) {
    if (auto r = ExpectKind(list, json::Value::Kind::kArray, "RequestItems"); !r.ok()) return r;
    if (list.elements().empty() || list.elements().size() > kMaxWrites) bad_length = true;
  }
  if (bad_length) {
    c.Violation(ShowValue(ShowRequestItems(items, "WriteRequest", true)), "requestItems",
                "Map value must satisfy constraint: [Member must have length less than or equal "
                "to 25, Member must have length greater than or equal to 1]");
  }
  for (const auto& [table, list] : items.members()) {
    for (size_t i = 0; i < list.elements().size(); ++i) {
      const json::Value& request = list.elements()[i];
      if (auto r = ExpectKind(request, json::Value::Kind::kObject, "WriteRequest"); !r.ok())
        return r;
      std::string prefix = fmt::format("requestItems.{}.member.{}.member.", table, i + 1);
      auto del = GetMember(request, "DeleteRequest", json::Value::Kind::kObject);
      if (!del.ok()) return Fail(std::move(del).error());
      if (*del != nullptr) {
        auto key = GetMember(**del, "Key", json::Value::Kind::kObject);
        if (!key.ok()) return Fail(std::move(key).error());
        if (*key == nullptr) c.Null(prefix + "deleteRequest.key");
      }
      auto put = GetMember(request, "PutRequest", json::Value::Kind::kObject);
      if (!put.ok()) return Fail(std::move(put).error());
      if (*put != nullptr) {
        auto item = GetMember(**put, "Item", json::Value::Kind::kObject);
        if (!item.ok()) return Fail(std::move(item).error());
        if (*item == nullptr) c.Null(prefix + "putRequest.item");
      }
    }
  }
  return Unit{};
}

// Decodes one WriteRequest whose shape CheckShapes accepted.
ApiResult<Write> DecodeWrite(const json::Value& request) {
  const json::Value* put = request.Find("PutRequest");
  const json::Value* del = request.Find("DeleteRequest");
  bool has_put = put != nullptr && !put->is_null();
  bool has_del = del != nullptr && !del->is_null();
  if (has_put == has_del) {
    // DynamoDB's wording for a WriteRequest with neither or both members.
    return Fail(ApiError::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes"));
  }
  Write w;
  w.put = has_put;
  auto item = DecodeAttributeMap(has_put ? *put->Find("Item") : *del->Find("Key"));
  if (!item.ok()) return Fail(std::move(item).error());
  w.item = std::move(*item);
  if (has_put) {
    if (auto r = model::ValidateItemSize(w.item); !r.ok()) return Fail(std::move(r).error());
  }
  return w;
}

// Validates one write against its table's key schema. A put whose item lacks
// a key attribute, or has one of the wrong type, gets the same message as a
// bad DeleteRequest key (unlike PutItem's "Missing the key ...").
ApiResult<Unit> CheckKey(const schema::TableDef& table, const Write& w) {
  if (w.put) return ValidateKey(table, KeyOf(table, w.item));
  return ValidateKey(table, w.item);
}

}  // namespace

ApiResult<std::string> BatchWriteItem(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto metrics = CollectViolation(DecodeReturnItemCollectionMetrics(request), false, c);
  if (!metrics.ok()) return Fail(std::move(metrics).error());
  auto items = DecodeRequestItems(request, "WriteRequest", true, c);
  if (!items.ok()) return Fail(std::move(items).error());
  if (*items != nullptr) {
    if (auto r = CheckShapes(**items, c); !r.ok()) return Fail(std::move(r).error());
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  std::vector<TableWrites> tables;
  size_t total = 0;
  for (const auto& [name, list] : (*items)->members()) {
    TableWrites& t = tables.emplace_back();
    t.name = name;
    for (const json::Value& e : list.elements()) {
      auto w = DecodeWrite(e);
      if (!w.ok()) return Fail(std::move(w).error());
      t.writes.push_back(std::move(*w));
    }
    total += t.writes.size();
  }
  // Each table's list is at most 25 long (a constraint above); this is the
  // limit on the whole batch.
  if (total > kMaxWrites) {
    return Fail(ApiError::Validation("Too many items requested for the BatchWriteItem call"));
  }

  for (TableWrites& t : tables) {
    auto table = FindBatchTable(ctx, t.name);
    if (!table.ok()) return Fail(std::move(table).error());
    t.table = std::move(*table);
  }
  BatchKeySet keys;
  for (const TableWrites& t : tables) {
    for (const Write& w : t.writes) {
      if (auto r = CheckKey(*t.table, w); !r.ok()) return Fail(std::move(r).error());
      if (auto r = keys.Add(*t.table, KeyOf(*t.table, w.item)); !r.ok()) {
        return Fail(std::move(r).error());
      }
    }
  }

  // Index key types are checked up front too, so that nothing is applied
  // when any put would be refused.
  for (const TableWrites& t : tables) {
    if (!t.table->has_indexes()) continue;
    for (const Write& w : t.writes) {
      if (!w.put) continue;
      if (auto r = index::ValidateIndexKeys(*t.table, w.item); !r.ok()) {
        return Fail(std::move(r).error());
      }
    }
  }

  // Everything is valid: apply in request order. No write is throttled, so
  // UnprocessedItems stays empty.
  // One group write: each item is still its own unit for conditions (there
  // are none here), but the batch shares one WAL sync.
  std::vector<items::TxnAction> actions;
  for (const TableWrites& t : tables) {
    for (const Write& w : t.writes) {
      items::TxnAction a;
      a.table = t.table.get();
      a.key = KeyOf(*t.table, w.item);
      a.mutation = [&w](const model::Item*) -> ApiResult<std::optional<model::Item>> {
        if (w.put) return std::optional<model::Item>(w.item);
        return std::optional<model::Item>();
      };
      actions.push_back(std::move(a));
    }
  }
  auto applied = ctx.services.items->ApplyBatch(actions);
  if (!applied.ok()) return Fail(std::move(applied).error());
  if (!applied->committed) {
    for (auto& reason : applied->reasons) {
      if (reason) return Fail(std::move(*reason));
    }
    return Fail(ApiError::InternalServer());
  }

  std::vector<TableCapacity> consumed;
  json::Writer metrics_out;  // ItemCollectionMetrics: table -> [metrics]
  metrics_out.StartObject();
  bool any_metrics = false;
  size_t next_outcome = 0;
  for (const TableWrites& t : tables) {
    double units = 0;
    bool table_metrics = *metrics && !t.table->local_indexes.empty();
    if (table_metrics) {
      metrics_out.Key(t.table->name).StartArray();
      any_metrics = true;
    }
    std::vector<index::IndexUnits> index_units;
    for (const Write& w : t.writes) {
      const items::MutationOutcome& outcome = applied->outcomes[next_outcome++];
      const model::Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
      units += WriteCapacityUnits(old_item, w.put ? &w.item : nullptr);
      index_units.insert(index_units.end(), outcome.index_units.begin(), outcome.index_units.end());
      if (table_metrics && outcome.collection_key) {
        WriteCollectionMetricsObject(metrics_out, *outcome.collection_key, outcome.collection_bytes);
      }
    }
    if (table_metrics) metrics_out.EndArray();
    consumed.push_back({t.table->name, units, std::move(index_units)});
  }
  metrics_out.EndObject();

  json::Writer w;
  w.StartObject();
  w.Key("UnprocessedItems").StartObject().EndObject();
  WriteConsumedCapacityList(w, *capacity, consumed);
  if (any_metrics) w.Key("ItemCollectionMetrics").Raw(metrics_out.view());
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
