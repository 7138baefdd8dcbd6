// TableDescription: the object DescribeTable, CreateTable, UpdateTable and
// DeleteTable return, with its members in the order DynamoDB writes them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/context.h"
#include "items/item_store.h"
#include "json/json.h"
#include "schema/catalog.h"
#include "schema/table_def.h"

namespace magneto::api {

// Epoch milliseconds as DynamoDB's epoch-seconds JSON number ("1700000000.123").
std::string EpochSeconds(int64_t ms);

// The counters of a secondary index, by its storage id.
using IndexStatsFn = std::function<items::TableStats(uint32_t index_id)>;

// "arn:aws:dynamodb:<region>:<account>:table/<table>/index/<index>".
std::string IndexArn(const ServerConfig& config, std::string_view table_name,
                     std::string_view index_name);

// Writes the TableDescription object for `table` as it stands (the caller has
// set the status to report). `now_ms` decides NumberOfDecreasesToday, which
// counts decreases made on the current UTC day. `index_stats` gives the
// indexes' IndexSizeBytes and ItemCount (zeros when empty). While the table is
// CREATING its global indexes are reported CREATING too, as DynamoDB does.
void WriteTableDescription(json::Writer& w, const ServerConfig& config,
                           const schema::TableDef& table, const items::TableStats& stats,
                           int64_t now_ms, const IndexStatsFn& index_stats = nullptr);

// The same, with the table's and indexes' item counters and the current time.
inline void WriteTableDescription(json::Writer& w, const OpContext& ctx,
                                  const schema::TableDef& table) {
  items::TableStats stats;
  IndexStatsFn index_stats;
  if (ctx.services.items != nullptr) {
    stats = ctx.services.items->Stats(table.id);
    index_stats = [items = ctx.services.items](uint32_t id) { return items->Stats(id); };
  }
  WriteTableDescription(w, ctx.services.config, table, stats, schema::NowMillis(), index_stats);
}

}  // namespace magneto::api
