// A minimal keep-alive HTTP/1.1 client for the load generator: non-blocking sockets driven
// by the caller's epoll loop, an incremental response parser, and DynamoDB request framing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sigv4.h"

namespace magneto::bench {

struct Endpoint {
  std::string host;  // name or address to connect to
  uint16_t port = 80;
  std::string host_header;  // "host" or "host:port", also the signed host header
};

// Parses "http://host[:port][/]". Returns false and sets `error` otherwise (https is not
// supported: the bench speaks plain HTTP, which DynamoDB's endpoints also accept).
bool ParseEndpoint(std::string_view url, Endpoint& out, std::string& error);

struct HttpResponse {
  int status = 0;
  bool close = false;  // the server asked to close the connection
  std::string body;
};

// Parses one response from the front of a buffer (HTTP/1.1, Content-Length or chunked).
enum class ParseResult { kNeedMore, kDone, kError };
ParseResult ParseResponse(std::string& buffer, HttpResponse& out);

enum class IoStatus { kDone, kWouldBlock, kError };

// One TCP connection carrying one request at a time. Not thread-safe.
class Connection {
 public:
  explicit Connection(const Endpoint& endpoint) : endpoint_(endpoint) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Blocking connect, then the socket is made non-blocking with TCP_NODELAY.
  bool Connect(std::string& error);
  void Close();
  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Starts sending `request`; kWouldBlock means call Flush() when the socket is writable.
  IoStatus Send(std::string request);
  IoStatus Flush();
  bool writing() const { return written_ < out_.size(); }
  // Reads what is available; kDone once a full response is in `out`.
  IoStatus Receive(HttpResponse& out, std::string& error);

  // Blocking request/response with poll(), for setup calls (connects if needed).
  bool RoundTrip(std::string request, HttpResponse& out, int timeout_ms, std::string& error);

 private:
  Endpoint endpoint_;
  int fd_ = -1;
  std::string out_;
  size_t written_ = 0;
  std::string in_;
};

// Frames and signs one DynamoDB JSON-protocol request (POST /, X-Amz-Target
// DynamoDB_20120810.<operation>). `amz_date` is "yyyymmddThhmmssZ".
std::string BuildDynamoRequest(const Endpoint& endpoint, SigV4Signer& signer,
                               std::string_view operation, std::string_view body,
                               std::string_view amz_date);

// The error type of a DynamoDB error body ("...#ConditionalCheckFailedException" ->
// "ConditionalCheckFailedException"); "Unknown" when there is none.
std::string ErrorType(std::string_view body);

}  // namespace magneto::bench
