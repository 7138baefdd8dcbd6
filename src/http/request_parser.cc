// RequestParser: Beast's basic_parser callbacks filling a reusable RequestHead.

#include "http/request_parser.h"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

namespace magneto::http {

namespace bhttp = boost::beast::http;

void RequestHead::Clear() {
  method.clear();
  version = 11;
  target.clear();
  amz_target.clear();
  content_type.clear();
  authorization.clear();
  has_authorization = false;
  has_amz_date = false;
  expect_continue = false;
  body.clear();
}

HttpRequest RequestHead::View() const {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.amz_target = amz_target;
  r.content_type = content_type;
  r.authorization = authorization;
  r.has_authorization = has_authorization;
  r.has_amz_date = has_amz_date;
  r.body = body;
  return r;
}

RequestParser::RequestParser(RequestHead& head) : head_(head) { head_.Clear(); }

void RequestParser::on_request_impl(bhttp::verb, string_view method, string_view target,
                                    int version, error_code&) {
  head_.version = version;
  head_.method.assign(method.data(), method.size());
  head_.target.assign(target.data(), target.size());
}

void RequestParser::on_response_impl(int, string_view, int, error_code& ec) {
  ec = bhttp::error::bad_version;  // never called: this parser reads requests
}

void RequestParser::on_field_impl(bhttp::field name, string_view name_string, string_view value,
                                  error_code&) {
  switch (name) {
    case bhttp::field::content_type:
      head_.content_type.assign(value.data(), value.size());
      return;
    case bhttp::field::authorization:
      head_.has_authorization = true;
      head_.authorization.assign(value.data(), value.size());
      return;
    case bhttp::field::date:
      head_.has_amz_date = true;
      return;
    case bhttp::field::expect:
      head_.expect_continue = boost::beast::iequals(value, "100-continue");
      return;
    default:
      break;
  }
  if (boost::beast::iequals(name_string, "X-Amz-Target")) {
    head_.amz_target.assign(value.data(), value.size());
  } else if (boost::beast::iequals(name_string, "X-Amz-Date")) {
    head_.has_amz_date = true;
  }
}

void RequestParser::on_body_init_impl(boost::optional<std::uint64_t> const& content_length,
                                      error_code&) {
  // basic_parser has already checked the length against body_limit().
  if (content_length) head_.body.reserve(static_cast<size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
  head_.body.append(body.data(), body.size());
  return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) {
  // basic_parser checks body_limit() only against Content-Length.
  if (head_.body.size() + body.size() > kMaxRequestBytes) {
    ec = bhttp::error::body_limit;
    return 0;
  }
  head_.body.append(body.data(), body.size());
  return body.size();
}

}  // namespace magneto::http
