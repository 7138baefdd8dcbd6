// UpdateTable: change billing mode, provisioned throughput, deletion
// protection or table class. Billing, throughput and class changes put the
// table in UPDATING for the activation delay, as DynamoDB does.

#include <fmt/format.h>

#include "api/ops/ops.h"
#include "api/request.h"
#include "api/table_description.h"
#include "api/table_params.h"

namespace magneto::api::ops {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr int64_t kMillisPerDay = 86'400'000;

struct TableUpdate {
  std::optional<schema::BillingMode> billing;
  std::optional<ThroughputRequest> throughput;
  std::optional<bool> deletion_protection;
  std::optional<std::string> table_class;
};

ApiError Invalid(std::string_view what) {
  return ApiError::Validation(fmt::format("{}{}", kInvalid, what));
}

// Applies a new provisioned throughput to a PROVISIONED table, recording
// increases and decreases as DescribeTable reports them.
ApiResult<Unit> ChangeThroughput(schema::Throughput& tp, const ThroughputRequest& want,
                                 int64_t now) {
  if (want.read_capacity_units == tp.read_capacity_units &&
      want.write_capacity_units == tp.write_capacity_units) {
    return Fail(ApiError::Validation(fmt::format(
        "The provisioned throughput for the table will not change. The requested value equals the "
        "current value. Current ReadCapacityUnits provisioned for the table: {}. Requested "
        "ReadCapacityUnits: {}. Current WriteCapacityUnits provisioned for the table: {}. "
        "Requested WriteCapacityUnits: {}. Refer to the Amazon DynamoDB Developer Guide for "
        "current limits and how to request higher limits.",
        tp.read_capacity_units, want.read_capacity_units, tp.write_capacity_units,
        want.write_capacity_units)));
  }
  if (want.read_capacity_units > tp.read_capacity_units ||
      want.write_capacity_units > tp.write_capacity_units) {
    tp.last_increase_ms = now;
  }
  if (want.read_capacity_units < tp.read_capacity_units ||
      want.write_capacity_units < tp.write_capacity_units) {
    bool same_day = tp.last_decrease_ms / kMillisPerDay == now / kMillisPerDay;
    tp.decreases_today = (same_day ? tp.decreases_today : 0) + 1;
    tp.last_decrease_ms = now;
  }
  tp.read_capacity_units = want.read_capacity_units;
  tp.write_capacity_units = want.write_capacity_units;
  return Unit{};
}

// The change itself, on the table as it is now (under the catalog's lock).
ApiResult<Unit> Apply(schema::TableDef& def, const TableUpdate& u, int64_t now,
                      int64_t activation_delay_ms) {
  if (def.status == schema::TableStatus::kCreating ||
      def.status == schema::TableStatus::kUpdating) {
    return Fail(ApiError::ResourceInUse(fmt::format(
        "Attempt to change a resource which is still in use: Table is being {}: {}",
        def.status == schema::TableStatus::kCreating ? "created" : "updated", def.name)));
  }
  bool updating = false;
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
  if (auto r = c.Check(); !r.ok()) return Fail(std::move(r).error());
  u.throughput = *throughput;
  u.billing = *billing;
  auto protection = GetBool(request, "DeletionProtectionEnabled");
  if (!protection.ok()) return Fail(std::move(protection).error());
  u.deletion_protection = *protection;

  // TODO(indexes, streams, encryption, global tables): later issues.
  for (std::string_view member : {"StreamSpecification", "SSESpecification", "ReplicaUpdates"}) {
    if (HasMember(request, member)) return Fail(NotSupportedYet(member));
  }
  const json::Value* gsi_updates = request.Find("GlobalSecondaryIndexUpdates");
  if (gsi_updates != nullptr && gsi_updates->is_array() && !gsi_updates->elements().empty()) {
    return Fail(NotSupportedYet("GlobalSecondaryIndexUpdates"));
  }
  auto table_class = DecodeTableClass(request);
  if (!table_class.ok()) return Fail(std::move(table_class).error());
  u.table_class = *table_class;

  bool capacity = u.billing || u.throughput;
  if (!capacity && !u.deletion_protection && !u.table_class) {
    return Fail(ApiError::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
        "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
        "OnDemandThroughput, WarmThroughput or TableClass is required"));
  }
  if (u.deletion_protection && (capacity || u.table_class)) {
    return Fail(
        Invalid("DeletionProtection modification must be the only operation in the request"));
  }
  if (u.table_class && capacity) {
    return Fail(Invalid("TableClass modification must be the only operation in the request"));
  }

  int64_t now = schema::NowMillis();
  int64_t delay = ctx.services.config.table_activation_delay_ms;
  auto updated = ctx.services.catalog->Update(
      **name, [&](schema::TableDef& def) { return Apply(def, u, now, delay); });
  if (!updated.ok()) return Fail(std::move(updated).error());

  json::Writer w;
  w.StartObject().Key("TableDescription");
  WriteTableDescription(w, ctx, **updated);
  w.EndObject();
  return w.Take();
}

}  // namespace magneto::api::ops
