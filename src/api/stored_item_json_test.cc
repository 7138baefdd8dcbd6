// WriteStoredItem must write exactly what WriteItem writes for the decoded
// item, with the same size, and reject what DecodeItem rejects.
#include "api/stored_item_json.h"

#include <gtest/gtest.h>

#include "api/attribute_json.h"
#include "storage/item_codec.h"

namespace magneto::api {
namespace {

using model::AttributeValue;
using model::Item;
using namespace std::string_literals;

model::Number Num(std::string_view s) { return model::Number::Parse(s).value(); }

Item RichItem() {
  Item item;
  item["s"] = AttributeValue::S("h\xC3\xA9llo \"quoted\"\n\0x"s);
  item["b"] = AttributeValue::B("\0\x01\xFF"s);
  item["n"] = AttributeValue::N(Num("-123.456"));
  item["big"] = AttributeValue::N(Num("9.9999999999999999999999999999999999999e125"));
  item["t"] = AttributeValue::Bool(true);
  item["f"] = AttributeValue::Bool(false);
  item["null"] = AttributeValue::Null();
  item["ss"] = AttributeValue::SS({"b", "a", ""});
  item["bs"] = AttributeValue::BS({"\0"s, "\x01"});
  item["ns"] = AttributeValue::NS({Num("1"), Num("-2.5"), Num("1e100")});
  item["m"] = AttributeValue::M(
      {{"x", AttributeValue::L({AttributeValue::S("y"), AttributeValue::M({}),
                                AttributeValue::SS({"z"}), AttributeValue::N(Num("7"))})},
       {"", AttributeValue::Null()},
       {"deep", AttributeValue::M({{"k", AttributeValue::L({AttributeValue::L({})})}})}});
  item["l"] = AttributeValue::L({});
  item[""] = AttributeValue::S("empty name");
  return item;
}

void ExpectSameAsWriteItem(const Item& item) {
  json::Writer expected;
  WriteItem(expected, item);
  json::Writer actual;
  size_t size = 0;
  ASSERT_TRUE(WriteStoredItem(actual, storage::EncodeItem(item), &size));
  EXPECT_EQ(actual.view(), expected.view());
  EXPECT_EQ(size, model::ItemSize(item));
}

TEST(StoredItemJson, MatchesWriteItem) {
  ExpectSameAsWriteItem(RichItem());
  ExpectSameAsWriteItem(Item{});
  ExpectSameAsWriteItem({{"pk", AttributeValue::S("p1")}, {"sk", AttributeValue::N(Num("3"))}});
}

TEST(StoredItemJson, RejectsMalformedBytes) {
  std::string encoded = storage::EncodeItem(RichItem());
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    json::Writer w;
    size_t size = 0;
    EXPECT_FALSE(WriteStoredItem(w, std::string_view(encoded).substr(0, cut), &size)) << cut;
  }
  json::Writer w;
  size_t size = 0;
  EXPECT_FALSE(WriteStoredItem(w, encoded + "x", &size));
}

TEST(StoredItemJson, RejectsRepeatedNames) {
  // Two attributes named "a": version 1, two entries, each "a" -> NULL.
  std::string repeated = "\x01\x02\x01" "a\x05\x01" "a\x05";
  Item item;
  EXPECT_FALSE(storage::DecodeItem(repeated, &item));
  json::Writer w;
  size_t size = 0;
  EXPECT_FALSE(WriteStoredItem(w, repeated, &size));
}

}  // namespace
}  // namespace magneto::api
