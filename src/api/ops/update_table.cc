// UpdateTable: change billing mode, provisioned throughput, deletion
// protection or table class, or create, update or delete a global secondary
// index. Billing, throughput and class changes put the table in UPDATING for
// the activation delay, as DynamoDB does; a new index fills in the background.

#include <fmt/format.h>

#include "api/gsi_updates.h"
#include "api/ops/ops.h"
#include "items/item_store.h"
#include "api/request.h"
#include "api/stream_spec.h"
#include "api/table_description.h"
#include "api/table_params.h"
#include "index/backfill.h"

namespace magneto::api::ops {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

struct TableUpdate {
  std::optional<schema::BillingMode> billing;
  std::optional<ThroughputRequest> throughput;
  std::optional<bool> deletion_protection;
  std::optional<std::string> table_class;
  std::optional<GsiUpdates> gsi;  // nullopt: GlobalSecondaryIndexUpdates absent
  std::optional<StreamSpecRequest> stream;
  schema::StreamDef new_stream;  // the stream to add when enabling one
};

ApiError Invalid(std::string_view what) {
  return ApiError::Validation(fmt::format("{}{}", kInvalid, what));
}

// The change itself, on the table as it is now (under the catalog's lock).
ApiResult<Unit> Apply(schema::TableDef& def, const TableUpdate& u, int64_t now,
                      int64_t activation_delay_ms, uint32_t new_index_id) {
  if (def.status == schema::TableStatus::kCreating ||
      def.status == schema::TableStatus::kUpdating) {
    return Fail(ApiError::ResourceInUse(fmt::format(
        "Attempt to change a resource which is still in use: Table is being {}: {}",
        def.status == schema::TableStatus::kCreating ? "created" : "updated", def.name)));
  }
  bool updating = false;
  schema::BillingMode old_mode = def.billing_mode;
  schema::BillingMode mode = u.billing.value_or(def.billing_mode);
  if (mode == schema::BillingMode::kPayPerRequest) {
    if (u.throughput) {
      return Fail(Invalid(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
          "PAY_PER_REQUEST"));
    }
    if (def.billing_mode == schema::BillingMode::kProvisioned) {
      def.billing_mode = mode;
      def.billing_mode_changed_ms = now;
      def.throughput.read_capacity_units = 0;
      def.throughput.write_capacity_units = 0;
      updating = true;
    }
  } else if (def.billing_mode == schema::BillingMode::kPayPerRequest) {
    if (!u.throughput) {
      return Fail(
          Invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED"));
    }
    def.billing_mode = mode;
    def.throughput.read_capacity_units = u.throughput->read_capacity_units;
    def.throughput.write_capacity_units = u.throughput->write_capacity_units;
    updating = true;
  } else if (u.throughput) {
    if (auto r = ChangeThroughput(def.throughput, *u.throughput, now); !r.ok()) return r;
    updating = true;
  }
  if (u.table_class && *u.table_class != (def.table_class.empty() ? "STANDARD" : def.table_class)) {
    updating = true;
  }
  if (u.table_class) def.table_class = *u.table_class;
  if (u.deletion_protection) def.deletion_protection = *u.deletion_protection;
  if (u.gsi) {
    if (auto r = ApplyGsiUpdates(def, *u.gsi, old_mode, now, new_index_id); !r.ok()) return r;
  }
  if (u.stream) {
    // DynamoDB shows the table UPDATING while a stream is enabled or disabled.
    if (auto r = ApplyStreamChange(def, *u.stream, u.new_stream, now); !r.ok()) return r;
    updating = true;
  }
  if (updating) {
    def.status = schema::TableStatus::kUpdating;
    def.status_until_ms = now + activation_delay_ms;
  }
  return Unit{};
}

}  // namespace

ApiResult<std::string> UpdateTable(OpContext& ctx, const json::Value& request) {
  auto name = GetString(request, "TableName");
  if (!name.ok()) return Fail(std::move(name).error());
  Constraints c;
  CheckTableName(c, *name);
  TableUpdate u;
  auto throughput = DecodeThroughput(request, c);
  if (!throughput.ok()) return Fail(std::move(throughput).error());
  auto billing = DecodeBillingMode(request, c);
  if (!billing.ok()) return Fail(std::move(billing).error());
  auto gsi = DecodeGsiUpdates(request, c);
  if (!gsi.ok()) return Fail(std::move(gsi).error());
  auto stream = DecodeStreamSpecification(request, c);
  if (!stream.ok()) return Fail(std::move(stream).error());
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  u.stream = *stream;
  u.gsi = std::move(*gsi);
  u.throughput = *throughput;
  u.billing = *billing;
  auto protection = GetBool(request, "DeletionProtectionEnabled");
  if (!protection.ok()) return Fail(std::move(protection).error());
  u.deletion_protection = *protection;

  // TODO(streams, encryption, global tables): later issues.
  for (std::string_view member : {"SSESpecification", "ReplicaUpdates"}) {
    if (HasMember(request, member)) return Fail(NotSupportedYet(member));
  }
  auto table_class = DecodeTableClass(request);
  if (!table_class.ok()) return Fail(std::move(table_class).error());
  u.table_class = *table_class;

  bool capacity = u.billing || u.throughput;
  // An empty GlobalSecondaryIndexUpdates counts as absent here, and is
  // rejected once another member makes the request a change.
  bool indexes = u.gsi && !u.gsi->actions.empty();
  if (!capacity && !u.deletion_protection && !u.table_class && !indexes && !u.stream) {
    return Fail(ApiError::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
        "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
        "OnDemandThroughput, WarmThroughput or TableClass is required"));
  }
  if (u.gsi && u.gsi->actions.empty()) {
    return Fail(Invalid("List of GlobalSecondaryIndexUpdates is empty"));
  }
  if (u.stream) {
    if (auto r = CheckUpdateStreamSpec(*u.stream); !r.ok()) return Fail(std::move(r).error());
  }
  if (u.deletion_protection && (capacity || u.table_class || indexes || u.stream)) {
    return Fail(
        Invalid("DeletionProtection modification must be the only operation in the request"));
  }
  if (u.table_class && (capacity || indexes || u.stream)) {
    return Fail(Invalid("TableClass modification must be the only operation in the request"));
  }
  if (u.stream && (u.throughput || u.billing == schema::BillingMode::kProvisioned)) {
    return Fail(Invalid("You cannot modify stream status while updating table IOPS"));
  }
  if (indexes) {
    if (auto r = CheckGsiUpdates(*u.gsi); !r.ok()) return Fail(std::move(r).error());
    if (u.throughput && u.gsi->creates_or_deletes()) {
      return Fail(Invalid("You cannot create or delete index while updating table IOPS"));
    }
  }

  int64_t now = schema::NowMillis();
  int64_t delay = ctx.services.config.table_activation_delay_ms;
  const GsiAction* create = indexes ? u.gsi->create() : nullptr;
  uint32_t new_index_id = 0;
  if (create != nullptr) {
    // Taken before the table is locked; an id lost to a rejected request is
    // simply never used.
    auto id = ctx.services.catalog->AllocateId();
    if (!id.ok()) return Fail(std::move(id).error());
    new_index_id = *id;
  }
  if (u.stream && u.stream->enabled) {
    u.new_stream = NewStream(ctx, *u.stream->view_type, now);
    auto id = ctx.services.catalog->AllocateId();
    if (!id.ok()) return Fail(std::move(id).error());
    u.new_stream.id = *id;
  }
  auto updated = ctx.services.catalog->Update(
      **name, [&](schema::TableDef& def) { return Apply(def, u, now, delay, new_index_id); });
  if (!updated.ok()) return Fail(std::move(updated).error());
  if (create != nullptr && ctx.services.backfiller != nullptr) {
    ctx.services.backfiller->Start(**name, create->index_name);
  }
  if (indexes && u.gsi->creates_or_deletes() && create == nullptr) {
    // A deleted index leaves at once: DynamoDB shows it DELETING in this
    // answer and then drops it, with the attribute definitions only it used.
    std::vector<uint32_t> dropped_ids;
    auto dropped = ctx.services.catalog->Update(**name, [&](schema::TableDef& def) {
      dropped_ids = DropDeletingIndexes(def);
      return ApiResult<Unit>(Unit{});
    });
    if (!dropped.ok()) return Fail(std::move(dropped).error());
    // DropIndexData waits for the writes that began before the drop, so
    // none adds an entry under the dead id after its deletion.
    for (uint32_t id : dropped_ids) {
      if (auto r = ctx.services.items->DropIndexData(id); !r.ok()) return Fail(std::move(r).error());
    }
  }

  json::Writer w;
  w.StartObject().Key("TableDescription");
  WriteTableDescription(w, ctx, **updated);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
