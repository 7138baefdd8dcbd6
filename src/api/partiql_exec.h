// Running PartiQL statements against the item store, shared by
// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: binding a
// statement to its table, single-item writes as ItemStore mutations (so
// that one statement and a transaction of many apply them alike), single-key
// reads, and paged SELECTs with an opaque NextToken.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "api/item_request.h"
#include "api/request.h"
#include "common/api_error.h"
#include "expr/ast.h"
#include "items/item_store.h"
#include "json/json.h"
#include "model/value.h"
#include "partiql/ast.h"
#include "schema/catalog.h"

namespace magneto::api {

// A Statement member's constraints (present, 1..8192 characters), added
// to `c` under `field` (e.g. "statement", "statements.1.member.statement").
void CheckStatementText(Constraints& c, const std::optional<std::string>& text,
                        std::string_view field);

// The Parameters member of a request (or of one of its statements): a list
// of AttributeValues; empty when absent.
ApiResult<std::vector<model::AttributeValue>> DecodeParameters(const json::Value& body);

// A statement parsed, with its parameters bound, and resolved to its table
// (and index, for a SELECT from "table"."index").
struct PreparedStatement {
  partiql::Statement stmt;
  schema::TablePtr table;
  const schema::IndexDef* index = nullptr;
};

// Parses `text` and looks up its table: ResourceNotFoundException for a
// missing table, DynamoDB's messages for an index named by a write or a
// missing index.
ApiResult<PreparedStatement> PrepareStatement(OpContext& ctx, std::string_view text,
                                              const std::vector<model::AttributeValue>& params);
// The second half of PrepareStatement, for callers that look at the parsed
// statement before its table (batches tell reads from writes first).
ApiResult<PreparedStatement> BindStatement(OpContext& ctx, partiql::Statement stmt);

// DuplicateItemException: an INSERT of a key that exists.
ApiError DuplicateItem();

// One single-item write (INSERT, UPDATE, DELETE) or condition check
// (EXISTS), ready for ItemStore::Apply or ApplyAll. Not movable: mutation()
// points into it.
class StatementWrite {
 public:
  // REQUIRES: st.stmt is not a SELECT. return_old: ReturnValuesOnCondition
  // CheckFailure ALL_OLD.
  static ApiResult<std::unique_ptr<StatementWrite>> Make(PreparedStatement st, bool return_old);
  StatementWrite(const StatementWrite&) = delete;
  StatementWrite& operator=(const StatementWrite&) = delete;

  const schema::TableDef& table() const { return *st_.table; }
  const model::Item& key() const { return key_; }
  bool check_only() const { return st_.stmt.kind == partiql::StatementKind::kExists; }
  items::Mutation mutation();

  // What RETURNING asks for after the write, if anything (nullopt: nothing).
  std::optional<model::Item> Returned(const items::MutationOutcome& outcome) const;
  // The size of what the write puts in a transaction (for the 4 MB limit).
  size_t RequestBytes() const;

 private:
  StatementWrite() = default;
  ApiResult<std::optional<model::Item>> Mutate(const model::Item* current);

  PreparedStatement st_;
  model::Item key_;
  std::optional<expr::CondNode> condition_;
  expr::UpdateExpr update_;
  bool return_old_ = false;
  std::vector<expr::Path> updated_paths_;  // set by the last Mutate of an UPDATE
};

// A SELECT of one item by its whole primary key (batches and transactions).
struct KeyRead {
  model::Item key;
  std::optional<expr::CondNode> filter;
};
// "Only single item select is supported"-style errors when the SELECT is
// not one item of the table (`message` says which).
ApiResult<KeyRead> PlanKeyRead(const PreparedStatement& st, std::string_view message);
// The SELECT's result for an item read by key (nullopt when absent or
// filtered out), projected.
ApiResult<std::optional<model::Item>> KeyReadResult(const PreparedStatement& st,
                                                    const KeyRead& read,
                                                    const std::optional<model::Item>& item);

// SELECT's projection of one item: everything for *, else each path's value
// under its ProjectionName.
model::Item ProjectForSelect(const partiql::Statement& st, const model::Item& item);

struct SelectOptions {
  std::optional<int64_t> limit;
  std::optional<std::string> next_token;
  bool consistent = false;
  CapacityMode capacity = CapacityMode::kNone;
  // Identifies the statement and its parameters inside NextToken, so that a
  // token is only accepted for the request that made it.
  std::string fingerprint_source;
};

// Runs a SELECT as a GetItem, Query or Scan and writes ExecuteStatement's
// response: {"Items": [...], "NextToken"?, "ConsumedCapacity"?}.
ApiResult<std::string> ExecuteSelect(OpContext& ctx, const PreparedStatement& st,
                                     const SelectOptions& options);

// BatchStatementError / CancellationReason code for an error:
// ValidationException -> ValidationError, ConditionalCheckFailedException ->
// ConditionalCheckFailed, other "<X>Exception" -> "<X>".
std::string StatementErrorCode(const ApiError& e);
// {"Code": ..., "Message": ..., plus the error's extra members (e.g. Item)}.
void WriteStatementError(json::Writer& w, const ApiError& e);

}  // namespace magneto::api
