// TagResource: add or replace tags on a table, named by its ARN.

#include <fmt/format.h>

#include "api/arn.h"
#include "api/ops/ops.h"
#include "api/request.h"
#include "api/table_params.h"

namespace magneto::api::ops {

ApiResult<std::string> TagResource(OpContext& ctx, const json::Value& request) {
  auto arn = GetString(request, "ResourceArn");
  if (!arn.ok()) return Fail(std::move(arn).error());
  if (!*arn) return Fail(ApiError::Validation("Invalid TableArn"));
  auto tags_json = GetMember(request, "Tags", json::Value::Kind::kArray);
  if (!tags_json.ok()) return Fail(std::move(tags_json).error());
  if (*tags_json == nullptr) {
    Constraints c;
    c.Null("tags");
    return Fail(c.ToError());
  }
  auto name = ParseTableArn(ctx.services.config, **arn);
  if (!name.ok()) return Fail(std::move(name).error());
  if ((*tags_json)->elements().empty()) {
    return Fail(ApiError::Validation("Atleast one Tag needs to be provided as Input."));
  }
  auto tags = DecodeTags(**tags_json);
  if (!tags.ok()) return Fail(std::move(tags).error());

  auto updated = ctx.services.catalog->Update(*name, [&](schema::TableDef& def) -> ApiResult<Unit> {
    if (def.status == schema::TableStatus::kCreating) {
      return Fail(ApiError::ResourceInUse(fmt::format(
          "Attempt to change a resource which is still in use: Table is being created: {}",
          def.name)));
    }
    return MergeTags(def.tags, *tags);
  });
  if (!updated.ok()) {
    if (updated.error().type() == "ResourceNotFoundException")
      return Fail(ResourceArnNotFound(**arn));
    return Fail(std::move(updated).error());
  }
  return std::string();  // DynamoDB answers an empty body
}

}  // namespace magneto::api::ops
