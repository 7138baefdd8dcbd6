// TableDef: everything the catalog knows about one table (key schema,
// attribute definitions, billing, status, tags). Pure data; the catalog
// persists it and hands out shared snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/value.h"

namespace magneto::schema {

enum class TableStatus : uint8_t { kCreating, kActive, kUpdating, kDeleting };
const char* TableStatusName(TableStatus s);

enum class BillingMode : uint8_t { kProvisioned, kPayPerRequest };
const char* BillingModeName(BillingMode m);

struct KeyElement {
  std::string name;
  model::Type type = model::Type::kS;  // S, N or B
};

struct AttributeDefinition {
  std::string name;
  model::Type type = model::Type::kS;
};

struct Throughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
  int64_t last_increase_ms = 0;  // epoch millis, 0 = never
  int64_t last_decrease_ms = 0;
  int64_t decreases_today = 0;
};

struct Tag {
  std::string key;
  std::string value;
};

enum class ProjectionType : uint8_t { kKeysOnly, kInclude, kAll };
const char* ProjectionTypeName(ProjectionType p);

enum class IndexStatus : uint8_t { kCreating, kActive, kDeleting };
const char* IndexStatusName(IndexStatus s);

// A secondary index. Its entries live under their own storage id, keyed like
// items by the index key, then suffixed by the table key (see
// docs/storage_format.md), and hold the projected attributes.
struct IndexDef {
  std::string name;
  uint32_t id = 0;  // storage prefix of the index's entries; never reused
  bool global = true;
  KeyElement hash_key;
  std::optional<KeyElement> range_key;
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
  IndexStatus status = IndexStatus::kActive;
  bool backfilling = false;  // a GSI added to an existing table, being filled
  Throughput throughput;     // GSIs of PROVISIONED tables
  int64_t created_ms = 0;

  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

enum class StreamViewType : uint8_t { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };
const char* StreamViewTypeName(StreamViewType v);

// A table's change stream. Enabling a stream makes a new one (new label and
// storage id); a disabled stream stays readable until its records expire.
struct StreamDef {
  uint32_t id = 0;     // storage prefix of its records; never reused
  std::string label;   // StreamLabel, e.g. "2026-11-21T21:30:00.123"
  int64_t created_ms = 0;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  bool enabled = true;
  int64_t disabled_ms = 0;
  // Its shard's StartingSequenceNumber: taken from the sequencer when the
  // stream is made, so every record of the stream has a larger number.
  uint64_t first_sequence = 0;
};

// Time to Live settings.
struct TtlDef {
  std::string attribute;  // empty: never enabled
  bool enabled = false;
  int64_t changed_ms = 0;  // last enable/disable, for DynamoDB's one-hour rule
};

struct TableDef {
  std::string name;
  uint32_t id = 0;           // storage prefix; never reused
  std::string table_uuid;    // TableId as DynamoDB reports it
  int64_t created_ms = 0;    // CreationDateTime, epoch millis
  TableStatus status = TableStatus::kCreating;
  int64_t status_until_ms = 0;  // when a transitional status ends

  KeyElement hash_key;
  std::optional<KeyElement> range_key;
  std::vector<AttributeDefinition> attribute_definitions;

  BillingMode billing_mode = BillingMode::kProvisioned;
  // LastUpdateToPayPerRequestDateTime: when the table last became (or was
  // created) PAY_PER_REQUEST, epoch millis; 0 = never.
  int64_t billing_mode_changed_ms = 0;
  Throughput throughput;  // zeros when PAY_PER_REQUEST
  bool deletion_protection = false;
  // "" until a class is chosen explicitly (the table is then STANDARD and
  // DynamoDB shows no TableClassSummary).
  std::string table_class;
  std::vector<Tag> tags;
  std::vector<IndexDef> local_indexes;
  std::vector<IndexDef> global_indexes;
  std::vector<StreamDef> streams;  // oldest first; at most the last is enabled
  TtlDef ttl;

  // The stream that records writes now, or nullptr.
  const StreamDef* active_stream() const {
    return !streams.empty() && streams.back().enabled ? &streams.back() : nullptr;
  }

  // The index with this name (local or global), or nullptr.
  const IndexDef* FindIndex(std::string_view index_name) const {
    for (const auto* list : {&local_indexes, &global_indexes}) {
      for (const auto& index : *list) {
        if (index.name == index_name) return &index;
      }
    }
    return nullptr;
  }
  bool has_indexes() const { return !local_indexes.empty() || !global_indexes.empty(); }

  // Whether `name` is one of the table's key attributes.
  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

}  // namespace magneto::schema
