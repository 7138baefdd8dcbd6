// The TransactItems list, the one-action-per-item rule, capacity per table,
// the cancellation error and canonical request text of the transaction
// operations.

#include "api/transact_request.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/batch_request.h"
#include "items/item_store.h"

namespace magneto::api {

ApiResult<const json::Value*> DecodeTransactItems(const json::Value& body,
                                                  std::string_view java_class, Constraints& c) {
  auto items = GetMember(body, "TransactItems", json::Value::Kind::kArray);
  if (!items.ok()) return Fail(std::move(items).error());
  if (*items == nullptr) {
    c.Null("transactItems");
    return items;
  }
  const auto& list = (*items)->elements();
  if (list.empty()) {
    c.Violation("'[]'", "transactItems", "Member must have length greater than or equal to 1");
  } else if (list.size() > kMaxTransactItems) {
    std::string shown = "[";
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) shown += ", ";
      shown += ShowJavaObject(java_class, list[i]);
    }
    shown += "]";
    c.Violation(ShowValue(shown), "transactItems",
                "Member must have length less than or equal to 100");
  }
  return items;
}

std::string MemberPath(size_t index, std::string_view member) {
  return fmt::format("transactItems.{}.member.{}", index + 1, member);
}

ApiResult<Unit> TransactKeySet::Add(const schema::TableDef& table, const model::Item& key) {
  if (!seen_.insert(items::ItemStore::KeyOf(table, key)).second) {
    return Fail(
        ApiError::Validation("Transaction request cannot include multiple operations on one item"));
  }
  return Unit{};
}

void CapacityByTable::Add(const std::string& table, double units,
                          const std::vector<index::IndexUnits>& indexes) {
  auto it = std::find_if(tables_.begin(), tables_.end(),
                         [&](const TableCapacity& t) { return t.table == table; });
  if (it == tables_.end()) {
    tables_.push_back({table, 0, {}});
    it = tables_.end() - 1;
  }
  it->units += units;
  it->indexes.insert(it->indexes.end(), indexes.begin(), indexes.end());
}

namespace {

// DynamoDB's code for the error that failed one action.
std::string ReasonCode(const ApiError& e) {
  const std::string& type = e.type();
  if (type == "ValidationException") return "ValidationError";
  if (type == "ConditionalCheckFailedException") return "ConditionalCheckFailed";
  constexpr std::string_view kSuffix = "Exception";
  if (type.size() > kSuffix.size() && type.ends_with(kSuffix)) {
    return type.substr(0, type.size() - kSuffix.size());
  }
  return type;
}

}  // namespace

ApiError TransactionCanceled(const std::vector<std::optional<ApiError>>& reasons) {
  std::string codes;
  json::Writer w;
  w.StartArray();
  for (size_t i = 0; i < reasons.size(); ++i) {
    const auto& r = reasons[i];
    std::string code = r ? ReasonCode(*r) : "None";
    if (i) codes += ", ";
    codes += code;
    json::Writer reason;
    reason.StartObject();
    reason.Key("Code").String(code);
    if (r && !r->message().empty()) reason.Key("Message").String(r->message());
    reason.EndObject();
    std::string text = reason.Take();
    // The error's own members, e.g. the "Item" of a failed condition
    // (ReturnValuesOnConditionCheckFailure ALL_OLD).
    if (r && !r->extra_members().empty()) {
      text.pop_back();
      text += ',' + r->extra_members() + '}';
    }
    w.Raw(text);
  }
  w.EndArray();
  ApiError e(ApiError::kDynamoPrefix, "TransactionCanceledException",
             fmt::format("Transaction cancelled, please refer cancellation reasons for specific "
                         "reasons [{}]",
                         codes),
             400);
  return std::move(e).WithExtraMembers("\"CancellationReasons\":" + w.Take());
}

namespace {

void WriteCanonical(json::Writer& w, const json::Value& v) {
  switch (v.kind()) {
    case json::Value::Kind::kArray:
      w.StartArray();
      for (const auto& e : v.elements()) WriteCanonical(w, e);
      w.EndArray();
      return;
    case json::Value::Kind::kObject: {
      std::vector<const json::Value::Member*> members;
      for (const auto& m : v.members()) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(),
                       [](const auto* a, const auto* b) { return a->first < b->first; });
      w.StartObject();
      for (const auto* m : members) {
        w.Key(m->first);
        WriteCanonical(w, m->second);
      }
      w.EndObject();
      return;
    }
    default:
      w.Write(v);
      return;
  }
}

}  // namespace

std::string CanonicalJson(const json::Value& v) {
  json::Writer w;
  WriteCanonical(w, v);
  return w.Take();
}

}  // namespace magneto::api
