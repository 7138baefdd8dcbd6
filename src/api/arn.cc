// Table ARNs: formatting and parsing with DynamoDB's error messages.

#include "api/arn.h"

#include <fmt/format.h>

#include <vector>

namespace magneto::api {

namespace {
constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";

// Splits "arn:partition:service:region:account:resource" into its six parts;
// the resource part keeps any further colons.
std::vector<std::string_view> SplitArn(std::string_view arn) {
  std::vector<std::string_view> parts;
  while (parts.size() < 5) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(0, colon));
    arn.remove_prefix(colon + 1);
  }
  parts.push_back(arn);
  return parts;
}
}  // namespace

std::string TableArn(const ServerConfig& config, std::string_view table_name) {
  return fmt::format("arn:aws:dynamodb:{}:{}:table/{}", config.region, config.account_id,
                     table_name);
}

ApiError ResourceArnNotFound(std::string_view arn) {
  return ApiError::ResourceNotFound(
      fmt::format("Requested resource not found: ResourcArn: {} not found", arn));
}

ApiResult<std::string> ParseTableArn(const ServerConfig& config, std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") {
    return Fail(ApiError::Validation(
        fmt::format("{}ARNs must start with 'arn:': {}", kInvalidPrefix, arn)));
  }
  std::vector<std::string_view> parts = SplitArn(arn);
  if (parts.size() != 6 || parts[2] != "dynamodb") {
    return Fail(ApiError::Validation(
        fmt::format("{}Provided Arn is not a DynamoDB resource arn: {}", kInvalidPrefix, arn)));
  }
  std::string_view resource = parts[5];
  constexpr std::string_view kTable = "table/";
  if (resource.substr(0, kTable.size()) != kTable || resource.size() == kTable.size()) {
    return Fail(
        ApiError::Validation(fmt::format("{}Invalid resource arn provided, only table or stream is "
                                         "accepted. Provided resource arn: {}",
                                         kInvalidPrefix, arn)));
  }
  std::string_view name = resource.substr(kTable.size());
  size_t slash = name.find('/');
  if (slash != std::string_view::npos) {
    // A stream ARN (table/<name>/stream/<label>) is accepted by DynamoDB;
    // Magneto has no streams yet, so none exists.
    if (name.substr(slash + 1, 7) == "stream/") return Fail(ResourceArnNotFound(arn));
    return Fail(
        ApiError::Validation(fmt::format("{}Invalid resource arn provided, only table or stream is "
                                         "accepted. Provided resource arn: {}",
                                         kInvalidPrefix, arn)));
  }
  if (parts[1] != "aws" || parts[3] != config.region) {
    return Fail(ApiError::Validation(
        fmt::format("Invalid TableArn: Invalid ResourceArn provided as input {}", arn)));
  }
  if (parts[4] != config.account_id) return Fail(ResourceArnNotFound(arn));
  return std::string(name);
}

}  // namespace magneto::api
