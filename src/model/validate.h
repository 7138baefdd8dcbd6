// Item-level limits that DynamoDB enforces on every write: the 400 KB item
// size and the 32-level nesting depth of documents. Format-independent; the
// JSON decoder and the write paths call these.
#pragma once

#include "common/api_error.h"
#include "common/result.h"
#include "model/value.h"

namespace magneto::model {

// DynamoDB's messages for the two limits.
inline constexpr const char kItemTooLargeMessage[] =
    "Item size has exceeded the maximum allowed size";
inline constexpr const char kNestingTooDeepMessage[] =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";

// ValidationException kItemTooLargeMessage when ItemSize(item) > kMaxItemSize
// (an item of exactly 400 KB is accepted).
ApiResult<Unit> ValidateItemSize(const Item& item);

// Levels a value occupies, counting the value itself as level 1: scalars and
// sets are 1, an M or L is 1 + the deepest of its elements (1 when empty).
// DynamoDB accepts values with NestingLevels(v) <= kMaxNestingDepth.
int NestingLevels(const AttributeValue& v);

// ValidationException kNestingTooDeepMessage when some attribute of the item
// is nested deeper than kMaxNestingDepth levels.
ApiResult<Unit> ValidateItemNesting(const Item& item);

}  // namespace magneto::model
