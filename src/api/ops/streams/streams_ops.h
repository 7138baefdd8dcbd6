// The DynamoDB Streams operations (X-Amz-Target "DynamoDBStreams_20120810.<Op>"),
// one per file in this folder, all with the api::Handler shape. The registry
// (api/streams_registry.cc) maps names here.
#pragma once

#include "api/context.h"

namespace magneto::api::ops::streams {

ApiResult<std::string> ListStreams(OpContext& ctx, const json::Value& request);
ApiResult<std::string> DescribeStream(OpContext& ctx, const json::Value& request);
ApiResult<std::string> GetShardIterator(OpContext& ctx, const json::Value& request);
ApiResult<std::string> GetRecords(OpContext& ctx, const json::Value& request);

}  // namespace magneto::api::ops::streams
