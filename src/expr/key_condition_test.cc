// Tests of KeyConditionExpression analysis.
#include "expr/key_condition.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

using RangeOp = KeyCondition::RangeOp;

ApiResult<KeyCondition> Analyze(std::string_view text, bool with_range = true) {
  Params p;
  p.names = {{"#h", "h"}};
  p.values = {{":a", S("x")}, {":b", S("y")}, {":n", N("1")}};
  ExpressionParams params = p.Make();
  auto c = ParseCondition(text, ConditionKind::kKeyCondition, params);
  if (!c.ok()) return Fail(c.error());
  return AnalyzeKeyCondition(*c, "h",
                             with_range ? std::optional<std::string_view>("r") : std::nullopt);
}

TEST(KeyConditionTest, Supported) {
  auto k = Analyze("#h = :a");
  ASSERT_TRUE(k.ok()) << ErrorOf(k);
  EXPECT_EQ(k->hash_value, S("x"));
  EXPECT_EQ(k->range_op, RangeOp::kNone);
  k = Analyze("h = :a AND r BETWEEN :a AND :b");
  ASSERT_TRUE(k.ok()) << ErrorOf(k);
  EXPECT_EQ(k->range_op, RangeOp::kBetween);
  EXPECT_EQ(k->range_values.size(), 2u);
  k = Analyze("(r < :b) AND (:a = h)");
  ASSERT_TRUE(k.ok()) << ErrorOf(k);
  EXPECT_EQ(k->range_op, RangeOp::kLt);
  k = Analyze(":b > r AND h = :a");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->range_op, RangeOp::kLt);
  k = Analyze("h = :a AND begins_with(r, :b)");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->range_op, RangeOp::kBeginsWith);
}

TEST(KeyConditionTest, Errors) {
  const std::string p = "Invalid KeyConditionExpression: ";
  EXPECT_EQ(ErrorOf(Analyze("h = :a OR r = :b")),
            p + "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(ErrorOf(Analyze("NOT h = :a")),
            p + "Invalid operator used in KeyConditionExpression: NOT");
  EXPECT_EQ(ErrorOf(Analyze("h IN (:a)")),
            p + "Invalid operator used in KeyConditionExpression: IN");
  EXPECT_EQ(ErrorOf(Analyze("h <> :a")), p + "Invalid operator used in KeyConditionExpression: <>");
  EXPECT_EQ(ErrorOf(Analyze("h = :a AND attribute_exists(r)")),
            p + "Invalid operator used in KeyConditionExpression: attribute_exists");
  EXPECT_EQ(ErrorOf(Analyze("h = :a AND size(r) = :n")),
            p + "KeyConditionExpressions cannot contain nested operations");
  EXPECT_EQ(ErrorOf(Analyze("h = :a AND h = :b")),
            p + "KeyConditionExpressions must only contain one condition per key");
  EXPECT_EQ(ErrorOf(Analyze("h.x = :a")),
            p + "KeyConditionExpressions cannot have conditions on nested attributes");
  EXPECT_EQ(ErrorOf(Analyze("h = r")),
            p + "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
                "condition");
  EXPECT_EQ(ErrorOf(Analyze("r = :a")), "Query condition missed key schema element: h");
  EXPECT_EQ(ErrorOf(Analyze("h < :a")), "Query key condition not supported");
  EXPECT_EQ(ErrorOf(Analyze("h = :a AND x = :b")), "Query condition missed key schema element: r");
  EXPECT_EQ(ErrorOf(Analyze("h = :a AND x = :b", false)), "Query key condition not supported");
}

TEST(KeyConditionTest, LegacyKeyConditions) {
  auto c = BuildFilterCondition(
      {{"h", "EQ", std::vector{S("x")}, {}, {}}, {"r", "GE", std::vector{S("y")}, {}, {}}},
      std::nullopt, ConditionKind::kKeyCondition);
  ASSERT_TRUE(c.ok());
  auto k = AnalyzeKeyCondition(*c, "h", "r");
  ASSERT_TRUE(k.ok()) << ErrorOf(k);
  EXPECT_EQ(k->range_op, RangeOp::kGe);
}

}  // namespace
}  // namespace magneto::expr
