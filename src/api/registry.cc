// The operation registry: DynamoDB operation name -> handler.

#include <string_view>
#include <utility>

#include "api/context.h"
#include "api/ops/ops.h"

namespace magneto::api {

namespace {
constexpr std::pair<std::string_view, Handler> kOperations[] = {
    {"BatchGetItem", &ops::BatchGetItem},
    {"BatchExecuteStatement", &ops::BatchExecuteStatement},
    {"BatchWriteItem", &ops::BatchWriteItem},
    {"CreateTable", &ops::CreateTable},
    {"DeleteItem", &ops::DeleteItem},
    {"DeleteTable", &ops::DeleteTable},
    {"DescribeEndpoints", &ops::DescribeEndpoints},
    {"DescribeLimits", &ops::DescribeLimits},
    {"DescribeTable", &ops::DescribeTable},
    {"DescribeTimeToLive", &ops::DescribeTimeToLive},
    {"ExecuteStatement", &ops::ExecuteStatement},
    {"ExecuteTransaction", &ops::ExecuteTransaction},
    {"GetItem", &ops::GetItem},
    {"ListTables", &ops::ListTables},
    {"ListTagsOfResource", &ops::ListTagsOfResource},
    {"PutItem", &ops::PutItem},
    {"Query", &ops::Query},
    {"Scan", &ops::Scan},
    {"TagResource", &ops::TagResource},
    {"TransactGetItems", &ops::TransactGetItems},
    {"TransactWriteItems", &ops::TransactWriteItems},
    {"UntagResource", &ops::UntagResource},
    {"UpdateItem", &ops::UpdateItem},
    {"UpdateTable", &ops::UpdateTable},
    {"UpdateTimeToLive", &ops::UpdateTimeToLive},
};
}  // namespace

Handler FindOperation(std::string_view name) {
  for (const auto& [op, handler] : kOperations) {
    if (op == name) return handler;
  }
  return nullptr;
}

}  // namespace magneto::api
