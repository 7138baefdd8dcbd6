// Tests for secondary index decoding and validation (CreateTable's index
// lists and UpdateTable's GlobalSecondaryIndexUpdates).

#include "api/index_params.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api/gsi_updates.h"

namespace magneto::api {
namespace {

json::Value Parse(std::string_view text) {
  auto v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return std::move(v).value();
}

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

std::vector<NamedType> Defs(std::initializer_list<std::pair<const char*, const char*>> defs) {
  std::vector<NamedType> out;
  for (auto [name, type] : defs) out.push_back({name, type});
  return out;
}

// Decodes {"LocalSecondaryIndexes": ..., "GlobalSecondaryIndexes": ...} and
// builds the indexes of a table keyed p (S) [+ c (S)].
ApiResult<TableIndexes> Build(std::string_view request, const std::vector<NamedType>& defs,
                              bool range = true,
                              schema::BillingMode mode = schema::BillingMode::kPayPerRequest) {
  json::Value body = Parse(request);
  Constraints c;
  auto lsis = DecodeIndexList(body, false, c);
  auto gsis = DecodeIndexList(body, true, c);
  EXPECT_TRUE(lsis.ok() && gsis.ok());
  EXPECT_TRUE(c.empty()) << c.ToError().message();
  TableKeys keys;
  keys.hash = {"p", model::Type::kS};
  if (range) keys.range = schema::KeyElement{"c", model::Type::kS};
  return BuildCreateTableIndexes(keys, defs, *lsis, *gsis, mode, 1000);
}

std::string Error(const ApiResult<TableIndexes>& r) {
  return r.ok() ? "(ok)" : r.error().message();
}

constexpr std::string_view kLsiX =
    R"({"IndexName":"lsi","KeySchema":[{"AttributeName":"p","KeyType":"HASH"},)"
    R"({"AttributeName":"x","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}})";
constexpr std::string_view kGsiX =
    R"({"IndexName":"gsi","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],)"
    R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["z","a"]}})";

TEST(IndexParamsTest, BuildsLocalAndGlobalIndexes) {
  auto r = Build(fmt::format(R"({{"LocalSecondaryIndexes":[{}],"GlobalSecondaryIndexes":[{}]}})",
                             kLsiX, kGsiX),
                 Defs({{"p", "S"}, {"c", "S"}, {"x", "N"}}));
  ASSERT_TRUE(r.ok()) << Error(r);
  ASSERT_EQ(r->local.size(), 1u);
  ASSERT_EQ(r->global.size(), 1u);
  const schema::IndexDef& lsi = r->local[0];
  EXPECT_FALSE(lsi.global);
  EXPECT_EQ(lsi.hash_key.name, "p");
  ASSERT_TRUE(lsi.range_key.has_value());
  EXPECT_EQ(lsi.range_key->name, "x");
  EXPECT_EQ(lsi.range_key->type, model::Type::kN);
  EXPECT_EQ(lsi.projection, schema::ProjectionType::kAll);
  const schema::IndexDef& gsi = r->global[0];
  EXPECT_TRUE(gsi.global);
  EXPECT_FALSE(gsi.range_key.has_value());
  EXPECT_EQ(gsi.projection, schema::ProjectionType::kInclude);
  EXPECT_EQ(gsi.non_key_attributes, (std::vector<std::string>{"a", "z"}));  // sorted
  EXPECT_EQ(gsi.status, schema::IndexStatus::kActive);
  EXPECT_EQ(gsi.created_ms, 1000);
  EXPECT_EQ(gsi.id, 0u);  // the catalog assigns ids
}

TEST(IndexParamsTest, EmptyListsAndCounts) {
  auto defs = Defs({{"p", "S"}, {"c", "S"}});
  EXPECT_EQ(Error(Build(R"({"LocalSecondaryIndexes":[]})", defs)),
            fmt::format("{}List of LocalSecondaryIndexes is empty", kInvalid));
  EXPECT_EQ(Error(Build(R"({"GlobalSecondaryIndexes":[]})", defs)),
            fmt::format("{}List of GlobalSecondaryIndexes is empty", kInvalid));
  std::string six;
  for (int i = 0; i < 6; ++i) {
    if (i) six += ",";
    six += fmt::format(
        R"({{"IndexName":"lsi{}","KeySchema":[{{"AttributeName":"p","KeyType":"HASH"}},)"
        R"({{"AttributeName":"c","KeyType":"RANGE"}}],"Projection":{{"ProjectionType":"ALL"}}}})",
        i);
  }
  EXPECT_EQ(
      Error(Build(fmt::format(R"({{"LocalSecondaryIndexes":[{}]}})", six), defs)),
      fmt::format("{}Number of LocalSecondaryIndexes exceeds per-table limit of 5", kInvalid));
}

TEST(IndexParamsTest, AttributeDefinitionsMustAllBeUsed) {
  auto r = Build(fmt::format(R"({{"GlobalSecondaryIndexes":[{}]}})", kGsiX),
                 Defs({{"p", "S"}, {"x", "S"}, {"y", "S"}}), /*range=*/false);
  EXPECT_EQ(Error(r), fmt::format("{}Some AttributeDefinitions are not used. AttributeDefinitions: "
                                  "[p, x, y], keys used: [p, x]",
                                  kInvalid));
  auto undefined = Build(fmt::format(R"({{"GlobalSecondaryIndexes":[{}]}})", kGsiX),
                         Defs({{"p", "S"}}), /*range=*/false);
  EXPECT_EQ(Error(undefined),
            fmt::format("{}Some index key attributes are not defined in AttributeDefinitions. "
                        "Keys: [x], AttributeDefinitions: [p]",
                        kInvalid));
}

TEST(IndexParamsTest, LocalIndexRules) {
  auto defs = Defs({{"p", "S"}, {"x", "S"}});
  EXPECT_EQ(Error(Build(fmt::format(R"({{"LocalSecondaryIndexes":[{}]}})", kLsiX), defs, false)),
            fmt::format("{}Table KeySchema does not have a range key, which is required when "
                        "specifying a LocalSecondaryIndex",
                        kInvalid));
  auto defs3 = Defs({{"p", "S"}, {"c", "S"}, {"x", "S"}});
  std::string other_hash =
      R"({"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"x",)"
      R"("KeyType":"HASH"},{"AttributeName":"c","KeyType":"RANGE"}],)"
      R"("Projection":{"ProjectionType":"ALL"}}]})";
  EXPECT_EQ(Error(Build(other_hash, defs3)),
            fmt::format("{}Index KeySchema does not have the same leading hash key as table "
                        "KeySchema for index: lsi. index hash key: x, table hash key: p",
                        kInvalid));
  std::string no_range =
      R"({"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"p",)"
      R"("KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})";
  EXPECT_EQ(Error(Build(no_range, Defs({{"p", "S"}, {"c", "S"}}))),
            fmt::format("{}Index KeySchema does not have a range key for index: lsi", kInvalid));
}

TEST(IndexParamsTest, DuplicateNamesAndThroughput) {
  std::string gsi_named_lsi =
      R"({"IndexName":"lsi","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"KEYS_ONLY"}})";
  auto defs = Defs({{"p", "S"}, {"c", "S"}, {"x", "S"}});
  EXPECT_EQ(Error(Build(fmt::format(R"({{"LocalSecondaryIndexes":[{}],)"
                                    R"("GlobalSecondaryIndexes":[{}]}})",
                                    kLsiX, gsi_named_lsi),
                        defs)),
            fmt::format("{}Duplicate index name: lsi", kInvalid));
  std::string with_tp =
      R"({"GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"x",)"
      R"("KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"},)"
      R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}]})";
  auto defs2 = Defs({{"p", "S"}, {"x", "S"}});
  EXPECT_EQ(Error(Build(with_tp, defs2, false)),
            fmt::format("{}ProvisionedThroughput should not be specified for index: gsi when "
                        "BillingMode is PAY_PER_REQUEST",
                        kInvalid));
  auto provisioned = Build(with_tp, defs2, false, schema::BillingMode::kProvisioned);
  ASSERT_TRUE(provisioned.ok()) << Error(provisioned);
  EXPECT_EQ(provisioned->global[0].throughput.read_capacity_units, 1);
  std::string without_tp =
      R"({"GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"x",)"
      R"("KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})";
  EXPECT_EQ(Error(Build(without_tp, defs2, false, schema::BillingMode::kProvisioned)),
            fmt::format("{}ProvisionedThroughput is not specified for index: gsi", kInvalid));
}

TEST(IndexParamsTest, ProjectionRules) {
  IndexRequest index;
  index.name = "gsi";
  EXPECT_EQ(CheckProjection(index).error().message(),
            fmt::format("{}Unknown ProjectionType: null", kInvalid));
  index.projection_type = "INCLUDE";
  EXPECT_EQ(
      CheckProjection(index).error().message(),
      fmt::format("{}ProjectionType is INCLUDE, but NonKeyAttributes is not specified", kInvalid));
  index.non_key_attributes = std::vector<std::string>{"a", "b", "a"};
  EXPECT_EQ(CheckProjection(index).error().message(),
            fmt::format("{}Duplicate element in NonKeyAttributes: a", kInvalid));
  index.projection_type = "KEYS_ONLY";
  EXPECT_EQ(
      CheckProjection(index).error().message(),
      fmt::format("{}ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified", kInvalid));
}

TEST(IndexParamsTest, ShapeViolations) {
  Constraints c;
  auto r =
      DecodeIndexList(Parse(R"({"GlobalSecondaryIndexes":[{"IndexName":"ab","KeySchema":[],)"
                            R"("Projection":{"ProjectionType":"SOME","NonKeyAttributes":[]}}]})"),
                      true, c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(c.ToError().message(),
            "4 validation errors detected: Value 'ab' at "
            "'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member "
            "must have length greater than or equal to 3; Value '[]' at "
            "'globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must "
            "have length greater than or equal to 1; Value 'SOME' at "
            "'globalSecondaryIndexes.1.member.projection.projectionType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ALL, KEYS_ONLY, INCLUDE]; Value '[]' "
            "at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1");

  Constraints missing;
  auto m =
      DecodeIndexList(Parse(R"({"LocalSecondaryIndexes":[{"IndexName":"abc"}]})"), false, missing);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(missing.ToError().message(),
            "2 validation errors detected: Value null at "
            "'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must "
            "not be null; Value null at 'localSecondaryIndexes.1.member.projection' failed to "
            "satisfy constraint: Member must not be null");
}

TEST(IndexParamsTest, JavaHashSetOrder) {
  // DynamoDB answered "keys used: [a, sk, pk]" for keys pk, sk and a.
  EXPECT_EQ(JavaHashSetOrder({"pk", "sk", "a"}), (std::vector<std::string>{"a", "sk", "pk"}));
  EXPECT_EQ(JavaHashSetOrder({"my-string", "my-hash"}),
            (std::vector<std::string>{"my-hash", "my-string"}));
  EXPECT_EQ(JavaHashSetOrder({"p", "x", "p"}), (std::vector<std::string>{"p", "x"}));
}

// --- UpdateTable's GlobalSecondaryIndexUpdates.

std::optional<GsiUpdates> DecodeUpdates(std::string_view request) {
  Constraints c;
  auto u = DecodeGsiUpdates(Parse(request), c);
  EXPECT_TRUE(u.ok());
  EXPECT_TRUE(c.empty()) << c.ToError().message();
  return std::move(u).value();
}

constexpr std::string_view kCreateY =
    R"({"Create":{"IndexName":"gyy","KeySchema":[{"AttributeName":"y","KeyType":"HASH"}],)"
    R"("Projection":{"ProjectionType":"ALL"}}})";

schema::TableDef TableWithGsi() {
  schema::TableDef t;
  t.name = "tbl";
  t.status = schema::TableStatus::kActive;
  t.hash_key = {"p", model::Type::kS};
  t.attribute_definitions = {{"p", model::Type::kS}, {"x", model::Type::kS}};
  t.billing_mode = schema::BillingMode::kPayPerRequest;
  schema::IndexDef gsi;
  gsi.name = "gxx";
  gsi.id = 7;
  gsi.hash_key = {"x", model::Type::kS};
  t.global_indexes.push_back(gsi);
  return t;
}

TEST(GsiUpdatesTest, RequestChecks) {
  auto empty_entry = DecodeUpdates(R"({"GlobalSecondaryIndexUpdates":[{}]})");
  EXPECT_EQ(CheckGsiUpdates(*empty_entry).error().message(),
            fmt::format("{}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate."
                        "Create, GlobalSecondaryIndexUpdate.Delete must not be null",
                        kInvalid));
  auto two = DecodeUpdates(
      fmt::format(R"({{"AttributeDefinitions":[{{"AttributeName":"y","AttributeType":"S"}}],)"
                  R"("GlobalSecondaryIndexUpdates":[{},{{"Delete":{{"IndexName":"gxx"}}}}]}})",
                  kCreateY));
  auto limit = CheckGsiUpdates(*two);
  EXPECT_EQ(limit.error().type(), "LimitExceededException");
  EXPECT_EQ(limit.error().message(),
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
  auto no_defs = DecodeUpdates(fmt::format(R"({{"GlobalSecondaryIndexUpdates":[{}]}})", kCreateY));
  EXPECT_EQ(CheckGsiUpdates(*no_defs).error().message(),
            fmt::format("{}AttributeDefinitions is not specified for index: gyy", kInvalid));
  auto same =
      DecodeUpdates(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gxx"}},)"
                    R"({"Update":{"IndexName":"gxx","ProvisionedThroughput":{"ReadCapacityUnits":1,)"
                    R"("WriteCapacityUnits":1}}}]})");
  EXPECT_EQ(CheckGsiUpdates(*same).error().message(),
            fmt::format("{}Only one global secondary index update per index is allowed "
                        "simultaneously. Index: gxx",
                        kInvalid));
}

TEST(GsiUpdatesTest, CreateAddsCreatingIndexAndDefinitions) {
  auto u = DecodeUpdates(
      fmt::format(R"({{"AttributeDefinitions":[{{"AttributeName":"y","AttributeType":"N"}},)"
                  R"({{"AttributeName":"unused","AttributeType":"S"}}],)"
                  R"("GlobalSecondaryIndexUpdates":[{}]}})",
                  kCreateY));
  ASSERT_TRUE(CheckGsiUpdates(*u).ok());
  schema::TableDef t = TableWithGsi();
  ASSERT_TRUE(ApplyGsiUpdates(t, *u, t.billing_mode, 5, 42).ok());
  ASSERT_EQ(t.global_indexes.size(), 2u);
  const schema::IndexDef& added = t.global_indexes[1];
  EXPECT_EQ(added.id, 42u);
  EXPECT_EQ(added.status, schema::IndexStatus::kCreating);
  EXPECT_TRUE(added.backfilling);
  ASSERT_EQ(t.attribute_definitions.size(), 3u);  // "unused" is ignored
  EXPECT_EQ(t.attribute_definitions[2].name, "y");
  EXPECT_EQ(t.attribute_definitions[2].type, model::Type::kN);

  // Another Create or Delete waits until this one is done.
  auto del = DecodeUpdates(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gxx"}}]})");
  EXPECT_EQ(ApplyGsiUpdates(t, *del, t.billing_mode, 6, 0).error().type(),
            "LimitExceededException");
  // The same name again is refused.
  schema::TableDef fresh = TableWithGsi();
  auto again = DecodeUpdates(
      R"({"AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],)"
      R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"gxx","KeySchema":[)"
      R"({"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
  ASSERT_TRUE(CheckGsiUpdates(*again).ok());
  EXPECT_EQ(ApplyGsiUpdates(fresh, *again, fresh.billing_mode, 6, 43).error().message(),
            "Attempting to create an index which already exists");
  // A key type conflicting with an existing key.
  auto conflict = DecodeUpdates(
      R"({"AttributeDefinitions":[{"AttributeName":"x","AttributeType":"N"}],)"
      R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"gx2","KeySchema":[)"
      R"({"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
  auto r = ApplyGsiUpdates(fresh, *conflict, fresh.billing_mode, 6, 44);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("Attributes cannot be redefined"), std::string::npos);
}

TEST(GsiUpdatesTest, DeleteAndUpdate) {
  schema::TableDef t = TableWithGsi();
  auto missing =
      DecodeUpdates(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"nope"}}]})");
  auto r = ApplyGsiUpdates(t, *missing, t.billing_mode, 1, 0);
  EXPECT_EQ(r.error().type(), "ResourceNotFoundException");
  EXPECT_EQ(r.error().message(), "Requested resource not found: Index nope for table tbl");

  auto update = DecodeUpdates(
      R"({"GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"gxx",)"
      R"("ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":2}}}]})");
  EXPECT_EQ(ApplyGsiUpdates(t, *update, t.billing_mode, 1, 0).error().message(),
            fmt::format("{}The only Updates for index: gxx when TableThroughputMode is "
                        "PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput",
                        kInvalid));
  schema::TableDef p = TableWithGsi();
  p.billing_mode = schema::BillingMode::kProvisioned;
  p.global_indexes[0].throughput.read_capacity_units = 1;
  p.global_indexes[0].throughput.write_capacity_units = 1;
  ASSERT_TRUE(ApplyGsiUpdates(p, *update, p.billing_mode, 1, 0).ok());
  EXPECT_EQ(p.global_indexes[0].throughput.read_capacity_units, 2);
  EXPECT_EQ(p.global_indexes[0].throughput.last_increase_ms, 1);

  auto del = DecodeUpdates(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gxx"}}]})");
  ASSERT_TRUE(ApplyGsiUpdates(t, *del, t.billing_mode, 1, 0).ok());
  EXPECT_EQ(t.global_indexes[0].status, schema::IndexStatus::kDeleting);
  EXPECT_EQ(DropDeletingIndexes(t), (std::vector<uint32_t>{7}));
  EXPECT_TRUE(t.global_indexes.empty());
  ASSERT_EQ(t.attribute_definitions.size(), 1u);  // x was only the index's key
  EXPECT_EQ(t.attribute_definitions[0].name, "p");
}

}  // namespace
}  // namespace magneto::api
