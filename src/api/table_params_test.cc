// Tests for the shared table request members: throughput, billing mode,
// table class and tags.

#include "api/table_params.h"

#include <gtest/gtest.h>

namespace magneto::api {
namespace {

json::Value Parse(std::string_view text) {
  auto v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return std::move(v).value();
}

TEST(TableParamsTest, ThroughputConstraints) {
  Constraints c;
  auto tp = DecodeThroughput(Parse(R"({"ProvisionedThroughput":{"ReadCapacityUnits":0}})"), c);
  ASSERT_TRUE(tp.ok());
  EXPECT_EQ(
      c.ToError().message(),
      "2 validation errors detected: Value null at 'provisionedThroughput.writeCapacityUnits' "
      "failed to satisfy constraint: Member must not be null; Value '0' at "
      "'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must "
      "have value greater than or equal to 1");

  Constraints ok;
  auto good = DecodeThroughput(
      Parse(R"({"ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}})"), ok);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(ok.empty());
  ASSERT_TRUE(good->has_value());
  EXPECT_EQ((*good)->read_capacity_units, 3);
  EXPECT_EQ((*good)->write_capacity_units, 4);

  Constraints none;
  auto absent = DecodeThroughput(Parse("{}"), none);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
}

TEST(TableParamsTest, BillingModeAndTableClass) {
  Constraints c;
  auto mode = DecodeBillingMode(Parse(R"({"BillingMode":"PAY_PER_REQUEST"})"), c);
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, schema::BillingMode::kPayPerRequest);
  auto bad = DecodeBillingMode(Parse(R"({"BillingMode":"FREE"})"), c);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(c.ToError().message(),
            "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy "
            "constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");

  auto cls = DecodeTableClass(Parse(R"({"TableClass":"STANDARD_INFREQUENT_ACCESS"})"));
  ASSERT_TRUE(cls.ok());
  EXPECT_EQ(*cls, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_FALSE(DecodeTableClass(Parse(R"({"TableClass":"COLD"})")).ok());
}

std::string TagError(std::string_view tags) {
  auto r = DecodeTags(Parse(tags));
  return r.ok() ? "" : r.error().message();
}

TEST(TableParamsTest, TagValidation) {
  auto ok = DecodeTags(Parse(R"([{"Key":"team","Value":"a+b-c=d.e_f:g/h@i"},
                                 {"Key":"ключ","Value":""},{"Key":"表","Value":"café"}])"));
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(ok->size(), 3u);

  EXPECT_EQ(TagError(R"([{"Value":"v"}])"), "The Tag Key provided is invalid, Key: null");
  EXPECT_EQ(TagError(R"([{"Key":"","Value":"v"}])"), "The Tag Key provided is invalid, Key: ");
  EXPECT_EQ(TagError(R"([{"Key":"k"}])"), "The Tag Value provided is invalid, Value: null");
  EXPECT_EQ(TagError(R"([{"Key":"a,b","Value":"v"}])"),
            "The Tag Key provided is invalid, Key: a,b");
  EXPECT_EQ(TagError(R"([{"Key":"k","Value":"100%"}])"),
            "The Tag Value provided is invalid, Value: 100%");
  EXPECT_EQ(TagError("[{\"Key\":\"k\",\"Value\":\"\xF0\x9F\x94\x91\"}]"),
            "The Tag Value provided is invalid, Value: \xF0\x9F\x94\x91");
  EXPECT_EQ(TagError(R"([{"Key":"aws:x","Value":"v"}])"),
            "Tag Key cannot be prefixed with aws:, Key: aws:x");
  EXPECT_EQ(TagError(R"([{"Key":"d","Value":"1"},{"Key":"d","Value":"2"}])"),
            "Duplicate Tag Keys provided as input: Duplicate Tag Key found d");

  std::string long_key(129, 'k');
  EXPECT_EQ(TagError(R"([{"Key":")" + long_key + R"(","Value":"v"}])"),
            "The Tag Key provided is invalid, Key: " + long_key);
  EXPECT_EQ(TagError(R"([{"Key":")" + long_key.substr(1) + R"(","Value":")" +
                     std::string(256, 'v') + R"("}])"),
            "");
  EXPECT_NE(TagError(R"([{"Key":"k","Value":")" + std::string(257, 'v') + R"("}])"), "");
}

TEST(TableParamsTest, MergeTagsReplacesAndLimits) {
  std::vector<schema::Tag> tags = {{"a", "1"}, {"b", "2"}};
  ASSERT_TRUE(MergeTags(tags, {{"a", "new"}, {"c", "3"}}).ok());
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].value, "new");
  EXPECT_EQ(tags[2].key, "c");

  std::vector<schema::Tag> many;
  for (int i = 0; i < 50; ++i) many.push_back({"k" + std::to_string(i), ""});
  std::vector<schema::Tag> full;
  ASSERT_TRUE(MergeTags(full, many).ok());
  ASSERT_TRUE(MergeTags(full, {{"k0", "x"}}).ok());  // a replacement still fits
  auto over = MergeTags(full, {{"k50", ""}});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message(),
            "Number of Tags exceed the current limit for the provided ResourceArn");
  EXPECT_EQ(full.size(), 50u);  // unchanged on failure
}

}  // namespace
}  // namespace magneto::api
