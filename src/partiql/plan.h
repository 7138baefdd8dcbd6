// Statement planning: how a parsed statement reaches its items, given the
// table's key schema. A SELECT becomes a GetItem (the whole primary key by
// equality), a Query (the partition key by equality, with a simple sort-key
// condition pushed into the key range) or a Scan; the rest of its WHERE is a
// filter. A write needs the whole primary key by equality; the rest of its
// WHERE is a condition on the item.
#pragma once

#include <optional>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "items/key_range.h"
#include "model/value.h"
#include "partiql/ast.h"
#include "schema/table_def.h"

namespace magneto::partiql {

// The key schema a statement reads: the table's or an index's.
struct KeySchema {
  const schema::KeyElement* hash = nullptr;
  const schema::KeyElement* range = nullptr;  // nullptr: no sort key
};
KeySchema KeySchemaOf(const schema::TableDef& table, const schema::IndexDef* index);

// A single item by its primary key, and the rest of the WHERE clause.
struct KeyPlan {
  model::Item key;
  std::optional<expr::CondNode> condition;
};

// The key of UPDATE, DELETE and the SELECT of EXISTS / transactions: every
// key attribute by equality with a constant, AND-ed at the top of WHERE.
// Fails with "Where clause does not contain a mandatory equality on all key
// attributes" or a key type mismatch.
ApiResult<KeyPlan> PlanKey(const Statement& st, const schema::TableDef& table);

enum class ReadKind {
  kGet,    // one item: key
  kQuery,  // one partition: hash, sort_op, bounds
  kScan,   // the whole table or index
  kEmpty,  // a key condition no item can meet (a value of the wrong type)
};

struct ReadPlan {
  ReadKind kind = ReadKind::kScan;
  model::Item key;
  model::AttributeValue hash;
  items::SortOp sort_op = items::SortOp::kNone;
  std::vector<model::AttributeValue> bounds;
  std::optional<expr::CondNode> filter;
  bool reverse = false;  // ORDER BY the sort key DESC
};

// Plans a SELECT on the table or `index`, including ORDER BY's rules.
ApiResult<ReadPlan> PlanSelect(const Statement& st, const schema::TableDef& table,
                               const schema::IndexDef* index);

}  // namespace magneto::partiql
