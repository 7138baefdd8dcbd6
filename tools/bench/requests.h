// JSON bodies of the DynamoDB requests the workloads send, built by hand for speed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "zipf.h"

namespace magneto::bench {

// Item i of the data set lives at pk = "p<i / partition_size>", sk = i % partition_size, and
// holds "cnt" (a counter) and "payload" (filler making the item about `item_size` bytes).
class RequestBuilder {
 public:
  RequestBuilder(std::string table, uint32_t item_size, uint32_t partition_size, uint64_t seed);

  std::string CreateTable() const;
  std::string DescribeTable() const;
  std::string GetItem(uint64_t key) const;
  std::string PutItem(uint64_t key, Rng& rng) const;
  // keys [first, first + count) as PutRequests.
  std::string BatchWrite(uint64_t first, uint64_t count, Rng& rng) const;
  // An atomic counter: ADD cnt :one.
  std::string AddCounter(uint64_t key) const;
  // YCSB's update: overwrite the payload field.
  std::string SetPayload(uint64_t key, Rng& rng) const;
  // Items of key's partition with sk >= key's sk (moved down so `limit` items exist).
  std::string Query(uint64_t key, uint32_t limit) const;
  // A page of `limit` items starting after `key`.
  std::string Scan(uint64_t key, uint32_t limit) const;

 private:
  void AppendKey(std::string& out, uint64_t key) const;
  void AppendItem(std::string& out, uint64_t key, Rng& rng) const;
  std::string_view Payload(Rng& rng) const;

  std::string table_json_;  // the table name as a JSON string
  uint32_t partition_size_;
  size_t payload_size_;
  std::string filler_;  // 2 x payload_size_ printable bytes; payloads are slices of it
};

}  // namespace magneto::bench
