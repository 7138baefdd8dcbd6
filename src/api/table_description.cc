// Writes DynamoDB's TableDescription for a table definition, its secondary
// indexes included.

#include "api/table_description.h"

#include <fmt/format.h>

#include "api/arn.h"
#include "api/streams_common.h"

namespace magneto::api {

namespace {

constexpr int64_t kMillisPerDay = 86'400'000;

void WriteKeySchema(json::Writer& w, const schema::KeyElement& hash,
                    const std::optional<schema::KeyElement>& range) {
  w.Key("KeySchema").StartArray();
  w.StartObject().Key("AttributeName").String(hash.name).Key("KeyType").String("HASH");
  w.EndObject();
  if (range) {
    w.StartObject().Key("AttributeName").String(range->name);
    w.Key("KeyType").String("RANGE").EndObject();
  }
  w.EndArray();
}

void WriteThroughput(json::Writer& w, const schema::Throughput& tp, int64_t now_ms) {
  w.Key("ProvisionedThroughput").StartObject();
  if (tp.last_increase_ms != 0) {
    w.Key("LastIncreaseDateTime").RawNumber(EpochSeconds(tp.last_increase_ms));
  }
  if (tp.last_decrease_ms != 0) {
    w.Key("LastDecreaseDateTime").RawNumber(EpochSeconds(tp.last_decrease_ms));
  }
  bool decreased_today =
      tp.last_decrease_ms != 0 && tp.last_decrease_ms / kMillisPerDay == now_ms / kMillisPerDay;
  w.Key("NumberOfDecreasesToday").Int(decreased_today ? tp.decreases_today : 0);
  w.Key("ReadCapacityUnits").Int(tp.read_capacity_units);
  w.Key("WriteCapacityUnits").Int(tp.write_capacity_units);
  w.EndObject();
}

// LocalSecondaryIndexDescription or GlobalSecondaryIndexDescription, members
// in the API model's order.
void WriteIndex(json::Writer& w, const ServerConfig& config, const schema::TableDef& table,
                const schema::IndexDef& index, const items::TableStats& stats, int64_t now_ms) {
  w.StartObject();
  w.Key("IndexName").String(index.name);
  WriteKeySchema(w, index.hash_key, index.range_key);
  w.Key("Projection").StartObject();
  w.Key("ProjectionType").String(schema::ProjectionTypeName(index.projection));
  if (index.projection == schema::ProjectionType::kInclude) {
    w.Key("NonKeyAttributes").StartArray();
    for (const auto& a : index.non_key_attributes) w.String(a);
    w.EndArray();
  }
  w.EndObject();
  if (index.global) {
    bool creating = table.status == schema::TableStatus::kCreating;
    w.Key("IndexStatus").String(creating ? "CREATING" : schema::IndexStatusName(index.status));
    // Shown only for an index added to an existing table while it fills.
    if (index.backfilling && index.status == schema::IndexStatus::kCreating) {
      w.Key("Backfilling").Bool(true);
    }
    WriteThroughput(w, index.throughput, now_ms);
  }
  w.Key("IndexSizeBytes").Int(stats.size_bytes);
  w.Key("ItemCount").Int(stats.item_count);
  w.Key("IndexArn").String(IndexArn(config, table.name, index.name));
  w.EndObject();
}

}  // namespace

std::string IndexArn(const ServerConfig& config, std::string_view table_name,
                     std::string_view index_name) {
  return fmt::format("{}/index/{}", TableArn(config, table_name), index_name);
}

std::string EpochSeconds(int64_t ms) {
  if (ms < 0) return fmt::format("-{}", EpochSeconds(-ms));
  return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

void WriteTableDescription(json::Writer& w, const ServerConfig& config,
                           const schema::TableDef& table, const items::TableStats& stats,
                           int64_t now_ms, const IndexStatsFn& index_stats) {
  w.StartObject();
  w.Key("AttributeDefinitions").StartArray();
  for (const auto& a : table.attribute_definitions) {
    w.StartObject();
    w.Key("AttributeName").String(a.name);
    w.Key("AttributeType").String(model::TypeName(a.type));
    w.EndObject();
  }
  w.EndArray();
  w.Key("TableName").String(table.name);
  WriteKeySchema(w, table.hash_key, table.range_key);
  w.Key("TableStatus").String(schema::TableStatusName(table.status));
  w.Key("CreationDateTime").RawNumber(EpochSeconds(table.created_ms));

  WriteThroughput(w, table.throughput, now_ms);

  w.Key("TableSizeBytes").Int(stats.size_bytes);
  w.Key("ItemCount").Int(stats.item_count);
  w.Key("TableArn").String(TableArn(config, table.name));
  w.Key("TableId").String(table.table_uuid);
  // DynamoDB leaves BillingModeSummary out for a table that has always been
  // PROVISIONED; once it has been PAY_PER_REQUEST the summary stays.
  bool pay_per_request = table.billing_mode == schema::BillingMode::kPayPerRequest;
  if (pay_per_request || table.billing_mode_changed_ms != 0) {
    int64_t since =
        table.billing_mode_changed_ms != 0 ? table.billing_mode_changed_ms : table.created_ms;
    w.Key("BillingModeSummary").StartObject();
    w.Key("BillingMode").String(schema::BillingModeName(table.billing_mode));
    w.Key("LastUpdateToPayPerRequestDateTime").RawNumber(EpochSeconds(since));
    w.EndObject();
  }
  for (const auto& [member, list] : {std::pair{"LocalSecondaryIndexes", &table.local_indexes},
                                     std::pair{"GlobalSecondaryIndexes", &table.global_indexes}}) {
    if (list->empty()) continue;
    w.Key(member).StartArray();
    for (const schema::IndexDef& index : *list) {
      items::TableStats counters;
      if (index_stats) counters = index_stats(index.id);
      WriteIndex(w, config, table, index, counters, now_ms);
    }
    w.EndArray();
  }
  // StreamSpecification only while a stream is enabled; the latest stream's
  // label and ARN stay after it is disabled, as in DynamoDB.
  if (const schema::StreamDef* stream = table.active_stream()) {
    w.Key("StreamSpecification").StartObject().Key("StreamEnabled").Bool(true);
    w.Key("StreamViewType").String(schema::StreamViewTypeName(stream->view_type)).EndObject();
  }
  if (!table.streams.empty()) {
    const std::string& label = table.streams.back().label;
    w.Key("LatestStreamLabel").String(label);
    w.Key("LatestStreamArn").String(StreamArn(config, table.name, label));
  }
  // Shown only once a table class has been chosen explicitly.
  if (!table.table_class.empty()) {
    w.Key("TableClassSummary").StartObject().Key("TableClass").String(table.table_class);
    w.EndObject();
  }
  w.Key("DeletionProtectionEnabled").Bool(table.deletion_protection);
  w.EndObject();
}

}  // namespace magneto::api
