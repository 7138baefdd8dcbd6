// StreamSpecification in CreateTable and UpdateTable: decoding with
// DynamoDB's messages, and the change it makes to a table definition
// (enabling makes a new stream; disabling closes the current one, which stays
// readable until the retention trimmer drops it).
#pragma once

#include <cstdint>
#include <optional>

#include "api/context.h"
#include "api/request.h"
#include "common/api_error.h"
#include "json/json.h"
#include "schema/table_def.h"

namespace magneto::api {

struct StreamSpecRequest {
  bool enabled = false;
  std::optional<schema::StreamViewType> view_type;
};

// The StreamSpecification member (nullopt when absent). A missing
// StreamEnabled or an unknown StreamViewType is added to `c`.
ApiResult<std::optional<StreamSpecRequest>> DecodeStreamSpecification(const json::Value& request,
                                                                      Constraints& c);

// The rules on the pair (StreamEnabled, StreamViewType), worded as CreateTable
// and UpdateTable word them.
ApiResult<Unit> CheckCreateStreamSpec(const StreamSpecRequest& spec);
ApiResult<Unit> CheckUpdateStreamSpec(const StreamSpecRequest& spec);

// A new enabled stream created at `now_ms`. Takes its first sequence number
// from the server's sequencer (so every record of it comes later); the
// storage id is the catalog's to assign.
schema::StreamDef NewStream(const OpContext& ctx, schema::StreamViewType view_type, int64_t now_ms);

// UpdateTable's change, on the definition as it is now: appends `fresh`
// when enabling, closes the active stream when disabling. ValidationException
// when the table already has an enabled stream, or none to disable.
ApiResult<Unit> ApplyStreamChange(schema::TableDef& def, const StreamSpecRequest& spec,
                                  const schema::StreamDef& fresh, int64_t now_ms);

}  // namespace magneto::api
