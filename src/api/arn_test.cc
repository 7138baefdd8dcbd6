// Tests for table ARN formatting and parsing.

#include "api/arn.h"

#include <gtest/gtest.h>

namespace magneto::api {
namespace {

ServerConfig Config() {
  ServerConfig c;
  c.region = "us-east-1";
  c.account_id = "123456789012";
  return c;
}

TEST(ArnTest, FormatsTableArn) {
  EXPECT_EQ(TableArn(Config(), "my_table"),
            "arn:aws:dynamodb:us-east-1:123456789012:table/my_table");
}

TEST(ArnTest, ParsesItsOwnArn) {
  auto name = ParseTableArn(Config(), TableArn(Config(), "a.b-c_d"));
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "a.b-c_d");
}

void ExpectValidation(std::string_view arn, std::string_view message) {
  auto r = ParseTableArn(Config(), arn);
  ASSERT_FALSE(r.ok()) << arn;
  EXPECT_EQ(r.error().type(), "ValidationException");
  EXPECT_EQ(r.error().message(), message);
}

TEST(ArnTest, RejectsMalformedArns) {
  ExpectValidation(
      "not-an-arn",
      "One or more parameter values were invalid: ARNs must start with 'arn:': not-an-arn");
  ExpectValidation("arn:aws:s3:::bucket",
                   "One or more parameter values were invalid: Provided Arn is not a DynamoDB "
                   "resource arn: arn:aws:s3:::bucket");
  ExpectValidation("arn:aws:dynamodb:us-east-1:123456789012",
                   "One or more parameter values were invalid: Provided Arn is not a DynamoDB "
                   "resource arn: arn:aws:dynamodb:us-east-1:123456789012");
  std::string index = "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/gsi";
  ExpectValidation(index,
                   "One or more parameter values were invalid: Invalid resource arn provided, only "
                   "table or stream is accepted. Provided resource arn: " +
                       index);
  ExpectValidation("arn:aws:dynamodb:us-east-1:123456789012:backup/x",
                   "One or more parameter values were invalid: Invalid resource arn provided, only "
                   "table or stream is accepted. Provided resource arn: "
                   "arn:aws:dynamodb:us-east-1:123456789012:backup/x");
  std::string other_region = "arn:aws:dynamodb:eu-west-1:123456789012:table/t";
  ExpectValidation(other_region,
                   "Invalid TableArn: Invalid ResourceArn provided as input " + other_region);
}

TEST(ArnTest, OtherAccountOrStreamIsNotFound) {
  std::string other = "arn:aws:dynamodb:us-east-1:999999999999:table/t";
  auto r = ParseTableArn(Config(), other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type(), "ResourceNotFoundException");
  EXPECT_EQ(r.error().message(),
            "Requested resource not found: ResourcArn: " + other + " not found");
  auto s = ParseTableArn(Config(), "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type(), "ResourceNotFoundException");
}

}  // namespace
}  // namespace magneto::api
