// Unit tests of stream labels, ARNs and shard ids.

#include "api/streams_common.h"

#include <gtest/gtest.h>

namespace magneto::api {
namespace {

TEST(StreamLabel, FormatsUtcMillis) {
  EXPECT_EQ(StreamLabel(0), "1970-01-01T00:00:00.000");
  EXPECT_EQ(StreamLabel(1431379293291), "2015-05-11T21:21:33.291");
}

TEST(StreamArn, RoundTrips) {
  ServerConfig config;
  std::string arn = StreamArn(config, "my.table-1", "2015-05-11T21:21:33.291");
  EXPECT_EQ(arn,
            "arn:aws:dynamodb:us-east-1:000000000000:table/my.table-1/stream/"
            "2015-05-11T21:21:33.291");
  auto parts = ParseStreamArn(config, arn);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->table_name, "my.table-1");
  EXPECT_EQ(parts->label, "2015-05-11T21:21:33.291");
}

TEST(StreamArn, RejectsOtherStrings) {
  ServerConfig config;
  EXPECT_FALSE(ParseStreamArn(config, "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"));
  EXPECT_FALSE(ParseStreamArn(config, "arn:aws:dynamodb:us-east-1:000000000000:table/t"));
  EXPECT_FALSE(ParseStreamArn(
      config, "arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/2015-05-11T21:21:33.291"));
  EXPECT_FALSE(ParseStreamArn(config, "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x"));
  EXPECT_FALSE(ParseStreamArn(
      config, "arn:aws:dynamodb:us-east-1:000000000000:table//stream/2015-05-11T21:21:33.291"));
}

TEST(ShardIdOf, HasDynamoDbShape) {
  schema::StreamDef a;
  a.id = 7;
  a.created_ms = 1431379293291;
  schema::StreamDef b = a;
  b.id = 8;
  std::string id = ShardIdOf(a);
  EXPECT_EQ(id.rfind("shardId-00000001431379293291-", 0), 0u) << id;
  EXPECT_EQ(id.size(), 37u);
  EXPECT_GE(id.size(), 28u);
  EXPECT_NE(id, ShardIdOf(b));
  EXPECT_EQ(id, ShardIdOf(a));
}

TEST(CheckRange, ReportsDynamoDbConstraint) {
  Constraints c;
  CheckRange(c, int64_t{1001}, "limit", 1, 1000);
  EXPECT_EQ(c.ToError().message(),
            "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000");
}

}  // namespace
}  // namespace magneto::api
