// Tests of the JSON parser: values, escapes at every alignment (the string
// scanner works 16 bytes at a time), and the errors of malformed text.

#include "json/json.h"

#include <random>

#include <gtest/gtest.h>

namespace magneto::json {
namespace {

std::string ErrorOf(std::string_view text) {
  auto r = Parse(text);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().type(), "SerializationException");
  return r.error().message();
}

TEST(JsonParseTest, Values) {
  auto r = Parse(R"( {"a":"x","n":-1.50e3,"t":true,"f":false,"z":null,"l":[1,"2",{}],"o":{"k":[]}} )");
  ASSERT_TRUE(r.ok());
  const Value& v = *r;
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.members().size(), 7u);
  EXPECT_EQ(v.Find("a")->str(), "x");
  EXPECT_TRUE(v.Find("n")->is_number());
  EXPECT_EQ(v.Find("n")->str(), "-1.50e3");  // numbers keep their text
  EXPECT_TRUE(v.Find("t")->boolean());
  EXPECT_FALSE(v.Find("f")->boolean());
  EXPECT_TRUE(v.Find("z")->is_null());
  ASSERT_EQ(v.Find("l")->elements().size(), 3u);
  EXPECT_EQ(v.Find("l")->elements()[0].str(), "1");
  EXPECT_EQ(v.Find("l")->elements()[1].str(), "2");
  EXPECT_TRUE(v.Find("o")->Find("k")->is_array());
}

TEST(JsonParseTest, EscapesAndUnicode) {
  auto r = Parse(R"({"s":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00","k\u0041":"\u0000x","u":"é😀"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Find("s")->str(), "a\"b\\c/d\n\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(r->Find("kA")->str(), std::string("\0x", 2));
  EXPECT_EQ(r->Find("u")->str(), "\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonParseTest, StringsOfEveryLengthAndEscapePosition) {
  // Written by the writer (which escapes), read back by the parser: equal.
  std::mt19937 rng(7);
  const std::string alphabet = "abcXYZ019 \"\\/\n\t\x01\xc3\xa9";
  for (size_t len = 0; len < 70; ++len) {
    for (int round = 0; round < 8; ++round) {
      std::string s;
      for (size_t i = 0; i < len; ++i) {
        char c = alphabet[rng() % (alphabet.size() - 2)];
        s += c;
      }
      if (round == 7) s += "\xc3\xa9";  // non-ASCII: the validating path
      for (size_t pad = 0; pad < 3; ++pad) {
        Writer w;
        w.StartObject().Key(std::string(pad, 'p')).String(s).EndObject();
        std::string text = w.Take();
        auto r = Parse(text);
        ASSERT_TRUE(r.ok()) << text;
        EXPECT_EQ(r->members()[0].second.str(), s) << text;
      }
    }
  }
}

TEST(JsonParseTest, MalformedText) {
  EXPECT_EQ(ErrorOf(""), "The document is empty.");
  EXPECT_EQ(ErrorOf("  \n"), "The document is empty.");
  EXPECT_EQ(ErrorOf(R"({"a":"x)"), "Missing a closing quotation mark in string.");
  EXPECT_EQ(ErrorOf(R"({"a":1,})"), "Missing a name for object member.");
  EXPECT_EQ(ErrorOf(R"({"a" 1})"), "Missing a colon after a name of object member.");
  EXPECT_EQ(ErrorOf(R"({"a":1} x)"), "The document root must not be followed by other values.");
  EXPECT_EQ(ErrorOf(R"({"a":"\q"})"), "Invalid escape character in string.");
  EXPECT_EQ(ErrorOf("{\"a\":\"\xff\"}"), "Invalid encoding in string.");
  // A NUL byte: inside a string, after the document, as a value.
  EXPECT_EQ(ErrorOf(std::string("{\"a\":\"x\0y\"}", 11)), "Missing a closing quotation mark in string.");
  EXPECT_EQ(ErrorOf(std::string("{\"a\":1}\0", 8)),
            "The document root must not be followed by other values.");
  EXPECT_EQ(ErrorOf(std::string("{\"a\":\0}", 7)), "Invalid value.");
  // Trailing white space is fine.
  EXPECT_EQ(ErrorOf("{\"a\":1} \r\n\t"), "ok");
}

TEST(JsonParseTest, ParsesAViewWithoutReadingPastIt) {
  // The view ends before the closing brace: the parser must not see it.
  std::string text = R"({"a":"b"}{)";
  EXPECT_EQ(ErrorOf(std::string_view(text).substr(0, 8)),
            "Missing a comma or '}' after an object member.");
  EXPECT_EQ(ErrorOf(std::string_view(text).substr(0, 9)), "ok");
}

TEST(JsonParseTest, DeepNestingIsRefused) {
  std::string deep(kMaxDepth + 1, '[');
  deep += std::string(kMaxDepth + 1, ']');
  EXPECT_EQ(ErrorOf(deep), "Request nesting is too deep");
  std::string ok(kMaxDepth - 1, '[');
  ok += std::string(kMaxDepth - 1, ']');
  EXPECT_EQ(ErrorOf(ok), "ok");
}

}  // namespace
}  // namespace magneto::json
