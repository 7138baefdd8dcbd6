// What an operation handler gets: the server's services and the request's
// identity. One handler shape for every DynamoDB operation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/api_error.h"
#include "json/json.h"
#include "schema/catalog.h"

namespace magneto::items {
class ItemStore;
}
namespace magneto::index {
class IndexBackfiller;
}
namespace magneto::streams {
class StreamSequencer;
}

namespace magneto::api {

struct ServerConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  int64_t table_activation_delay_ms = 100;  // CREATING/UPDATING -> ACTIVE
  // How long a stream shard iterator stays usable (DynamoDB: 15 minutes).
  int64_t stream_iterator_ttl_ms = 15 * 60 * 1000;
  // UpdateTimeToLive accepts one change per table per this interval.
  int64_t ttl_change_cooldown_ms = 3'600'000;
};

struct Services {
  schema::Catalog* catalog = nullptr;
  items::ItemStore* items = nullptr;
  index::IndexBackfiller* backfiller = nullptr;
  streams::StreamSequencer* sequencer = nullptr;  // stream records readable up to its watermark
  ServerConfig config;
};

struct OpContext {
  Services& services;
  std::string_view request_id;
};

// Every operation: decode the request, act, encode the response body.
using Handler = ApiResult<std::string> (*)(OpContext& ctx, const json::Value& request);

// The handler for a DynamoDB operation name ("PutItem"), or nullptr.
Handler FindOperation(std::string_view name);

}  // namespace magneto::api
