// Helpers for the expression module's unit tests (not part of its API).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "expr/expr.h"
#include "gtest/gtest.h"

namespace magneto::expr::testing {

inline model::AttributeValue S(std::string s) { return model::AttributeValue::S(std::move(s)); }
inline model::AttributeValue N(std::string_view s) {
  return model::AttributeValue::N(model::Number::Parse(s).value());
}
inline model::AttributeValue B(std::string s) { return model::AttributeValue::B(std::move(s)); }
inline model::AttributeValue Bool(bool b) { return model::AttributeValue::Bool(b); }
inline model::AttributeValue L(model::List l) { return model::AttributeValue::L(std::move(l)); }
inline model::AttributeValue M(model::Map m) { return model::AttributeValue::M(std::move(m)); }
inline model::AttributeValue SS(std::vector<std::string> v) {
  return model::AttributeValue::SS(std::move(v));
}
inline model::AttributeValue NS(std::vector<std::string> v) {
  std::vector<model::Number> nums;
  for (const auto& s : v) nums.push_back(model::Number::Parse(s).value());
  return model::AttributeValue::NS(std::move(nums));
}

// Placeholders used by the tests; every test builds its params from these.
struct Params {
  std::map<std::string, std::string> names;
  model::Map values;
  ExpressionParams Make() { return ExpressionParams(&names, &values); }
};

// The error message of a result, or "" when it succeeded.
template <typename T>
std::string ErrorOf(const ApiResult<T>& r) {
  return r.ok() ? std::string() : r.error().message();
}

}  // namespace magneto::expr::testing
