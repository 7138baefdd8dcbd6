// CreateTable: validate the key schema, secondary indexes, billing and tags,
// then add the table to the catalog in CREATING status (ACTIVE after the
// activation delay).

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <random>

#include "api/ops/ops.h"
#include "api/index_params.h"
#include "api/request.h"
#include "api/stream_spec.h"
#include "api/table_description.h"
#include "api/table_params.h"

namespace magneto::api::ops {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

// The semantic checks of the table's own key schema once the shapes are
// valid. With secondary indexes, unused definitions are reported by the index
// checks instead of the count comparison.
ApiResult<Unit> CheckKeySchema(const std::vector<NamedType>& keys,
                               const std::vector<NamedType>& defs, bool has_indexes) {
  auto defined = [&defs](const std::string& name) {
    for (const auto& d : defs) {
      if (*d.name == name) return true;
    }
    return false;
  };
  for (size_t i = 0; i < defs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (*defs[i].name == *defs[j].name) {
        return Fail(
            ApiError::Validation(fmt::format("Attribute Name is duplicated: {}", *defs[i].name)));
      }
    }
  }
  if (keys.size() == 2 && *keys[0].name == *keys[1].name) {
    return Fail(ApiError::Validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name"));
  }
  for (const auto& k : keys) {
    if (defined(*k.name)) continue;
    if (keys.size() == 2) {
      return Fail(
          ApiError::Validation("Invalid KeySchema: Some index key attribute have no definition"));
    }
    return Fail(ApiError::Validation(fmt::format(
        "{}Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
        "AttributeDefinitions: [{}]",
        kInvalid, JoinNames(keys), JoinNames(defs))));
  }
  if (keys.size() == 2 && *keys[0].type == "HASH" && *keys[1].type == "HASH") {
    return Fail(ApiError::Validation(
        "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"));
  }
  if (*keys[0].type != "HASH") {
    return Fail(ApiError::Validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"));
  }
  if (keys.size() == 2 && *keys[1].type != "RANGE") {
    return Fail(ApiError::Validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"));
  }
  if (!has_indexes && keys.size() != defs.size()) {
    return Fail(ApiError::Validation(fmt::format(
        "{}Number of attributes in KeySchema does not exactly match number of attributes defined "
        "in AttributeDefinitions",
        kInvalid)));
  }
  return Unit{};
}

const NamedType* FindDef(const std::vector<NamedType>& defs, const std::string& name) {
  for (const NamedType& d : defs) {
    if (*d.name == name) return &d;
  }
  return nullptr;
}

// A random (version 4) UUID, DynamoDB's TableId.
std::string RandomUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF,
                     hi & 0xFFFF, lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

}  // namespace

ApiResult<std::string> CreateTable(OpContext& ctx, const json::Value& request) {
  // Decode, collecting shape violations as DynamoDB reports them together.
  auto name = GetString(request, "TableName");
  if (!name.ok()) return Fail(std::move(name).error());
  Constraints c;
  CheckTableName(c, *name);
  auto keys = DecodeNamedTypes(request, "KeySchema", "keySchema", "KeyType", {"HASH", "RANGE"},
                               /*required=*/true, c);
  if (!keys.ok()) return Fail(std::move(keys).error());
  if (request.Find("KeySchema") != nullptr && !request.Find("KeySchema")->is_null()) {
    if (keys->empty()) {
      c.Violation("'[]'", "keySchema", "Member must have length greater than or equal to 1");
    } else if (keys->size() > 2) {
      c.Violation(ShowValue(ShowKeySchema(*keys)), "keySchema",
                  "Member must have length less than or equal to 2");
    }
  }
  auto defs = DecodeNamedTypes(request, "AttributeDefinitions", "attributeDefinitions",
                               "AttributeType", {"B", "N", "S"}, /*required=*/true, c);
  if (!defs.ok()) return Fail(std::move(defs).error());
  auto throughput = DecodeThroughput(request, c);
  if (!throughput.ok()) return Fail(std::move(throughput).error());
  auto billing = DecodeBillingMode(request, c);
  if (!billing.ok()) return Fail(std::move(billing).error());
  auto lsis = DecodeIndexList(request, /*global=*/false, c);
  if (!lsis.ok()) return Fail(std::move(lsis).error());
  auto gsis = DecodeIndexList(request, /*global=*/true, c);
  if (!gsis.ok()) return Fail(std::move(gsis).error());
  auto stream_spec = DecodeStreamSpecification(request, c);
  if (!stream_spec.ok()) return Fail(std::move(stream_spec).error());
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  if (*stream_spec) {
    if (auto r = CheckCreateStreamSpec(**stream_spec); !r.ok()) return Fail(std::move(r).error());
  }

  // TODO(encryption): a later issue.
  if (const json::Value* sse = request.Find("SSESpecification"); sse != nullptr) {
    const json::Value* enabled = sse->Find("Enabled");
    if (enabled != nullptr && enabled->is_bool() && enabled->boolean()) {
      return Fail(NotSupportedYet("SSESpecification"));
    }
  }

  bool has_indexes = lsis->has_value() || gsis->has_value();
  if (auto r = CheckKeySchema(*keys, *defs, has_indexes); !r.ok()) {
    return Fail(std::move(r).error());
  }
  schema::BillingMode mode = billing->value_or(schema::BillingMode::kProvisioned);
  if (mode == schema::BillingMode::kProvisioned && !*throughput) {
    return Fail(ApiError::Validation(fmt::format(
        "{}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED",
        kInvalid)));
  }
  if (mode == schema::BillingMode::kPayPerRequest && *throughput) {
    return Fail(ApiError::Validation(fmt::format(
        "{}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST",
        kInvalid)));
  }
  int64_t now = schema::NowMillis();
  TableKeys table_keys;
  for (const NamedType& k : *keys) {
    schema::KeyElement e{*k.name, ScalarType(*FindDef(*defs, *k.name)->type)};
    if (*k.type == "HASH") {
      table_keys.hash = e;
    } else {
      table_keys.range = e;
    }
  }
  auto indexes = BuildCreateTableIndexes(table_keys, *defs, *lsis, *gsis, mode, now);
  if (!indexes.ok()) return Fail(std::move(indexes).error());
  auto table_class = DecodeTableClass(request);
  if (!table_class.ok()) return Fail(std::move(table_class).error());
  std::vector<schema::Tag> tags;
  auto tags_json = GetMember(request, "Tags", json::Value::Kind::kArray);
  if (!tags_json.ok()) return Fail(std::move(tags_json).error());
  if (*tags_json != nullptr) {
    auto decoded = DecodeTags(**tags_json);
    if (!decoded.ok()) return Fail(std::move(decoded).error());
    if (auto r = MergeTags(tags, *decoded); !r.ok()) return Fail(std::move(r).error());
  }
  auto protection = GetBool(request, "DeletionProtectionEnabled");
  if (!protection.ok()) return Fail(std::move(protection).error());

  // Act.
  schema::TableDef def;
  def.name = std::move(**name);
  def.table_uuid = RandomUuid();
  def.created_ms = now;
  def.status = schema::TableStatus::kCreating;
  def.status_until_ms = now + ctx.services.config.table_activation_delay_ms;
  def.hash_key = table_keys.hash;
  def.range_key = table_keys.range;
  // DynamoDB reports AttributeDefinitions sorted by name.
  for (const NamedType& a : *defs) {
    def.attribute_definitions.push_back({*a.name, ScalarType(*a.type)});
  }
  std::sort(def.attribute_definitions.begin(), def.attribute_definitions.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  def.local_indexes = std::move(indexes->local);
  def.global_indexes = std::move(indexes->global);
  def.billing_mode = mode;
  if (mode == schema::BillingMode::kPayPerRequest) {
    def.billing_mode_changed_ms = now;
  } else {
    def.throughput.read_capacity_units = (*throughput)->read_capacity_units;
    def.throughput.write_capacity_units = (*throughput)->write_capacity_units;
  }
  def.deletion_protection = protection->value_or(false);
  def.table_class = table_class->value_or("");
  def.tags = std::move(tags);
  if (*stream_spec && (*stream_spec)->enabled) {
    def.streams.push_back(NewStream(ctx, *(*stream_spec)->view_type, now));
  }
  auto created = ctx.services.catalog->Create(std::move(def));
  if (!created.ok()) return Fail(std::move(created).error());

  // Encode.
  json::Writer w;
  w.StartObject().Key("TableDescription");
  WriteTableDescription(w, ctx.services.config, **created, items::TableStats{}, now);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
