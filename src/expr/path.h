// Document paths: reading a path in an item, printing it as DynamoDB does in
// messages, and the overlap / conflict rules between two paths.
#pragma once

#include <string>
#include <vector>

#include "common/api_error.h"
#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

// DynamoDB's rendering in messages: [a, b, [2]].
std::string PathToString(const Path& path);

// The value at `path` in `item`, or nullptr if any step is missing or of the
// wrong type (a name step into a non-map, an index step into a non-list).
const model::AttributeValue* GetPath(const model::Item& item, const Path& path);

enum class PathRelation {
  kDisjoint,  // neither touches the other
  kOverlap,   // equal, or one is a prefix of the other
  kConflict,  // same prefix, then a name step where the other has an index step
};
PathRelation RelatePaths(const Path& a, const Path& b);

// Fails with DynamoDB's "Two document paths overlap with each other; ..." or
// "Two document paths conflict with each other; ..." (after `prefix`) for the
// first pair, in order, that is not disjoint.
ApiResult<Unit> CheckPathsDisjoint(const std::vector<const Path*>& paths,
                                   const std::string& prefix);

}  // namespace magneto::expr
