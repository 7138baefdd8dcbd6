// Request dispatch: target routing, signature-shape checks, error bodies.

#include "http/dispatch.h"

#include <exception>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/streams_registry.h"
#include "common/crc32.h"
#include "http/sigv4.h"
#include "json/json.h"

namespace magneto::http {

namespace {
constexpr std::string_view kDynamoTargetPrefix = "DynamoDB_20120810.";

void Finish(HttpResponse& r) {
  r.crc32 = Crc32(r.body);
}
}  // namespace

std::string NewRequestId() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(52, 'A');
  // Twelve base-36 digits from each 64-bit draw (36^12 < 2^64); the slight
  // bias of the top digit does not matter for an identifier.
  uint64_t bits = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i % 12 == 0) bits = rng();
    id[i] = kChars[bits % 36];
    bits /= 36;
  }
  return id;
}

HttpResponse Dispatcher::Error(const ApiError& e, std::string request_id) {
  HttpResponse r;
  r.status = e.status();
  r.request_id = std::move(request_id);
  json::Writer w;
  w.StartObject();
  w.Key("__type").String(e.full_type());
  // DynamoDB's front end writes "Message" for serialization errors and
  // "message" for everything else; SDKs read either.
  if (!e.message().empty()) {
    w.Key(e.type() == "SerializationException" ? "Message" : "message").String(e.message());
  }
  w.EndObject();
  r.body = w.Take();
  if (!e.extra_members().empty()) {
    r.body.pop_back();
    r.body += ',';
    r.body += e.extra_members();
    r.body += '}';
  }
  Finish(r);
  return r;
}

bool Dispatcher::IsQuick(std::string_view amz_target) {
  static constexpr std::string_view kReads[] = {
      "GetItem",           "Query",          "Scan",
      "BatchGetItem",      "TransactGetItems", "DescribeTable",
      "ListTables",        "ListTagsOfResource", "DescribeLimits",
      "DescribeEndpoints", "DescribeTimeToLive"};
  if (amz_target.substr(0, kDynamoTargetPrefix.size()) != kDynamoTargetPrefix) {
    return amz_target.rfind("DynamoDBStreams_", 0) == 0;  // the Streams API only reads
  }
  std::string_view op = amz_target.substr(kDynamoTargetPrefix.size());
  for (auto read : kReads) {
    if (op == read) return true;
  }
  return false;
}

HttpResponse Dispatcher::NotDurable(std::string request_id) {
  return Error(ApiError::InternalServer(), std::move(request_id));
}

HttpResponse Dispatcher::TooLarge() {
  return Error(ApiError::RequestEntityTooLarge(
                   "Request size exceeded 16777216 bytes"),
               NewRequestId());
}

HttpResponse Dispatcher::Handle(const HttpRequest& req) {
  std::string request_id = NewRequestId();
  if (req.method == "GET") {
    // DynamoDB answers GET / (used by load balancers) with a plain-text line.
    HttpResponse r;
    r.content_type = "text/plain";
    r.body = fmt::format("healthy: dynamodb.{}.amazonaws.com ", services_.config.region);
    r.request_id = std::move(request_id);
    Finish(r);
    return r;
  }
  if (req.method != "POST") {
    return Error(ApiError::UnknownOperation(), std::move(request_id));
  }
  if (!req.has_authorization) {
    return Error(ApiError::MissingAuthenticationToken("Request is missing Authentication Token"),
                 std::move(request_id));
  }
  if (auto sig = CheckAuthorizationShape(req.authorization, req.has_amz_date); !sig.ok()) {
    return Error(sig.error(), std::move(request_id));
  }
  std::string_view target = req.amz_target;
  api::Handler handler = nullptr;
  if (target.substr(0, kDynamoTargetPrefix.size()) == kDynamoTargetPrefix) {
    handler = api::FindOperation(target.substr(kDynamoTargetPrefix.size()));
  } else if (target.substr(0, api::kStreamsTargetPrefix.size()) == api::kStreamsTargetPrefix) {
    // DynamoDB Streams is served on the same endpoint.
    handler = api::FindStreamsOperation(target.substr(api::kStreamsTargetPrefix.size()));
  }
  if (handler == nullptr) return Error(ApiError::UnknownOperation(), std::move(request_id));

  auto body = json::Parse(req.body.empty() ? std::string_view("{}") : req.body);
  if (!body.ok()) return Error(body.error(), std::move(request_id));
  if (!body->is_object()) {
    return Error(ApiError::Serialization("Start of list found where not expected"), std::move(request_id));
  }

  api::OpContext ctx{services_, request_id};
  try {
    // Writes do not block on the WAL sync here; the answer waits instead.
    storage::DurabilityScope durability;
    auto result = handler(ctx, *body);
    HttpResponse r = result.ok() ? HttpResponse() : Error(result.error(), request_id);
    if (result.ok()) {
      r.body = std::move(*result);
      r.request_id = std::move(request_id);
      Finish(r);
    }
    r.durable_ticket = durability.ticket();
    return r;
  } catch (const std::exception& e) {
    spdlog::error("request {} ({}) failed: {}", request_id, target, e.what());
  } catch (...) {
    spdlog::error("request {} ({}) failed with an unknown exception", request_id, target);
  }
  return Error(ApiError::InternalServer(), std::move(request_id));
}

}  // namespace magneto::http
