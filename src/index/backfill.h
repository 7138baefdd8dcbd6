// IndexBackfiller: fills a global secondary index added to an existing table
// (UpdateTable), in the background, while the table stays writable. When the
// fill is done the index turns ACTIVE.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "schema/catalog.h"

namespace magneto::items {
class ItemStore;
}

namespace magneto::index {

class IndexBackfiller {
 public:
  IndexBackfiller(schema::Catalog* catalog, items::ItemStore* items)
      : catalog_(catalog), items_(items) {}
  ~IndexBackfiller();  // stops and joins running fills

  // Starts filling `index_name` of `table_name`. REQUIRES: the catalog
  // already holds the index with status CREATING and backfilling set, so
  // that every write from now on maintains it.
  void Start(std::string table_name, std::string index_name);
  // Resumes fills that a restart interrupted (indexes still CREATING).
  void ResumeAll();

 private:
  void Run(std::string table_name, std::string index_name);

  schema::Catalog* catalog_;
  items::ItemStore* items_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::vector<std::thread> threads_;  // guarded by mu_
};

}  // namespace magneto::index
