// Truth tables for condition evaluation (expression and legacy forms).
#include "expr/evaluate.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

class EvaluateTest : public ::testing::Test {
 protected:
  EvaluateTest() {
    p_.names = {{"#n", "n"}};
    p_.values = {{":one", N("1")},     {":five", N("5")},   {":ten", N("10")},
                 {":abc", S("abc")},   {":ab", S("ab")},    {":b1", B("\x01\x02")},
                 {":tru", Bool(true)}, {":S", S("S")},      {":N", S("N")},
                 {":SS", S("SS")},     {":x", S("x")},      {":list", L({N("1"), S("x")})},
                 {":M", S("M")},       {":NULL", S("NULL")}};
    item_ = {{"n", N("5")},
             {"s", S("abcd")},
             {"b", B("\x01\x02\x03")},
             {"t", Bool(true)},
             {"z", model::AttributeValue::Null()},
             {"ss", SS({"x", "y"})},
             {"ns", NS({"1", "2"})},
             {"l", L({N("1"), S("x"), M({{"k", S("v")}})})},
             {"m", M({{"a", M({{"b", N("1")}})}, {"lst", L({N("7")})}})}};
  }
  // Evaluates against item_ (or a missing item); parse errors fail the test.
  bool Eval(std::string_view text, bool missing_item = false) {
    ExpressionParams params = p_.Make();
    auto c = ParseCondition(text, ConditionKind::kCondition, params);
    EXPECT_TRUE(c.ok()) << text << ": " << ErrorOf(c);
    if (!c.ok()) return false;
    auto r = Evaluate(*c, missing_item ? nullptr : &item_);
    EXPECT_TRUE(r.ok()) << text;
    return r.ok() && *r;
  }
  Params p_;
  model::Item item_;
};

TEST_F(EvaluateTest, Comparisons) {
  EXPECT_TRUE(Eval("n = :five"));
  EXPECT_FALSE(Eval("n = :one"));
  EXPECT_TRUE(Eval("n <> :one"));
  EXPECT_FALSE(Eval("n <> :five"));
  EXPECT_TRUE(Eval("n > :one"));
  EXPECT_TRUE(Eval("n >= :five"));
  EXPECT_TRUE(Eval("n < :ten"));
  EXPECT_TRUE(Eval("n <= :five"));
  EXPECT_FALSE(Eval("n < :five"));
  EXPECT_TRUE(Eval(":one < n"));
  EXPECT_TRUE(Eval("s > :abc"));
  EXPECT_TRUE(Eval("b > :b1"));
  EXPECT_TRUE(Eval("#n = :five"));
}

TEST_F(EvaluateTest, DifferentTypesAreUnequalAndUnordered) {
  EXPECT_FALSE(Eval("n = :abc"));
  EXPECT_TRUE(Eval("n <> :abc"));
  EXPECT_FALSE(Eval("n < :abc"));
  EXPECT_FALSE(Eval("n > :abc"));
  EXPECT_FALSE(Eval("t < :tru"));  // BOOL is not ordered
  EXPECT_TRUE(Eval("t = :tru"));
  EXPECT_FALSE(Eval("ss < :abc"));
}

TEST_F(EvaluateTest, MissingAttributes) {
  EXPECT_FALSE(Eval("nope = :one"));
  EXPECT_TRUE(Eval("nope <> :one"));
  EXPECT_FALSE(Eval("nope < :one"));
  EXPECT_FALSE(Eval("nope BETWEEN :one AND :ten"));
  EXPECT_FALSE(Eval("nope IN (:one)"));
  EXPECT_FALSE(Eval("n = :five", true));
  EXPECT_TRUE(Eval("attribute_not_exists(n)", true));
  EXPECT_FALSE(Eval("m.a.c = :one"));
  EXPECT_FALSE(Eval("l[9] = :one"));
  EXPECT_FALSE(Eval("s.x = :one"));
  EXPECT_FALSE(Eval("s[0] = :one"));
}

TEST_F(EvaluateTest, NestedPaths) {
  EXPECT_TRUE(Eval("m.a.b = :one"));
  EXPECT_TRUE(Eval("m.lst[0] > :five"));
  EXPECT_TRUE(Eval("l[0] = :one"));
  EXPECT_TRUE(Eval("l[1] = :x"));
  EXPECT_TRUE(Eval("attribute_exists(l[2].k)"));
}

TEST_F(EvaluateTest, BetweenAndIn) {
  EXPECT_TRUE(Eval("n BETWEEN :one AND :ten"));
  EXPECT_TRUE(Eval("n BETWEEN :five AND :five"));
  EXPECT_FALSE(Eval("n BETWEEN :one AND :one"));
  EXPECT_FALSE(Eval("s BETWEEN :one AND :ten"));
  EXPECT_TRUE(Eval("s BETWEEN :ab AND :x"));
  EXPECT_TRUE(Eval("n IN (:one, :five)"));
  EXPECT_FALSE(Eval("n IN (:one, :ten)"));
  EXPECT_TRUE(Eval("l IN (:one, :list)") == false);
}

TEST_F(EvaluateTest, Logic) {
  EXPECT_TRUE(Eval("n = :five AND s = :abc OR n = :five"));
  EXPECT_FALSE(Eval("n = :one AND (s = :abc OR n = :five)"));
  EXPECT_TRUE(Eval("NOT n = :one"));
  EXPECT_FALSE(Eval("NOT n = :five"));
  EXPECT_TRUE(Eval("NOT n = :one AND n = :five"));           // NOT binds tighter than AND
  EXPECT_TRUE(Eval("n = :one OR n = :five AND s <> :abc"));  // AND binds tighter than OR
  EXPECT_FALSE(Eval("(n = :one OR n = :five) AND s = :ab"));
}

TEST_F(EvaluateTest, Functions) {
  EXPECT_TRUE(Eval("attribute_exists(n)"));
  EXPECT_FALSE(Eval("attribute_exists(q)"));
  EXPECT_TRUE(Eval("attribute_not_exists(q)"));
  EXPECT_TRUE(Eval("attribute_exists(z)"));
  EXPECT_TRUE(Eval("attribute_type(n, :N)"));
  EXPECT_TRUE(Eval("attribute_type(ss, :SS)"));
  EXPECT_TRUE(Eval("attribute_type(m, :M)"));
  EXPECT_TRUE(Eval("attribute_type(z, :NULL)"));
  EXPECT_FALSE(Eval("attribute_type(n, :S)"));
  EXPECT_TRUE(Eval("begins_with(s, :ab)"));
  EXPECT_FALSE(Eval("begins_with(n, :ab)"));
  EXPECT_TRUE(Eval("begins_with(b, :b1)"));
  EXPECT_FALSE(Eval("begins_with(s, :b1)"));
  EXPECT_TRUE(Eval("contains(s, :ab)"));
  EXPECT_TRUE(Eval("contains(ss, :x)"));
  EXPECT_FALSE(Eval("contains(ss, :ab)"));
  EXPECT_TRUE(Eval("contains(ns, :one)"));
  EXPECT_TRUE(Eval("contains(l, :x)"));
  EXPECT_FALSE(Eval("contains(n, :five)"));
}

TEST_F(EvaluateTest, Size) {
  EXPECT_TRUE(Eval("size(s) = :one") == false);
  p_.values[":four"] = N("4");
  p_.values[":two"] = N("2");
  p_.values[":three"] = N("3");
  EXPECT_TRUE(Eval("size(s) = :four"));
  EXPECT_TRUE(Eval("size(b) = :three"));
  EXPECT_TRUE(Eval("size(ss) = :two"));
  EXPECT_TRUE(Eval("size(l) = :three"));
  EXPECT_TRUE(Eval("size(m) = :two"));
  EXPECT_FALSE(Eval("size(n) = :one"));  // numbers have no size
  EXPECT_FALSE(Eval("size(q) >= :one"));
}

TEST(LegacyEvaluateTest, ExpectedSemantics) {
  model::Item item = {{"a", N("5")}, {"s", S("hello")}, {"ss", SS({"x"})}};
  auto eval = [&](std::vector<LegacyCondition> conds, std::optional<std::string_view> op = {}) {
    auto c = BuildExpectedCondition(conds, op);
    EXPECT_TRUE(c.ok()) << ErrorOf(c);
    return c.ok() && *Evaluate(*c, &item);
  };
  EXPECT_TRUE(eval({{"a", {}, {}, N("5"), {}}}));
  EXPECT_FALSE(eval({{"a", {}, {}, N("6"), true}}));
  EXPECT_TRUE(eval({{"q", {}, {}, {}, false}}));
  EXPECT_FALSE(eval({{"a", {}, {}, {}, false}}));
  EXPECT_TRUE(eval({{"a", "NE", std::vector{N("6")}, {}, {}}}));
  EXPECT_TRUE(eval({{"q", "NE", std::vector{N("6")}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", "GT", std::vector{N("4")}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", "BETWEEN", std::vector{N("4"), N("5")}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", "IN", std::vector{N("4"), N("5")}, {}, {}}}));
  EXPECT_TRUE(eval({{"s", "BEGINS_WITH", std::vector{S("he")}, {}, {}}}));
  EXPECT_TRUE(eval({{"s", "CONTAINS", std::vector{S("ll")}, {}, {}}}));
  EXPECT_TRUE(eval({{"ss", "CONTAINS", std::vector{S("x")}, {}, {}}}));
  EXPECT_TRUE(eval({{"s", "NOT_CONTAINS", std::vector{S("zz")}, {}, {}}}));
  EXPECT_FALSE(eval({{"q", "NOT_CONTAINS", std::vector{S("zz")}, {}, {}}}));
  EXPECT_TRUE(eval({{"q", "NULL", {}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", "NOT_NULL", {}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", "EQ", {}, N("5"), {}}}));
  EXPECT_FALSE(eval({{"a", {}, {}, N("5"), {}}, {"q", "NOT_NULL", {}, {}, {}}}));
  EXPECT_TRUE(eval({{"a", {}, {}, N("5"), {}}, {"q", "NOT_NULL", {}, {}, {}}}, "OR"));
  EXPECT_TRUE(eval({}));
}

}  // namespace
}  // namespace magneto::expr
