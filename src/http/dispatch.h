// From an HTTP request to a DynamoDB response: routing by X-Amz-Target,
// the Authorization header's shape, JSON parsing, the operation call, and
// DynamoDB's error bodies. Independent of the network library.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/context.h"
#include "storage/engine.h"

#include <functional>

namespace magneto::http {

struct HttpRequest {
  std::string_view method;
  std::string_view target;  // path and query
  std::string_view amz_target;
  std::string_view content_type;
  std::string_view authorization;
  bool has_authorization = false;
  bool has_amz_date = false;
  std::string_view body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/x-amz-json-1.0";
  std::string body;
  std::string request_id;
  uint32_t crc32 = 0;
  // Send only once every write up to this durability ticket is durable
  // (0: nothing to wait for); see storage::DurabilityScope.
  uint64_t durable_ticket = 0;
};

class Dispatcher {
 public:
  Dispatcher(api::Services& services, storage::Engine* engine)
      : services_(services), engine_(engine) {}
  // The storage engine whose durability tickets responses carry (may be null).
  storage::Engine* engine() const { return engine_; }
  HttpResponse Handle(const HttpRequest& request);
  // Whether the operation named by X-Amz-Target only reads (it never waits
  // for a WAL sync), so it may run on a network thread.
  static bool IsQuick(std::string_view amz_target);
  // The response for a body over DynamoDB's size limit.
  HttpResponse TooLarge();
  // The response, instead of the request's own, for a write whose WAL sync
  // failed (InternalServerError: the write may or may not have taken).
  HttpResponse NotDurable(std::string request_id);

 private:
  HttpResponse Error(const ApiError& e, std::string request_id);
  api::Services& services_;
  storage::Engine* engine_;
};

// DynamoDB's request id: 52 characters of [A-Z0-9].
std::string NewRequestId();

constexpr size_t kMaxRequestBytes = 16 * 1024 * 1024;

}  // namespace magneto::http
