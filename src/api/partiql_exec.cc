// Execution of PartiQL statements (see partiql_exec.h): table binding,
// single-item writes as mutations, key reads, and paged SELECTs.

#include "api/partiql_exec.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/attribute_json.h"
#include "api/batch_request.h"
#include "api/page_reader.h"
#include "api/request.h"
#include "common/base64.h"
#include "expr/evaluate.h"
#include "expr/path.h"
#include "expr/projection.h"
#include "expr/resolve.h"
#include "expr/update.h"
#include "index/index_entries.h"
#include "model/validate.h"
#include "partiql/parser.h"
#include "partiql/plan.h"
#include "storage/item_codec.h"
#include "txn/idempotency.h"

namespace magneto::api {

namespace {

using partiql::StatementKind;

// DynamoDB's PartiQL table-name rule, checked before looking the table up.
bool ValidTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}


// NextToken: base64 of {"f": fingerprint of the request, "k": base64 of the
// storage key the page stopped at}. Opaque to clients.
std::string FingerprintHex(const std::string& source) {
  txn::Fingerprint f = txn::Fingerprint::Of(source);
  return fmt::format("{:016x}{:016x}{:x}", f.h1, f.h2, f.size);
}

std::string EncodeNextToken(const std::string& fingerprint_source, std::string_view last_key) {
  json::Writer w;
  w.StartObject();
  w.Key("f").String(FingerprintHex(fingerprint_source));
  w.Key("k").String(Base64Encode(last_key));
  w.EndObject();
  return Base64Encode(w.Take());
}

ApiResult<std::string> DecodeNextToken(const std::string& token,
                                       const std::string& fingerprint_source) {
  ApiError invalid = ApiError::Validation("Invalid NextToken");
  auto text = Base64Decode(token);
  if (!text) return Fail(invalid);
  auto doc = json::Parse(*text);
  if (!doc.ok() || !doc->is_object()) return Fail(invalid);
  const json::Value* f = doc->Find("f");
  const json::Value* k = doc->Find("k");
  if (f == nullptr || k == nullptr || !f->is_string() || !k->is_string()) return Fail(invalid);
  auto key = Base64Decode(k->str());
  if (!key) return Fail(invalid);
  if (f->str() != FingerprintHex(fingerprint_source)) {
    return Fail(ApiError::Validation("The provided starting key is invalid"));
  }
  return std::move(*key);
}

void WriteConsumed(json::Writer& w, const SelectOptions& o, const PreparedStatement& st,
                   double units) {
  if (st.index != nullptr) {
    WriteConsumedCapacity(w, o.capacity, st.table->name, 0,
                          {index::IndexUnits{st.index->name, st.index->global, units}});
  } else {
    WriteConsumedCapacity(w, o.capacity, st.table->name, units);
  }
}

}  // namespace

ApiError DuplicateItem() {
  return ApiError(ApiError::kDynamoPrefix, "DuplicateItemException",
                  "Duplicate primary key exists in table", 400);
}

void CheckStatementText(Constraints& c, const std::optional<std::string>& text,
                        std::string_view field) {
  if (!text) {
    c.Null(field);
  } else if (text->empty()) {
    c.Violation(ShowValue(*text), field, "Member must have length greater than or equal to 1");
  } else if (text->size() > 8192) {
    c.Violation(ShowValue(*text), field, "Member must have length less than or equal to 8192");
  }
}

ApiResult<std::vector<model::AttributeValue>> DecodeParameters(const json::Value& body) {
  auto params = GetMember(body, "Parameters", json::Value::Kind::kArray);
  if (!params.ok()) return Fail(std::move(params).error());
  std::vector<model::AttributeValue> out;
  if (*params == nullptr) return out;
  for (const json::Value& p : (*params)->elements()) {
    auto v = DecodeAttributeValue(p);
    if (!v.ok()) return Fail(std::move(v).error());
    out.push_back(std::move(*v));
  }
  return out;
}

ApiResult<PreparedStatement> PrepareStatement(OpContext& ctx, std::string_view text,
                                              const std::vector<model::AttributeValue>& params) {
  auto stmt = partiql::Parse(text, params);
  if (!stmt.ok()) return Fail(std::move(stmt).error());
  return BindStatement(ctx, std::move(*stmt));
}

ApiResult<PreparedStatement> BindStatement(OpContext& ctx, partiql::Statement stmt) {
  PreparedStatement out;
  out.stmt = std::move(stmt);
  if (!ValidTableName(out.stmt.table)) {
    return Fail(ApiError::Validation(
        "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', "
        "'-', '_', '.'."));
  }
  auto table = FindBatchTable(ctx, out.stmt.table);
  if (!table.ok()) return Fail(std::move(table).error());
  out.table = std::move(*table);
  if (out.stmt.index) {
    if (out.stmt.kind != StatementKind::kSelect) {
      return Fail(ApiError::Validation("This operation is not supported on an index"));
    }
    auto index = ResolveIndex(*out.table, out.stmt.index, /*consistent_read=*/false);
    if (!index.ok()) return Fail(std::move(index).error());
    out.index = *index;
  }
  return out;
}

ApiResult<std::unique_ptr<StatementWrite>> StatementWrite::Make(PreparedStatement st,
                                                                bool return_old) {
  std::unique_ptr<StatementWrite> w(new StatementWrite());
  const schema::TableDef& table = *st.table;
  w->return_old_ = return_old;
  if (st.stmt.kind == StatementKind::kInsert) {
    const model::Item& item = st.stmt.item;
    if (auto r = ValidateItemKeys(table, item); !r.ok()) return Fail(std::move(r).error());
    if (auto r = model::ValidateItemSize(item); !r.ok()) return Fail(std::move(r).error());
    if (auto r = model::ValidateItemNesting(item); !r.ok()) return Fail(std::move(r).error());
    if (table.has_indexes()) {
      if (auto r = index::ValidateIndexKeys(table, item); !r.ok())
        return Fail(std::move(r).error());
    }
    w->key_ = KeyOf(table, item);
  } else {
    auto plan = partiql::PlanKey(st.stmt, table);
    if (!plan.ok()) {
      if (st.stmt.kind == StatementKind::kExists) {
        return Fail(ApiError::Validation(
            "EXISTS() must contain a single item read with additional condition"));
      }
      return Fail(std::move(plan).error());
    }
    if (auto r = ValidateKey(table, plan->key); !r.ok()) return Fail(std::move(r).error());
    w->key_ = std::move(plan->key);
    w->condition_ = std::move(plan->condition);
    if (st.stmt.kind == StatementKind::kExists && !w->condition_) {
      return Fail(ApiError::Validation(
          "EXISTS() must contain a single item read with additional condition"));
    }
  }
  if (st.stmt.kind == StatementKind::kUpdate) {
    w->update_.actions = st.stmt.actions;
    if (auto r = expr::ValidateUpdate(w->update_.actions); !r.ok()) {
      return Fail(std::move(r).error());
    }
    if (auto r = CheckKeyUntouched(table, w->update_); !r.ok()) return Fail(std::move(r).error());
  }
  w->st_ = std::move(st);
  return w;
}

items::Mutation StatementWrite::mutation() {
  return [this](const model::Item* current) { return Mutate(current); };
}

ApiResult<std::optional<model::Item>> StatementWrite::Mutate(const model::Item* current) {
  const schema::TableDef& table = *st_.table;
  switch (st_.stmt.kind) {
    case StatementKind::kInsert:
      if (current != nullptr) return Fail(DuplicateItem());
      return std::optional<model::Item>(st_.stmt.item);
    case StatementKind::kDelete:
      // Deleting an item that is not there succeeds and changes nothing.
      if (current == nullptr) return std::optional<model::Item>();
      break;
    case StatementKind::kUpdate:
    case StatementKind::kExists:
      // UPDATE never creates an item: the WHERE clause matched nothing.
      if (current == nullptr) return Fail(ConditionFailed(nullptr, false));
      break;
    case StatementKind::kSelect:
      return Fail(ApiError::InternalServer("SELECT is not a write"));
  }
  if (condition_) {
    auto ok = expr::EvaluateNode(*condition_, current);
    if (!ok.ok()) return Fail(std::move(ok).error());
    if (!*ok) return Fail(ConditionFailed(current, return_old_));
  }
  if (st_.stmt.kind != StatementKind::kUpdate) return std::optional<model::Item>();
  auto applied = expr::ApplyUpdate(update_, current);
  if (!applied.ok()) return Fail(std::move(applied).error());
  if (table.has_indexes()) {
    if (auto r = index::ValidateIndexKeys(table, applied->new_item, /*from_update=*/true);
        !r.ok()) {
      return Fail(std::move(r).error());
    }
  }
  if (model::ItemSize(applied->new_item) > model::kMaxItemSize) {
    return Fail(ApiError::Validation("Item size to update has exceeded the maximum allowed size"));
  }
  updated_paths_ = std::move(applied->updated_paths);
  return std::optional<model::Item>(std::move(applied->new_item));
}

std::optional<model::Item> StatementWrite::Returned(const items::MutationOutcome& outcome) const {
  const model::Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
  const model::Item* new_item = outcome.new_item ? &*outcome.new_item : nullptr;
  switch (st_.stmt.returning) {
    case partiql::Returning::kNone:
      return std::nullopt;
    case partiql::Returning::kAllOld:
      if (old_item == nullptr) return std::nullopt;
      return *old_item;
    case partiql::Returning::kAllNew:
      if (new_item == nullptr) return std::nullopt;
      return *new_item;
    case partiql::Returning::kModifiedOld:
      if (old_item == nullptr) return std::nullopt;
      return expr::Project(updated_paths_, *old_item);
    case partiql::Returning::kModifiedNew:
      if (new_item == nullptr) return std::nullopt;
      return expr::Project(updated_paths_, *new_item);
  }
  return std::nullopt;
}

size_t StatementWrite::RequestBytes() const {
  return model::ItemSize(st_.stmt.kind == StatementKind::kInsert ? st_.stmt.item : key_);
}

ApiResult<KeyRead> PlanKeyRead(const PreparedStatement& st, std::string_view message) {
  if (st.index != nullptr) return Fail(ApiError::Validation(std::string(message)));
  auto plan = partiql::PlanSelect(st.stmt, *st.table, nullptr);
  if (!plan.ok()) return Fail(std::move(plan).error());
  if (plan->kind != partiql::ReadKind::kGet)
    return Fail(ApiError::Validation(std::string(message)));
  if (auto r = ValidateKey(*st.table, plan->key); !r.ok()) return Fail(std::move(r).error());
  return KeyRead{std::move(plan->key), std::move(plan->filter)};
}

ApiResult<std::optional<model::Item>> KeyReadResult(const PreparedStatement& st,
                                                    const KeyRead& read,
                                                    const std::optional<model::Item>& item) {
  if (!item) return std::optional<model::Item>();
  if (read.filter) {
    auto ok = expr::EvaluateNode(*read.filter, &*item);
    if (!ok.ok()) return Fail(std::move(ok).error());
    if (!*ok) return std::optional<model::Item>();
  }
  return std::optional<model::Item>(ProjectForSelect(st.stmt, *item));
}

model::Item ProjectForSelect(const partiql::Statement& st, const model::Item& item) {
  if (st.projection.empty()) return item;
  model::Item out;
  for (const expr::Path& path : st.projection) {
    if (const model::AttributeValue* v = expr::GetPath(item, path)) {
      out.emplace(partiql::ProjectionName(path), *v);
    }
  }
  return out;
}

ApiResult<std::string> ExecuteSelect(OpContext& ctx, const PreparedStatement& st,
                                     const SelectOptions& options) {
  if (st.index != nullptr && st.index->global && options.consistent) {
    return Fail(
        ApiError::Validation("Consistent reads are not supported on global secondary indexes"));
  }
  auto plan = partiql::PlanSelect(st.stmt, *st.table, st.index);
  if (!plan.ok()) return Fail(std::move(plan).error());
  std::optional<std::string> start;
  if (options.next_token) {
    auto key = DecodeNextToken(*options.next_token, options.fingerprint_source);
    if (!key.ok()) return Fail(std::move(key).error());
    start = std::move(*key);
  }

  json::Writer w;
  w.StartObject();
  if (plan->kind == partiql::ReadKind::kEmpty) {
    w.Key("Items").StartArray().EndArray();
    WriteConsumed(w, options, st, 0);
    w.EndObject();
    return w.Take();
  }
  if (plan->kind == partiql::ReadKind::kGet) {
    if (auto r = ValidateKey(*st.table, plan->key); !r.ok()) return Fail(std::move(r).error());
    auto item = ctx.services.items->Get(*st.table, plan->key);
    if (!item.ok()) return Fail(std::move(item).error());
    auto result = KeyReadResult(st, KeyRead{plan->key, plan->filter}, *item);
    if (!result.ok()) return Fail(std::move(result).error());
    w.Key("Items").StartArray();
    // A continuation of a single-item read has nothing left to give.
    if (*result && !start) WriteItem(w, **result);
    w.EndArray();
    WriteConsumed(w, options, st,
                  ReadCapacityUnits(item->has_value() ? &**item : nullptr, options.consistent));
    w.EndObject();
    return w.Take();
  }

  uint32_t id = st.index != nullptr ? st.index->id : st.table->id;
  items::KeyRange range = plan->kind == partiql::ReadKind::kQuery
                              ? items::PartitionRange(id, plan->hash, plan->sort_op, plan->bounds)
                              : items::TableRange(id);
  auto it = ctx.services.items->ScanAfter(range, plan->reverse, start);

  w.Key("Items").StartArray();
  int64_t scanned = 0;
  size_t bytes_read = 0;
  std::optional<std::string> last_key;
  for (; it->Valid(); it->Next()) {
    model::Item item;
    if (!storage::DecodeItem(it->value(), &item)) {
      return Fail(ApiError::InternalServer("corrupt item"));
    }
    ++scanned;
    bytes_read += model::ItemSize(item);
    bool keep = true;
    if (plan->filter) {
      auto ok = expr::EvaluateNode(*plan->filter, &item);
      if (!ok.ok()) return Fail(std::move(ok).error());
      keep = *ok;
    }
    if (keep) WriteItem(w, ProjectForSelect(st.stmt, item));
    if ((options.limit && scanned >= *options.limit) || bytes_read >= kMaxPageBytes) {
      last_key = std::string(it->key());
      break;
    }
  }
  w.EndArray();
  // Like Query and Scan, a page that stopped early says so even when
  // nothing follows; the next page is then empty.
  if (last_key) w.Key("NextToken").String(EncodeNextToken(options.fingerprint_source, *last_key));
  size_t units = std::max<size_t>((bytes_read + 4095) / 4096, 1);
  WriteConsumed(w, options, st,
                options.consistent ? static_cast<double>(units) : static_cast<double>(units) / 2);
  w.EndObject();
  return w.Take();
}

std::string StatementErrorCode(const ApiError& e) {
  const std::string& type = e.type();
  if (type == "ValidationException") return "ValidationError";
  constexpr std::string_view kSuffix = "Exception";
  if (type.size() > kSuffix.size() && type.ends_with(kSuffix)) {
    return type.substr(0, type.size() - kSuffix.size());
  }
  return type;
}

void WriteStatementError(json::Writer& w, const ApiError& e) {
  json::Writer err;
  err.StartObject();
  err.Key("Code").String(StatementErrorCode(e));
  err.Key("Message").String(e.message());
  err.EndObject();
  std::string text = err.Take();
  if (!e.extra_members().empty()) {
    text.pop_back();
    text += ',' + e.extra_members() + '}';
  }
  w.Raw(text);
}

}  // namespace magneto::api
