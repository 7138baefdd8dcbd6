// ExpressionParams: a request's ExpressionAttributeNames / Values, shared by
// all the expressions of that request, remembering which ones were used.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/api_error.h"
#include "model/value.h"

namespace magneto::expr {

class ExpressionParams {
 public:
  // Either map may be null (the parameter was absent). Both must outlive this.
  ExpressionParams(const std::map<std::string, std::string>* names, const model::Map* values)
      : names_(names), values_(values) {}

  // The definition of "#n" / ":v", marking it used; nullptr if undefined.
  const std::string* Name(std::string_view placeholder);
  const model::AttributeValue* Value(std::string_view placeholder);

  // Call after parsing every expression of the request. DynamoDB rejects
  // definitions no expression used (names are checked first):
  //   "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"
  //   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :b}"
  ApiResult<Unit> CheckAllUsed() const;

 private:
  const std::map<std::string, std::string>* names_;
  const model::Map* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace magneto::expr
