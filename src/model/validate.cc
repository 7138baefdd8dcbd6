// Item size and nesting-depth checks with DynamoDB's error messages.
#include "model/validate.h"

#include <algorithm>

namespace magneto::model {

ApiResult<Unit> ValidateItemSize(const Item& item) {
  if (ItemSize(item) > kMaxItemSize) return Fail(ApiError::Validation(kItemTooLargeMessage));
  return Unit{};
}

int NestingLevels(const AttributeValue& v) {
  int deepest = 0;
  if (v.is(Type::kM)) {
    for (const auto& [name, child] : v.map()) deepest = std::max(deepest, NestingLevels(child));
  } else if (v.is(Type::kL)) {
    for (const auto& child : v.list()) deepest = std::max(deepest, NestingLevels(child));
  }
  return 1 + deepest;
}

ApiResult<Unit> ValidateItemNesting(const Item& item) {
  for (const auto& [name, value] : item) {
    if (NestingLevels(value) > kMaxNestingDepth) {
      return Fail(ApiError::Validation(kNestingTooDeepMessage));
    }
  }
  return Unit{};
}

}  // namespace magneto::model
