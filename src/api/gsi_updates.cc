// UpdateTable's GlobalSecondaryIndexUpdates: Create, Update and Delete of
// global secondary indexes on an existing table.

#include "api/gsi_updates.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace magneto::api {

namespace {

ApiError OnlineIndexLimit() {
  return ApiError::LimitExceeded(
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
      "per table");
}

ApiError IndexNotFound(std::string_view index, std::string_view table) {
  return ApiError::ResourceNotFound(
      fmt::format("Requested resource not found: Index {} for table {}", index, table));
}

const char* KeyTypeCode(model::Type t) {
  return t == model::Type::kN ? "N" : t == model::Type::kB ? "B" : "S";
}

// "key{xyz:S:HASH}" elements of the key schema that uses `attr`, as DynamoDB
// shows schemas in its "cannot be redefined" message.
std::string ShowSchemaOf(const schema::KeyElement& hash,
                         const std::optional<schema::KeyElement>& range) {
  std::string out =
      fmt::format("Schema:[SchemaElement: key{{{}:{}:HASH}}", hash.name, KeyTypeCode(hash.type));
  if (range) {
    out +=
        fmt::format(", SchemaElement: key{{{}:{}:RANGE}}", range->name, KeyTypeCode(range->type));
  }
  return out + "]";
}

// The key type an existing table or index key gives `attr`, and the schema
// it belongs to; nullopt when no key uses it.
std::optional<std::pair<model::Type, std::string>> ExistingKeyType(const schema::TableDef& def,
                                                                   const std::string& attr) {
  auto look = [&attr](const schema::KeyElement& hash,
                      const std::optional<schema::KeyElement>& range)
      -> std::optional<std::pair<model::Type, std::string>> {
    if (hash.name == attr) return std::pair{hash.type, ShowSchemaOf(hash, range)};
    if (range && range->name == attr) return std::pair{range->type, ShowSchemaOf(hash, range)};
    return std::nullopt;
  };
  if (auto t = look(def.hash_key, def.range_key)) return t;
  for (const auto* list : {&def.local_indexes, &def.global_indexes}) {
    for (const auto& index : *list) {
      if (auto t = look(index.hash_key, index.range_key)) return t;
    }
  }
  return std::nullopt;
}

bool KeyUses(const schema::TableDef& def, std::string_view attr) {
  if (def.IsKeyAttribute(attr)) return true;
  for (const auto* list : {&def.local_indexes, &def.global_indexes}) {
    for (const auto& index : *list) {
      if (index.IsKeyAttribute(attr)) return true;
    }
  }
  return false;
}

size_t ProjectedAttributes(const schema::TableDef& def) {
  size_t n = 0;
  for (const auto* list : {&def.local_indexes, &def.global_indexes}) {
    for (const auto& index : *list) n += index.non_key_attributes.size();
  }
  return n;
}

bool IsLocalIndex(const schema::TableDef& def, std::string_view name) {
  for (const auto& index : def.local_indexes) {
    if (index.name == name) return true;
  }
  return false;
}

schema::IndexDef* FindGlobal(schema::TableDef& def, std::string_view name) {
  for (auto& index : def.global_indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

ApiResult<Unit> ApplyCreate(schema::TableDef& def, const GsiAction& action,
                            const std::vector<NamedType>& defs, int64_t now_ms, uint32_t id) {
  const IndexRequest& create = action.create;
  if (def.FindIndex(create.name) != nullptr) {
    return Fail(ApiError::Validation("Attempting to create an index which already exists"));
  }
  if (def.global_indexes.size() >= kMaxGlobalIndexes) {
    // LimitExceededException through UpdateTable; the wording is not confirmed.
    return Fail(ApiError::LimitExceeded(fmt::format(
        "GlobalSecondaryIndex count exceeds the per-table limit of {}", kMaxGlobalIndexes)));
  }
  schema::IndexDef index = MakeIndexDef(create, /*global=*/true, defs, now_ms);
  for (const schema::KeyElement* key :
       {&index.hash_key, index.range_key ? &*index.range_key : nullptr}) {
    if (key == nullptr) continue;
    auto existing = ExistingKeyType(def, key->name);
    if (existing && existing->first != key->type) {
      return Fail(InvalidParameter(fmt::format(
          "Attributes cannot be redefined. Please check that your attribute has the same type as "
          "previously defined. Existing schema: {} New schema: {}",
          existing->second, ShowSchemaOf(index.hash_key, index.range_key))));
    }
  }
  if (def.billing_mode == schema::BillingMode::kProvisioned && !create.throughput) {
    return Fail(InvalidParameter(
        fmt::format("Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {}",
                    create.name)));
  }
  if (def.billing_mode == schema::BillingMode::kPayPerRequest && create.throughput) {
    return Fail(InvalidParameter(fmt::format(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: {} when "
        "BillingMode is PAY_PER_REQUEST",
        create.name)));
  }
  if (ProjectedAttributes(def) + index.non_key_attributes.size() > kMaxProjectedAttributes) {
    return Fail(InvalidParameter(fmt::format(
        "Number of projected attributes in all indexes exceeds limit of {}, number of projected "
        "attributes: {}",
        kMaxProjectedAttributes, ProjectedAttributes(def) + index.non_key_attributes.size())));
  }
  index.id = id;
  index.status = schema::IndexStatus::kCreating;
  index.backfilling = true;
  // The new key attributes join the table's definitions (sorted by name, as
  // DynamoDB reports them); other entries of the request are ignored.
  for (const schema::KeyElement* key :
       {&index.hash_key, index.range_key ? &*index.range_key : nullptr}) {
    if (key == nullptr) continue;
    auto& attrs = def.attribute_definitions;
    bool known = std::any_of(attrs.begin(), attrs.end(),
                             [key](const auto& a) { return a.name == key->name; });
    if (!known) attrs.push_back({key->name, key->type});
  }
  std::sort(def.attribute_definitions.begin(), def.attribute_definitions.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  def.global_indexes.push_back(std::move(index));
  return Unit{};
}

}  // namespace

const GsiAction* GsiUpdates::create() const {
  for (const GsiAction& a : actions) {
    if (a.kind == GsiAction::Kind::kCreate) return &a;
  }
  return nullptr;
}

bool GsiUpdates::creates_or_deletes() const {
  return std::any_of(actions.begin(), actions.end(),
                     [](const GsiAction& a) { return a.kind != GsiAction::Kind::kUpdate; });
}

ApiResult<std::optional<GsiUpdates>> DecodeGsiUpdates(const json::Value& request, Constraints& c) {
  auto list = GetMember(request, "GlobalSecondaryIndexUpdates", json::Value::Kind::kArray);
  if (!list.ok()) return Fail(std::move(list).error());
  if (*list == nullptr) return std::optional<GsiUpdates>();
  GsiUpdates out;
  if (HasMember(request, "AttributeDefinitions")) {
    auto defs = DecodeNamedTypes(request, "AttributeDefinitions", "attributeDefinitions",
                                 "AttributeType", {"B", "N", "S"}, /*required=*/false, c);
    if (!defs.ok()) return Fail(std::move(defs).error());
    out.attribute_definitions = std::move(*defs);
  }
  const auto& elements = (*list)->elements();
  for (size_t i = 0; i < elements.size(); ++i) {
    std::string field = fmt::format("globalSecondaryIndexUpdates.{}.member", i + 1);
    GsiAction action;
    auto create = GetMember(elements[i], "Create", json::Value::Kind::kObject);
    if (!create.ok()) return Fail(std::move(create).error());
    auto update = GetMember(elements[i], "Update", json::Value::Kind::kObject);
    if (!update.ok()) return Fail(std::move(update).error());
    auto del = GetMember(elements[i], "Delete", json::Value::Kind::kObject);
    if (!del.ok()) return Fail(std::move(del).error());
    action.action_count = (*create != nullptr) + (*update != nullptr) + (*del != nullptr);
    if (*create != nullptr) {
      action.kind = GsiAction::Kind::kCreate;
      auto index = DecodeIndex(**create, field + ".create", /*global=*/true, c);
      if (!index.ok()) return Fail(std::move(index).error());
      action.create = std::move(*index);
      action.index_name = action.create.name;
    }
    if (*update != nullptr) {
      action.kind = GsiAction::Kind::kUpdate;
      auto name = GetString(**update, "IndexName");
      if (!name.ok()) return Fail(std::move(name).error());
      CheckTableName(c, *name, field + ".update.indexName");
      action.index_name = name->value_or("");
      std::string tp_field = field + ".update.provisionedThroughput";
      auto tp = DecodeThroughput(**update, c, tp_field);
      if (!tp.ok()) return Fail(std::move(tp).error());
      // TODO(indexes): OnDemandThroughput and WarmThroughput updates.
      if (!*tp) {
        c.Null(tp_field);
      } else {
        action.throughput = **tp;
      }
    }
    if (*del != nullptr) {
      action.kind = GsiAction::Kind::kDelete;
      auto name = GetString(**del, "IndexName");
      if (!name.ok()) return Fail(std::move(name).error());
      CheckTableName(c, *name, field + ".delete.indexName");
      action.index_name = name->value_or("");
    }
    out.actions.push_back(std::move(action));
  }
  return std::optional(std::move(out));
}

ApiResult<Unit> CheckGsiUpdates(const GsiUpdates& u) {
  std::set<std::string_view> names;
  size_t online = 0;
  for (const GsiAction& a : u.actions) {
    if (a.action_count == 0) {
      return Fail(InvalidParameter(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null"));
    }
    if (a.action_count > 1) {
      return Fail(InvalidParameter(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object"));
    }
    if (!names.insert(a.index_name).second) {
      return Fail(InvalidParameter(fmt::format(
          "Only one global secondary index update per index is allowed simultaneously. Index: {}",
          a.index_name)));
    }
    if (a.kind != GsiAction::Kind::kUpdate) ++online;
  }
  if (online > 1) return Fail(OnlineIndexLimit());
  if (const GsiAction* a = u.create()) {
    // Only this request's AttributeDefinitions count, even for attributes the
    // table already defines.
    if (!u.attribute_definitions) {
      return Fail(InvalidParameter(
          fmt::format("AttributeDefinitions is not specified for index: {}", a->index_name)));
    }
    if (auto r = CheckIndexKeys(a->create, /*global=*/true, *u.attribute_definitions); !r.ok()) {
      return r;
    }
    if (auto r = CheckProjection(a->create); !r.ok()) return r;
  }
  return Unit{};
}

ApiResult<Unit> ApplyGsiUpdates(schema::TableDef& def, const GsiUpdates& u,
                                schema::BillingMode old_mode, int64_t now_ms,
                                uint32_t new_index_id) {
  if (u.creates_or_deletes()) {
    for (const auto& index : def.global_indexes) {
      if (index.status != schema::IndexStatus::kActive) return Fail(OnlineIndexLimit());
    }
  }
  bool to_provisioned = old_mode == schema::BillingMode::kPayPerRequest &&
                        def.billing_mode == schema::BillingMode::kProvisioned;
  for (const GsiAction& a : u.actions) {
    if (a.kind == GsiAction::Kind::kCreate) {
      if (auto r = ApplyCreate(def, a, *u.attribute_definitions, now_ms, new_index_id); !r.ok()) {
        return r;
      }
      continue;
    }
    bool update = a.kind == GsiAction::Kind::kUpdate;
    if (IsLocalIndex(def, a.index_name)) {
      return Fail(ApiError::Validation(
          fmt::format("Cannot {} an index that is not a GlobalSecondaryIndex: {}",
                      update ? "update" : "delete", a.index_name)));
    }
    schema::IndexDef* index = FindGlobal(def, a.index_name);
    if (index == nullptr) return Fail(IndexNotFound(a.index_name, def.name));
    if (index->status == schema::IndexStatus::kDeleting) {
      return Fail(ApiError::ResourceInUse(fmt::format(
          "Attempt to change a resource which is still in use: Index is being deleted. Table: {} "
          "Index: {}",
          def.name, a.index_name)));
    }
    if (!update) {
      index->status = schema::IndexStatus::kDeleting;
      continue;
    }
    if (def.billing_mode == schema::BillingMode::kPayPerRequest) {
      return Fail(InvalidParameter(fmt::format(
          "The only Updates for index: {} when TableThroughputMode is PAY_PER_REQUEST can be to "
          "OnDemandThroughput, WarmThroughput",
          a.index_name)));
    }
    if (to_provisioned) {
      index->throughput.read_capacity_units = a.throughput.read_capacity_units;
      index->throughput.write_capacity_units = a.throughput.write_capacity_units;
    } else if (auto r = ChangeThroughput(index->throughput, a.throughput, now_ms,
                                         fmt::format("index {}", a.index_name));
               !r.ok()) {
      return r;
    }
  }
  // A switch to PROVISIONED needs the capacity of every global index; a
  // switch to PAY_PER_REQUEST drops it (DescribeTable then shows zeros).
  for (auto& index : def.global_indexes) {
    if (to_provisioned && index.throughput.read_capacity_units == 0 &&
        index.status != schema::IndexStatus::kDeleting) {
      return Fail(InvalidParameter(
          fmt::format("ProvisionedThroughput must be specified for index: {}", index.name)));
    }
    if (def.billing_mode == schema::BillingMode::kPayPerRequest) {
      index.throughput.read_capacity_units = 0;
      index.throughput.write_capacity_units = 0;
    }
  }
  return Unit{};
}

std::vector<uint32_t> DropDeletingIndexes(schema::TableDef& def) {
  std::vector<uint32_t> dropped;
  auto& list = def.global_indexes;
  for (auto it = list.begin(); it != list.end();) {
    if (it->status == schema::IndexStatus::kDeleting) {
      dropped.push_back(it->id);
      it = list.erase(it);
    } else {
      ++it;
    }
  }
  auto& attrs = def.attribute_definitions;
  attrs.erase(std::remove_if(attrs.begin(), attrs.end(),
                             [&def](const auto& a) { return !KeyUses(def, a.name); }),
              attrs.end());
  return dropped;
}

}  // namespace magneto::api
