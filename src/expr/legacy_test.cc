// Tests of the legacy Expected / filter parameters' validation messages.
#include "expr/legacy.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

std::string Expected(std::vector<LegacyCondition> conds) {
  return ErrorOf(BuildExpectedCondition(conds, std::nullopt));
}
std::string Filter(std::vector<LegacyCondition> conds) {
  return ErrorOf(BuildFilterCondition(conds, std::nullopt, ConditionKind::kFilter));
}

TEST(LegacyTest, ExpectedMessages) {
  const std::string p = "One or more parameter values were invalid: ";
  EXPECT_EQ(Expected({{"a", {}, {}, {}, true}}),
            p + "Value must be provided when Exists is true for Attribute: a");
  EXPECT_EQ(Expected({{"a", {}, {}, {}, {}}}),
            p + "Value must be provided when Exists is null for Attribute: a");
  EXPECT_EQ(Expected({{"a", {}, {}, S("x"), false}}),
            p + "Value cannot be used when Exists is false for Attribute: a");
  EXPECT_EQ(Expected({{"a", "EQ", std::vector{S("x")}, S("x"), {}}}),
            p + "Value and AttributeValueList cannot be used together for Attribute: a");
  EXPECT_EQ(
      Expected({{"a", "EQ", {}, {}, {}}}),
      p + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a");
  EXPECT_EQ(Expected({{"a", "EQ", {}, S("x"), true}}),
            p + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  EXPECT_EQ(Expected({{"a", {}, std::vector{S("x")}, {}, {}}}),
            p + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  EXPECT_EQ(Expected({{"a", "BETWEEN", std::vector{S("x")}, {}, {}}}),
            p + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_EQ(Expected({{"a", "NULL", {}, {}, {}}}), "");
}

TEST(LegacyTest, FilterMessages) {
  const std::string p = "One or more parameter values were invalid: ";
  EXPECT_EQ(Filter({{"a", "EQ", std::vector<model::AttributeValue>{}, {}, {}}}),
            p + "Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(Filter({{"a", "NULL", std::vector{S("x")}, {}, {}}}),
            p + "Invalid number of argument(s) for the NULL ComparisonOperator");
  EXPECT_EQ(Filter({{"a", "IN", std::vector{S("x"), N("1")}, {}, {}}}),
            p + "AttributeValues inside AttributeValueList must be of same type");
  EXPECT_EQ(Filter({{"a", "LT", std::vector{Bool(true)}, {}, {}}}),
            p + "ComparisonOperator LT is not valid for BOOL AttributeValue type");
  EXPECT_EQ(Filter({{"a", "CONTAINS", std::vector{SS({"x"})}, {}, {}}}),
            p + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type");
  EXPECT_EQ(Filter({{"a", "BEGINS_WITH", std::vector{N("1")}, {}, {}}}),
            p + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  EXPECT_EQ(Filter({{"a", "BETWEEN", std::vector{N("2"), N("1")}, {}, {}}}),
            "The BETWEEN condition was provided a range where the lower bound is greater than the "
            "upper bound");
  EXPECT_EQ(Filter({{"a", "EQ", std::vector{L({})}, {}, {}}}), "");
  EXPECT_NE(Filter({{"a", "LIKE", std::vector{S("x")}, {}, {}}}), "");
  EXPECT_NE(ErrorOf(BuildFilterCondition({}, "XOR", ConditionKind::kFilter)), "");
}

}  // namespace
}  // namespace magneto::expr
