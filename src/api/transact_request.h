// Pieces shared by TransactWriteItems and TransactGetItems: the TransactItems
// list and its constraint messages, the one-action-per-item rule, per-table
// capacity in request order, the cancellation error, and the canonical form
// of a request for ClientRequestToken fingerprints.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/item_request.h"
#include "api/request.h"
#include "common/api_error.h"
#include "index/index_entries.h"
#include "json/json.h"
#include "model/value.h"
#include "schema/table_def.h"

namespace magneto::api {

// Either operation takes 1..100 actions.
inline constexpr size_t kMaxTransactItems = 100;
// The aggregate size of the items in a transaction (written or read).
inline constexpr size_t kMaxTransactBytes = 4 * 1024 * 1024;

// Reads TransactItems and adds DynamoDB's violations of the list itself to
// `c`: null, empty ('[]') and more than 100 elements (shown as a Java list of
// `java_class` objects). A non-list is a SerializationException. Returns
// nullptr when TransactItems is absent or null.
ApiResult<const json::Value*> DecodeTransactItems(const json::Value& body,
                                                  std::string_view java_class, Constraints& c);

// The member path DynamoDB names in a violation inside element `index`
// (0-based) of TransactItems, e.g. MemberPath(0, "put.tableName") ==
// "transactItems.1.member.put.tableName".
std::string MemberPath(size_t index, std::string_view member);

// The rule that a transaction touches an item once: Add fails with "Transaction
// request cannot include multiple operations on one item" for a key seen
// before. Keys compare by their stored form (1 and 1.0 are the same key).
class TransactKeySet {
 public:
  // REQUIRES: `key` holds the table's key attributes, validated.
  ApiResult<Unit> Add(const schema::TableDef& table, const model::Item& key);

 private:
  std::set<std::string> seen_;
};

// Consumed capacity summed per table, listed in the order tables first
// appear in the request (DynamoDB orders ConsumedCapacity that way).
class CapacityByTable {
 public:
  void Add(const std::string& table, double units,
           const std::vector<index::IndexUnits>& indexes = {});
  const std::vector<TableCapacity>& tables() const { return tables_; }

 private:
  std::vector<TableCapacity> tables_;
};

// TransactionCanceledException: "Transaction cancelled, please refer
// cancellation reasons for specific reasons [ConditionalCheckFailed, None]"
// with "CancellationReasons" in the body, one per action in order. A reason
// is nullopt for an action that did not fail ("None"); otherwise its error
// maps to DynamoDB's code: ConditionalCheckFailedException ->
// ConditionalCheckFailed (with the error's "Item" member, if any),
// TransactionConflictException -> TransactionConflict, ValidationException ->
// ValidationError, any other "<X>Exception" -> "<X>".
ApiError TransactionCanceled(const std::vector<std::optional<ApiError>>& reasons);

// A JSON value written with every object's members sorted by name, so that
// requests differing only in member order compare equal.
std::string CanonicalJson(const json::Value& v);

}  // namespace magneto::api
