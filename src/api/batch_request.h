// Pieces shared by BatchGetItem and BatchWriteItem: the RequestItems map
// (table name -> that table's requests), DynamoDB's constraint messages about
// it, the lookup of the tables it names, and the duplicate-key rule.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "api/request.h"
#include "common/api_error.h"
#include "json/json.h"
#include "model/value.h"
#include "schema/catalog.h"

namespace magneto::api {

struct OpContext;

// How DynamoDB shows RequestItems in a constraint message: a Java map of its
// request objects, e.g. "{t1=[com.amazonaws.dynamodb.v20120810.WriteRequest@5c2a1f3e]}"
// (`list_values`, BatchWriteItem) or "{t1=com.amazonaws...KeysAndAttributes@...}".
// The "@hash" part is a hash of the object's JSON, as arbitrary as Java's.
std::string ShowRequestItems(const json::Value& items, std::string_view java_class,
                             bool list_values);
// One request object the same way ("com.amazonaws.dynamodb.v20120810.<class>@<hash>").
std::string ShowJavaObject(std::string_view java_class, const json::Value& v);

// Reads RequestItems and adds DynamoDB's violations of the map itself to `c`:
// null, empty ('{}'), and table names (the map's keys) that fail the
// TableName constraints. A non-object is a SerializationException. Returns
// nullptr when RequestItems is absent or null.
ApiResult<const json::Value*> DecodeRequestItems(const json::Value& body,
                                                 std::string_view java_class, bool list_values,
                                                 Constraints& c);

// A SerializationException unless `v` has the JSON kind DynamoDB's model
// gives `member` (e.g. a KeysAndAttributes must be an object).
ApiResult<Unit> ExpectKind(const json::Value& v, json::Value::Kind kind, std::string_view member);

// DynamoDB reports every constraint violation of a request in one message;
// the shared member decoders (DecodeReturnConsumedCapacity, ...) report
// theirs alone. Absorb moves such a single-violation error into `c` and
// returns true; any other error is left to the caller.
bool AbsorbViolation(const ApiError& e, Constraints& c);
template <typename T>
ApiResult<T> CollectViolation(ApiResult<T> r, T fallback, Constraints& c) {
  if (r.ok() || !AbsorbViolation(r.error(), c)) return r;
  return fallback;
}

// The table a RequestItems key names (a valid table name). Missing and
// still-CREATING tables are ResourceNotFoundException, as for single items.
ApiResult<schema::TablePtr> FindBatchTable(OpContext& ctx, std::string_view name);

// The batch rule that one request may touch an item only once: Add fails with
// "Provided list of item keys contains duplicates" for a key seen before.
// Keys compare by their stored form, so 1 and 1.0 are the same key, and the
// same key in two tables is not a duplicate.
class BatchKeySet {
 public:
  // REQUIRES: `key` holds the table's key attributes, validated.
  ApiResult<Unit> Add(const schema::TableDef& table, const model::Item& key);

 private:
  std::set<std::string> seen_;
};

}  // namespace magneto::api
