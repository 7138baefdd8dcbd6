// UpdateTimeToLive: enable or disable a table's Time to Live on one attribute.
// The expirer (ttl/expirer.h) acts on the setting; this only records it.

#include <fmt/format.h>

#include "api/ops/ops.h"
#include "api/request.h"

namespace magneto::api::ops {

namespace {

struct TtlSpec {
  std::string table;
  std::string attribute;
  bool enabled = false;
};

ApiResult<TtlSpec> DecodeSpec(const json::Value& request) {
  auto name = GetString(request, "TableName");
  if (!name.ok()) return Fail(std::move(name).error());
  auto spec = GetMember(request, "TimeToLiveSpecification", json::Value::Kind::kObject);
  if (!spec.ok()) return Fail(std::move(spec).error());
  std::optional<std::string> attribute;
  std::optional<bool> enabled;
  if (*spec != nullptr) {
    auto a = GetString(**spec, "AttributeName");
    if (!a.ok()) return Fail(std::move(a).error());
    auto e = GetBool(**spec, "Enabled");
    if (!e.ok()) return Fail(std::move(e).error());
    attribute = std::move(*a);
    enabled = *e;
  }
  // DynamoDB reports every constraint violation of the request at once.
  Constraints c;
  CheckTableName(c, *name);
  if (*spec == nullptr) {
    c.Null("timeToLiveSpecification");
  } else {
    if (!enabled) c.Null("timeToLiveSpecification.enabled");
    constexpr std::string_view kAttr = "timeToLiveSpecification.attributeName";
    if (!attribute) {
      c.Null(kAttr);
    } else if (attribute->empty()) {
      c.Violation(ShowValue(*attribute), kAttr,
                  "Member must have length greater than or equal to 1");
    } else if (attribute->size() > 255) {
      c.Violation(ShowValue(*attribute), kAttr,
                  "Member must have length less than or equal to 255");
    }
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  return TtlSpec{std::move(**name), std::move(*attribute), *enabled};
}

// DynamoDB checks the request against the current setting before the
// cooldown: a no-op or a change of attribute is refused whatever the time.
ApiResult<Unit> CheckChange(const schema::TtlDef& ttl, const TtlSpec& spec) {
  if (ttl.enabled && spec.attribute != ttl.attribute) {
    return Fail(ApiError::Validation(fmt::format(
        "TimeToLive is active on a different AttributeName: current AttributeName is {}",
        ttl.attribute)));
  }
  if (ttl.enabled && spec.enabled) {
    return Fail(ApiError::Validation("TimeToLive is already enabled"));
  }
  if (!ttl.enabled && !spec.enabled) {
    return Fail(ApiError::Validation("TimeToLive is already disabled"));
  }
  return Unit{};
}

}  // namespace

ApiResult<std::string> UpdateTimeToLive(OpContext& ctx, const json::Value& request) {
  auto spec = DecodeSpec(request);
  if (!spec.ok()) return Fail(std::move(spec).error());
  const int64_t cooldown_ms = ctx.services.config.ttl_change_cooldown_ms;

  auto updated =
      ctx.services.catalog->Update(spec->table, [&](schema::TableDef& def) -> ApiResult<Unit> {
        if (def.status == schema::TableStatus::kCreating) {
          return Fail(ApiError::ResourceInUse(fmt::format(
              "Attempt to change a resource which is still in use: Table {} is being created",
              def.name)));
        }
        if (auto r = CheckChange(def.ttl, *spec); !r.ok()) return r;
        // DynamoDB accepts one change per table per interval (documented as
        // an hour); both enabling and disabling start a new interval.
        int64_t now = schema::NowMillis();
        if (def.ttl.changed_ms != 0 && now - def.ttl.changed_ms < cooldown_ms) {
          return Fail(ApiError::Validation(
              "Time to live has been modified multiple times within a fixed interval"));
        }
        def.ttl.enabled = spec->enabled;
        def.ttl.attribute = spec->attribute;
        def.ttl.changed_ms = now;
        return Unit{};
      });
  if (!updated.ok()) return Fail(std::move(updated).error());

  // The answer echoes the request's specification.
  json::Writer w;
  w.StartObject().Key("TimeToLiveSpecification").StartObject();
  w.Key("Enabled").Bool(spec->enabled);
  w.Key("AttributeName").String(spec->attribute);
  w.EndObject().EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
