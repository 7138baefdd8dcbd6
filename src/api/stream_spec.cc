// StreamSpecification: decoding, DynamoDB's validation, and the table change.

#include "api/stream_spec.h"

#include <fmt/format.h>

#include "api/streams_common.h"
#include "streams/sequencer.h"

namespace magneto::api {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

ApiError Invalid(std::string_view what) {
  return ApiError::Validation(fmt::format("{}{}", kInvalid, what));
}

std::optional<schema::StreamViewType> ParseViewType(std::string_view s) {
  using V = schema::StreamViewType;
  if (s == "KEYS_ONLY") return V::kKeysOnly;
  if (s == "NEW_IMAGE") return V::kNewImage;
  if (s == "OLD_IMAGE") return V::kOldImage;
  if (s == "NEW_AND_OLD_IMAGES") return V::kNewAndOldImages;
  return std::nullopt;
}

}  // namespace

ApiResult<std::optional<StreamSpecRequest>> DecodeStreamSpecification(const json::Value& request,
                                                                      Constraints& c) {
  auto spec = GetMember(request, "StreamSpecification", json::Value::Kind::kObject);
  if (!spec.ok()) return Fail(std::move(spec).error());
  if (*spec == nullptr) return std::optional<StreamSpecRequest>();
  auto enabled = GetBool(**spec, "StreamEnabled");
  if (!enabled.ok()) return Fail(std::move(enabled).error());
  auto view = GetString(**spec, "StreamViewType");
  if (!view.ok()) return Fail(std::move(view).error());
  StreamSpecRequest out;
  if (!*enabled) {
    c.Null("streamSpecification.streamEnabled");
  } else {
    out.enabled = **enabled;
  }
  if (*view) {
    out.view_type = ParseViewType(**view);
    if (!out.view_type) {
      c.Violation(ShowValue(**view), "streamSpecification.streamViewType",
                  "Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, "
                  "NEW_IMAGE]");
    }
  }
  return std::optional(out);
}

ApiResult<Unit> CheckCreateStreamSpec(const StreamSpecRequest& spec) {
  if (spec.enabled && !spec.view_type) {
    return Fail(
        Invalid("Table is being created with a stream enabled, UpdateViewType is required"));
  }
  if (!spec.enabled && spec.view_type) {
    return Fail(Invalid(
        "Table is being created with a stream disabled, UpdateViewType should not be specified"));
  }
  return Unit{};
}

ApiResult<Unit> CheckUpdateStreamSpec(const StreamSpecRequest& spec) {
  if (spec.enabled && !spec.view_type) {
    return Fail(Invalid("If stream is being enabled then UpdateViewType is required"));
  }
  if (!spec.enabled && spec.view_type) {
    return Fail(Invalid("If stream is being disabled, then UpdateViewType must not be specified"));
  }
  return Unit{};
}

schema::StreamDef NewStream(const OpContext& ctx, schema::StreamViewType view_type,
                            int64_t now_ms) {
  schema::StreamDef s;
  s.label = StreamLabel(now_ms);
  s.created_ms = now_ms;
  s.view_type = view_type;
  s.enabled = true;
  if (ctx.services.sequencer != nullptr) {
    // A number no record uses: released at once, it only marks the start.
    s.first_sequence = ctx.services.sequencer->Allocate();
    ctx.services.sequencer->Finish(s.first_sequence);
  }
  return s;
}

ApiResult<Unit> ApplyStreamChange(schema::TableDef& def, const StreamSpecRequest& spec,
                                  const schema::StreamDef& fresh, int64_t now_ms) {
  if (spec.enabled) {
    if (def.active_stream() != nullptr) {
      return Fail(ApiError::Validation(
          fmt::format("Table already has an enabled stream: TableName: {}", def.name)));
    }
    // Labels name streams in ARNs; two enables in one millisecond would
    // collide, so a later stream's label moves on by a millisecond.
    schema::StreamDef s = fresh;
    while (!def.streams.empty() && s.created_ms <= def.streams.back().created_ms) {
      s.created_ms = def.streams.back().created_ms + 1;
      s.label = StreamLabel(s.created_ms);
    }
    def.streams.push_back(std::move(s));
    return Unit{};
  }
  if (def.active_stream() == nullptr) {
    return Fail(ApiError::Validation(
        fmt::format("Table has no stream to disable: TableName: {}", def.name)));
  }
  def.streams.back().enabled = false;
  def.streams.back().disabled_ms = now_ms;
  return Unit{};
}

}  // namespace magneto::api
