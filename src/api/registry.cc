// The operation registry: DynamoDB operation name -> handler.

#include <string_view>
#include <utility>

#include "api/context.h"
#include "api/ops/ops.h"

namespace magneto::api {

namespace {
constexpr std::pair<std::string_view, Handler> kOperations[] = {
    {"BatchGetItem", &ops::BatchGetItem},
    {"BatchWriteItem", &ops::BatchWriteItem},
    {"CreateTable", &ops::CreateTable},
    {"DeleteItem", &ops::DeleteItem},
    {"DeleteTable", &ops::DeleteTable},
    {"DescribeEndpoints", &ops::DescribeEndpoints},
    {"DescribeLimits", &ops::DescribeLimits},
    {"DescribeTable", &ops::DescribeTable},
    {"GetItem", &ops::GetItem},
    {"ListTables", &ops::ListTables},
    {"ListTagsOfResource", &ops::ListTagsOfResource},
    {"PutItem", &ops::PutItem},
    {"Query", &ops::Query},
    {"Scan", &ops::Scan},
    {"TagResource", &ops::TagResource},
    {"UntagResource", &ops::UntagResource},
    {"UpdateItem", &ops::UpdateItem},
    {"UpdateTable", &ops::UpdateTable},
};
}  // namespace

Handler FindOperation(std::string_view name) {
  for (const auto& [op, handler] : kOperations) {
    if (op == name) return handler;
  }
  return nullptr;
}

}  // namespace magneto::api
