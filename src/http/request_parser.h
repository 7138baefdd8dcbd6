// RequestParser: Beast's HTTP/1.1 request parser, keeping only what the
// dispatcher reads (method, target, five headers, body) in buffers that one
// connection reuses from request to request, so parsing allocates nothing
// once a connection is warm.
#pragma once

#include <boost/beast/http/basic_parser.hpp>

#include <string>

#include "http/dispatch.h"

namespace magneto::http {

// The parts of one request, owned by the connection and refilled per request.
struct RequestHead {
  std::string method;
  int version = 11;  // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::string target;
  std::string amz_target;
  std::string content_type;
  std::string authorization;
  bool has_authorization = false;
  bool has_amz_date = false;
  bool expect_continue = false;
  std::string body;

  void Clear();
  // Views into this head, valid until the next Clear().
  HttpRequest View() const;
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  // REQUIRES: `head` outlives the parser; it is cleared here.
  explicit RequestParser(RequestHead& head);

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code& ec) override;
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(boost::optional<std::uint64_t> const& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  RequestHead& head_;
};

}  // namespace magneto::http
