// The syntax tree of one PartiQL statement in DynamoDB's dialect. Conditions
// and update actions reuse the expression module's tree (expr/ast.h), so
// that WHERE clauses and SET / REMOVE run through the same evaluator as
// ConditionExpression and UpdateExpression. Parameters (?) are bound while
// parsing: every value in the tree is a constant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "expr/ast.h"
#include "model/value.h"

namespace magneto::partiql {

enum class StatementKind {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kExists,  // EXISTS(SELECT ...): a condition check, in ExecuteTransaction only
};

// RETURNING of UPDATE and DELETE.
enum class Returning { kNone, kAllOld, kModifiedOld, kAllNew, kModifiedNew };

struct OrderKey {
  std::string attribute;
  bool descending = false;
};

struct Statement {
  StatementKind kind = StatementKind::kSelect;
  std::string table;
  std::optional<std::string> index;  // FROM "table"."index"

  // SELECT (and the SELECT inside EXISTS). An empty projection means *.
  // Each path's result is named by its last part (see ProjectionName).
  std::vector<expr::Path> projection;
  std::vector<OrderKey> order_by;

  // WHERE of SELECT, UPDATE, DELETE; nullopt when absent.
  std::optional<expr::CondNode> where;

  // INSERT: the item of VALUE {...}.
  model::Item item;

  // UPDATE: SET / REMOVE (and SET_ADD / SET_DELETE as ADD / DELETE) in order.
  std::vector<expr::UpdateAction> actions;
  Returning returning = Returning::kNone;

  bool is_read() const { return kind == StatementKind::kSelect; }
};

// The attribute name a projected path gets in SELECT's result: its last
// name step, followed by any list indexes after it (m.k[1] -> "k[1]").
std::string ProjectionName(const expr::Path& path);

}  // namespace magneto::partiql
