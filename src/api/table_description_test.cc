// Tests for the TableDescription writer: member order and optional members.

#include "api/table_description.h"

#include <gtest/gtest.h>

namespace magneto::api {
namespace {

schema::TableDef Table() {
  schema::TableDef t;
  t.name = "tbl";
  t.table_uuid = "11111111-2222-4333-8444-555555555555";
  t.created_ms = 1700000000123;
  t.status = schema::TableStatus::kActive;
  t.hash_key = {"p", model::Type::kS};
  t.range_key = schema::KeyElement{"c", model::Type::kN};
  t.attribute_definitions = {{"p", model::Type::kS}, {"c", model::Type::kN}};
  t.throughput.read_capacity_units = 5;
  t.throughput.write_capacity_units = 6;
  return t;
}

std::string Describe(const schema::TableDef& t, int64_t now_ms = 1700000000123) {
  ServerConfig config;
  config.account_id = "123456789012";
  json::Writer w;
  WriteTableDescription(w, config, t, items::TableStats{3, 120}, now_ms);
  return w.Take();
}

TEST(TableDescriptionTest, EpochSeconds) {
  EXPECT_EQ(EpochSeconds(1700000000123), "1700000000.123");
  EXPECT_EQ(EpochSeconds(5), "0.005");
}

TEST(TableDescriptionTest, ProvisionedTableInDynamoDbOrder) {
  EXPECT_EQ(Describe(Table()),
            R"({"AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},)"
            R"({"AttributeName":"c","AttributeType":"N"}],"TableName":"tbl",)"
            R"("KeySchema":[{"AttributeName":"p","KeyType":"HASH"},)"
            R"({"AttributeName":"c","KeyType":"RANGE"}],"TableStatus":"ACTIVE",)"
            R"("CreationDateTime":1700000000.123,"ProvisionedThroughput":)"
            R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":6},)"
            R"("TableSizeBytes":120,"ItemCount":3,)"
            R"("TableArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tbl",)"
            R"("TableId":"11111111-2222-4333-8444-555555555555",)"
            R"("DeletionProtectionEnabled":false})");
}

TEST(TableDescriptionTest, PayPerRequestClassAndThroughputHistory) {
  schema::TableDef t = Table();
  t.range_key.reset();
  t.attribute_definitions.pop_back();
  t.billing_mode = schema::BillingMode::kPayPerRequest;
  t.billing_mode_changed_ms = 1700000001000;
  t.throughput = {};
  t.table_class = "STANDARD_INFREQUENT_ACCESS";
  t.deletion_protection = true;
  std::string d = Describe(t);
  EXPECT_NE(d.find(R"("ProvisionedThroughput":{"NumberOfDecreasesToday":0,)"
                   R"("ReadCapacityUnits":0,"WriteCapacityUnits":0})"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find(R"("BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST",)"
                   R"("LastUpdateToPayPerRequestDateTime":1700000001.000},)"
                   R"("TableClassSummary":{"TableClass":"STANDARD_INFREQUENT_ACCESS"},)"
                   R"("DeletionProtectionEnabled":true})"),
            std::string::npos)
      << d;

  schema::TableDef p = Table();
  p.throughput.last_increase_ms = 1700000000000;
  p.throughput.last_decrease_ms = 1700000000500;
  p.throughput.decreases_today = 2;
  EXPECT_NE(
      Describe(p).find(R"({"LastIncreaseDateTime":1700000000.000,)"
                       R"("LastDecreaseDateTime":1700000000.500,"NumberOfDecreasesToday":2,)"),
      std::string::npos);
  // A decrease made on an earlier UTC day no longer counts.
  EXPECT_NE(Describe(p, 1700000000500 + 86'400'000).find(R"("NumberOfDecreasesToday":0)"),
            std::string::npos);
}

TEST(TableDescriptionTest, SecondaryIndexesInDynamoDbOrder) {
  schema::TableDef t = Table();
  t.attribute_definitions.push_back({"x", model::Type::kS});
  schema::IndexDef lsi;
  lsi.name = "lsi";
  lsi.id = 10;
  lsi.global = false;
  lsi.hash_key = {"p", model::Type::kS};
  lsi.range_key = schema::KeyElement{"x", model::Type::kS};
  lsi.projection = schema::ProjectionType::kKeysOnly;
  t.local_indexes.push_back(lsi);
  schema::IndexDef gsi;
  gsi.name = "gsi";
  gsi.id = 11;
  gsi.hash_key = {"x", model::Type::kS};
  gsi.projection = schema::ProjectionType::kInclude;
  gsi.non_key_attributes = {"a", "b"};
  gsi.status = schema::IndexStatus::kCreating;
  gsi.backfilling = true;
  gsi.throughput.read_capacity_units = 1;
  gsi.throughput.write_capacity_units = 2;
  t.global_indexes.push_back(gsi);
  t.table_class = "STANDARD";

  ServerConfig config;
  config.account_id = "123456789012";
  json::Writer w;
  WriteTableDescription(w, config, t, items::TableStats{3, 120}, 1700000000123, [](uint32_t id) {
    return items::TableStats{id, id * 100};
  });
  std::string d = w.Take();
  EXPECT_NE(
      d.find(R"("TableId":"11111111-2222-4333-8444-555555555555",)"
             R"("LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[)"
             R"({"AttributeName":"p","KeyType":"HASH"},{"AttributeName":"x","KeyType":"RANGE"}],)"
             R"("Projection":{"ProjectionType":"KEYS_ONLY"},"IndexSizeBytes":1000,"ItemCount":10,)"
             R"("IndexArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tbl/index/lsi"}],)"
             R"("GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[)"
             R"({"AttributeName":"x","KeyType":"HASH"}],)"
             R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]},)"
             R"("IndexStatus":"CREATING","Backfilling":true,)"
             R"("ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":1,)"
             R"("WriteCapacityUnits":2},"IndexSizeBytes":1100,"ItemCount":11,)"
             R"("IndexArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tbl/index/gsi"}],)"
             R"("TableClassSummary":{"TableClass":"STANDARD"},)"),
      std::string::npos)
      << d;

  // While the table is CREATING its global indexes are CREATING too, and an
  // index without a fill in progress shows no Backfilling.
  t.status = schema::TableStatus::kCreating;
  t.global_indexes[0].status = schema::IndexStatus::kActive;
  t.global_indexes[0].backfilling = false;
  std::string creating = Describe(t);
  EXPECT_NE(creating.find(R"("IndexStatus":"CREATING","ProvisionedThroughput")"), std::string::npos)
      << creating;
  EXPECT_EQ(creating.find("Backfilling"), std::string::npos);
  EXPECT_NE(creating.find(R"("IndexSizeBytes":0,"ItemCount":0)"), std::string::npos);
}

}  // namespace
}  // namespace magneto::api
