// BatchGetItem: read up to 100 items by key over one or more tables, each
// table with its own projection and consistency, within a 16 MB response.

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

namespace magneto::api::ops {

namespace {

constexpr size_t kMaxKeys = 100;
// DynamoDB returns at most 16 MB of items per call and hands back the rest as
// UnprocessedKeys. The sizes counted are those of the items as returned.
constexpr size_t kMaxResponseBytes = 16 * 1024 * 1024;

// One table's KeysAndAttributes, decoded.
struct TableReads {
  std::string name;
  const json::Value* spec = nullptr;  // the request's KeysAndAttributes
  std::vector<const json::Value*> key_json;
  std::vector<model::Item> keys;
  bool consistent = false;
  std::optional<expr::Projection> projection;
  schema::TablePtr table;

  std::vector<model::Item> found;
  size_t unprocessed_from = 0;  // keys[unprocessed_from..] were not read
  double units = 0;
};

// "[{p=com.amazonaws.dynamodb.v20120810.AttributeValue@...}, ...]", the way
// DynamoDB shows a Keys list in a constraint message.
std::string ShowKeys(const json::Value& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.elements().size(); ++i) {
    if (i) out += ", ";
    out += '{';
    bool first = true;
    for (const auto& [name, value] : keys.elements()[i].members()) {
      if (!first) out += ", ";
      first = false;
      out += name + "=" + ShowJavaObject("AttributeValue", value);
    }
    out += '}';
  }
  return out + "]";
}

// The shape checks DynamoDB reports as constraint violations: each table's
// Keys is present with 1..100 keys, AttributesToGet (if any) has 1..255 names.
ApiResult<Unit> CheckShapes(const json::Value& items, Constraints& c) {
  for (const auto& [table, spec] : items.members()) {
    if (auto r = ExpectKind(spec, json::Value::Kind::kObject, "KeysAndAttributes"); !r.ok()) {
      return r;
    }
    std::string prefix = fmt::format("requestItems.{}.member.", table);
    auto keys = GetMember(spec, "Keys", json::Value::Kind::kArray);
    if (!keys.ok()) return Fail(std::move(keys).error());
    if (*keys == nullptr) {
      c.Null(prefix + "keys");
    } else if ((*keys)->elements().empty()) {
      c.Violation("'[]'", prefix + "keys", "Member must have length greater than or equal to 1");
    } else if ((*keys)->elements().size() > kMaxKeys) {
      c.Violation(ShowValue(ShowKeys(**keys)), prefix + "keys",
                  "Member must have length less than or equal to 100");
    }
    auto names = GetMember(spec, "AttributesToGet", json::Value::Kind::kArray);
    if (!names.ok()) return Fail(std::move(names).error());
    if (*names != nullptr) {
      size_t n = (*names)->elements().size();
      if (n == 0) {
        c.Violation("'[]'", prefix + "attributesToGet",
                    "Member must have length greater than or equal to 1");
      } else if (n > 255) {
        c.Violation(ShowValue("[...]"), prefix + "attributesToGet",
                    "Member must have length less than or equal to 255");
      }
    }
  }
  return Unit{};
}

// Decodes a KeysAndAttributes whose shape CheckShapes accepted.
ApiResult<Unit> DecodeTable(const json::Value& spec, TableReads& t) {
  auto consistent = GetBool(spec, "ConsistentRead");
  if (!consistent.ok()) return Fail(std::move(consistent).error());
  t.consistent = consistent->value_or(false);
  auto projection = DecodeReadProjection(spec);
  if (!projection.ok()) return Fail(std::move(projection).error());
  t.projection = std::move(*projection);
  for (const json::Value& k : spec.Find("Keys")->elements()) {
    auto key = DecodeAttributeMap(k);
    if (!key.ok()) return Fail(std::move(key).error());
    t.key_json.push_back(&k);
    t.keys.push_back(std::move(*key));
  }
  return Unit{};
}

// UnprocessedKeys for one table: the keys not read, with the table's other
// parameters as the request gave them, so that the client can resend it as is.
void WriteUnprocessed(json::Writer& w, const TableReads& t) {
  w.Key(t.name).StartObject();
  w.Key("Keys").StartArray();
  for (size_t i = t.unprocessed_from; i < t.key_json.size(); ++i) w.Write(*t.key_json[i]);
  w.EndArray();
  for (const auto& [member, value] : t.spec->members()) {
    if (member == "Keys" || value.is_null()) continue;
    w.Key(member).Write(value);
  }
  w.EndObject();
}

}  // namespace

ApiResult<std::string> BatchGetItem(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto items = DecodeRequestItems(request, "KeysAndAttributes", false, c);
  if (!items.ok()) return Fail(std::move(items).error());
  if (*items != nullptr) {
    if (auto r = CheckShapes(**items, c); !r.ok()) return Fail(std::move(r).error());
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  std::vector<TableReads> tables;
  size_t total = 0;
  for (const auto& [name, spec] : (*items)->members()) {
    TableReads& t = tables.emplace_back();
    t.name = name;
    t.spec = &spec;
    if (auto r = DecodeTable(spec, t); !r.ok()) return Fail(std::move(r).error());
    total += t.keys.size();
  }
  // Each table's Keys is at most 100 long (a constraint above); this is the
  // limit on the whole batch.
  if (total > kMaxKeys) {
    return Fail(ApiError::Validation("Too many items requested for the BatchGetItem call"));
  }

  for (TableReads& t : tables) {
    auto table = FindBatchTable(ctx, t.name);
    if (!table.ok()) return Fail(std::move(table).error());
    t.table = std::move(*table);
  }
  BatchKeySet seen;
  for (const TableReads& t : tables) {
    for (const model::Item& key : t.keys) {
      if (auto r = ValidateKey(*t.table, key); !r.ok()) return Fail(std::move(r).error());
      if (auto r = seen.Add(*t.table, key); !r.ok()) return Fail(std::move(r).error());
    }
  }

  // Read in request order until the response would pass 16 MB; from there on
  // every key is left unprocessed. Missing items cost a read but take no room.
  size_t bytes = 0;
  bool full = false;
  for (TableReads& t : tables) {
    t.unprocessed_from = t.keys.size();
    for (size_t i = 0; i < t.keys.size(); ++i) {
      if (full) {
        t.unprocessed_from = i;
        break;
      }
      auto item = ctx.services.items->Get(*t.table, t.keys[i]);
      if (!item.ok()) return Fail(std::move(item).error());
      if (!item->has_value()) {
        t.units += ReadCapacityUnits(nullptr, t.consistent);
        continue;
      }
      model::Item shown =
          t.projection ? expr::Project(t.projection->paths, **item) : std::move(**item);
      size_t size = model::ItemSize(shown);
      if (bytes + size > kMaxResponseBytes) {
        full = true;
        t.unprocessed_from = i;
        break;
      }
      bytes += size;
      // The read costs what the whole item costs, whatever the projection.
      t.units += ReadCapacityUnits(t.projection ? &**item : &shown, t.consistent);
      t.found.push_back(std::move(shown));
    }
  }

  json::Writer w;
  w.StartObject();
  w.Key("Responses").StartObject();
  for (const TableReads& t : tables) {
    w.Key(t.name).StartArray();
    for (const model::Item& item : t.found) WriteItem(w, item);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys").StartObject();
  for (const TableReads& t : tables) {
    if (t.unprocessed_from < t.keys.size()) WriteUnprocessed(w, t);
  }
  w.EndObject();
  std::vector<TableCapacity> consumed;
  for (const TableReads& t : tables) consumed.push_back({t.table->name, t.units, {}});
  WriteConsumedCapacityList(w, *capacity, consumed);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
