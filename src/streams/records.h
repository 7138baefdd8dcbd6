// Stream records: how a change is stored (in the write batch of the change
// itself) and read back. A record's key is the stream's storage id followed
// by its 8-byte big-endian sequence number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/value.h"
#include "schema/catalog.h"
#include "schema/table_def.h"
#include "storage/engine.h"

namespace magneto::streams {

enum class EventName : uint8_t { kInsert, kModify, kRemove };
const char* EventNameString(EventName e);

struct Record {
  uint64_t sequence = 0;
  EventName event = EventName::kInsert;
  std::string event_id;
  int64_t created_ms = 0;
  model::Item keys;
  std::optional<model::Item> new_image;
  std::optional<model::Item> old_image;
  int64_t size_bytes = 0;
  bool by_ttl = false;  // deleted by the Time to Live expirer (userIdentity)
  schema::StreamViewType view_type = schema::StreamViewType::kNewAndOldImages;
};

std::string RecordKey(uint32_t stream_id, uint64_t sequence);
// The sequence number of a record key made by RecordKey.
uint64_t SequenceOf(std::string_view record_key);

// The record of a change from `old_item` to `new_item` (either may be null),
// or nullopt when nothing changed (DynamoDB writes no record then).
std::optional<Record> MakeRecord(const schema::TableDef& table, const schema::StreamDef& stream,
                                 const model::Item* old_item, const model::Item* new_item,
                                 bool by_ttl, int64_t now_ms);

std::string EncodeRecord(const Record& r);
bool DecodeRecord(std::string_view key, std::string_view value, Record* out);

// The largest sequence number stored in any table's streams (0 if none), so
// that numbering continues after a restart.
uint64_t LargestStoredSequence(const storage::Engine& engine,
                               const std::vector<schema::TablePtr>& tables);

// DynamoDB's sequence number text: decimal, zero-padded to 21 digits so that
// string order and numeric order agree.
std::string SequenceString(uint64_t sequence);
std::optional<uint64_t> ParseSequence(std::string_view text);

}  // namespace magneto::streams
