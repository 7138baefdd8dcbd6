// What the DynamoDB Streams operations share: stream ARNs and labels, the
// one-shard-per-stream layout, shard iterators, and the trim horizon that the
// retention trimmer leaves behind. See docs/streams.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/context.h"
#include "api/request.h"
#include "common/api_error.h"
#include "schema/catalog.h"
#include "schema/table_def.h"

namespace magneto::api {

// DynamoDB's StreamLabel: the stream's creation time, "YYYY-MM-DDTHH:MM:SS.mmm" UTC.
std::string StreamLabel(int64_t created_ms);

// "arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>".
std::string StreamArn(const ServerConfig& config, std::string_view table_name,
                      std::string_view label);

// The table and label a stream ARN names, or nullopt when it is not a stream
// ARN of this region and account.
struct StreamArnParts {
  std::string table_name;
  std::string label;
};
std::optional<StreamArnParts> ParseStreamArn(const ServerConfig& config, std::string_view arn);

// A stream and the table definition it belongs to (the pointer lives as long
// as `table`).
struct StreamRef {
  schema::TablePtr table;
  const schema::StreamDef* stream = nullptr;
};

// The stream an ARN names: ValidationException "Invalid StreamArn" for a
// string that is no stream ARN, ResourceNotFoundException for one that names
// no stream (any more).
ApiResult<StreamRef> FindStream(const OpContext& ctx, std::string_view arn);
ApiError StreamNotFound(std::string_view arn);

// The stream's only shard: "shardId-<20-digit creation ms>-<8 hex>". Real
// DynamoDB splits a stream into several shards that come and go (with
// parents); one shard per stream is a valid instance of that layout.
std::string ShardIdOf(const schema::StreamDef& stream);

// Where a shard iterator points. `position` is the sequence number of the
// next record to read; 0 means "the oldest record still retained".
struct ShardIterator {
  uint32_t stream_id = 0;
  uint64_t position = 0;
  int64_t created_ms = 0;
};
// An opaque string: the stream ARN, then the position, creation time and a
// checksum so that a mangled iterator is recognized.
std::string EncodeShardIterator(const ServerConfig& config, std::string_view table_name,
                                std::string_view label, const ShardIterator& it);
// The stream an iterator reads and where; ValidationException for a string
// that is no iterator of ours, ResourceNotFoundException when its stream is
// gone. Expiry is the caller's business.
struct DecodedIterator {
  StreamRef ref;
  ShardIterator it;
};
ApiResult<DecodedIterator> DecodeShardIterator(const OpContext& ctx, std::string_view text);

// The sequence number of the newest record of the stream removed by the
// retention trimmer (0: none yet); see streams::TrimMarkerKey.
uint64_t TrimmedThrough(const OpContext& ctx, uint32_t stream_id);

// TrimmedDataAccessException, for reads of records the trimmer removed.
ApiError TrimmedDataAccess();

// Constraint checks of the Streams API model: a string's length and an
// integer's range (absent values pass; `required` adds "must not be null").
void CheckLength(Constraints& c, const std::optional<std::string>& value, std::string_view field,
                 size_t min, size_t max, bool required = false);
void CheckRange(Constraints& c, const std::optional<int64_t>& value, std::string_view field,
                int64_t min, int64_t max);

// Writes a table's KeySchema array.
void WriteStreamKeySchema(json::Writer& w, const schema::TableDef& table);

}  // namespace magneto::api
