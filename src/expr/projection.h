// Stage three for projections: keeping only the chosen parts of an item.
#pragma once

#include <vector>

#include "expr/ast.h"
#include "model/value.h"

namespace magneto::expr {

// The parts of `item` named by `paths`, keeping their nesting. Missing parts
// are left out, and so is a map or list none of whose chosen parts exist.
// Chosen list elements keep their relative order and are packed together:
// projecting a[1] and a[3] of [w, x, y, z] gives a = [x, z].
model::Item Project(const std::vector<Path>& paths, const model::Item& item);

}  // namespace magneto::expr
