// DescribeEndpoints: the regional endpoint name, as DynamoDB answers it
// (clients that use endpoint discovery still talk to the address they were
// configured with).

#include <fmt/format.h>

#include "api/ops/ops.h"

namespace magneto::api::ops {

ApiResult<std::string> DescribeEndpoints(OpContext& ctx, const json::Value& request) {
  json::Writer w;
  w.StartObject().Key("Endpoints").StartArray().StartObject();
  w.Key("Address").String(fmt::format("dynamodb.{}.amazonaws.com", ctx.services.config.region));
  w.Key("CachePeriodInMinutes").Int(1440);
  w.EndObject().EndArray().EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
