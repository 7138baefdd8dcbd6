// UpdateTable's GlobalSecondaryIndexUpdates: decoding, the checks that need
// only the request, and the change to the table definition made under the
// catalog's lock (one Create or Delete per request, any number of Updates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/index_params.h"
#include "api/request.h"
#include "api/table_params.h"
#include "common/api_error.h"
#include "json/json.h"
#include "schema/table_def.h"

namespace magneto::api {

struct GsiAction {
  enum class Kind : uint8_t { kCreate, kUpdate, kDelete };
  Kind kind = Kind::kCreate;
  size_t action_count = 0;  // actions in the request's object; must be 1
  std::string index_name;
  IndexRequest create;           // kCreate
  ThroughputRequest throughput;  // kUpdate
};

struct GsiUpdates {
  std::vector<GsiAction> actions;  // empty: the request sent an empty list
  // The request's AttributeDefinitions; only a Create uses them.
  std::optional<std::vector<NamedType>> attribute_definitions;

  // The Create action, or nullptr.
  const GsiAction* create() const;
  // Whether a Create or a Delete is requested (an "online index" change).
  bool creates_or_deletes() const;
};

// GlobalSecondaryIndexUpdates and AttributeDefinitions (nullopt when
// GlobalSecondaryIndexUpdates is absent). Shape violations go to `c`.
ApiResult<std::optional<GsiUpdates>> DecodeGsiUpdates(const json::Value& request, Constraints& c);

// The checks that need only the request (REQUIRES: c.empty() after decoding
// and a non-empty action list): one action per object, one per index, one
// Create or Delete per request, the new index's keys and projection.
ApiResult<Unit> CheckGsiUpdates(const GsiUpdates& u);

// Applies the actions to `def` (the table as it is now). `old_mode` is the
// billing mode before this request and def.billing_mode the mode after it.
// A Create adds the index CREATING and backfilling under `new_index_id`; a
// Delete marks the index DELETING (DropDeletingIndexes removes it).
ApiResult<Unit> ApplyGsiUpdates(schema::TableDef& def, const GsiUpdates& u,
                                schema::BillingMode old_mode, int64_t now_ms,
                                uint32_t new_index_id);

// Removes the global indexes marked DELETING and the attribute definitions
// no key uses any more, as DynamoDB does once the index is gone. Returns the
// storage ids of the removed indexes.
std::vector<uint32_t> DropDeletingIndexes(schema::TableDef& def);

}  // namespace magneto::api
