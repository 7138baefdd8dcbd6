// Stream ARNs, labels, shard ids, shard iterators and the trim horizon, shared
// by the DynamoDB Streams operations and the table descriptions.

#include "api/streams_common.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

#include "common/crc32.h"
#include "items/item_store.h"
#include "streams/records.h"
#include "streams/trimmer.h"

namespace magneto::api {

namespace {

constexpr std::string_view kStreamPart = "/stream/";

std::optional<uint64_t> ParseHex(std::string_view text) {
  uint64_t out = 0;
  if (text.empty() || text.size() > 16) return std::nullopt;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return out;
}

ApiError InvalidIterator() { return ApiError::Validation("Invalid ShardIterator"); }

}  // namespace

std::string StreamLabel(int64_t created_ms) {
  std::time_t seconds = static_cast<std::time_t>(created_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, created_ms % 1000);
}

std::string StreamArn(const ServerConfig& config, std::string_view table_name,
                      std::string_view label) {
  return fmt::format("arn:aws:dynamodb:{}:{}:table/{}/stream/{}", config.region, config.account_id,
                     table_name, label);
}

std::optional<StreamArnParts> ParseStreamArn(const ServerConfig& config, std::string_view arn) {
  std::string prefix =
      fmt::format("arn:aws:dynamodb:{}:{}:table/", config.region, config.account_id);
  if (arn.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = arn.substr(prefix.size());
  size_t sep = rest.find(kStreamPart);
  if (sep == 0 || sep == std::string_view::npos) return std::nullopt;
  std::string_view label = rest.substr(sep + kStreamPart.size());
  // Labels are "YYYY-MM-DDTHH:MM:SS.mmm".
  if (label.size() != 23 || label[10] != 'T') return std::nullopt;
  return StreamArnParts{std::string(rest.substr(0, sep)), std::string(label)};
}

ApiError StreamNotFound(std::string_view arn) {
  return ApiError::ResourceNotFound(
      fmt::format("Requested resource not found: Stream: {} not found", arn));
}

ApiResult<StreamRef> FindStream(const OpContext& ctx, std::string_view arn) {
  auto parts = ParseStreamArn(ctx.services.config, arn);
  if (!parts) return Fail(ApiError::Validation("Invalid StreamArn"));
  StreamRef ref;
  ref.table = ctx.services.catalog->Find(parts->table_name);
  if (ref.table != nullptr) {
    for (const auto& stream : ref.table->streams) {
      if (stream.label == parts->label) ref.stream = &stream;
    }
  }
  if (ref.stream == nullptr) return Fail(StreamNotFound(arn));
  return ref;
}

std::string ShardIdOf(const schema::StreamDef& stream) {
  // The hex part only has to tell shards apart; the storage id does.
  uint32_t tag = Crc32(fmt::format("{}/{}", stream.id, stream.created_ms));
  return fmt::format("shardId-{:020}-{:08x}", stream.created_ms, tag);
}

std::string EncodeShardIterator(const ServerConfig& config, std::string_view table_name,
                                std::string_view label, const ShardIterator& it) {
  std::string body = fmt::format("{}|1|{:08x}{:016x}{:016x}", StreamArn(config, table_name, label),
                                 it.stream_id, it.position, it.created_ms);
  return fmt::format("{}{:08x}", body, Crc32(body));
}

ApiResult<DecodedIterator> DecodeShardIterator(const OpContext& ctx, std::string_view text) {
  // <arn>|1|<8 hex id><16 hex position><16 hex created><8 hex checksum>
  constexpr size_t kTail = 8 + 16 + 16 + 8;
  size_t bar = text.rfind("|1|");
  if (bar == std::string_view::npos || text.size() - bar - 3 != kTail) {
    return Fail(InvalidIterator());
  }
  std::string_view fields = text.substr(bar + 3);
  auto crc = ParseHex(fields.substr(40, 8));
  if (!crc || *crc != Crc32(text.substr(0, text.size() - 8))) return Fail(InvalidIterator());
  auto id = ParseHex(fields.substr(0, 8));
  auto position = ParseHex(fields.substr(8, 16));
  auto created = ParseHex(fields.substr(24, 16));
  if (!id || !position || !created) return Fail(InvalidIterator());
  std::string_view arn = text.substr(0, bar);
  if (!ParseStreamArn(ctx.services.config, arn)) return Fail(InvalidIterator());
  auto ref = FindStream(ctx, arn);
  if (!ref.ok()) return Fail(std::move(ref).error());
  if (ref->stream->id != *id) return Fail(StreamNotFound(arn));
  DecodedIterator out{std::move(*ref), {}};
  out.it.stream_id = static_cast<uint32_t>(*id);
  out.it.position = *position;
  out.it.created_ms = static_cast<int64_t>(*created);
  return out;
}

uint64_t TrimmedThrough(const OpContext& ctx, uint32_t stream_id) {
  items::KeyRange range{streams::TrimMarkerKey(stream_id), streams::RecordKey(stream_id, 0)};
  auto it = ctx.services.items->Scan(range, /*reverse=*/false, std::nullopt);
  if (!it->Valid()) return 0;
  return streams::ParseSequence(it->value()).value_or(0);
}

ApiError TrimmedDataAccess() {
  return ApiError(ApiError::kDynamoPrefix, "TrimmedDataAccessException",
                  "The operation attempted to read past the oldest stream record in a shard.", 400);
}

void CheckLength(Constraints& c, const std::optional<std::string>& value, std::string_view field,
                 size_t min, size_t max, bool required) {
  if (!value) {
    if (required) c.Null(field);
    return;
  }
  if (value->size() < min) {
    c.Violation(ShowValue(*value), field,
                fmt::format("Member must have length greater than or equal to {}", min));
  } else if (value->size() > max) {
    c.Violation(ShowValue(*value), field,
                fmt::format("Member must have length less than or equal to {}", max));
  }
}

void CheckRange(Constraints& c, const std::optional<int64_t>& value, std::string_view field,
                int64_t min, int64_t max) {
  if (!value) return;
  if (*value < min) {
    c.Violation(ShowValue(std::to_string(*value)), field,
                fmt::format("Member must have value greater than or equal to {}", min));
  } else if (*value > max) {
    c.Violation(ShowValue(std::to_string(*value)), field,
                fmt::format("Member must have value less than or equal to {}", max));
  }
}

void WriteStreamKeySchema(json::Writer& w, const schema::TableDef& table) {
  w.Key("KeySchema").StartArray();
  w.StartObject().Key("AttributeName").String(table.hash_key.name);
  w.Key("KeyType").String("HASH").EndObject();
  if (table.range_key) {
    w.StartObject().Key("AttributeName").String(table.range_key->name);
    w.Key("KeyType").String("RANGE").EndObject();
  }
  w.EndArray();
}

}  // namespace magneto::api
