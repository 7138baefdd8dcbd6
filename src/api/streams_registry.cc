// The DynamoDB Streams operation registry: operation name -> handler.

#include "api/streams_registry.h"

#include <utility>

#include "api/ops/streams/streams_ops.h"

namespace magneto::api {

namespace {
constexpr std::pair<std::string_view, Handler> kOperations[] = {
    {"DescribeStream", &ops::streams::DescribeStream},
    {"GetRecords", &ops::streams::GetRecords},
    {"GetShardIterator", &ops::streams::GetShardIterator},
    {"ListStreams", &ops::streams::ListStreams},
};
}  // namespace

Handler FindStreamsOperation(std::string_view name) {
  for (const auto& [op, handler] : kOperations) {
    if (op == name) return handler;
  }
  return nullptr;
}

}  // namespace magneto::api
