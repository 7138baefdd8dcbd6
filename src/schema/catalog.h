// Catalog: the set of tables, persisted in the storage engine's meta space so
// that a restart restores every table. Readers get immutable snapshots.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"
#include "schema/table_def.h"
#include "storage/engine.h"

namespace magneto::schema {

using TablePtr = std::shared_ptr<const TableDef>;

int64_t NowMillis();

class Catalog {
 public:
  // Loads every table definition from the engine.
  static ApiResult<std::unique_ptr<Catalog>> Load(storage::Engine* engine);

  // The table as of now (transitional statuses that have run out are shown
  // as ACTIVE); nullptr when there is no such table.
  TablePtr Find(std::string_view name) const;
  // Tables sorted by name.
  std::vector<TablePtr> List() const;

  // Adds a table; assigns storage ids to the table and to each of its
  // indexes. ResourceInUseException if the name is taken.
  ApiResult<TablePtr> Create(TableDef def);

  // A fresh storage id for an index added later (UpdateTable).
  ApiResult<uint32_t> AllocateId();
  // The table with this storage id, or nullptr. Its status may still be a
  // transitional one that has run out (Find() shows those as ACTIVE).
  TablePtr FindById(uint32_t id) const;

  // Applies `change` to a copy of the table's definition and stores it.
  ApiResult<TablePtr> Update(std::string_view name,
                             const std::function<ApiResult<Unit>(TableDef&)>& change);
  // Removes the table from the catalog (its items stay: the caller deletes
  // them with ItemStore::DropTableData once writes in flight are done).
  ApiResult<TablePtr> Drop(std::string_view name);

  // The definition's status as of `now_ms`.
  static TableDef Effective(const TableDef& def, int64_t now_ms);

 private:
  explicit Catalog(storage::Engine* engine) : engine_(engine) {}
  ApiResult<Unit> Persist(storage::Batch& batch, const TableDef& def);

  storage::Engine* engine_;
  mutable std::mutex mu_;
  // Find() replaces a definition whose transition has ended by its ACTIVE
  // version, hence mutable.
  mutable std::map<std::string, TablePtr, std::less<>> tables_;  // guarded by mu_
  mutable std::map<uint32_t, TablePtr> by_id_;                    // guarded by mu_
  uint32_t next_id_ = 1;                                  // guarded by mu_
};

// The ResourceNotFoundException DynamoDB gives for a missing table.
ApiError TableNotFound(std::string_view name);

}  // namespace magneto::schema
