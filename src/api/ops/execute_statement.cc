// ExecuteStatement: one PartiQL statement. A SELECT reads a page (GetItem,
// Query or Scan, with Limit and NextToken); INSERT, UPDATE and DELETE write
// one item, optionally RETURNING its attributes.

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/page_reader.h"
#include "api/partiql_exec.h"
#include "api/request.h"
#include "api/transact_request.h"
#include "items/item_store.h"

namespace magneto::api::ops {

ApiResult<std::string> ExecuteStatement(OpContext& ctx, const json::Value& request) {
  Constraints c;
  auto statement = GetString(request, "Statement");
  if (!statement.ok()) return Fail(std::move(statement).error());
  CheckStatementText(c, *statement, "statement");
  auto limit = CollectViolation(DecodeLimit(request), std::optional<int64_t>(), c);
  if (!limit.ok()) return Fail(std::move(limit).error());
  auto next_token = GetString(request, "NextToken");
  if (!next_token.ok()) return Fail(std::move(next_token).error());
  if (*next_token && (*next_token)->empty()) {
    c.Violation(ShowValue(**next_token), "nextToken",
                "Member must have length greater than or equal to 1");
  } else if (*next_token && (*next_token)->size() > 32768) {
    c.Violation(ShowValue(**next_token), "nextToken",
                "Member must have length less than or equal to 32768");
  }
  auto consistent = GetBool(request, "ConsistentRead");
  if (!consistent.ok()) return Fail(std::move(consistent).error());
  auto capacity = CollectViolation(DecodeReturnConsumedCapacity(request), CapacityMode::kNone, c);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto return_old = CollectViolation(DecodeReturnOldOnConditionFailure(request), false, c);
  if (!return_old.ok()) return Fail(std::move(return_old).error());
  if (const json::Value* p = request.Find("Parameters");
      p && p->is_array() && p->elements().empty()) {
    c.Violation("'[]'", "parameters", "Member must have length greater than or equal to 1");
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  auto params = DecodeParameters(request);
  if (!params.ok()) return Fail(std::move(params).error());
  auto prepared = PrepareStatement(ctx, **statement, *params);
  if (!prepared.ok()) return Fail(std::move(prepared).error());

  if (prepared->stmt.kind == partiql::StatementKind::kExists) {
    return Fail(
        ApiError::Validation("EXISTS can only be used in ExecuteTransaction write requests."));
  }
  if (prepared->stmt.is_read()) {
    SelectOptions options;
    options.limit = *limit;
    options.next_token = *next_token;
    options.consistent = consistent->value_or(false);
    options.capacity = *capacity;
    const json::Value* p = request.Find("Parameters");
    options.fingerprint_source = **statement + '\n' + (p ? CanonicalJson(*p) : "");
    return ExecuteSelect(ctx, *prepared, options);
  }

  auto write = StatementWrite::Make(std::move(*prepared), *return_old);
  if (!write.ok()) return Fail(std::move(write).error());
  StatementWrite& wr = **write;
  auto outcome = ctx.services.items->Apply(wr.table(), wr.key(), wr.mutation());
  if (!outcome.ok()) return Fail(std::move(outcome).error());

  json::Writer w;
  w.StartObject();
  w.Key("Items").StartArray();
  if (auto returned = wr.Returned(*outcome)) WriteItem(w, *returned);
  w.EndArray();
  const model::Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;
  const model::Item* new_item = outcome->new_item ? &*outcome->new_item : nullptr;
  WriteConsumedCapacity(w, *capacity, wr.table().name, WriteCapacityUnits(old_item, new_item),
                        outcome->index_units);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
