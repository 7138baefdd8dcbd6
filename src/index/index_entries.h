// Secondary index entries: which entry an item has in an index (if any), the
// validation of index key attributes, and the write-batch changes that keep
// every index in step with its table inside the same atomic apply step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/api_error.h"
#include "model/value.h"
#include "schema/table_def.h"
#include "storage/engine.h"

namespace magneto::index {

struct Entry {
  std::string key;    // storage key: index key, then table key
  model::Item value;  // the projected attributes
};

// The storage key of an index entry: ItemKey(index id, index hash key,
// index range key), then the table's hash and range key values.
std::string EntryKey(const schema::TableDef& table, const schema::IndexDef& index,
                     const model::Item& item);

// The item's entry in `index`, or nullopt when the item lacks an index key
// attribute (indexes are sparse). REQUIRES: ValidateIndexKeys passed.
std::optional<Entry> EntryFor(const schema::TableDef& table, const schema::IndexDef& index,
                              const model::Item& item);

// The attributes an index holds for an item.
model::Item Project(const schema::TableDef& table, const schema::IndexDef& index,
                    const model::Item& item);
// Whether an attribute (top-level name) is stored in the index.
bool Projects(const schema::TableDef& table, const schema::IndexDef& index,
              std::string_view attribute);

// DynamoDB rejects an item whose index key attribute has the wrong type or
// is an empty string or binary. `from_update`: the item is an UpdateItem's
// result, which DynamoDB words differently for empty values.
ApiResult<Unit> ValidateIndexKeys(const schema::TableDef& table, const model::Item& item,
                                  bool from_update = false);

// Write units one index consumed, as DynamoDB counts them.
struct IndexUnits {
  std::string name;
  bool global = true;
  double units = 0;
};

// Entry-count and size changes of one index, for its counters.
struct IndexDelta {
  uint32_t index_id = 0;
  int64_t items = 0;
  int64_t bytes = 0;
};

// Adds to `batch` the index changes for an item going from `old_item` to
// `new_item` (either may be null), and reports the units and counter deltas.
void AddIndexChanges(const schema::TableDef& table, const model::Item* old_item,
                     const model::Item* new_item, storage::Batch& batch,
                     std::vector<IndexUnits>* units, std::vector<IndexDelta>* deltas);

}  // namespace magneto::index
