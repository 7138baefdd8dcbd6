// GetShardIterator: an iterator into a stream's shard at the oldest retained
// record (TRIM_HORIZON), after the newest (LATEST), or at or after a sequence
// number. Iterators are usable for ServerConfig::stream_iterator_ttl_ms.

#include <fmt/format.h>

#include "api/ops/streams/streams_ops.h"
#include "api/request.h"
#include "api/streams_common.h"
#include "streams/records.h"
#include "streams/sequencer.h"

namespace magneto::api::ops::streams {

namespace {

enum class IteratorType { kTrimHorizon, kLatest, kAtSequence, kAfterSequence };

std::optional<IteratorType> ParseType(std::string_view s) {
  if (s == "TRIM_HORIZON") return IteratorType::kTrimHorizon;
  if (s == "LATEST") return IteratorType::kLatest;
  if (s == "AT_SEQUENCE_NUMBER") return IteratorType::kAtSequence;
  if (s == "AFTER_SEQUENCE_NUMBER") return IteratorType::kAfterSequence;
  return std::nullopt;
}

}  // namespace

ApiResult<std::string> GetShardIterator(OpContext& ctx, const json::Value& request) {
  auto arn = GetString(request, "StreamArn");
  if (!arn.ok()) return Fail(std::move(arn).error());
  auto shard_id = GetString(request, "ShardId");
  if (!shard_id.ok()) return Fail(std::move(shard_id).error());
  auto type_name = GetString(request, "ShardIteratorType");
  if (!type_name.ok()) return Fail(std::move(type_name).error());
  auto sequence = GetString(request, "SequenceNumber");
  if (!sequence.ok()) return Fail(std::move(sequence).error());
  Constraints c;
  CheckLength(c, *arn, "streamArn", 37, 1024, /*required=*/true);
  CheckLength(c, *shard_id, "shardId", 28, 65, /*required=*/true);
  std::optional<IteratorType> type;
  if (!*type_name) {
    c.Null("shardIteratorType");
  } else if (type = ParseType(**type_name); !type) {
    c.Violation(ShowValue(**type_name), "shardIteratorType",
                "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
                "AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  }
  CheckLength(c, *sequence, "sequenceNumber", 21, 40);
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());

  bool by_sequence = *type == IteratorType::kAtSequence || *type == IteratorType::kAfterSequence;
  if (by_sequence && !*sequence) {
    return Fail(ApiError::Validation(
        fmt::format("Must provide a SequenceNumber when ShardIteratorType is {}", **type_name)));
  }
  if (!by_sequence && *sequence) {
    return Fail(ApiError::Validation(fmt::format(
        "SequenceNumber must not be provided when ShardIteratorType is {}", **type_name)));
  }
  std::optional<uint64_t> seq;
  if (*sequence) {
    seq = magneto::streams::ParseSequence(**sequence);
    if (!seq) {
      return Fail(ApiError::Validation(fmt::format("Invalid SequenceNumber: {}", **sequence)));
    }
  }
  auto ref = FindStream(ctx, **arn);
  if (!ref.ok()) return Fail(std::move(ref).error());
  const schema::StreamDef& stream = *ref->stream;
  if (**shard_id != ShardIdOf(stream)) {
    return Fail(ApiError::ResourceNotFound(fmt::format(
        "Requested resource not found: Shard: {} in Stream: {} not found", **shard_id, **arn)));
  }

  ShardIterator it;
  it.stream_id = stream.id;
  it.created_ms = schema::NowMillis();
  switch (*type) {
    case IteratorType::kTrimHorizon:
      it.position = 0;
      break;
    case IteratorType::kLatest:
      it.position = ctx.services.sequencer->Watermark() + 1;
      break;
    case IteratorType::kAtSequence:
    case IteratorType::kAfterSequence: {
      if (*seq < stream.first_sequence) {
        return Fail(ApiError::Validation(
            fmt::format("Invalid SequenceNumber {} for shard {}: it is before the shard's start",
                        **sequence, **shard_id)));
      }
      it.position = *type == IteratorType::kAtSequence ? *seq : *seq + 1;
      // A position at or before a trimmed record asks for data that is gone.
      if (it.position <= TrimmedThrough(ctx, stream.id)) return Fail(TrimmedDataAccess());
      break;
    }
  }
  json::Writer w;
  w.StartObject().Key("ShardIterator");
  w.String(EncodeShardIterator(ctx.services.config, ref->table->name, stream.label, it));
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops::streams
