// DescribeStream: a stream's status, view type, key schema and its shard,
// which is open while the stream is enabled and closed once it is disabled.

#include "api/ops/streams/streams_ops.h"
#include "api/request.h"
#include "api/streams_common.h"
#include "api/table_description.h"
#include "items/item_store.h"
#include "streams/records.h"
#include "streams/sequencer.h"

namespace magneto::api::ops::streams {

namespace {

constexpr int64_t kMaxLimit = 100;

// The last sequence number of a closed shard: its newest record, or its
// start when it has none.
uint64_t EndingSequence(const OpContext& ctx, const schema::StreamDef& stream) {
  uint64_t watermark = ctx.services.sequencer->Watermark();
  items::KeyRange range{magneto::streams::RecordKey(stream.id, 0),
                        magneto::streams::RecordKey(stream.id, watermark + 1)};
  auto it = ctx.services.items->Scan(range, /*reverse=*/true, std::nullopt);
  if (!it->Valid()) return stream.first_sequence;
  return std::max(stream.first_sequence, magneto::streams::SequenceOf(it->key()));
}

}  // namespace

ApiResult<std::string> DescribeStream(OpContext& ctx, const json::Value& request) {
  auto arn = GetString(request, "StreamArn");
  if (!arn.ok()) return Fail(std::move(arn).error());
  auto limit = GetInt(request, "Limit");
  if (!limit.ok()) return Fail(std::move(limit).error());
  auto start = GetString(request, "ExclusiveStartShardId");
  if (!start.ok()) return Fail(std::move(start).error());
  Constraints c;
  CheckLength(c, *arn, "streamArn", 37, 1024, /*required=*/true);
  CheckRange(c, *limit, "limit", 1, kMaxLimit);
  CheckLength(c, *start, "exclusiveStartShardId", 28, 65);
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  auto ref = FindStream(ctx, **arn);
  if (!ref.ok()) return Fail(std::move(ref).error());
  const schema::TableDef& table = *ref->table;
  const schema::StreamDef& stream = *ref->stream;

  json::Writer w;
  w.StartObject().Key("StreamDescription").StartObject();
  w.Key("StreamArn").String(StreamArn(ctx.services.config, table.name, stream.label));
  w.Key("StreamLabel").String(stream.label);
  w.Key("StreamStatus").String(stream.enabled ? "ENABLED" : "DISABLED");
  w.Key("StreamViewType").String(schema::StreamViewTypeName(stream.view_type));
  w.Key("CreationRequestDateTime").RawNumber(EpochSeconds(stream.created_ms));
  w.Key("TableName").String(table.name);
  WriteStreamKeySchema(w, table);
  w.Key("Shards").StartArray();
  // Shards are listed in shard id order, after ExclusiveStartShardId.
  std::string shard_id = ShardIdOf(stream);
  if (!*start || shard_id > **start) {
    w.StartObject().Key("ShardId").String(shard_id);
    w.Key("SequenceNumberRange").StartObject();
    w.Key("StartingSequenceNumber").String(magneto::streams::SequenceString(stream.first_sequence));
    if (!stream.enabled) {
      w.Key("EndingSequenceNumber")
          .String(magneto::streams::SequenceString(EndingSequence(ctx, stream)));
    }
    w.EndObject().EndObject();
  }
  w.EndArray();
  w.EndObject().EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops::streams
