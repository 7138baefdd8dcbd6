// Scan: every item of a table (or of one parallel-scan segment), in the order
// of partition-key hash and then sort key, one page at a time.

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/page_reader.h"
#include "api/request.h"

namespace magneto::api::ops {

namespace {

constexpr int64_t kMaxTotalSegments = 1000000;

struct Segmenting {
  uint32_t segment = 0;
  uint32_t total = 1;
};

ApiResult<Segmenting> DecodeSegments(const json::Value& body) {
  auto segment = GetInt(body, "Segment");
  if (!segment.ok()) return Fail(std::move(segment).error());
  auto total = GetInt(body, "TotalSegments");
  if (!total.ok()) return Fail(std::move(total).error());
  Constraints c;
  if (segment->has_value() && **segment < 0) {
    c.Violation(ShowValue(std::to_string(**segment)), "segment",
                "Member must have value greater than or equal to 0");
  }
  if (segment->has_value() && **segment > kMaxTotalSegments - 1) {
    c.Violation(ShowValue(std::to_string(**segment)), "segment",
                "Member must have value less than or equal to 999999");
  }
  if (total->has_value() && **total < 1) {
    c.Violation(ShowValue(std::to_string(**total)), "totalSegments",
                "Member must have value greater than or equal to 1");
  }
  if (total->has_value() && **total > kMaxTotalSegments) {
    c.Violation(ShowValue(std::to_string(**total)), "totalSegments",
                "Member must have value less than or equal to 1000000");
  }
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  if (segment->has_value() && !total->has_value()) {
    return Fail(ApiError::Validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present"));
  }
  if (total->has_value() && !segment->has_value()) {
    return Fail(ApiError::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present"));
  }
  Segmenting s;
  if (total->has_value()) {
    if (**segment >= **total) {
      return Fail(ApiError::Validation(fmt::format(
          "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
          "Segment: {} is not less than TotalSegments: {}",
          **segment, **total)));
    }
    s.segment = static_cast<uint32_t>(**segment);
    s.total = static_cast<uint32_t>(**total);
  }
  return s;
}

}  // namespace

ApiResult<std::string> Scan(OpContext& ctx, const json::Value& request) {
  auto table_name = RequireTableName(request);
  if (!table_name.ok()) return Fail(std::move(table_name).error());
  auto limit = DecodeLimit(request);
  if (!limit.ok()) return Fail(std::move(limit).error());
  auto segments = DecodeSegments(request);
  if (!segments.ok()) return Fail(std::move(segments).error());
  auto consistent = GetBool(request, "ConsistentRead");
  if (!consistent.ok()) return Fail(std::move(consistent).error());
  auto capacity = DecodeReturnConsumedCapacity(request);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto index_name = GetString(request, "IndexName");
  if (!index_name.ok()) return Fail(std::move(index_name).error());

  if (auto r = CheckNoLegacyMix(request, {"AttributesToGet", "ScanFilter", "ConditionalOperator"},
                                {"ProjectionExpression", "FilterExpression"});
      !r.ok()) {
    return Fail(std::move(r).error());
  }
  auto inputs = DecodeExpressionInputs(request);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  if (auto r = CheckInputsHaveExpressions(request, *inputs,
                                          {"FilterExpression", "ProjectionExpression"});
      !r.ok()) {
    return Fail(std::move(r).error());
  }
  expr::ExpressionParams params(inputs->names ? &*inputs->names : nullptr,
                                inputs->values ? &*inputs->values : nullptr);
  auto filter = DecodeFilter(request, params, "ScanFilter");
  if (!filter.ok()) return Fail(std::move(filter).error());
  auto projection = DecodeProjection(request, params);
  if (!projection.ok()) return Fail(std::move(projection).error());
  if (auto r = params.CheckAllUsed(); !r.ok()) return Fail(std::move(r).error());
  auto select = DecodeSelect(request, projection->has_value(), request.Find("AttributesToGet") != nullptr,
                             index_name->has_value());
  if (!select.ok()) return Fail(std::move(select).error());

  auto table = TableForItems(ctx, request);
  if (!table.ok()) return Fail(std::move(table).error());
  auto index = ResolveIndex(**table, *index_name, consistent->value_or(false));
  if (!index.ok()) return Fail(std::move(index).error());
  bool fetch = false;
  if (*index) {
    auto f = NeedsTableFetch(**table, **index, *select, *projection ? &**projection : nullptr);
    if (!f.ok()) return Fail(std::move(f).error());
    fetch = *f;
  }
  auto start = DecodeExclusiveStartKey(request, **table, *index);
  if (!start.ok()) return Fail(std::move(start).error());
  if (*start && items::SegmentOf(**start, segments->total) != segments->segment) {
    return Fail(ApiError::Validation(
        "The provided Exclusive start key does not map to the provided segment"));
  }

  PageRequest page;
  page.table = table->get();
  page.range = items::SegmentRange(*index ? (*index)->id : (*table)->id, segments->segment,
                                   segments->total);
  page.index = *index;
  page.fetch_from_table = fetch;
  page.exclusive_start = std::move(*start);
  page.limit = *limit;
  page.filter = *filter ? &**filter : nullptr;
  page.projection = *projection ? &**projection : nullptr;
  page.count_only = *select == Select::kCount;
  page.consistent = consistent->value_or(false);
  page.capacity = *capacity;
  return ReadPage(ctx, page);
}

}  // namespace magneto::api::ops
