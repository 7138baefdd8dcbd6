// Stage three for updates: applying a resolved UpdateExpr to an item.
#pragma once

#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

struct UpdateResult {
  model::Item new_item;
  // The paths the update wrote or removed, for ReturnValues UPDATED_OLD /
  // UPDATED_NEW (feed them to Project). A SET that appended to a list reports
  // the index the element actually got; a REMOVE of nothing is not reported.
  std::vector<Path> updated_paths;
};

// Applies `u` to a copy of `old_item` (nullptr: the item does not exist and
// the update starts from an empty item). Errors are DynamoDB's:
//   "The document path provided in the update expression is invalid for update"
//   "An operand in the update expression has an incorrect data type"
//   "The provided expression refers to an attribute that does not exist in the item"
// and, for legacy updates, "Type mismatch for attribute to update".
// Key attributes and item size are checked by the caller.
ApiResult<UpdateResult> ApplyUpdate(const UpdateExpr& u, const model::Item* old_item);

}  // namespace magneto::expr
