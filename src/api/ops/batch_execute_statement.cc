// BatchExecuteStatement: up to 25 PartiQL statements, all single-item reads
// or all writes, each run on its own (not a transaction); each gets its own
// result or Error in Responses, in request order.

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/partiql_exec.h"
#include "api/request.h"
#include "api/transact_request.h"
#include "items/item_store.h"
#include "partiql/parser.h"

namespace magneto::api::ops {

namespace {

constexpr size_t kMaxStatements = 25;
constexpr char kJavaClass[] = "BatchStatementRequest";

// One statement of the batch as decoded, and its outcome so far.
struct Entry {
  std::string text;
  std::vector<model::AttributeValue> params;
  bool return_old = false;
  std::optional<partiql::Statement> stmt;  // parsed
  std::optional<ApiError> error;           // the statement's own failure
  std::string table;                       // once bound
};

std::string ShowStatements(const json::Value& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.elements().size(); ++i) {
    if (i) out += ", ";
    out += ShowJavaObject(kJavaClass, list.elements()[i]);
  }
  return "'" + out + "]'";
}

// Reads Statements with DynamoDB's constraint messages.
ApiResult<std::vector<Entry>> DecodeStatements(const json::Value& request, Constraints& c) {
  auto list = GetMember(request, "Statements", json::Value::Kind::kArray);
  if (!list.ok()) return Fail(std::move(list).error());
  std::vector<Entry> out;
  if (*list == nullptr) {
    c.Null("statements");
    return out;
  }
  const auto& elements = (*list)->elements();
  if (elements.empty()) {
    c.Violation("'[]'", "statements", "Member must have length greater than or equal to 1");
  } else if (elements.size() > kMaxStatements) {
    c.Violation(ShowStatements(**list), "statements",
                "Member must have length less than or equal to 25");
  }
  for (size_t i = 0; i < elements.size(); ++i) {
    const json::Value& e = elements[i];
    if (auto r = ExpectKind(e, json::Value::Kind::kObject, kJavaClass); !r.ok()) {
      return Fail(std::move(r).error());
    }
    std::string field = fmt::format("statements.{}.member", i + 1);
    auto text = GetString(e, "Statement");
    if (!text.ok()) return Fail(std::move(text).error());
    CheckStatementText(c, *text, field + ".statement");
    if (auto consistent = GetBool(e, "ConsistentRead"); !consistent.ok()) {
      return Fail(std::move(consistent).error());
    }
    auto return_old = DecodeReturnOldOnConditionFailure(e);
    if (!return_old.ok()) return Fail(std::move(return_old).error());
    auto params = DecodeParameters(e);
    if (!params.ok()) return Fail(std::move(params).error());
    out.push_back(Entry{text->value_or(""), std::move(*params), *return_old, {}, {}, {}});
  }
  return out;
}

void WriteResponse(json::Writer& w, const Entry& e, const std::optional<model::Item>* item) {
  w.StartObject();
  if (e.error) {
    w.Key("Error");
    WriteStatementError(w, *e.error);
  }
  if (!e.table.empty()) w.Key("TableName").String(e.table);
  if (item != nullptr && item->has_value()) {
    w.Key("Item");
    WriteItem(w, **item);
  }
  w.EndObject();
}

// A read: one item by its whole key.
std::optional<model::Item> RunRead(OpContext& ctx, Entry& e, CapacityByTable& consumed) {
  auto bound = BindStatement(ctx, std::move(*e.stmt));
  if (!bound.ok()) {
    e.error = std::move(bound).error();
    return std::nullopt;
  }
  e.table = bound->table->name;
  auto read = PlanKeyRead(*bound, "Only single item select is supported");
  if (!read.ok()) {
    e.error = std::move(read).error();
    return std::nullopt;
  }
  auto item = ctx.services.items->Get(*bound->table, read->key);
  if (!item.ok()) {
    e.error = std::move(item).error();
    return std::nullopt;
  }
  consumed.Add(e.table, ReadCapacityUnits(item->has_value() ? &**item : nullptr, true));
  auto result = KeyReadResult(*bound, *read, *item);
  if (!result.ok()) {
    e.error = std::move(result).error();
    return std::nullopt;
  }
  return std::move(*result);
}

void RunWrite(OpContext& ctx, Entry& e, CapacityByTable& consumed) {
  auto bound = BindStatement(ctx, std::move(*e.stmt));
  if (!bound.ok()) {
    e.error = std::move(bound).error();
    return;
  }
  e.table = bound->table->name;
  auto write = StatementWrite::Make(std::move(*bound), e.return_old);
  if (!write.ok()) {
    e.error = std::move(write).error();
    return;
  }
  StatementWrite& wr = **write;
  auto outcome = ctx.services.items->Apply(wr.table(), wr.key(), wr.mutation());
  if (!outcome.ok()) {
    e.error = std::move(outcome).error();
    return;
  }
  const model::Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;
  const model::Item* new_item = outcome->new_item ? &*outcome->new_item : nullptr;
  consumed.Add(e.table, WriteCapacityUnits(old_item, new_item), outcome->index_units);
}

}  // namespace

ApiResult<std::string> BatchExecuteStatement(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto entries = DecodeStatements(request, c);
  if (!entries.ok()) return Fail(std::move(entries).error());
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  // Parse everything first: a statement that does not parse fails alone,
  // but reads and writes together fail the whole batch.
  std::optional<bool> reads;
  for (Entry& e : *entries) {
    auto stmt = partiql::Parse(e.text, e.params);
    if (!stmt.ok()) {
      e.error = std::move(stmt).error();
      continue;
    }
    if (stmt->kind == partiql::StatementKind::kExists) {
      e.error =
          ApiError::Validation("EXISTS can only be used in ExecuteTransaction write requests.");
      continue;
    }
    if (reads && *reads != stmt->is_read()) {
      return Fail(ApiError::Validation(
          "Read and write requests together in the same batch is not supported."));
    }
    reads = stmt->is_read();
    e.stmt = std::move(*stmt);
  }

  CapacityByTable consumed;
  std::vector<std::optional<model::Item>> items(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    Entry& e = (*entries)[i];
    if (!e.stmt) continue;
    if (e.stmt->is_read()) {
      items[i] = RunRead(ctx, e, consumed);
    } else {
      RunWrite(ctx, e, consumed);
    }
  }

  json::Writer w;
  w.StartObject();
  w.Key("Responses").StartArray();
  for (size_t i = 0; i < entries->size(); ++i) WriteResponse(w, (*entries)[i], &items[i]);
  w.EndArray();
  WriteConsumedCapacityList(w, *capacity, consumed.tables());
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
