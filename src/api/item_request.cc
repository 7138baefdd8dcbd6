// Shared decoding and response pieces of the item operations.

#include "api/item_request.h"

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/request.h"

namespace magneto::api {

namespace {

// Reads an enum-valued string member, with DynamoDB's constraint message.
ApiResult<std::optional<std::string>> GetEnum(const json::Value& body, std::string_view key,
                                              std::string_view field,
                                              std::initializer_list<std::string_view> allowed,
                                              std::string_view allowed_shown) {
  auto v = GetString(body, key);
  if (!v.ok() || !v->has_value()) return v;
  for (auto a : allowed) {
    if (**v == a) return v;
  }
  Constraints c;
  c.Violation(ShowValue(**v), field, fmt::format("Member must satisfy enum value set: [{}]", allowed_shown));
  return Fail(c.ToError());
}

std::string FormatUnits(double units) { return fmt::format("{:.1f}", units); }

}  // namespace

ApiResult<ExpressionInputs> DecodeExpressionInputs(const json::Value& body) {
  ExpressionInputs out;
  auto names = GetMember(body, "ExpressionAttributeNames", json::Value::Kind::kObject);
  if (!names.ok()) return Fail(std::move(names).error());
  if (*names) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : (*names)->members()) {
      if (!v.is_string()) {
        return Fail(ApiError::Serialization("Unexpected value type in payload for ExpressionAttributeNames"));
      }
      m[k] = v.str();
    }
    if (m.empty()) return Fail(ApiError::Validation("ExpressionAttributeNames must not be empty"));
    out.names = std::move(m);
  }
  auto values = GetMember(body, "ExpressionAttributeValues", json::Value::Kind::kObject);
  if (!values.ok()) return Fail(std::move(values).error());
  if (*values) {
    if ((*values)->members().empty()) {
      return Fail(ApiError::Validation("ExpressionAttributeValues must not be empty"));
    }
    model::Map decoded;
    for (const auto& [name, v] : (*values)->members()) {
      auto value = DecodeAttributeValue(v);
      if (!value.ok()) {
        const ApiError& e = value.error();
        if (e.type() != "ValidationException") return Fail(std::move(value).error());
        return Fail(ApiError::Validation(fmt::format(
            "ExpressionAttributeValues contains invalid value: {} for key {}", e.message(), name)));
      }
      decoded.insert_or_assign(name, std::move(*value));
    }
    out.values = std::move(decoded);
  }
  return out;
}

ApiResult<Unit> CheckInputsHaveExpressions(const json::Value& body, const ExpressionInputs& inputs,
                                           std::initializer_list<std::string_view> expressions) {
  for (auto member : expressions) {
    const json::Value* v = body.Find(member);
    if (v != nullptr && !v->is_null()) return Unit{};
  }
  if (inputs.names) {
    return Fail(ApiError::Validation(
        "ExpressionAttributeNames can only be specified when using expressions"));
  }
  if (inputs.values) {
    return Fail(ApiError::Validation(
        "ExpressionAttributeValues can only be specified when using expressions"));
  }
  return Unit{};
}

ApiResult<ReturnValues> DecodeReturnValues(const json::Value& body, ReturnValuesOp op) {
  auto v = GetEnum(body, "ReturnValues", "returnValues",
                   {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"},
                   "ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW");
  if (!v.ok()) return Fail(std::move(v).error());
  if (!v->has_value() || **v == "NONE") return ReturnValues::kNone;
  const std::string& s = **v;
  if (op != ReturnValuesOp::kUpdate && s != "ALL_OLD") {
    return Fail(ApiError::Validation("ReturnValues can only be ALL_OLD or NONE"));
  }
  if (s == "ALL_OLD") return ReturnValues::kAllOld;
  if (s == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (s == "ALL_NEW") return ReturnValues::kAllNew;
  return ReturnValues::kUpdatedNew;
}

ApiResult<bool> DecodeReturnOldOnConditionFailure(const json::Value& body) {
  auto v = GetEnum(body, "ReturnValuesOnConditionCheckFailure", "returnValuesOnConditionCheckFailure",
                   {"ALL_OLD", "NONE"}, "ALL_OLD, NONE");
  if (!v.ok()) return Fail(std::move(v).error());
  return v->has_value() && **v == "ALL_OLD";
}

ApiResult<CapacityMode> DecodeReturnConsumedCapacity(const json::Value& body) {
  auto v = GetEnum(body, "ReturnConsumedCapacity", "returnConsumedCapacity",
                   {"INDEXES", "TOTAL", "NONE"}, "INDEXES, TOTAL, NONE");
  if (!v.ok()) return Fail(std::move(v).error());
  if (!v->has_value() || **v == "NONE") return CapacityMode::kNone;
  return **v == "TOTAL" ? CapacityMode::kTotal : CapacityMode::kIndexes;
}

ApiResult<bool> DecodeReturnItemCollectionMetrics(const json::Value& body) {
  auto v = GetEnum(body, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics",
                   {"SIZE", "NONE"}, "SIZE, NONE");
  if (!v.ok()) return Fail(std::move(v).error());
  return v->has_value() && **v == "SIZE";
}

void WriteCollectionMetricsObject(json::Writer& w, const model::Item& key, int64_t bytes) {
  // DynamoDB reports a range of whole gigabytes around the estimate.
  int64_t gb = bytes >> 30;
  w.StartObject();
  w.Key("ItemCollectionKey");
  WriteItem(w, key);
  w.Key("SizeEstimateRangeGB").StartArray();
  w.RawNumber(fmt::format("{}.0", gb)).RawNumber(fmt::format("{}.0", gb + 1));
  w.EndArray();
  w.EndObject();
}

void WriteItemCollectionMetrics(json::Writer& w, bool asked, const items::MutationOutcome& outcome) {
  if (!asked || !outcome.collection_key) return;
  w.Key("ItemCollectionMetrics");
  WriteCollectionMetricsObject(w, *outcome.collection_key, outcome.collection_bytes);
}

double WriteCapacityUnits(const model::Item* old_item, const model::Item* new_item) {
  size_t bytes = std::max(old_item ? model::ItemSize(*old_item) : 0,
                          new_item ? model::ItemSize(*new_item) : 0);
  size_t units = (bytes + 1023) / 1024;
  return static_cast<double>(std::max<size_t>(units, 1));
}

double ReadCapacityUnits(const model::Item* item, bool consistent) {
  return ReadCapacityUnitsForSize(item ? model::ItemSize(*item) : 0, consistent);
}

double ReadCapacityUnitsForSize(size_t bytes, bool consistent) {
  size_t units = std::max<size_t>((bytes + 4095) / 4096, 1);
  return consistent ? static_cast<double>(units) : static_cast<double>(units) / 2;
}

namespace {
// One ConsumedCapacity object. REQUIRES: mode is not kNone.
void WriteIndexCapacity(json::Writer& w, const char* key,
                        const std::vector<index::IndexUnits>& indexes, bool global) {
  std::map<std::string, double> sums;
  for (const auto& i : indexes) {
    if (i.global == global) sums[i.name] += i.units;
  }
  if (sums.empty()) return;
  w.Key(key).StartObject();
  for (const auto& [name, units] : sums) {
    w.Key(name).StartObject().Key("CapacityUnits").RawNumber(FormatUnits(units)).EndObject();
  }
  w.EndObject();
}

void WriteCapacityObject(json::Writer& w, CapacityMode mode, const std::string& table,
                         double units, const std::vector<index::IndexUnits>& indexes) {
  double total = units;
  for (const auto& i : indexes) total += i.units;
  w.StartObject();
  w.Key("TableName").String(table);
  w.Key("CapacityUnits").RawNumber(FormatUnits(total));
  if (mode == CapacityMode::kIndexes) {
    w.Key("Table").StartObject().Key("CapacityUnits").RawNumber(FormatUnits(units)).EndObject();
    WriteIndexCapacity(w, "LocalSecondaryIndexes", indexes, false);
    WriteIndexCapacity(w, "GlobalSecondaryIndexes", indexes, true);
  }
  w.EndObject();
}
}  // namespace

void WriteConsumedCapacity(json::Writer& w, CapacityMode mode, const std::string& table,
                           double units, const std::vector<index::IndexUnits>& indexes) {
  if (mode == CapacityMode::kNone) return;
  w.Key("ConsumedCapacity");
  WriteCapacityObject(w, mode, table, units, indexes);
}

void WriteConsumedCapacityList(json::Writer& w, CapacityMode mode,
                               const std::vector<TableCapacity>& tables) {
  if (mode == CapacityMode::kNone) return;
  w.Key("ConsumedCapacity").StartArray();
  for (const auto& t : tables) WriteCapacityObject(w, mode, t.table, t.units, t.indexes);
  w.EndArray();
}

ApiResult<Unit> CheckNoLegacyMix(const json::Value& body,
                                 std::initializer_list<std::string_view> legacy_names,
                                 std::initializer_list<std::string_view> expression_names) {
  auto present = [&](std::initializer_list<std::string_view> names) {
    std::string out;
    for (auto n : names) {
      const json::Value* v = body.Find(n);
      if (v == nullptr || v->is_null()) continue;
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  };
  std::string legacy = present(legacy_names);
  std::string modern = present(expression_names);
  if (!legacy.empty() && !modern.empty()) {
    return Fail(ApiError::Validation(fmt::format(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
        legacy, modern)));
  }
  return Unit{};
}

ApiResult<std::optional<expr::Projection>> DecodeReadProjection(const json::Value& body) {
  if (auto r = CheckNoLegacyMix(body, {"AttributesToGet"}, {"ProjectionExpression"}); !r.ok()) {
    return Fail(std::move(r).error());
  }
  auto inputs = DecodeExpressionInputs(body);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  if (auto r = CheckInputsHaveExpressions(body, *inputs, {"ProjectionExpression"}); !r.ok()) {
    return Fail(std::move(r).error());
  }
  expr::ExpressionParams params(inputs->names ? &*inputs->names : nullptr,
                                inputs->values ? &*inputs->values : nullptr);
  auto projection = DecodeProjection(body, params);
  if (!projection.ok()) return Fail(std::move(projection).error());
  if (auto r = params.CheckAllUsed(); !r.ok()) return Fail(std::move(r).error());
  return projection;
}

// DynamoDB refuses updates that touch a key attribute before reading the item.
ApiResult<Unit> CheckKeyUntouched(const schema::TableDef& table, const expr::UpdateExpr& update) {
  for (const auto& action : update.actions) {
    const std::string& top = action.path.front().name;
    if (table.IsKeyAttribute(top)) {
      return Fail(ApiError::Validation(fmt::format(
          "One or more parameter values were invalid: Cannot update attribute {}. This attribute "
          "is part of the key",
          top)));
    }
  }
  return Unit{};
}

ApiError ConditionFailed(const model::Item* current, bool return_old) {
  ApiError e = ApiError::ConditionalCheckFailed();
  if (return_old && current != nullptr) {
    json::Writer w;
    w.StartObject().Key("Item");
    WriteItem(w, *current);
    w.EndObject();
    std::string members(w.view().substr(1, w.view().size() - 2));
    return std::move(e).WithExtraMembers(std::move(members));
  }
  return e;
}

ApiResult<std::unique_ptr<WriteRequest>> WriteRequest::Decode(const json::Value& body,
                                                              ReturnValuesOp op) {
  std::unique_ptr<WriteRequest> w(new WriteRequest());
  auto rv = DecodeReturnValues(body, op);
  if (!rv.ok()) return Fail(std::move(rv).error());
  w->return_values = *rv;
  auto return_old = DecodeReturnOldOnConditionFailure(body);
  if (!return_old.ok()) return Fail(std::move(return_old).error());
  w->return_old_on_condition_failure = *return_old;
  auto capacity = DecodeReturnConsumedCapacity(body);
  if (!capacity.ok()) return Fail(std::move(capacity).error());
  w->capacity = *capacity;
  auto metrics = DecodeReturnItemCollectionMetrics(body);
  if (!metrics.ok()) return Fail(std::move(metrics).error());
  w->return_collection_metrics = *metrics;

  if (op == ReturnValuesOp::kUpdate) {
    if (auto r = CheckNoLegacyMix(body, {"AttributeUpdates", "Expected", "ConditionalOperator"},
                                  {"UpdateExpression", "ConditionExpression"});
        !r.ok()) {
      return Fail(std::move(r).error());
    }
  } else if (auto r = CheckNoLegacyMix(body, {"Expected", "ConditionalOperator"},
                                       {"ConditionExpression"});
             !r.ok()) {
    return Fail(std::move(r).error());
  }
  auto inputs = DecodeExpressionInputs(body);
  if (!inputs.ok()) return Fail(std::move(inputs).error());
  auto used = op == ReturnValuesOp::kUpdate
                  ? CheckInputsHaveExpressions(body, *inputs, {"UpdateExpression", "ConditionExpression"})
                  : CheckInputsHaveExpressions(body, *inputs, {"ConditionExpression"});
  if (!used.ok()) return Fail(std::move(used).error());
  w->inputs_ = std::move(*inputs);
  w->params_ = std::make_unique<expr::ExpressionParams>(
      w->inputs_.names ? &*w->inputs_.names : nullptr,
      w->inputs_.values ? &*w->inputs_.values : nullptr);
  auto condition = DecodeWriteCondition(body, *w->params_);
  if (!condition.ok()) return Fail(std::move(condition).error());
  w->condition_ = std::move(*condition);
  return w;
}

ApiResult<Unit> WriteRequest::CheckCondition(const model::Item* current) const {
  if (!condition_) return Unit{};
  auto ok = expr::Evaluate(*condition_, current);
  if (!ok.ok()) return Fail(std::move(ok).error());
  if (!*ok) return Fail(ConditionFailed(current, return_old_on_condition_failure));
  return Unit{};
}

void WriteReturnAttributes(json::Writer& w, ReturnValues rv, const model::Item* old_item,
                           const model::Item* new_item,
                           const std::vector<expr::Path>* updated_paths) {
  const model::Item* source = nullptr;
  model::Item projected;
  switch (rv) {
    case ReturnValues::kNone: return;
    case ReturnValues::kAllOld: source = old_item; break;
    case ReturnValues::kAllNew: source = new_item; break;
    case ReturnValues::kUpdatedOld:
    case ReturnValues::kUpdatedNew: {
      const model::Item* base = rv == ReturnValues::kUpdatedOld ? old_item : new_item;
      if (base == nullptr || updated_paths == nullptr) return;
      projected = expr::Project(*updated_paths, *base);
      source = &projected;
      break;
    }
  }
  if (source == nullptr || source->empty()) return;
  w.Key("Attributes");
  WriteItem(w, *source);
}

}  // namespace magneto::api
