// TransactGetItems: up to 100 items from one or more tables, read from one
// consistent snapshot, so that no transaction is seen in part.

#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "api/transact_request.h"
#include "expr/projection.h"
#include "items/item_store.h"

namespace magneto::api::ops {

namespace {

// DynamoDB documents the 4 MB limit on the items read but not its wording;
// see docs/transactions.md.
constexpr const char kTooLargeMessage[] =
    "Transaction request size has exceeded the maximum allowed size of 4 MB";

struct Get {
  schema::TablePtr table;
  model::Item key;
  std::optional<expr::Projection> projection;
};

// The shape checks DynamoDB reports as constraint violations, all in one
// message: each element's Get and the Get's Key and TableName.
ApiResult<Unit> CheckShapes(const json::Value& items, Constraints& c) {
  for (size_t i = 0; i < items.elements().size(); ++i) {
    const json::Value& e = items.elements()[i];
    if (auto r = ExpectKind(e, json::Value::Kind::kObject, "TransactGetItem"); !r.ok()) return r;
    auto get = GetMember(e, "Get", json::Value::Kind::kObject);
    if (!get.ok()) return Fail(std::move(get).error());
    if (*get == nullptr) {
      c.Null(MemberPath(i, "get"));
      continue;
    }
    auto key = GetMember(**get, "Key", json::Value::Kind::kObject);
    if (!key.ok()) return Fail(std::move(key).error());
    if (*key == nullptr) c.Null(MemberPath(i, "get.key"));
    auto table = GetString(**get, "TableName");
    if (!table.ok()) return Fail(std::move(table).error());
    CheckTableName(c, *table, MemberPath(i, "get.tableName"));
  }
  return Unit{};
}

// Decodes one Get whose shape CheckShapes accepted, in GetItem's order:
// key, projection, table, key schema.
ApiResult<Get> DecodeGet(OpContext& ctx, const json::Value& element) {
  const json::Value& g = *element.Find("Get");
  Get out;
  auto key = DecodeAttributeMap(*g.Find("Key"));
  if (!key.ok()) return Fail(std::move(key).error());
  out.key = std::move(*key);
  auto projection = DecodeReadProjection(g);
  if (!projection.ok()) return Fail(std::move(projection).error());
  out.projection = std::move(*projection);
  auto table = FindBatchTable(ctx, g.Find("TableName")->str());
  if (!table.ok()) return Fail(std::move(table).error());
  out.table = std::move(*table);
  if (auto r = ValidateKey(*out.table, out.key); !r.ok()) return Fail(std::move(r).error());
  return out;
}

}  // namespace

ApiResult<std::string> TransactGetItems(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto items = DecodeTransactItems(request, "TransactGetItem", c);
  if (!items.ok()) return Fail(std::move(items).error());
  if (*items != nullptr) {
    if (auto r = CheckShapes(**items, c); !r.ok()) return Fail(std::move(r).error());
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  std::vector<Get> gets;
  TransactKeySet seen;
  for (const json::Value& e : (*items)->elements()) {
    auto get = DecodeGet(ctx, e);
    if (!get.ok()) return Fail(std::move(get).error());
    if (auto r = seen.Add(*get->table, get->key); !r.ok()) return Fail(std::move(r).error());
    gets.push_back(std::move(*get));
  }

  std::vector<std::pair<const schema::TableDef*, model::Item>> keys;
  keys.reserve(gets.size());
  for (const Get& g : gets) keys.emplace_back(g.table.get(), g.key);
  auto read = ctx.services.items->GetAll(keys);
  if (!read.ok()) return Fail(std::move(read).error());

  // Transactional reads are strongly consistent and cost twice as much.
  size_t total_bytes = 0;
  CapacityByTable consumed;
  for (size_t i = 0; i < gets.size(); ++i) {
    const std::optional<model::Item>& item = (*read)[i];
    if (item) total_bytes += model::ItemSize(*item);
    consumed.Add(gets[i].table->name, 2 * ReadCapacityUnits(item ? &*item : nullptr, true));
  }
  if (total_bytes > kMaxTransactBytes) return Fail(ApiError::Validation(kTooLargeMessage));

  json::Writer w;
  w.StartObject();
  w.Key("Responses").StartArray();
  for (size_t i = 0; i < gets.size(); ++i) {
    const std::optional<model::Item>& item = (*read)[i];
    w.StartObject();
    if (item) {
      w.Key("Item");
      if (gets[i].projection) {
        WriteItem(w, expr::Project(gets[i].projection->paths, *item));
      } else {
        WriteItem(w, *item);
      }
    }
    w.EndObject();
  }
  w.EndArray();
  WriteConsumedCapacityList(w, *capacity, consumed.tables());
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
