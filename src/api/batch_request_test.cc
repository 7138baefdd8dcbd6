// Tests for the RequestItems helpers of the batch operations: constraint
// messages, violation folding and the duplicate-key rule.
#include "api/batch_request.h"

#include <regex>

#include <gtest/gtest.h>

namespace magneto::api {
namespace {

json::Value ParseJson(std::string_view text) { return json::Parse(text).value(); }

std::string MessageOf(const Constraints& c) { return c.ToError().message(); }

TEST(BatchRequestTest, ShowsRequestItemsLikeJava) {
  json::Value items = ParseJson(R"({"t1":[],"t2":[{"PutRequest":{}},{"DeleteRequest":{}}]})");
  std::string shown = ShowRequestItems(items, "WriteRequest", true);
  EXPECT_TRUE(std::regex_match(
      shown,
      std::regex(R"(\{t1=\[\], t2=\[com\.amazonaws\.dynamodb\.v20120810\.WriteRequest@[0-9a-f]+, )"
                 R"(com\.amazonaws\.dynamodb\.v20120810\.WriteRequest@[0-9a-f]+\]\})")))
      << shown;
  json::Value gets = ParseJson(R"({"abc":{"Keys":[]}})");
  EXPECT_TRUE(std::regex_match(
      ShowRequestItems(gets, "KeysAndAttributes", false),
      std::regex(R"(\{abc=com\.amazonaws\.dynamodb\.v20120810\.KeysAndAttributes@[0-9a-f]+\})")));
  // Different objects show different hashes; the same object always the same.
  json::Value a = ParseJson(R"({"x":1})"), b = ParseJson(R"({"x":2})");
  EXPECT_NE(ShowJavaObject("C", a), ShowJavaObject("C", b));
  EXPECT_EQ(ShowJavaObject("C", a), ShowJavaObject("C", ParseJson(R"({"x":1})")));
}

TEST(BatchRequestTest, DecodeRequestItemsViolations) {
  {
    Constraints c;
    auto r = DecodeRequestItems(ParseJson("{}"), "WriteRequest", true, c);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, nullptr);
    EXPECT_EQ(MessageOf(c),
              "1 validation error detected: Value null at 'requestItems' failed to satisfy "
              "constraint: Member must not be null");
  }
  {
    Constraints c;
    auto r = DecodeRequestItems(ParseJson(R"({"RequestItems":{}})"), "WriteRequest", true, c);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(MessageOf(c),
              "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy "
              "constraint: Member must have length greater than or equal to 1");
  }
  {
    Constraints c;
    auto r = DecodeRequestItems(ParseJson(R"({"RequestItems":{"ok_name":{},"a":{},"b;":{}}})"),
                                "KeysAndAttributes", false, c);
    ASSERT_TRUE(r.ok());
    // One violation for the map, however many names are bad.
    std::string msg = MessageOf(c);
    EXPECT_EQ(msg.rfind("1 validation error detected: Value '{ok_name=", 0), 0u) << msg;
    EXPECT_NE(msg.find("' at 'requestItems' failed to satisfy constraint: Map keys must satisfy "
                       "constraint: [Member must have length less than or equal to 255, Member "
                       "must have length greater than or equal to 3, Member must satisfy "
                       "regular expression pattern: [a-zA-Z0-9_.-]+]"),
              std::string::npos)
        << msg;
  }
  {
    Constraints c;
    auto r = DecodeRequestItems(ParseJson(R"({"RequestItems":{"abc":{}}})"), "X", false, c);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(c.empty());
  }
  {
    Constraints c;
    auto r = DecodeRequestItems(ParseJson(R"({"RequestItems":[]})"), "X", false, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().type(), "SerializationException");
  }
}

TEST(BatchRequestTest, CollectViolationFoldsSingleViolations) {
  Constraints c;
  ApiResult<int> bad = Fail(ApiError::Validation(
      "1 validation error detected: Value 'hi' at 'x' failed to satisfy constraint: nope"));
  auto r = CollectViolation(std::move(bad), 7, c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  c.Null("y");
  EXPECT_EQ(MessageOf(c),
            "2 validation errors detected: Value 'hi' at 'x' failed to satisfy constraint: nope; "
            "Value null at 'y' failed to satisfy constraint: Member must not be null");

  Constraints other;
  ApiResult<int> serialization = Fail(ApiError::Serialization("bad"));
  auto s = CollectViolation(std::move(serialization), 7, other);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(other.empty());
  ApiResult<int> semantic = Fail(ApiError::Validation("Some other problem"));
  EXPECT_FALSE(CollectViolation(std::move(semantic), 7, other).ok());
  EXPECT_TRUE(other.empty());
  EXPECT_EQ(*CollectViolation(ApiResult<int>(3), 7, other), 3);
}

TEST(BatchRequestTest, BatchKeySetRejectsRepeatedKeys) {
  schema::TableDef t1;
  t1.id = 1;
  t1.hash_key = {"p", model::Type::kN};
  t1.range_key = schema::KeyElement{"c", model::Type::kS};
  schema::TableDef t2 = t1;
  t2.id = 2;
  auto key = [](std::string_view p, std::string c) {
    return model::Item{{"p", model::AttributeValue::N(model::Number::Parse(p).value())},
                       {"c", model::AttributeValue::S(std::move(c))}};
  };
  BatchKeySet seen;
  EXPECT_TRUE(seen.Add(t1, key("1", "a")).ok());
  EXPECT_TRUE(seen.Add(t1, key("1", "b")).ok());
  EXPECT_TRUE(seen.Add(t1, key("2", "a")).ok());
  EXPECT_TRUE(seen.Add(t2, key("1", "a")).ok());  // another table
  auto dup = seen.Add(t1, key("1.0", "a"));       // the same number
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().type(), "ValidationException");
  EXPECT_EQ(dup.error().message(), "Provided list of item keys contains duplicates");
}

}  // namespace
}  // namespace magneto::api
