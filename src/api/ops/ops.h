// Every DynamoDB operation Magneto serves, one per file in this folder, all
// with the api::Handler shape. The registry (api/registry.cc) maps names here.
#pragma once

#include "api/context.h"

namespace magneto::api::ops {

#define MAGNETO_OP(name) ApiResult<std::string> name(OpContext& ctx, const json::Value& request)

// Tables
MAGNETO_OP(CreateTable);
MAGNETO_OP(DescribeTable);
MAGNETO_OP(ListTables);
MAGNETO_OP(DeleteTable);
MAGNETO_OP(UpdateTable);
MAGNETO_OP(TagResource);
MAGNETO_OP(UntagResource);
MAGNETO_OP(ListTagsOfResource);
MAGNETO_OP(DescribeLimits);
MAGNETO_OP(DescribeEndpoints);
MAGNETO_OP(UpdateTimeToLive);
MAGNETO_OP(DescribeTimeToLive);

// Items
MAGNETO_OP(PutItem);
MAGNETO_OP(GetItem);
MAGNETO_OP(UpdateItem);
MAGNETO_OP(DeleteItem);
MAGNETO_OP(BatchGetItem);
MAGNETO_OP(BatchWriteItem);
MAGNETO_OP(Query);
MAGNETO_OP(Scan);
MAGNETO_OP(TransactWriteItems);
MAGNETO_OP(TransactGetItems);

// PartiQL
MAGNETO_OP(ExecuteStatement);
MAGNETO_OP(BatchExecuteStatement);
MAGNETO_OP(ExecuteTransaction);

#undef MAGNETO_OP

}  // namespace magneto::api::ops
