// Query: the items of one partition, optionally narrowed by a sort-key
// condition, in sort-key order (or reversed), one page at a time.

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/ops/ops.h"
#include "api/page_reader.h"
#include "api/request.h"

namespace magneto::api::ops {

namespace {

items::SortOp ToSortOp(expr::KeyCondition::RangeOp op) {
  using R = expr::KeyCondition::RangeOp;
  switch (op) {
    case R::kNone: return items::SortOp::kNone;
    case R::kEq: return items::SortOp::kEq;
    case R::kLt: return items::SortOp::kLt;
    case R::kLe: return items::SortOp::kLe;
    case R::kGt: return items::SortOp::kGt;
    case R::kGe: return items::SortOp::kGe;
    case R::kBetween: return items::SortOp::kBetween;
    case R::kBeginsWith: return items::SortOp::kBeginsWith;
  }
  return items::SortOp::kNone;
}

ApiResult<expr::Condition> DecodeKeyCondition(const json::Value& body,
                                              expr::ExpressionParams& params) {
  auto text = GetString(body, "KeyConditionExpression");
  if (!text.ok()) return Fail(std::move(text).error());
  if (text->has_value()) return expr::ParseCondition(**text, expr::ConditionKind::kKeyCondition, params);
  auto legacy = GetMember(body, "KeyConditions", json::Value::Kind::kObject);
  if (!legacy.ok()) return Fail(std::move(legacy).error());
  if (*legacy == nullptr) {
    return Fail(ApiError::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request."));
  }
  auto entries = DecodeLegacyConditions(**legacy, "KeyConditions");
  if (!entries.ok()) return Fail(std::move(entries).error());
  if (entries->empty() || entries->size() > 2) {
    return Fail(ApiError::Validation("Conditions can be of length 1 or 2 only"));
  }
  return expr::BuildFilterCondition(*entries, std::nullopt, expr::ConditionKind::kKeyCondition);
}

// The key condition's values must have the key schema's types.
ApiResult<Unit> CheckKeyTypes(const schema::KeyElement& hash_key,
                              const std::optional<schema::KeyElement>& range_key,
                              const expr::KeyCondition& kc) {
  ApiError mismatch = ApiError::Validation(
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type");
  if (kc.hash_value.type() != hash_key.type) return Fail(mismatch);
  if (kc.range_op == expr::KeyCondition::RangeOp::kNone) return Unit{};
  if (kc.range_op == expr::KeyCondition::RangeOp::kBeginsWith &&
      range_key->type == model::Type::kN) {
    return Fail(ApiError::Validation(
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: begins_with, operand type: N"));
  }
  for (const auto& v : kc.range_values) {
    if (v.type() != range_key->type) return Fail(mismatch);
  }
  return Unit{};
}

struct KeyNames {
  const schema::KeyElement& hash;
  const std::optional<schema::KeyElement>& range;
  bool Has(const std::string& name) const {
    return name == hash.name || (range && name == range->name);
  }
};

// The first key attribute named by a condition's paths, if any.
const std::string* FindKeyAttribute(const KeyNames& keys, const expr::Operand& operand) {
  if (operand.kind == expr::Operand::Kind::kPath && !operand.path.empty() &&
      keys.Has(operand.path.front().name)) {
    return &operand.path.front().name;
  }
  for (const auto& arg : operand.args) {
    if (const std::string* found = FindKeyAttribute(keys, arg)) return found;
  }
  return nullptr;
}

const std::string* FindKeyAttribute(const KeyNames& keys, const expr::CondNode& node) {
  for (const auto& operand : node.operands) {
    if (const std::string* found = FindKeyAttribute(keys, operand)) return found;
  }
  for (const auto& child : node.children) {
    if (const std::string* found = FindKeyAttribute(keys, child)) return found;
  }
  return nullptr;
}

// A Query's filter may not look at the queried key attributes (the key
// condition does).
ApiResult<Unit> CheckFilterAvoidsKeys(const schema::KeyElement& hash_key,
                                      const std::optional<schema::KeyElement>& range_key,
                                      const std::optional<expr::Condition>& filter, bool legacy) {
  if (!filter) return Unit{};
  if (const std::string* key = FindKeyAttribute(KeyNames{hash_key, range_key}, filter->root)) {
    return Fail(ApiError::Validation(
        fmt::format("{} can only contain non-primary key attributes: Primary key attribute: {}",
                    legacy ? "QueryFilter" : "Filter Expression", *key)));
  }
  return Unit{};
}

}  // namespace

ApiResult<std::string> Query(OpContext& ctx, const json::Value& request) {
  auto table_name = RequireTableName(request);
  if (!table_name.ok()) return Fail(std::move(table_name).error());
  auto limit = DecodeLimit(request);
  if (!limit.ok()) return Fail(std::move(limit).error());
  auto consistent = GetBool(request, "ConsistentRead");
  if (!consistent.ok()) return Fail(std::move(consistent).error());
  auto forward = GetBool(request, "ScanIndexForward");
  if (!forward.ok()) return Fail(std::move(forward).error());
  auto capacity = DecodeReturnConsumedCapacity(request);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  auto index_name = GetString(request, "IndexName");
  if (!index_name.ok()) return Fail(std::move(index_name).error());

  if (auto r = CheckNoLegacyMix(request,
                                {"AttributesToGet", "KeyConditions", "QueryFilter", "ConditionalOperator"},
                                {"ProjectionExpression", "KeyConditionExpression", "FilterExpression"});
      !r.ok()) {
    return Fail(std::move(r).error());
  }
  auto inputs = DecodeExpressionInputs(request);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  if (auto r = CheckInputsHaveExpressions(
          request, *inputs, {"KeyConditionExpression", "FilterExpression", "ProjectionExpression"});
      !r.ok()) {
    return Fail(std::move(r).error());
  }
  expr::ExpressionParams params(inputs->names ? &*inputs->names : nullptr,
                                inputs->values ? &*inputs->values : nullptr);
  auto key_condition = DecodeKeyCondition(request, params);
  if (!key_condition.ok()) return Fail(std::move(key_condition).error());
  auto filter = DecodeFilter(request, params, "QueryFilter");
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
  // The key schema queried: the table's or the index's.
  const schema::KeyElement& hash_key = *index ? (*index)->hash_key : (*table)->hash_key;
  const std::optional<schema::KeyElement>& range_key =
      *index ? (*index)->range_key : (*table)->range_key;
  std::optional<std::string_view> range_name;
  if (range_key) range_name = range_key->name;
  auto kc = expr::AnalyzeKeyCondition(*key_condition, hash_key.name, range_name);
  if (!kc.ok()) return Fail(std::move(kc).error());
  if (auto r = CheckKeyTypes(hash_key, range_key, *kc); !r.ok()) return Fail(std::move(r).error());
  if (auto r = CheckFilterAvoidsKeys(hash_key, range_key, *filter,
                                     request.Find("QueryFilter") != nullptr);
      !r.ok()) {
    return Fail(std::move(r).error());
  }
  bool fetch = false;
  if (*index) {
    auto f = NeedsTableFetch(**table, **index, *select, *projection ? &**projection : nullptr);
    if (!f.ok()) return Fail(std::move(f).error());
    fetch = *f;
  }
  auto start = DecodeExclusiveStartKey(request, **table, *index);
  if (!start.ok()) return Fail(std::move(start).error());

  PageRequest page;
  page.table = table->get();
  page.range = items::PartitionRange(*index ? (*index)->id : (*table)->id, kc->hash_value,
                                     ToSortOp(kc->range_op), kc->range_values);
  page.index = *index;
  page.fetch_from_table = fetch;
  page.reverse = !forward->value_or(true);
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
