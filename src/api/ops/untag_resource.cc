// UntagResource: remove tags from a table by key; absent keys are ignored.

#include <algorithm>

#include "api/arn.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "api/table_params.h"

namespace magneto::api::ops {

ApiResult<std::string> UntagResource(OpContext& ctx, const json::Value& request) {
  auto arn = GetString(request, "ResourceArn");
  if (!arn.ok()) return Fail(std::move(arn).error());
  if (!*arn) return Fail(ApiError::Validation("Invalid TableArn"));
  auto keys_json = GetMember(request, "TagKeys", json::Value::Kind::kArray);
  if (!keys_json.ok()) return Fail(std::move(keys_json).error());
  if (*keys_json == nullptr) {
    Constraints c;
    c.Null("tagKeys");
    return Fail(c.ToError());
  }
  auto name = ParseTableArn(ctx.services.config, **arn);
  if (!name.ok()) return Fail(std::move(name).error());
  std::vector<std::string> keys;
  for (const json::Value& k : (*keys_json)->elements()) {
    if (!k.is_string()) {
      return Fail(ApiError::Serialization("Unexpected value type in payload; expected a string"));
    }
    if (auto r = CheckTagKey(k.str()); !r.ok()) return Fail(std::move(r).error());
    keys.push_back(k.str());
  }
  if (keys.empty()) {
    return Fail(ApiError::Validation("Atleast one Tag Key needs to be provided as Input."));
  }
  if (keys.size() > kMaxTagsPerResource) return Fail(TooManyTags());

  auto updated = ctx.services.catalog->Update(*name, [&](schema::TableDef& def) -> ApiResult<Unit> {
    std::erase_if(def.tags, [&keys](const schema::Tag& t) {
      return std::find(keys.begin(), keys.end(), t.key) != keys.end();
    });
    return Unit{};
  });
  if (!updated.ok()) {
    if (updated.error().type() == "ResourceNotFoundException")
      return Fail(ResourceArnNotFound(**arn));
    return Fail(std::move(updated).error());
  }
  return std::string();  // DynamoDB answers an empty body
}

}  // namespace magneto::api::ops
