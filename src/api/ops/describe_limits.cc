// DescribeLimits: DynamoDB's default account and table capacity quotas.

#include "api/ops/ops.h"

namespace magneto::api::ops {

ApiResult<std::string> DescribeLimits(OpContext& ctx, const json::Value& request) {
  json::Writer w;
  w.StartObject();
  w.Key("AccountMaxReadCapacityUnits").Int(80000);
  w.Key("AccountMaxWriteCapacityUnits").Int(80000);
  w.Key("TableMaxReadCapacityUnits").Int(40000);
  w.Key("TableMaxWriteCapacityUnits").Int(40000);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
