// GetRecords: the stream records at a shard iterator's position, in sequence
// order, up to Limit (and 1 MB), with the iterator to continue from. Only
// records up to the sequencer's watermark are read, so a record that commits
// late is never skipped.

#include <fmt/format.h>

#include <ctime>

#include "api/attribute_json.h"
#include "api/ops/streams/streams_ops.h"
#include "api/request.h"
#include "api/streams_common.h"
#include "items/item_store.h"
#include "streams/records.h"
#include "streams/sequencer.h"

namespace magneto::api::ops::streams {

namespace {

namespace st = magneto::streams;

constexpr int64_t kMaxLimit = 1000;
constexpr int64_t kMaxResponseBytes = 1 << 20;

// Java's Date.toString() in UTC, as DynamoDB's ExpiredIteratorException
// message prints times: "Thu Jul 02 12:57:57 UTC 2015".
std::string JavaDate(int64_t ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[tm.tm_wday], kMonths[tm.tm_mon],
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

ApiError ExpiredIterator(int64_t created_ms, int64_t now_ms, int64_t ttl_ms) {
  return ApiError(ApiError::kDynamoPrefix, "ExpiredIteratorException",
                  fmt::format("Iterator expired. The iterator was created at time {} while right "
                              "now it is {} which is further in the future than the tolerated "
                              "delay of {} milliseconds.",
                              JavaDate(created_ms), JavaDate(now_ms), ttl_ms),
                  400);
}

// One Record, members in the order of the Streams API reference.
void WriteRecord(json::Writer& w, const ServerConfig& config, const st::Record& r) {
  w.StartObject();
  w.Key("eventID").String(r.event_id);
  w.Key("eventName").String(st::EventNameString(r.event));
  w.Key("eventVersion").String("1.1");
  w.Key("eventSource").String("aws:dynamodb");
  w.Key("awsRegion").String(config.region);
  w.Key("dynamodb").StartObject();
  // DynamoDB rounds this to whole seconds.
  w.Key("ApproximateCreationDateTime").Int(r.created_ms / 1000);
  w.Key("Keys");
  WriteItem(w, r.keys);
  if (r.new_image) {
    w.Key("NewImage");
    WriteItem(w, *r.new_image);
  }
  if (r.old_image) {
    w.Key("OldImage");
    WriteItem(w, *r.old_image);
  }
  w.Key("SequenceNumber").String(st::SequenceString(r.sequence));
  w.Key("SizeBytes").Int(r.size_bytes);
  w.Key("StreamViewType").String(schema::StreamViewTypeName(r.view_type));
  w.EndObject();
  if (r.by_ttl) {
    // Deletions by Time to Live carry the service's identity.
    w.Key("userIdentity").StartObject();
    w.Key("PrincipalId").String("dynamodb.amazonaws.com").Key("Type").String("Service");
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

ApiResult<std::string> GetRecords(OpContext& ctx, const json::Value& request) {
  auto text = GetString(request, "ShardIterator");
  if (!text.ok()) return Fail(std::move(text).error());
  auto limit = GetInt(request, "Limit");
  if (!limit.ok()) return Fail(std::move(limit).error());
  Constraints c;
  CheckLength(c, *text, "shardIterator", 1, 2048, /*required=*/true);
  CheckRange(c, *limit, "limit", 1, kMaxLimit);
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  auto decoded = DecodeShardIterator(ctx, **text);
  if (!decoded.ok()) return Fail(std::move(decoded).error());
  const schema::StreamDef& stream = *decoded->ref.stream;
  const ShardIterator& at = decoded->it;
  int64_t now = schema::NowMillis();
  int64_t ttl = ctx.services.config.stream_iterator_ttl_ms;
  if (now - at.created_ms > ttl) return Fail(ExpiredIterator(at.created_ms, now, ttl));
  if (at.position != 0 && at.position <= TrimmedThrough(ctx, stream.id)) {
    return Fail(TrimmedDataAccess());
  }

  // Read the watermark first: every record at or below it is final.
  uint64_t watermark = ctx.services.sequencer->Watermark();
  uint64_t from = std::max<uint64_t>(at.position, 1);
  size_t max_records = static_cast<size_t>(limit->value_or(kMaxLimit));
  uint64_t next = at.position;
  bool exhausted = true;
  json::Writer w;
  w.StartObject().Key("Records").StartArray();
  if (from <= watermark) {
    items::KeyRange range{st::RecordKey(stream.id, from), st::RecordKey(stream.id, watermark + 1)};
    auto it = ctx.services.items->Scan(range, /*reverse=*/false, std::nullopt);
    size_t count = 0;
    int64_t bytes = 0;
    for (; it->Valid(); it->Next()) {
      if (count == max_records || bytes >= kMaxResponseBytes) break;
      st::Record record;
      if (!st::DecodeRecord(it->key(), it->value(), &record)) {
        return Fail(ApiError::InternalServer("A stream record could not be decoded"));
      }
      WriteRecord(w, ctx.services.config, record);
      next = record.sequence + 1;
      bytes += record.size_bytes;
      ++count;
    }
    exhausted = !it->Valid();
  }
  w.EndArray();
  // A closed shard read to its end has nothing more to give: no iterator.
  if (stream.enabled || !exhausted) {
    ShardIterator following = at;
    following.position = next;
    following.created_ms = now;
    w.Key("NextShardIterator");
    w.String(EncodeShardIterator(ctx.services.config, decoded->ref.table->name, stream.label,
                                 following));
  }
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops::streams
