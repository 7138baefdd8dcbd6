// The expression facade: chains parse, resolve and validation per expression kind.
#include "expr/expr.h"

#include "expr/evaluate.h"
#include "expr/internal.h"
#include "expr/parser.h"
#include "expr/resolve.h"

namespace magneto::expr {

std::string ConditionPrefix(ConditionKind kind) {
  switch (kind) {
    case ConditionKind::kCondition:
      return "Invalid ConditionExpression: ";
    case ConditionKind::kFilter:
      return "Invalid FilterExpression: ";
    case ConditionKind::kKeyCondition:
      return "Invalid KeyConditionExpression: ";
  }
  return "Invalid ConditionExpression: ";
}

ApiResult<Condition> ParseCondition(std::string_view text, ConditionKind kind,
                                    ExpressionParams& params) {
  const std::string prefix = ConditionPrefix(kind);
  EXPR_ASSIGN_OR_RETURN(root, ParseConditionText(text, prefix));
  EXPR_RETURN_IF_ERROR(ResolveCondition(root, params, prefix));
  EXPR_RETURN_IF_ERROR(ValidateCondition(root, prefix));
  Condition c;
  c.kind = kind;
  c.root = std::move(root);
  return c;
}

ApiResult<UpdateExpr> ParseUpdate(std::string_view text, ExpressionParams& params) {
  EXPR_ASSIGN_OR_RETURN(actions, ParseUpdateText(text));
  EXPR_RETURN_IF_ERROR(ResolveUpdate(actions, params));
  EXPR_RETURN_IF_ERROR(ValidateUpdate(actions));
  UpdateExpr u;
  u.actions = std::move(actions);
  return u;
}

ApiResult<Projection> ParseProjection(std::string_view text, ExpressionParams& params) {
  const std::string prefix = "Invalid ProjectionExpression: ";
  EXPR_ASSIGN_OR_RETURN(paths, ParseProjectionText(text));
  std::vector<const Path*> ptrs;
  for (Path& p : paths) {
    EXPR_RETURN_IF_ERROR(ResolvePath(p, params, prefix));
    ptrs.push_back(&p);
  }
  EXPR_RETURN_IF_ERROR(CheckPathsDisjoint(ptrs, prefix));
  Projection proj;
  proj.paths = std::move(paths);
  return proj;
}

ApiResult<bool> Evaluate(const Condition& c, const model::Item* item) {
  return EvaluateNode(c.root, item);
}

}  // namespace magneto::expr
