// Paged reads shared by Query and Scan, with DynamoDB's paging rules: Limit
// counts items evaluated (before the filter), a page ends after 1 MB read,
// and LastEvaluatedKey is returned whenever the page stopped early.

#include "api/page_reader.h"

#include <fmt/format.h>

#include "api/attribute_json.h"
#include "api/request.h"
#include "api/stored_item_json.h"
#include "index/index_entries.h"
#include "items/item_store.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace magneto::api {

ApiResult<std::string> ReadPage(OpContext& ctx, const PageRequest& req) {
  auto it = ctx.services.items->ScanAfter(req.range, req.reverse, req.exclusive_start);

  json::Writer items_out;
  items_out.StartArray();
  int64_t count = 0, scanned = 0;
  size_t bytes_read = 0;
  std::optional<model::Item> last_key;
  // Whole items pass from their stored bytes to JSON without being decoded;
  // a filter, a projection or an index fetch needs the decoded item.
  const bool pass_through = !req.fetch_from_table && !req.filter && !req.projection;
  for (; it->Valid(); it->Next()) {
    ++scanned;
    model::Item item;
    bool decoded = false;
    if (pass_through) {
      size_t size = 0;
      if (req.count_only) {
        if (!storage::DecodeItem(it->value(), &item)) {
          return Fail(ApiError::InternalServer("corrupt item"));
        }
        size = model::ItemSize(item);
        decoded = true;
      } else if (!WriteStoredItem(items_out, it->value(), &size)) {
        return Fail(ApiError::InternalServer("corrupt item"));
      }
      bytes_read += size;
      ++count;
    } else {
      if (!storage::DecodeItem(it->value(), &item)) {
        return Fail(ApiError::InternalServer("corrupt item"));
      }
      decoded = true;
      bytes_read += model::ItemSize(item);
      if (req.fetch_from_table) {
        auto full = ctx.services.items->Get(*req.table, KeyOf(*req.table, item));
        if (!full.ok()) return Fail(std::move(full).error());
        if (full->has_value()) {
          // Keep the index key attributes for LastEvaluatedKey.
          item = std::move(**full);
        }
      }
      bool keep = true;
      if (req.filter) {
        auto ok = expr::Evaluate(*req.filter, &item);
        if (!ok.ok()) return Fail(std::move(ok).error());
        keep = *ok;
      }
      if (keep) {
        ++count;
        if (!req.count_only) {
          if (req.projection) {
            WriteItem(items_out, expr::Project(req.projection->paths, item));
          } else {
            WriteItem(items_out, item);
          }
        }
      }
    }
    if ((req.limit && scanned >= *req.limit) || bytes_read >= kMaxPageBytes) {
      if (!decoded && !storage::DecodeItem(it->value(), &item)) {
        return Fail(ApiError::InternalServer("corrupt item"));
      }
      last_key = KeyOf(*req.table, item);
      if (req.index) {
        for (const auto* k : {&req.index->hash_key,
                              req.index->range_key ? &*req.index->range_key : nullptr}) {
          if (k == nullptr) continue;
          if (auto f = item.find(k->name); f != item.end()) last_key->insert(*f);
        }
      }
      break;
    }
  }
  items_out.EndArray();

  size_t units = std::max<size_t>((bytes_read + 4095) / 4096, 1);
  double capacity = req.consistent ? static_cast<double>(units) : static_cast<double>(units) / 2;

  json::Writer w;
  w.StartObject();
  if (req.index != nullptr) {
    // Reads of an index are charged to the index, not the table.
    WriteConsumedCapacity(w, req.capacity, req.table->name, 0,
                          {index::IndexUnits{req.index->name, req.index->global, capacity}});
  } else {
    WriteConsumedCapacity(w, req.capacity, req.table->name, capacity);
  }
  w.Key("Count").Int(count);
  if (!req.count_only) w.Key("Items").Raw(items_out.view());
  if (last_key) {
    w.Key("LastEvaluatedKey");
    WriteItem(w, *last_key);
  }
  w.Key("ScannedCount").Int(scanned);
  w.EndObject();
  return w.Take();
}

ApiResult<std::optional<expr::Condition>> DecodeFilter(const json::Value& body,
                                                       expr::ExpressionParams& params,
                                                       std::string_view legacy_member) {
  auto text = GetString(body, "FilterExpression");
  if (!text.ok()) return Fail(std::move(text).error());
  if (text->has_value()) {
    auto c = expr::ParseCondition(**text, expr::ConditionKind::kFilter, params);
    if (!c.ok()) return Fail(std::move(c).error());
    return std::optional<expr::Condition>(std::move(*c));
  }
  auto legacy = GetMember(body, legacy_member, json::Value::Kind::kObject);
  if (!legacy.ok()) return Fail(std::move(legacy).error());
  auto op = GetString(body, "ConditionalOperator");
  if (!op.ok()) return Fail(std::move(op).error());
  if (*legacy == nullptr) return std::optional<expr::Condition>();
  auto entries = DecodeLegacyConditions(**legacy, legacy_member);
  if (!entries.ok()) return Fail(std::move(entries).error());
  std::optional<std::string_view> op_view;
  if (op->has_value()) op_view = **op;
  auto c = expr::BuildFilterCondition(*entries, op_view, expr::ConditionKind::kFilter);
  if (!c.ok()) return Fail(std::move(c).error());
  return std::optional<expr::Condition>(std::move(*c));
}

ApiResult<Select> DecodeSelect(const json::Value& body, bool has_projection,
                               bool projection_is_legacy, bool has_index) {
  auto v = GetString(body, "Select");
  if (!v.ok()) return Fail(std::move(v).error());
  std::string_view projection_name = projection_is_legacy ? "AttributesToGet" : "ProjectionExpression";
  if (!v->has_value()) {
    if (has_projection) return Select::kSpecific;
    return has_index ? Select::kAllProjected : Select::kAllAttributes;
  }
  const std::string& s = **v;
  if (s == "ALL_ATTRIBUTES" || s == "COUNT") {
    if (has_projection) {
      return Fail(ApiError::Validation(
          fmt::format("Cannot specify the {} when choosing to get {}", projection_name,
                      s == "COUNT" ? "only the Count" : "ALL_ATTRIBUTES")));
    }
    return s == "COUNT" ? Select::kCount : Select::kAllAttributes;
  }
  if (s == "ALL_PROJECTED_ATTRIBUTES") {
    if (!has_index) {
      return Fail(ApiError::Validation(
          "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"));
    }
    if (has_projection) {
      return Fail(ApiError::Validation(fmt::format("Cannot specify the {} when choosing to get {}",
                                                   projection_name, s)));
    }
    return Select::kAllProjected;
  }
  if (s == "SPECIFIC_ATTRIBUTES") {
    if (!has_projection) {
      return Fail(ApiError::Validation(
          "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
          "SPECIFIC_ATTRIBUTES"));
    }
    return Select::kSpecific;
  }
  Constraints c;
  c.Violation(ShowValue(s), "select",
              "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
              "ALL_PROJECTED_ATTRIBUTES]");
  return Fail(c.ToError());
}

ApiResult<std::optional<std::string>> DecodeExclusiveStartKey(const json::Value& body,
                                                              const schema::TableDef& table,
                                                              const schema::IndexDef* index) {
  auto esk = GetMember(body, "ExclusiveStartKey", json::Value::Kind::kObject);
  if (!esk.ok()) return Fail(std::move(esk).error());
  if (*esk == nullptr) return std::optional<std::string>();
  auto key = DecodeAttributeMap(**esk);
  if (!key.ok()) return Fail(std::move(key).error());
  ApiError invalid = ApiError::Validation(
      "The provided starting key is invalid: The provided key element does not match the schema");
  if (index != nullptr) {
    // The index key attributes, then the table key within them.
    model::Item table_key = *key;
    for (const auto* k : {&index->hash_key, index->range_key ? &*index->range_key : nullptr}) {
      if (k == nullptr) continue;
      auto f = key->find(k->name);
      if (f == key->end() || f->second.type() != k->type) return Fail(invalid);
      if (!table.IsKeyAttribute(k->name)) {
        table_key.erase(k->name);
      }
    }
    if (!ValidateKey(table, table_key).ok()) return Fail(invalid);
    return std::optional<std::string>(index::EntryKey(table, *index, *key));
  }
  if (auto r = ValidateKey(table, *key); !r.ok()) {
    return Fail(ApiError::Validation("The provided starting key is invalid: " + r.error().message()));
  }
  const model::AttributeValue* sk = nullptr;
  if (table.range_key) sk = &key->find(table.range_key->name)->second;
  return std::optional<std::string>(
      storage::ItemKey(table.id, key->find(table.hash_key.name)->second, sk));
}

ApiResult<const schema::IndexDef*> ResolveIndex(const schema::TableDef& table,
                                                const std::optional<std::string>& index_name,
                                                bool consistent_read) {
  if (!index_name) return static_cast<const schema::IndexDef*>(nullptr);
  const schema::IndexDef* index = table.FindIndex(*index_name);
  if (index == nullptr || index->status == schema::IndexStatus::kDeleting) {
    return Fail(ApiError::Validation(
        fmt::format("The table does not have the specified index: {}", *index_name)));
  }
  if (index->global && consistent_read) {
    return Fail(ApiError::Validation(
        "Consistent reads are not supported on global secondary indexes"));
  }
  if (index->global && index->backfilling) {
    return Fail(ApiError::Validation(
        fmt::format("Cannot read from backfilling global secondary index: {}", index->name)));
  }
  return index;
}

ApiResult<bool> NeedsTableFetch(const schema::TableDef& table, const schema::IndexDef& index,
                                Select select, const expr::Projection* projection) {
  if (index.projection == schema::ProjectionType::kAll) return false;
  if (select == Select::kAllAttributes) {
    if (index.global) {
      return Fail(ApiError::Validation(fmt::format(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
          "for global secondary index {} because its projection type is not ALL",
          index.name)));
    }
    return true;
  }
  if (select != Select::kSpecific || projection == nullptr) return false;
  for (const auto& path : projection->paths) {
    const std::string& attribute = path.front().name;
    if (index::Projects(table, index, attribute)) continue;
    if (index.global) {
      return Fail(ApiError::Validation(fmt::format(
          "One or more parameter values were invalid: Global secondary index {} does not project "
          "[{}]",
          index.name, attribute)));
    }
    return true;
  }
  return false;
}

ApiResult<std::optional<int64_t>> DecodeLimit(const json::Value& body) {
  auto limit = GetInt(body, "Limit");
  if (!limit.ok()) return limit;
  if (limit->has_value() && **limit < 1) {
    Constraints c;
    c.Violation(ShowValue(std::to_string(**limit)), "limit",
                "Member must have value greater than or equal to 1");
    return Fail(c.ToError());
  }
  return limit;
}

}  // namespace magneto::api
