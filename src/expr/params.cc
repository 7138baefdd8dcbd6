// ExpressionParams: placeholder lookup with use tracking.
#include "expr/params.h"

#include "expr/internal.h"

namespace magneto::expr {

const std::string* ExpressionParams::Name(std::string_view placeholder) {
  if (names_ == nullptr) return nullptr;
  auto it = names_->find(std::string(placeholder));
  if (it == names_->end()) return nullptr;
  used_names_.emplace(placeholder);
  return &it->second;
}

const model::AttributeValue* ExpressionParams::Value(std::string_view placeholder) {
  if (values_ == nullptr) return nullptr;
  auto it = values_->find(placeholder);
  if (it == values_->end()) return nullptr;
  used_values_.emplace(placeholder);
  return &it->second;
}

ApiResult<Unit> ExpressionParams::CheckAllUsed() const {
  auto unused = [](const auto& defined, const auto& used) {
    std::string keys;
    for (const auto& [key, unused_value] : defined) {
      if (used.count(key) != 0) continue;
      keys += keys.empty() ? "" : ", ";
      keys += key;
    }
    return keys;
  };
  if (names_ != nullptr) {
    std::string keys = unused(*names_, used_names_);
    if (!keys.empty()) {
      return Invalid("Value provided in ExpressionAttributeNames unused in expressions: keys: {" +
                     keys + "}");
    }
  }
  if (values_ != nullptr) {
    std::string keys = unused(*values_, used_values_);
    if (!keys.empty()) {
      return Invalid("Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                     keys + "}");
    }
  }
  return Unit{};
}

}  // namespace magneto::expr
