// TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions
// over one or more tables, applied all together or not at all, optionally
// idempotent under a ClientRequestToken.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "api/transact_request.h"
#include "expr/update.h"
#include "index/index_entries.h"
#include "items/item_store.h"
#include "model/validate.h"
#include "txn/idempotency.h"

namespace magneto::api::ops {

namespace {

// How long a transaction waits for an item locked by another one before the
// item counts as a TransactionConflict (DynamoDB does not queue either).
constexpr std::chrono::milliseconds kLockWait{100};
constexpr size_t kMaxTokenLength = 36;

// DynamoDB documents the 4 MB limit but not its wording, nor the wording of
// the mismatch error; see docs/transactions.md.
constexpr const char kTooLargeMessage[] =
    "Transaction request size has exceeded the maximum allowed size of 4 MB";
constexpr const char kMismatchMessage[] =
    "The request uses the same client token as a previous, but non-identical request.";
constexpr const char kInProgressMessage[] =
    "Transaction from previous request is still in progress";

enum class Kind { kPut, kUpdate, kDelete, kCheck };

// An action's JSON member, the path segment DynamoDB's messages use for it,
// and its required members besides TableName (JSON name, path segment).
struct KindInfo {
  Kind kind;
  std::string_view member;
  std::string_view path;
  std::array<std::pair<std::string_view, std::string_view>, 2> required;
};
constexpr KindInfo kKinds[] = {
    {Kind::kCheck,
     "ConditionCheck",
     "conditionCheck",
     {{{"Key", "key"}, {"ConditionExpression", "conditionExpression"}}}},
    {Kind::kPut, "Put", "put", {{{"Item", "item"}, {}}}},
    {Kind::kDelete, "Delete", "delete", {{{"Key", "key"}, {}}}},
    {Kind::kUpdate,
     "Update",
     "update",
     {{{"Key", "key"}, {"UpdateExpression", "updateExpression"}}}},
};

// One decoded action. The parsed expressions point into the heap-held
// WriteRequest, so an Action may move.
struct Action {
  Kind kind = Kind::kPut;
  schema::TablePtr table;
  model::Item key;   // the item's key attributes
  model::Item item;  // Put: the whole item
  std::unique_ptr<WriteRequest> write;
  std::optional<expr::UpdateExpr> update;
};

// The process-wide token memory (memory only: a restart forgets tokens).
txn::IdempotencyCache& TokenCache() {
  static txn::IdempotencyCache cache;
  return cache;
}


// The shape checks DynamoDB reports as constraint violations, all in one
// message: each action's required members and table name, and
// ReturnValuesOnConditionCheckFailure. Returns the action kind per element
// (nullopt when an element holds no action or several).
ApiResult<std::vector<std::optional<Kind>>> CheckShapes(const json::Value& items, Constraints& c) {
  std::vector<std::optional<Kind>> kinds;
  for (size_t i = 0; i < items.elements().size(); ++i) {
    const json::Value& e = items.elements()[i];
    if (auto r = ExpectKind(e, json::Value::Kind::kObject, "TransactWriteItem"); !r.ok()) {
      return Fail(std::move(r).error());
    }
    int present = 0;
    std::optional<Kind> kind;
    for (const KindInfo& k : kKinds) {
      auto action = GetMember(e, k.member, json::Value::Kind::kObject);
      if (!action.ok()) return Fail(std::move(action).error());
      if (*action == nullptr) continue;
      ++present;
      kind = k.kind;
      const json::Value& a = **action;
      for (const auto& [member, path] : k.required) {
        if (member.empty()) continue;
        const json::Value* v = a.Find(member);
        if (v == nullptr || v->is_null()) {
          c.Null(MemberPath(i, fmt::format("{}.{}", k.path, path)));
        }
      }
      auto table = GetString(a, "TableName");
      if (!table.ok()) return Fail(std::move(table).error());
      CheckTableName(c, *table, MemberPath(i, fmt::format("{}.tableName", k.path)));
      auto rv = GetString(a, "ReturnValuesOnConditionCheckFailure");
      if (!rv.ok()) return Fail(std::move(rv).error());
      if (*rv && **rv != "ALL_OLD" && **rv != "NONE") {
        c.Violation(ShowValue(**rv),
                    MemberPath(i, fmt::format("{}.returnValuesOnConditionCheckFailure", k.path)),
                    "Member must satisfy enum value set: [ALL_OLD, NONE]");
      }
    }
    kinds.push_back(present == 1 ? kind : std::nullopt);
  }
  return kinds;
}


// Decodes and validates one action whose shape CheckShapes accepted, in the
// order the single-item operations do: members, expressions, table, key.
ApiResult<Action> DecodeAction(OpContext& ctx, const json::Value& element, Kind kind) {
  Action out;
  out.kind = kind;
  std::string_view member;
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) member = k.member;
  }
  const json::Value& a = *element.Find(member);
  auto attrs = DecodeAttributeMap(*a.Find(kind == Kind::kPut ? "Item" : "Key"));
  if (!attrs.ok()) return Fail(std::move(attrs).error());
  // ConditionCheck and Delete take the same members as DeleteItem does.
  ReturnValuesOp op = kind == Kind::kPut      ? ReturnValuesOp::kPut
                      : kind == Kind::kUpdate ? ReturnValuesOp::kUpdate
                                              : ReturnValuesOp::kDelete;
  auto write = WriteRequest::Decode(a, op);
  if (!write.ok()) return Fail(std::move(write).error());
  out.write = std::move(*write);
  if (kind == Kind::kUpdate) {
    auto update = DecodeUpdate(a, out.write->params());
    if (!update.ok()) return Fail(std::move(update).error());
    out.update = std::move(*update);
  }
  if (auto r = out.write->FinishExpressions(); !r.ok()) return Fail(std::move(r).error());

  auto table = FindBatchTable(ctx, a.Find("TableName")->str());
  if (!table.ok()) return Fail(std::move(table).error());
  out.table = std::move(*table);
  const schema::TableDef& def = *out.table;
  if (kind == Kind::kPut) {
    out.item = std::move(*attrs);
    if (auto r = ValidateItemKeys(def, out.item); !r.ok()) return Fail(std::move(r).error());
    if (auto r = model::ValidateItemSize(out.item); !r.ok()) return Fail(std::move(r).error());
    // Index key types are checked up front, as PutItem does, so that a bad
    // item is a ValidationException rather than a cancellation.
    if (def.has_indexes()) {
      if (auto r = index::ValidateIndexKeys(def, out.item); !r.ok()) {
        return Fail(std::move(r).error());
      }
    }
    out.key = KeyOf(def, out.item);
  } else {
    out.key = std::move(*attrs);
    if (auto r = ValidateKey(def, out.key); !r.ok()) return Fail(std::move(r).error());
  }
  if (out.update) {
    if (auto r = CheckKeyUntouched(def, *out.update); !r.ok()) return Fail(std::move(r).error());
  }
  return out;
}

// What one action decides from the item as it is under the transaction's
// locks. Errors become that action's cancellation reason.
items::Mutation MutationFor(const Action& a) {
  return [&a](const model::Item* current) -> ApiResult<std::optional<model::Item>> {
    if (auto r = a.write->CheckCondition(current); !r.ok()) return Fail(std::move(r).error());
    switch (a.kind) {
      case Kind::kPut:
        return std::optional<model::Item>(a.item);
      case Kind::kDelete:
      case Kind::kCheck:
        return std::optional<model::Item>();
      case Kind::kUpdate:
        break;
    }
    model::Item base = current ? *current : a.key;
    auto applied = expr::ApplyUpdate(*a.update, &base);
    if (!applied.ok()) return Fail(std::move(applied).error());
    if (a.table->has_indexes()) {
      if (auto r = index::ValidateIndexKeys(*a.table, applied->new_item, /*from_update=*/true);
          !r.ok()) {
        return Fail(std::move(r).error());
      }
    }
    if (model::ItemSize(applied->new_item) > model::kMaxItemSize) {
      return Fail(
          ApiError::Validation("Item size to update has exceeded the maximum allowed size"));
    }
    return std::optional<model::Item>(std::move(applied->new_item));
  };
}

// "ItemCollectionMetrics": table -> the metrics of each item collection
// written, for the tables with local secondary indexes (nothing if none).
void WriteCollectionMetrics(json::Writer& w, const std::vector<Action>& actions,
                            const std::vector<items::MutationOutcome>& outcomes) {
  std::vector<std::string> tables;  // in request order
  for (const Action& a : actions) {
    if (a.kind == Kind::kCheck || a.table->local_indexes.empty()) continue;
    if (std::find(tables.begin(), tables.end(), a.table->name) == tables.end()) {
      tables.push_back(a.table->name);
    }
  }
  if (tables.empty()) return;
  w.Key("ItemCollectionMetrics").StartObject();
  for (const std::string& table : tables) {
    w.Key(table).StartArray();
    for (size_t i = 0; i < actions.size(); ++i) {
      if (actions[i].kind == Kind::kCheck || actions[i].table->name != table) continue;
      if (!outcomes[i].collection_key) continue;
      WriteCollectionMetricsObject(w, *outcomes[i].collection_key, outcomes[i].collection_bytes);
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

ApiResult<std::string> TransactWriteItems(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto metrics = CollectViolation(DecodeReturnItemCollectionMetrics(request), false, c);
  if (!metrics.ok()) return Fail(std::move(metrics).error());
  auto token = GetString(request, "ClientRequestToken");
  if (!token.ok()) return Fail(std::move(token).error());
  if (*token && (*token)->empty()) {
    c.Violation(ShowValue(**token), "clientRequestToken",
                "Member must have length greater than or equal to 1");
  } else if (*token && (*token)->size() > kMaxTokenLength) {
    c.Violation(ShowValue(**token), "clientRequestToken",
                "Member must have length less than or equal to 36");
  }
  auto items = DecodeTransactItems(request, "TransactWriteItem", c);
  if (!items.ok()) return Fail(std::move(items).error());
  std::vector<std::optional<Kind>> kinds;
  if (*items != nullptr) {
    auto shapes = CheckShapes(**items, c);
    if (!shapes.ok()) return Fail(std::move(shapes).error());
    kinds = std::move(*shapes);
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  for (const auto& kind : kinds) {
    if (!kind) {
      return Fail(ApiError::Validation(
          "TransactItems can only contain one of Check, Put, Update or Delete"));
    }
  }

  std::vector<Action> actions;
  actions.reserve(kinds.size());
  TransactKeySet keys;
  size_t total_bytes = 0;
  for (size_t i = 0; i < kinds.size(); ++i) {
    auto action = DecodeAction(ctx, (*items)->elements()[i], *kinds[i]);
    if (!action.ok()) return Fail(std::move(action).error());
    if (auto r = keys.Add(*action->table, action->key); !r.ok()) return Fail(std::move(r).error());
    total_bytes += model::ItemSize(action->kind == Kind::kPut ? action->item : action->key);
    actions.push_back(std::move(*action));
  }
  if (total_bytes > kMaxTransactBytes) return Fail(ApiError::Validation(kTooLargeMessage));

  // The token is claimed only for a valid request: a rejected one leaves no
  // trace, so that the caller may fix it and resend under the same token.
  std::optional<std::string> claimed;
  if (*token) {
    auto fingerprint = txn::Fingerprint::Of(CanonicalJson(**items));
    auto claim = TokenCache().Begin(**token, fingerprint);
    switch (claim.verdict) {
      case txn::IdempotencyCache::Verdict::kReplay:
        return std::move(claim.response);
      case txn::IdempotencyCache::Verdict::kMismatch:
        return Fail(ApiError(ApiError::kDynamoPrefix, "IdempotentParameterMismatchException",
                             kMismatchMessage, 400));
      case txn::IdempotencyCache::Verdict::kInProgress:
        return Fail(ApiError(ApiError::kDynamoPrefix, "TransactionInProgressException",
                             kInProgressMessage, 400));
      case txn::IdempotencyCache::Verdict::kProceed:
        claimed = **token;
        break;
    }
  }
  txn::TokenClaim guard(TokenCache(), std::move(claimed));

  std::vector<items::TxnAction> txn;
  txn.reserve(actions.size());
  for (const Action& a : actions) {
    txn.push_back({a.table.get(), a.key, MutationFor(a), a.kind == Kind::kCheck});
  }
  auto result = ctx.services.items->ApplyAll(txn, kLockWait);
  if (!result.ok()) return Fail(std::move(result).error());
  if (!result->committed) {
    guard.Cancel();
    return Fail(TransactionCanceled(result->reasons));
  }

  // Transactional writes cost twice the units of the same plain writes.
  CapacityByTable consumed;
  for (size_t i = 0; i < actions.size(); ++i) {
    const items::MutationOutcome& o = result->outcomes[i];
    const model::Item* old_item = o.old_item ? &*o.old_item : nullptr;
    const model::Item* new_item =
        actions[i].kind == Kind::kCheck || !o.new_item ? nullptr : &*o.new_item;
    std::vector<index::IndexUnits> index_units = o.index_units;
    for (auto& u : index_units) u.units *= 2;
    consumed.Add(actions[i].table->name, 2 * WriteCapacityUnits(old_item, new_item), index_units);
  }
  json::Writer w;
  w.StartObject();
  WriteConsumedCapacityList(w, *capacity, consumed.tables());
  if (*metrics) WriteCollectionMetrics(w, actions, result->outcomes);
  w.EndObject();
  std::string body = w.Take();
  guard.Complete(body);
  return body;
}

}  // namespace magneto::api::ops
