// ExecuteTransaction: up to 100 PartiQL statements run all together or not
// at all. Either every statement is a SELECT of one item (read from one
// snapshot, like TransactGetItems) or every one is a write or an
// EXISTS(SELECT ...) check (applied like TransactWriteItems, optionally
// idempotent under a ClientRequestToken).

#include <fmt/format.h>

#include <chrono>
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
#include "txn/idempotency.h"

namespace magneto::api::ops {

namespace {

// As TransactWriteItems: a locked item is a conflict after this long.
constexpr std::chrono::milliseconds kLockWait{100};
constexpr size_t kMaxTokenLength = 36;
constexpr char kJavaClass[] = "ParameterizedStatement";

constexpr char kTooLargeMessage[] =
    "Transaction request size has exceeded the maximum allowed size of 4 MB";
constexpr char kMismatchMessage[] =
    "The request uses the same client token as a previous, but non-identical request.";
constexpr char kInProgressMessage[] = "Transaction from previous request is still in progress";

// ClientRequestToken memory of ExecuteTransaction (memory only). Separate
// from TransactWriteItems': the same token on the two APIs is two requests.
txn::IdempotencyCache& TokenCache() {
  static txn::IdempotencyCache cache;
  return cache;
}


struct Input {
  std::string text;
  std::vector<model::AttributeValue> params;
  bool return_old = false;
};

std::string ShowStatements(const json::Value& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.elements().size(); ++i) {
    if (i) out += ", ";
    out += ShowJavaObject(kJavaClass, list.elements()[i]);
  }
  return "'" + out + "]'";
}

ApiResult<std::vector<Input>> DecodeStatements(const json::Value* list, Constraints& c) {
  std::vector<Input> out;
  if (list == nullptr) {
    c.Null("transactStatements");
    return out;
  }
  const auto& elements = list->elements();
  if (elements.empty()) {
    c.Violation("'[]'", "transactStatements", "Member must have length greater than or equal to 1");
  } else if (elements.size() > kMaxTransactItems) {
    c.Violation(ShowStatements(*list), "transactStatements",
                "Member must have length less than or equal to 100");
  }
  for (size_t i = 0; i < elements.size(); ++i) {
    const json::Value& e = elements[i];
    if (auto r = ExpectKind(e, json::Value::Kind::kObject, kJavaClass); !r.ok()) {
      return Fail(std::move(r).error());
    }
    auto text = GetString(e, "Statement");
    if (!text.ok()) return Fail(std::move(text).error());
    CheckStatementText(c, *text, fmt::format("transactStatements.{}.member.statement", i + 1));
    auto return_old = DecodeReturnOldOnConditionFailure(e);
    if (!return_old.ok()) return Fail(std::move(return_old).error());
    auto params = DecodeParameters(e);
    if (!params.ok()) return Fail(std::move(params).error());
    out.push_back(Input{text->value_or(""), std::move(*params), *return_old});
  }
  return out;
}

// A transaction of SELECTs: every item from one snapshot.
ApiResult<std::string> RunReads(OpContext& ctx, std::vector<PreparedStatement>& statements,
                                CapacityMode capacity) {
  std::vector<KeyRead> reads;
  std::vector<std::pair<const schema::TableDef*, model::Item>> keys;
  for (const PreparedStatement& st : statements) {
    if (st.index != nullptr) {
      return Fail(ApiError::Validation("Reads on indices are not supported within transactions."));
    }
    auto read = PlanKeyRead(
        st,
        "Select statements within ExecuteTransaction must specify the primary key in the "
        "where clause.");
    if (!read.ok()) return Fail(std::move(read).error());
    keys.emplace_back(st.table.get(), read->key);
    reads.push_back(std::move(*read));
  }
  auto items = ctx.services.items->GetAll(keys);
  if (!items.ok()) return Fail(std::move(items).error());
  CapacityByTable consumed;
  json::Writer w;
  w.StartObject();
  w.Key("Responses").StartArray();
  for (size_t i = 0; i < statements.size(); ++i) {
    const std::optional<model::Item>& item = (*items)[i];
    // Transactional reads cost twice the units of strongly consistent ones.
    consumed.Add(statements[i].table->name,
                 2 * ReadCapacityUnits(item ? &*item : nullptr, /*consistent=*/true));
    auto result = KeyReadResult(statements[i], reads[i], item);
    if (!result.ok()) return Fail(std::move(result).error());
    w.StartObject();
    if (*result) {
      w.Key("Item");
      WriteItem(w, **result);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteConsumedCapacityList(w, capacity, consumed.tables());
  w.EndObject();
  return w.Take();
}

}  // namespace

ApiResult<std::string> ExecuteTransaction(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto token = GetString(request, "ClientRequestToken");
  if (!token.ok()) return Fail(std::move(token).error());
  if (*token && (*token)->empty()) {
    c.Violation(ShowValue(**token), "clientRequestToken",
                "Member must have length greater than or equal to 1");
  } else if (*token && (*token)->size() > kMaxTokenLength) {
    c.Violation(ShowValue(**token), "clientRequestToken",
                "Member must have length less than or equal to 36");
  }
  auto list = GetMember(request, "TransactStatements", json::Value::Kind::kArray);
  if (!list.ok()) return Fail(std::move(list).error());
  auto inputs = DecodeStatements(*list, c);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  // Parse everything, then check the mix, then look the tables up.
  std::vector<partiql::Statement> parsed;
  for (const Input& in : *inputs) {
    auto stmt = partiql::Parse(in.text, in.params);
    if (!stmt.ok()) return Fail(std::move(stmt).error());
    parsed.push_back(std::move(*stmt));
  }
  bool reads = parsed.front().is_read();
  for (const partiql::Statement& st : parsed) {
    if (st.is_read() != reads) {
      return Fail(ApiError::Validation(
          "ExecuteTransaction API does not support both read and write operations in the same "
          "request."));
    }
    if (st.returning != partiql::Returning::kNone) {
      return Fail(ApiError::Validation("Unsupported clause: RETURNING"));
    }
  }
  std::vector<PreparedStatement> statements;
  for (partiql::Statement& st : parsed) {
    if (st.kind == partiql::StatementKind::kExists && st.index) {
      return Fail(ApiError::Validation("Operations on indices are not supported in transactions"));
    }
    auto bound = BindStatement(ctx, std::move(st));
    if (!bound.ok()) return Fail(std::move(bound).error());
    statements.push_back(std::move(*bound));
  }
  if (reads) return RunReads(ctx, statements, *capacity);

  std::vector<std::unique_ptr<StatementWrite>> writes;
  TransactKeySet keys;
  size_t total_bytes = 0;
  for (size_t i = 0; i < statements.size(); ++i) {
    auto write = StatementWrite::Make(std::move(statements[i]), (*inputs)[i].return_old);
    if (!write.ok()) return Fail(std::move(write).error());
    if (auto r = keys.Add((*write)->table(), (*write)->key()); !r.ok()) {
      return Fail(std::move(r).error());
    }
    total_bytes += (*write)->RequestBytes();
    writes.push_back(std::move(*write));
  }
  if (total_bytes > kMaxTransactBytes) return Fail(ApiError::Validation(kTooLargeMessage));

  // As in TransactWriteItems, only a valid request claims its token.
  std::optional<std::string> claimed;
  if (*token) {
    auto claim = TokenCache().Begin(**token, txn::Fingerprint::Of(CanonicalJson(**list)));
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
  txn.reserve(writes.size());
  for (const auto& wr : writes) {
    txn.push_back({&wr->table(), wr->key(), wr->mutation(), wr->check_only()});
  }
  auto result = ctx.services.items->ApplyAll(txn, kLockWait);
  if (!result.ok()) return Fail(std::move(result).error());
  if (!result->committed) {
    guard.Cancel();
    return Fail(TransactionCanceled(result->reasons));
  }

  // Transactional writes cost twice the units of the same plain writes.
  CapacityByTable consumed;
  for (size_t i = 0; i < writes.size(); ++i) {
    const items::MutationOutcome& o = result->outcomes[i];
    const model::Item* old_item = o.old_item ? &*o.old_item : nullptr;
    const model::Item* new_item = writes[i]->check_only() || !o.new_item ? nullptr : &*o.new_item;
    std::vector<index::IndexUnits> index_units = o.index_units;
    for (auto& u : index_units) u.units *= 2;
    consumed.Add(writes[i]->table().name, 2 * WriteCapacityUnits(old_item, new_item), index_units);
  }
  json::Writer w;
  w.StartObject();
  WriteConsumedCapacityList(w, *capacity, consumed.tables());
  w.EndObject();
  std::string body = w.Take();
  guard.Complete(body);
  return body;
}

}  // namespace magneto::api::ops
