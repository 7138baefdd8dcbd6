// Request bodies for the bench table: keys, items, and each operation's JSON.

#include "requests.h"

#include <fmt/format.h>

namespace magneto::bench {

namespace {
// Bytes of an item that are not payload: attribute names, keys, counter (DynamoDB sizing).
constexpr size_t kItemOverhead = 2 + 9 + 2 + 3 + 3 + 4 + 7;
}  // namespace

RequestBuilder::RequestBuilder(std::string table, uint32_t item_size, uint32_t partition_size,
                               uint64_t seed)
    : table_json_("\"" + table + "\""),
      partition_size_(partition_size ? partition_size : 1),
      payload_size_(item_size > kItemOverhead ? item_size - kItemOverhead : 1) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  Rng rng(seed ^ 0x5eed);
  filler_.resize(payload_size_ * 2);
  for (char& c : filler_) c = kAlphabet[rng.Below(sizeof kAlphabet - 1)];
}

std::string_view RequestBuilder::Payload(Rng& rng) const {
  return std::string_view(filler_).substr(rng.Below(payload_size_ + 1), payload_size_);
}

void RequestBuilder::AppendKey(std::string& out, uint64_t key) const {
  fmt::format_to(std::back_inserter(out), R"("pk":{{"S":"p{:08}"}},"sk":{{"N":"{}"}})",
                 key / partition_size_, key % partition_size_);
}

void RequestBuilder::AppendItem(std::string& out, uint64_t key, Rng& rng) const {
  out += '{';
  AppendKey(out, key);
  out += R"(,"cnt":{"N":"0"},"payload":{"S":")";
  out += Payload(rng);
  out += "\"}}";
}

std::string RequestBuilder::CreateTable() const {
  return fmt::format(
      R"({{"TableName":{},"AttributeDefinitions":[{{"AttributeName":"pk","AttributeType":"S"}},)"
      R"({{"AttributeName":"sk","AttributeType":"N"}}],"KeySchema":[{{"AttributeName":"pk",)"
      R"("KeyType":"HASH"}},{{"AttributeName":"sk","KeyType":"RANGE"}}],)"
      R"("BillingMode":"PAY_PER_REQUEST"}})",
      table_json_);
}

std::string RequestBuilder::DescribeTable() const {
  return fmt::format(R"({{"TableName":{}}})", table_json_);
}

std::string RequestBuilder::GetItem(uint64_t key) const {
  std::string out = "{\"TableName\":" + table_json_ + ",\"Key\":{";
  AppendKey(out, key);
  out += "}}";
  return out;
}

std::string RequestBuilder::PutItem(uint64_t key, Rng& rng) const {
  std::string out;
  out.reserve(payload_size_ + 128);
  out = "{\"TableName\":" + table_json_ + ",\"Item\":";
  AppendItem(out, key, rng);
  out += '}';
  return out;
}

std::string RequestBuilder::BatchWrite(uint64_t first, uint64_t count, Rng& rng) const {
  std::string out;
  out.reserve(count * (payload_size_ + 128) + 64);
  out = "{\"RequestItems\":{" + table_json_ + ":[";
  for (uint64_t i = 0; i < count; ++i) {
    if (i) out += ',';
    out += "{\"PutRequest\":{\"Item\":";
    AppendItem(out, first + i, rng);
    out += "}}";
  }
  out += "]}}";
  return out;
}

std::string RequestBuilder::AddCounter(uint64_t key) const {
  std::string out = "{\"TableName\":" + table_json_ + ",\"Key\":{";
  AppendKey(out, key);
  out += R"(},"UpdateExpression":"ADD cnt :one","ExpressionAttributeValues":{":one":{"N":"1"}}})";
  return out;
}

std::string RequestBuilder::SetPayload(uint64_t key, Rng& rng) const {
  std::string out;
  out.reserve(payload_size_ + 160);
  out = "{\"TableName\":" + table_json_ + ",\"Key\":{";
  AppendKey(out, key);
  out += R"(},"UpdateExpression":"SET payload = :v","ExpressionAttributeValues":{":v":{"S":")";
  out += Payload(rng);
  out += "\"}}}";
  return out;
}

std::string RequestBuilder::Query(uint64_t key, uint32_t limit) const {
  uint64_t partition = key / partition_size_;
  uint64_t lo = key % partition_size_;
  if (partition_size_ > limit && lo > partition_size_ - limit) lo = partition_size_ - limit;
  if (partition_size_ <= limit) lo = 0;
  return fmt::format(
      R"({{"TableName":{},"KeyConditionExpression":"pk = :p AND sk >= :lo",)"
      R"("ExpressionAttributeValues":{{":p":{{"S":"p{:08}"}},":lo":{{"N":"{}"}}}},"Limit":{}}})",
      table_json_, partition, lo, limit);
}

std::string RequestBuilder::Scan(uint64_t key, uint32_t limit) const {
  std::string out = "{\"TableName\":" + table_json_ + ",\"Limit\":" + std::to_string(limit);
  out += ",\"ExclusiveStartKey\":{";
  AppendKey(out, key);
  out += "}}";
  return out;
}

}  // namespace magneto::bench
