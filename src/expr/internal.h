// Small helpers shared by the expression module's .cc files (not part of its API).
#pragma once

#include <string>
#include <utility>

#include "common/api_error.h"

// Evaluates `expr` (an ApiResult); on error returns it from the enclosing
// function, else moves its value into a new variable `var`.
#define EXPR_ASSIGN_OR_RETURN(var, expr)                                \
  auto var##_result = (expr);                                           \
  if (!var##_result.ok()) return Fail(std::move(var##_result).error()); \
  auto var = std::move(var##_result).value()

// Evaluates `expr` (an ApiResult<Unit> or similar); on error returns it.
#define EXPR_RETURN_IF_ERROR(expr)                                        \
  do {                                                                    \
    auto expr_status_ = (expr);                                           \
    if (!expr_status_.ok()) return Fail(std::move(expr_status_).error()); \
  } while (0)

namespace magneto::expr {

inline Unexpected<ApiError> Invalid(std::string msg) {
  return Fail(ApiError::Validation(std::move(msg)));
}

}  // namespace magneto::expr
