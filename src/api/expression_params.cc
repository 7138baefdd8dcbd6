// Decoding of a request's expressions and their legacy equivalents:
// ConditionExpression / Expected, UpdateExpression / AttributeUpdates,
// ProjectionExpression / AttributesToGet.

#include "api/attribute_json.h"
#include "api/item_request.h"
#include "api/request.h"

namespace magneto::api {

namespace {

ApiError NotStructure(std::string_view member) {
  return ApiError::Serialization(std::string("Unexpected value type in payload for ") +
                                 std::string(member));
}

}  // namespace

ApiResult<std::vector<expr::LegacyCondition>> DecodeLegacyConditions(const json::Value& map,
                                                                     std::string_view member) {
  std::vector<expr::LegacyCondition> out;
  for (const auto& [name, entry] : map.members()) {
    if (!entry.is_object()) return Fail(NotStructure(member));
    expr::LegacyCondition c;
    c.attribute = name;
    auto op = GetString(entry, "ComparisonOperator");
    if (!op.ok()) return Fail(std::move(op).error());
    c.comparison_operator = std::move(*op);
    auto exists = GetBool(entry, "Exists");
    if (!exists.ok()) return Fail(std::move(exists).error());
    c.exists = *exists;
    if (const json::Value* v = entry.Find("Value"); v && !v->is_null()) {
      auto decoded = DecodeAttributeValue(*v);
      if (!decoded.ok()) return Fail(std::move(decoded).error());
      c.value = std::move(*decoded);
    }
    auto list = GetMember(entry, "AttributeValueList", json::Value::Kind::kArray);
    if (!list.ok()) return Fail(std::move(list).error());
    if (*list) {
      std::vector<model::AttributeValue> values;
      for (const auto& e : (*list)->elements()) {
        auto decoded = DecodeAttributeValue(e);
        if (!decoded.ok()) return Fail(std::move(decoded).error());
        values.push_back(std::move(*decoded));
      }
      c.attribute_value_list = std::move(values);
    }
    out.push_back(std::move(c));
  }
  return out;
}

ApiResult<std::optional<expr::Condition>> DecodeWriteCondition(const json::Value& body,
                                                               expr::ExpressionParams& params) {
  auto text = GetString(body, "ConditionExpression");
  if (!text.ok()) return Fail(std::move(text).error());
  if (text->has_value()) {
    auto c = expr::ParseCondition(**text, expr::ConditionKind::kCondition, params);
    if (!c.ok()) return Fail(std::move(c).error());
    return std::optional<expr::Condition>(std::move(*c));
  }
  auto expected = GetMember(body, "Expected", json::Value::Kind::kObject);
  if (!expected.ok()) return Fail(std::move(expected).error());
  auto op = GetString(body, "ConditionalOperator");
  if (!op.ok()) return Fail(std::move(op).error());
  if (*expected == nullptr) return std::optional<expr::Condition>();
  auto entries = DecodeLegacyConditions(**expected, "Expected");
  if (!entries.ok()) return Fail(std::move(entries).error());
  std::optional<std::string_view> op_view;
  if (op->has_value()) op_view = **op;
  auto c = expr::BuildExpectedCondition(*entries, op_view);
  if (!c.ok()) return Fail(std::move(c).error());
  return std::optional<expr::Condition>(std::move(*c));
}

ApiResult<std::optional<expr::UpdateExpr>> DecodeUpdate(const json::Value& body,
                                                        expr::ExpressionParams& params) {
  auto text = GetString(body, "UpdateExpression");
  if (!text.ok()) return Fail(std::move(text).error());
  if (text->has_value()) {
    auto u = expr::ParseUpdate(**text, params);
    if (!u.ok()) return Fail(std::move(u).error());
    return std::optional<expr::UpdateExpr>(std::move(*u));
  }
  auto updates = GetMember(body, "AttributeUpdates", json::Value::Kind::kObject);
  if (!updates.ok()) return Fail(std::move(updates).error());
  if (*updates == nullptr) return std::optional<expr::UpdateExpr>();
  std::vector<expr::LegacyAttributeUpdate> entries;
  for (const auto& [name, entry] : (*updates)->members()) {
    if (!entry.is_object()) return Fail(NotStructure("AttributeUpdates"));
    expr::LegacyAttributeUpdate u;
    u.attribute = name;
    auto action = GetString(entry, "Action");
    if (!action.ok()) return Fail(std::move(action).error());
    u.action = std::move(*action);
    if (const json::Value* v = entry.Find("Value"); v && !v->is_null()) {
      auto decoded = DecodeAttributeValue(*v);
      if (!decoded.ok()) return Fail(std::move(decoded).error());
      u.value = std::move(*decoded);
    }
    entries.push_back(std::move(u));
  }
  auto u = expr::BuildAttributeUpdates(entries);
  if (!u.ok()) return Fail(std::move(u).error());
  return std::optional<expr::UpdateExpr>(std::move(*u));
}

ApiResult<std::optional<expr::Projection>> DecodeProjection(const json::Value& body,
                                                            expr::ExpressionParams& params) {
  auto text = GetString(body, "ProjectionExpression");
  if (!text.ok()) return Fail(std::move(text).error());
  if (text->has_value()) {
    auto p = expr::ParseProjection(**text, params);
    if (!p.ok()) return Fail(std::move(p).error());
    return std::optional<expr::Projection>(std::move(*p));
  }
  auto names = GetMember(body, "AttributesToGet", json::Value::Kind::kArray);
  if (!names.ok()) return Fail(std::move(names).error());
  if (*names == nullptr) return std::optional<expr::Projection>();
  std::vector<std::string> attributes;
  for (const auto& e : (*names)->elements()) {
    if (!e.is_string()) return Fail(NotStructure("AttributesToGet"));
    attributes.push_back(e.str());
  }
  auto p = expr::BuildAttributesToGet(attributes);
  if (!p.ok()) return Fail(std::move(p).error());
  return std::optional<expr::Projection>(std::move(*p));
}

}  // namespace magneto::api
