// The DynamoDB Streams operation registry: operation name -> handler.
#pragma once

#include <string_view>

#include "api/context.h"

namespace magneto::api {

// X-Amz-Target prefix of the DynamoDB Streams API, served on the same endpoint.
inline constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";

// The handler for a Streams operation name ("GetRecords"), or nullptr.
Handler FindStreamsOperation(std::string_view name);

}  // namespace magneto::api
