// Table ARNs: the ARN DynamoDB reports for a table, and the reverse mapping
// used by the tagging operations (TagResource, UntagResource,
// ListTagsOfResource), with DynamoDB's messages for ARNs it will not accept.
#pragma once

#include <string>
#include <string_view>

#include "api/context.h"
#include "common/api_error.h"

namespace magneto::api {

// "arn:aws:dynamodb:<region>:<account>:table/<name>".
std::string TableArn(const ServerConfig& config, std::string_view table_name);

// The table an ARN names. ValidationException for an ARN that is malformed,
// not DynamoDB's, not a table, or in another region; ResourceNotFoundException
// ("Requested resource not found: ResourcArn: <arn> not found", DynamoDB's
// spelling) for a well-formed table ARN of another account. The caller checks
// that the table exists and reports a missing one with ResourceArnNotFound.
ApiResult<std::string> ParseTableArn(const ServerConfig& config, std::string_view arn);

ApiError ResourceArnNotFound(std::string_view arn);

}  // namespace magneto::api
