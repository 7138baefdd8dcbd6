// AWS Signature Version 4: the Authorization header's shape. Verifying the
// signature against configured keys is a later step (see docs/design.md).
#pragma once

#include <string>
#include <string_view>

#include "common/api_error.h"

namespace magneto::http {

// Views into the header it was parsed from.
struct SigV4Header {
  std::string_view access_key;
  std::string_view date;  // yyyymmdd of the credential scope
  std::string_view region;
  std::string_view service;
  std::string_view signed_headers;
  std::string_view signature;
};

// Parses "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/dynamodb/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=hex". Errors are DynamoDB's
// IncompleteSignatureException / InvalidSignatureException.
ApiResult<SigV4Header> CheckAuthorizationShape(std::string_view header, bool has_date);

}  // namespace magneto::http
