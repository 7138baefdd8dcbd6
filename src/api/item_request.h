// Pieces shared by the item operations (PutItem, GetItem, UpdateItem,
// DeleteItem, and later the batch and transaction operations): expression
// parameters, ReturnValues, capacity accounting and its response fields.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/api_error.h"
#include "expr/expr.h"
#include "index/index_entries.h"
#include "items/item_store.h"
#include "json/json.h"
#include "model/value.h"
#include "schema/table_def.h"

namespace magneto::api {

// ExpressionAttributeNames / ExpressionAttributeValues as decoded from a request.
struct ExpressionInputs {
  std::optional<std::map<std::string, std::string>> names;
  std::optional<model::Map> values;
};
ApiResult<ExpressionInputs> DecodeExpressionInputs(const json::Value& body);

// DynamoDB refuses ExpressionAttributeNames/Values in a request that has none
// of the given expression members.
ApiResult<Unit> CheckInputsHaveExpressions(const json::Value& body, const ExpressionInputs& inputs,
                                           std::initializer_list<std::string_view> expressions);

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class ReturnValuesOp { kPut, kDelete, kUpdate };
ApiResult<ReturnValues> DecodeReturnValues(const json::Value& body, ReturnValuesOp op);
// ReturnValuesOnConditionCheckFailure: true when ALL_OLD.
ApiResult<bool> DecodeReturnOldOnConditionFailure(const json::Value& body);

enum class CapacityMode { kNone, kTotal, kIndexes };
ApiResult<CapacityMode> DecodeReturnConsumedCapacity(const json::Value& body);
// ReturnItemCollectionMetrics (NONE or SIZE): true for SIZE. Only tables
// with local secondary indexes report metrics.
ApiResult<bool> DecodeReturnItemCollectionMetrics(const json::Value& body);
// "ItemCollectionMetrics" for a write to a table with local secondary
// indexes, when asked; nothing otherwise.
void WriteItemCollectionMetrics(json::Writer& w, bool asked, const items::MutationOutcome& outcome);
// One ItemCollectionMetrics object (the batch form lists them per table).
void WriteCollectionMetricsObject(json::Writer& w, const model::Item& key, int64_t bytes);

// DynamoDB's capacity arithmetic: writes cost 1 unit per started KB of the
// larger of the old and new item; reads 1 unit per started 4 KB, halved when
// eventually consistent.
double WriteCapacityUnits(const model::Item* old_item, const model::Item* new_item);
double ReadCapacityUnits(const model::Item* item, bool consistent);
// The same for an item of `bytes` bytes (0: no item).
double ReadCapacityUnitsForSize(size_t bytes, bool consistent);
// `units` is the table's own share; index units add to the total, and
// INDEXES mode itemizes them.
void WriteConsumedCapacity(json::Writer& w, CapacityMode mode, const std::string& table,
                           double units, const std::vector<index::IndexUnits>& indexes = {});
// The batch operations' form: "ConsumedCapacity" as a list with one entry per
// table, in the given order. Nothing for kNone.
struct TableCapacity {
  std::string table;
  double units = 0;
  std::vector<index::IndexUnits> indexes;
};
void WriteConsumedCapacityList(json::Writer& w, CapacityMode mode,
                               const std::vector<TableCapacity>& tables);

// Names of the non-expression (legacy) and expression parameters present, for
// DynamoDB's "Can not use both expression and non-expression parameters"
// check. Returns the error if both kinds are present.
ApiResult<Unit> CheckNoLegacyMix(const json::Value& body,
                                 std::initializer_list<std::string_view> legacy_names,
                                 std::initializer_list<std::string_view> expression_names);

// Legacy condition maps (Expected, ScanFilter, QueryFilter, KeyConditions).
ApiResult<std::vector<expr::LegacyCondition>> DecodeLegacyConditions(const json::Value& map,
                                                                     std::string_view member);

// The condition of a write: ConditionExpression, or the legacy Expected with
// ConditionalOperator. nullopt when the request has none.
ApiResult<std::optional<expr::Condition>> DecodeWriteCondition(const json::Value& body,
                                                               expr::ExpressionParams& params);

// UpdateExpression or the legacy AttributeUpdates; nullopt when neither.
ApiResult<std::optional<expr::UpdateExpr>> DecodeUpdate(const json::Value& body,
                                                        expr::ExpressionParams& params);

// DynamoDB refuses updates that touch a key attribute before reading the item.
ApiResult<Unit> CheckKeyUntouched(const schema::TableDef& table, const expr::UpdateExpr& update);

// ProjectionExpression or the legacy AttributesToGet; nullopt means all.
ApiResult<std::optional<expr::Projection>> DecodeProjection(const json::Value& body,
                                                            expr::ExpressionParams& params);
// The whole projection of a read (GetItem, each table of BatchGetItem, and
// later TransactGetItems): the legacy/expression mix check, the expression
// attribute names (and values, which no projection uses), then the projection;
// nullopt means all attributes.
ApiResult<std::optional<expr::Projection>> DecodeReadProjection(const json::Value& body);

// The ConditionalCheckFailedException for a failed condition, carrying the
// old item when ReturnValuesOnConditionCheckFailure is ALL_OLD.
ApiError ConditionFailed(const model::Item* current, bool return_old);

// What every conditional single-item write (PutItem, UpdateItem, DeleteItem)
// decodes the same way: ReturnValues and friends, the expression parameters,
// and the condition. Not movable: params() points into this object.
class WriteRequest {
 public:
  // Decodes everything but the operation's own members. The caller parses
  // its other expressions with params() and then calls FinishExpressions().
  static ApiResult<std::unique_ptr<WriteRequest>> Decode(const json::Value& body, ReturnValuesOp op);
  WriteRequest(const WriteRequest&) = delete;
  WriteRequest& operator=(const WriteRequest&) = delete;

  expr::ExpressionParams& params() { return *params_; }
  // Reports unused ExpressionAttributeNames / Values.
  ApiResult<Unit> FinishExpressions() const { return params_->CheckAllUsed(); }
  // Checks the condition against the item as it is now (nullptr: absent);
  // ConditionalCheckFailedException (with the old item if asked) when false.
  ApiResult<Unit> CheckCondition(const model::Item* current) const;

  ReturnValues return_values = ReturnValues::kNone;
  bool return_old_on_condition_failure = false;
  CapacityMode capacity = CapacityMode::kNone;
  bool return_collection_metrics = false;

 private:
  WriteRequest() = default;
  ExpressionInputs inputs_;
  std::unique_ptr<expr::ExpressionParams> params_;
  std::optional<expr::Condition> condition_;
};

// Writes "Attributes" for ReturnValues; nothing for NONE or when there is
// nothing to return.
void WriteReturnAttributes(json::Writer& w, ReturnValues rv, const model::Item* old_item,
                           const model::Item* new_item,
                           const std::vector<expr::Path>* updated_paths);

}  // namespace magneto::api
