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

  // Whether `name` is one of the table's key attributes.
  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

}  // namespace magneto::schema
