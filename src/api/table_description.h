// TableDescription: the object DescribeTable, CreateTable, UpdateTable and
// DeleteTable return, with its members in the order DynamoDB writes them.
#pragma once

#include <cstdint>
#include <string>

#include "api/context.h"
#include "items/item_store.h"
#include "json/json.h"
#include "schema/catalog.h"
#include "schema/table_def.h"

namespace magneto::api {

// Epoch milliseconds as DynamoDB's epoch-seconds JSON number ("1700000000.123").
std::string EpochSeconds(int64_t ms);

// Writes the TableDescription object for `table` as it stands (the caller has
// set the status to report). `now_ms` decides NumberOfDecreasesToday, which
// counts decreases made on the current UTC day.
void WriteTableDescription(json::Writer& w, const ServerConfig& config,
                           const schema::TableDef& table, const items::TableStats& stats,
                           int64_t now_ms);

// The same, with the table's item counters and the current time.
inline void WriteTableDescription(json::Writer& w, const OpContext& ctx,
                                  const schema::TableDef& table) {
  items::TableStats stats;
  if (ctx.services.items != nullptr) stats = ctx.services.items->Stats(table.id);
  WriteTableDescription(w, ctx.services.config, table, stats, schema::NowMillis());
}

}  // namespace magneto::api
