// Parsing and shape validation of the SigV4 Authorization header.

#include "http/sigv4.h"

#include <fmt/format.h>

namespace magneto::http {

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The next `sep`-separated field of `rest`, which loses it and the separator.
std::string_view NextField(std::string_view& rest, char sep) {
  size_t pos = rest.find(sep);
  std::string_view field = rest.substr(0, pos);
  rest = pos == std::string_view::npos ? std::string_view() : rest.substr(pos + 1);
  return field;
}
}  // namespace

ApiResult<SigV4Header> CheckAuthorizationShape(std::string_view header, bool has_date) {
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  std::string_view h = Trim(header);
  size_t space = h.find(' ');
  std::string_view algorithm = h.substr(0, space);
  if (algorithm != kAlgorithm) {
    return Fail(ApiError::IncompleteSignature(fmt::format(
        "Authorization header requires 'Credential' parameter. Authorization header requires "
        "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Authorization={}",
        header)));
  }
  std::string_view rest = space == std::string_view::npos ? std::string_view() : h.substr(space + 1);
  SigV4Header out;
  bool has_credential = false, has_signed = false, has_signature = false;
  while (!rest.empty()) {
    std::string_view part = Trim(NextField(rest, ','));
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Fail(ApiError::IncompleteSignature(fmt::format(
          "'{}' not a valid key=value pair (missing equal-sign) in Authorization header: '{}'", part,
          header)));
    }
    std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "Credential") {
      has_credential = true;
      // access key / date / region / service / aws4_request
      std::string_view scope[5];
      size_t fields = 0;
      for (std::string_view rest_of_scope = value;;) {
        size_t slash = rest_of_scope.find('/');
        if (fields == 5) {
          ++fields;  // too many
          break;
        }
        scope[fields++] = rest_of_scope.substr(0, slash);
        if (slash == std::string_view::npos) break;
        rest_of_scope.remove_prefix(slash + 1);
      }
      if (fields != 5 || scope[0].empty() || scope[4] != "aws4_request") {
        return Fail(ApiError::IncompleteSignature(fmt::format(
            "Credential should be scoped to a valid region. Authorization={}", header)));
      }
      out.access_key = scope[0];
      out.date = scope[1];
      out.region = scope[2];
      out.service = scope[3];
    } else if (key == "SignedHeaders") {
      has_signed = true;
      out.signed_headers = value;
    } else if (key == "Signature") {
      has_signature = true;
      out.signature = value;
    }
  }
  std::string missing;
  if (!has_credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!has_signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!has_signed) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) {
    return Fail(ApiError::IncompleteSignature(fmt::format("{}Authorization={}", missing, header)));
  }
  return out;
}

}  // namespace magneto::http
