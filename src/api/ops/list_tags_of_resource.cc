// ListTagsOfResource: a table's tags, in the order they were added. At most
// 50 tags exist, so everything fits one page and NextToken is never set.

#include "api/arn.h"
#include "api/ops/ops.h"
#include "api/request.h"

namespace magneto::api::ops {

ApiResult<std::string> ListTagsOfResource(OpContext& ctx, const json::Value& request) {
  auto arn = GetString(request, "ResourceArn");
  if (!arn.ok()) return Fail(std::move(arn).error());
  if (!*arn) return Fail(ApiError::Validation("Invalid TableArn"));
  auto token = GetString(request, "NextToken");
  if (!token.ok()) return Fail(std::move(token).error());
  auto name = ParseTableArn(ctx.services.config, **arn);
  if (!name.ok()) return Fail(std::move(name).error());
  schema::TablePtr table = ctx.services.catalog->Find(*name);
  if (table == nullptr) return Fail(ResourceArnNotFound(**arn));

  json::Writer w;
  w.StartObject().Key("Tags").StartArray();
  for (const schema::Tag& t : table->tags) {
    w.StartObject().Key("Key").String(t.key).Key("Value").String(t.value).EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
