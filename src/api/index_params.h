// Secondary index members of CreateTable and UpdateTable: KeySchema and
// AttributeDefinitions lists, LocalSecondaryIndexes, GlobalSecondaryIndexes
// and the Create action of GlobalSecondaryIndexUpdates, decoded and checked
// with DynamoDB's validation messages.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request.h"
#include "api/table_params.h"
#include "common/api_error.h"
#include "json/json.h"
#include "schema/table_def.h"

namespace magneto::api {

// DynamoDB's per-table limits.
constexpr size_t kMaxLocalIndexes = 5;
constexpr size_t kMaxGlobalIndexes = 20;
// NonKeyAttributes summed over all indexes of a table; an attribute projected
// into two indexes counts twice (Developer Guide, "Service quotas").
constexpr size_t kMaxProjectedAttributes = 100;

// "One or more parameter values were invalid: <what>".
ApiError InvalidParameter(std::string_view what);

// One element of a KeySchema or AttributeDefinitions list as the request
// gives it; members are nullopt when missing (a shape violation).
struct NamedType {
  std::optional<std::string> name;
  std::optional<std::string> type;  // KeyType or AttributeType
};

// Reads the list `member` of `parent` (a KeySchema or AttributeDefinitions),
// adding DynamoDB's shape violations ("keySchema.1.member.keyType", ...) under
// `field` to `c`. An absent list is a violation only when `required`.
ApiResult<std::vector<NamedType>> DecodeNamedTypes(const json::Value& parent,
                                                   std::string_view member, std::string_view field,
                                                   std::string_view type_member,
                                                   std::initializer_list<std::string_view> allowed,
                                                   bool required, Constraints& c);

// "[KeySchemaElement(attributeName=p, keyType=HASH), ...]" as constraint
// messages show a key schema.
std::string ShowKeySchema(const std::vector<NamedType>& keys);
// "a, b" from the names of a decoded list.
std::string JoinNames(const std::vector<NamedType>& list);
// S, N or B (the caller has checked the enum).
model::Type ScalarType(const std::string& type);

// An index as a request describes it (CreateTable's LocalSecondaryIndexes and
// GlobalSecondaryIndexes, UpdateTable's GlobalSecondaryIndexUpdates Create).
struct IndexRequest {
  std::string name;
  std::vector<NamedType> keys;
  std::optional<std::string> projection_type;  // nullopt: Projection {}
  std::optional<std::vector<std::string>> non_key_attributes;
  std::optional<ThroughputRequest> throughput;  // GSIs only
};

// Reads the index object `index`, adding shape violations under `field`
// (e.g. "globalSecondaryIndexes.1.member") to `c`. `global` decides whether
// ProvisionedThroughput is read. The result is usable only if c.empty().
ApiResult<IndexRequest> DecodeIndex(const json::Value& index, std::string_view field, bool global,
                                    Constraints& c);

// Reads LocalSecondaryIndexes or GlobalSecondaryIndexes of a CreateTable
// request; nullopt when the member is absent.
ApiResult<std::optional<std::vector<IndexRequest>>> DecodeIndexList(const json::Value& request,
                                                                    bool global, Constraints& c);

// The checks of one index's key schema and projection that need nothing but
// the index itself, in DynamoDB's order. `defined` lists the attribute
// definitions the index keys may use.
ApiResult<Unit> CheckIndexKeys(const IndexRequest& index, bool global,
                               const std::vector<NamedType>& defined);
ApiResult<Unit> CheckProjection(const IndexRequest& index);

// The table's key attributes as CreateTable decoded them.
struct TableKeys {
  schema::KeyElement hash;
  std::optional<schema::KeyElement> range;
};

// CreateTable's semantic checks of the indexes against the table's keys,
// attribute definitions and billing mode (the table's own KeySchema has been
// checked), and the resulting index definitions: status ACTIVE, created at
// `now_ms`, no storage ids yet (the catalog assigns them). Either list may be
// nullopt (the member was absent).
struct TableIndexes {
  std::vector<schema::IndexDef> local;
  std::vector<schema::IndexDef> global;
};
ApiResult<TableIndexes> BuildCreateTableIndexes(
    const TableKeys& table, const std::vector<NamedType>& defs,
    const std::optional<std::vector<IndexRequest>>& lsis,
    const std::optional<std::vector<IndexRequest>>& gsis, schema::BillingMode mode, int64_t now_ms);

// The IndexDef for an index request whose keys are all in `defs` (checked).
schema::IndexDef MakeIndexDef(const IndexRequest& index, bool global,
                              const std::vector<NamedType>& defs, int64_t now_ms);

// The attribute names a Java HashSet<String> would iterate in, which is the
// order DynamoDB lists "keys used" in its unused-definitions message.
std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& names);

}  // namespace magneto::api
