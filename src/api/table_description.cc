// Writes DynamoDB's TableDescription for a table definition.

#include "api/table_description.h"

#include <fmt/format.h>

#include "api/arn.h"

namespace magneto::api {

namespace {
constexpr int64_t kMillisPerDay = 86'400'000;
}  // namespace

std::string EpochSeconds(int64_t ms) {
  if (ms < 0) return fmt::format("-{}", EpochSeconds(-ms));
  return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

void WriteTableDescription(json::Writer& w, const ServerConfig& config,
                           const schema::TableDef& table, const items::TableStats& stats,
                           int64_t now_ms) {
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
  w.Key("KeySchema").StartArray();
  w.StartObject().Key("AttributeName").String(table.hash_key.name).Key("KeyType").String("HASH");
  w.EndObject();
  if (table.range_key) {
    w.StartObject().Key("AttributeName").String(table.range_key->name);
    w.Key("KeyType").String("RANGE").EndObject();
  }
  w.EndArray();
  w.Key("TableStatus").String(schema::TableStatusName(table.status));
  w.Key("CreationDateTime").RawNumber(EpochSeconds(table.created_ms));

  const schema::Throughput& tp = table.throughput;
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
  // Shown only once a table class has been chosen explicitly.
  if (!table.table_class.empty()) {
    w.Key("TableClassSummary").StartObject().Key("TableClass").String(table.table_class);
    w.EndObject();
  }
  w.Key("DeletionProtectionEnabled").Bool(table.deletion_protection);
  w.EndObject();
}

}  // namespace magneto::api
