// magneto: the server binary. Parses flags, opens storage and the catalog,
// wires the services, and serves until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>

#include <sched.h>

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/context.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "index/backfill.h"
#include "items/item_store.h"
#include "schema/catalog.h"
#include "streams/records.h"
#include "streams/sequencer.h"
#include "streams/trimmer.h"
#include "ttl/expirer.h"
#include "storage/engine.h"

namespace {

// The CPUs this process may run on (taskset and cgroups narrow it), which
// is how many network threads keep it busy without contending for a core.
int UsableCpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace magneto;

  CLI::App app{"Magneto: a server that speaks Amazon DynamoDB's API"};
  http::ServerOptions http_options;
  storage::EngineOptions storage_options;
  storage_options.path = "./magneto-data";
  api::ServerConfig config;
  std::string log_level = "info";
  bool relaxed_durability = false;
  http_options.threads = UsableCpus();

  app.add_option("--host", http_options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", http_options.port, "Port to listen on (0 picks a free one)")
      ->capture_default_str();
  app.add_option("--data-dir", storage_options.path, "Directory for the embedded database")
      ->capture_default_str();
  app.add_flag("--in-memory", storage_options.in_memory,
               "Keep everything in memory; nothing is written to disk");
  app.add_option("--region", config.region, "Region reported in ARNs and endpoints")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  app.add_option("--threads", http_options.threads, "Network threads (reads run on them)")
      ->capture_default_str();
  app.add_option("--write-threads", http_options.blocking_threads,
                 "Threads for writes, which wait for the WAL sync together (group commit)")
      ->capture_default_str();
  app.add_flag("--relaxed-durability", relaxed_durability,
               "Acknowledge writes before the WAL is synced (a crash may lose the last writes)");
  size_t item_cache_mb = items::ItemStore::kDefaultCacheBytes >> 20;
  app.add_option("--item-cache-mb", item_cache_mb,
                 "Cache of recently read or written items (0: off)")
      ->capture_default_str();
  uint64_t wal_spare_mb = storage::EngineOptions::kDefaultWalSpareBytes >> 20;
  app.add_option("--wal-spare-mb", wal_spare_mb,
                 "Each new WAL file starts as this many MB of zeros, so syncs do not grow it (0: off)")
      ->capture_default_str();
  int64_t collection_limit = items::ItemStore::kDefaultCollectionLimit;
  app.add_option("--item-collection-limit-bytes", collection_limit,
                 "Size limit of an item collection in tables with local secondary indexes")
      ->capture_default_str();
  app.add_option("--table-activation-delay-ms", config.table_activation_delay_ms,
                 "How long a new or updated table stays CREATING/UPDATING")
      ->capture_default_str();
  ttl::ExpirerOptions ttl_options;
  app.add_option("--ttl-scan-interval-ms", ttl_options.scan_interval_ms,
                 "Pause between two Time to Live rounds over the tables")
      ->capture_default_str();
  app.add_option("--ttl-deletes-per-second", ttl_options.deletes_per_second,
                 "Most expired items Time to Live deletes per second")
      ->capture_default_str();
  app.add_option("--ttl-items-per-round", ttl_options.items_per_round,
                 "Items Time to Live examines per table per round")
      ->capture_default_str();
  app.add_option("--ttl-change-cooldown-ms", config.ttl_change_cooldown_ms,
                 "Interval within which UpdateTimeToLive accepts one change per table")
      ->capture_default_str();
  int64_t stream_retention_ms = streams::kDefaultRetentionMs;
  app.add_option("--stream-retention-ms", stream_retention_ms,
                 "How long stream records are kept (DynamoDB: 24 hours)")
      ->capture_default_str();
  app.add_option("--stream-iterator-ttl-ms", config.stream_iterator_ttl_ms,
                 "How long a stream shard iterator stays usable (DynamoDB: 15 minutes)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(log_level));
  storage_options.sync_writes = !relaxed_durability;
  storage_options.wal_spare_bytes = wal_spare_mb << 20;

  auto engine = storage::Engine::Open(storage_options);
  if (!engine.ok()) return 1;
  auto catalog = schema::Catalog::Load(engine->get());
  if (!catalog.ok()) {
    spdlog::error("cannot load the catalog: {}", catalog.error().message());
    return 1;
  }
  items::ItemStore item_store(engine->get(), item_cache_mb << 20);
  schema::Catalog* catalog_ptr = catalog->get();
  item_store.set_collection_limit(collection_limit);
  streams::StreamSequencer sequencer;
  sequencer.Recover(streams::LargestStoredSequence(**engine, (*catalog)->List()));
  item_store.set_sequencer(&sequencer);
  item_store.set_table_lookup([catalog_ptr](uint32_t id) { return catalog_ptr->FindById(id); });
  for (const auto& table : (*catalog)->List()) item_store.Recount(*table);
  index::IndexBackfiller backfiller(catalog_ptr, &item_store);
  backfiller.ResumeAll();
  streams::StreamTrimmer stream_trimmer(catalog_ptr, engine->get(), &sequencer,
                                        std::max<int64_t>(stream_retention_ms, 1));
  stream_trimmer.Start();
  ttl::Expirer expirer(catalog_ptr, &item_store, ttl_options);
  expirer.Start();

  api::Services services;
  services.catalog = catalog->get();
  services.items = &item_store;
  services.backfiller = &backfiller;
  services.sequencer = &sequencer;
  services.config = config;
  http::Dispatcher dispatcher(services, engine->get());
  http::HttpServer server(http_options, dispatcher);
  if (!server.Start()) return 1;
  spdlog::info("magneto listening on {}:{} ({})", http_options.host, server.port(),
               storage_options.in_memory ? "in memory" : storage_options.path);
  server.Run();
  expirer.Stop();
  // Pending answers post to the network's io_contexts, which go with `server`.
  (*engine)->StopSyncer();
  (*engine)->Flush();
  spdlog::info("magneto stopped");
  return 0;
}
