// Tests of applying update expressions and legacy AttributeUpdates.
#include "expr/update.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

class UpdateTest : public ::testing::Test {
 protected:
  UpdateTest() {
    p_.values = {{":one", N("1")},    {":two", N("2")},        {":s", S("new")},
                 {":l", L({N("9")})}, {":ss", SS({"b", "c"})}, {":ssx", SS({"a", "b"})},
                 {":ns", NS({"3"})},  {":empty", L({})}};
    item_ = {{"k", S("key")},
             {"n", N("10")},
             {"s", S("old")},
             {"l", L({N("0"), N("1"), N("2"), N("3")})},
             {"m", M({{"a", N("1")}, {"sb", M({})}})},
             {"ss", SS({"a", "b"})}};
  }
  ApiResult<UpdateResult> Apply(std::string_view text, bool missing = false) {
    ExpressionParams params = p_.Make();
    auto u = ParseUpdate(text, params);
    EXPECT_TRUE(u.ok()) << text << ": " << ErrorOf(u);
    if (!u.ok()) return Fail(u.error());
    return ApplyUpdate(*u, missing ? nullptr : &item_);
  }
  model::Item Ok(std::string_view text, bool missing = false) {
    auto r = Apply(text, missing);
    EXPECT_TRUE(r.ok()) << text << ": " << ErrorOf(r);
    return r.ok() ? r->new_item : model::Item{};
  }
  Params p_;
  model::Item item_;
};

TEST_F(UpdateTest, SetTopLevelAndNested) {
  model::Item out = Ok("SET s = :s, x = :one, m.b = :two, m.sb.c = :one");
  EXPECT_EQ(out.at("s"), S("new"));
  EXPECT_EQ(out.at("x"), N("1"));
  EXPECT_EQ(out.at("m").map().at("b"), N("2"));
  EXPECT_EQ(out.at("m").map().at("sb").map().at("c"), N("1"));
  EXPECT_EQ(out.at("k"), S("key"));
  out = Ok("SET a = :one", true);
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(UpdateTest, SetInvalidPaths) {
  const char* kInvalid =
      "The document path provided in the update expression is invalid for update";
  EXPECT_EQ(ErrorOf(Apply("SET q.r = :one")), kInvalid);
  EXPECT_EQ(ErrorOf(Apply("SET s.r = :one")), kInvalid);
  EXPECT_EQ(ErrorOf(Apply("SET m[0] = :one")), kInvalid);
  EXPECT_EQ(ErrorOf(Apply("SET l.x = :one")), kInvalid);
  EXPECT_EQ(ErrorOf(Apply("SET m.q.r = :one")), kInvalid);
}

TEST_F(UpdateTest, SetListElements) {
  model::Item out = Ok("SET l[1] = :s");
  EXPECT_EQ(out.at("l").list()[1], S("new"));
  auto r = Apply("SET l[10] = :s, l[20] = :one");
  ASSERT_TRUE(r.ok());
  const auto& l = r->new_item.at("l").list();
  ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(l[4], S("new"));
  EXPECT_EQ(l[5], N("1"));
  ASSERT_EQ(r->updated_paths.size(), 2u);
  EXPECT_EQ(PathToString(r->updated_paths[0]), "[l, [4]]");
}

TEST_F(UpdateTest, Arithmetic) {
  EXPECT_EQ(Ok("SET n = n + :one").at("n"), N("11"));
  EXPECT_EQ(Ok("SET n = n - :two").at("n"), N("8"));
  EXPECT_EQ(Ok("SET x = :one - n").at("x"), N("-9"));
  EXPECT_EQ(Ok("SET x = if_not_exists(x, :one) + :two").at("x"), N("3"));
  EXPECT_EQ(ErrorOf(Apply("SET x = s + :one")),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(ErrorOf(Apply("SET x = q + :one")),
            "The provided expression refers to an attribute that does not exist in the item");
}

TEST_F(UpdateTest, ActionsSeeTheOldItem) {
  model::Item out = Ok("SET n = :one, x = n");
  EXPECT_EQ(out.at("n"), N("1"));
  EXPECT_EQ(out.at("x"), N("10"));
}

TEST_F(UpdateTest, ListAppendAndIfNotExists) {
  EXPECT_EQ(Ok("SET l = list_append(l, :l)").at("l").list().back(), N("9"));
  EXPECT_EQ(Ok("SET l = list_append(:l, l)").at("l").list().front(), N("9"));
  EXPECT_EQ(Ok("SET q = list_append(if_not_exists(q, :empty), :l)").at("q"), L({N("9")}));
  EXPECT_EQ(ErrorOf(Apply("SET q = list_append(s, :l)")),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Ok("SET n = if_not_exists(n, :one)").at("n"), N("10"));
  EXPECT_EQ(Ok("SET q = if_not_exists(q, :one)").at("q"), N("1"));
}

TEST_F(UpdateTest, Remove) {
  model::Item out = Ok("REMOVE s, m.a, nope, m.nope.deeper");
  EXPECT_EQ(out.count("s"), 0u);
  EXPECT_EQ(out.at("m").map().count("a"), 0u);
  out = Ok("REMOVE l[1], l[3], l[7]");
  EXPECT_EQ(out.at("l"), L({N("0"), N("2")}));
  EXPECT_EQ(ErrorOf(Apply("REMOVE s.x")), "");
}

TEST_F(UpdateTest, AddNumbersAndSets) {
  EXPECT_EQ(Ok("ADD n :two").at("n"), N("12"));
  EXPECT_EQ(Ok("ADD q :two").at("q"), N("2"));
  EXPECT_EQ(Ok("ADD ss :ss").at("ss"), SS({"a", "b", "c"}));
  EXPECT_EQ(Ok("ADD q :ns").at("q"), NS({"3"}));
  EXPECT_EQ(Ok("ADD m.z :one").at("m").map().at("z"), N("1"));
  EXPECT_EQ(ErrorOf(Apply("ADD s :one")),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(ErrorOf(Apply("ADD ss :ns")),
            "An operand in the update expression has an incorrect data type");
}

TEST_F(UpdateTest, DeleteFromSets) {
  EXPECT_EQ(Ok("DELETE ss :ss").at("ss"), SS({"a"}));
  EXPECT_EQ(Ok("DELETE ss :ssx").count("ss"), 0u);  // emptied set is removed
  EXPECT_EQ(Ok("DELETE q :ss").count("q"), 0u);
  EXPECT_EQ(ErrorOf(Apply("DELETE s :ss")),
            "An operand in the update expression has an incorrect data type");
}

TEST_F(UpdateTest, UpdatedPaths) {
  auto r = Apply("SET s = :s REMOVE nope, n ADD q :one");
  ASSERT_TRUE(r.ok());
  std::vector<std::string> paths;
  for (const Path& p : r->updated_paths) paths.push_back(PathToString(p));
  EXPECT_EQ(paths, (std::vector<std::string>{"[s]", "[q]", "[n]"}));
}

TEST(LegacyUpdateTest, AttributeUpdates) {
  model::Item item = {{"n", N("1")}, {"l", L({N("1")})}, {"ss", SS({"a", "b"})}, {"s", S("x")}};
  auto build = [](std::vector<LegacyAttributeUpdate> ups) { return BuildAttributeUpdates(ups); };
  auto u = build({{"n", "ADD", N("2")},
                  {"l", "ADD", L({N("2")})},
                  {"ss", "DELETE", SS({"a"})},
                  {"s", {}, S("y")},
                  {"gone", "DELETE", {}}});
  ASSERT_TRUE(u.ok()) << ErrorOf(u);
  auto r = ApplyUpdate(*u, &item);
  ASSERT_TRUE(r.ok()) << ErrorOf(r);
  EXPECT_EQ(r->new_item.at("n"), N("3"));
  EXPECT_EQ(r->new_item.at("l"), L({N("1"), N("2")}));
  EXPECT_EQ(r->new_item.at("ss"), SS({"b"}));
  EXPECT_EQ(r->new_item.at("s"), S("y"));
  auto bad = build({{"s", "ADD", N("1")}});
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(ErrorOf(ApplyUpdate(*bad, &item)), "Type mismatch for attribute to update");
  EXPECT_EQ(ErrorOf(build({{"s", "PUT", {}}})),
            "One or more parameter values were invalid: Only DELETE action is allowed when no "
            "attribute value is specified");
  EXPECT_EQ(
      ErrorOf(build({{"s", "ADD", S("x")}})),
      "One or more parameter values were invalid: ADD action is not supported for the type S");
  EXPECT_EQ(ErrorOf(build({{"s", "DELETE", N("1")}})),
            "One or more parameter values were invalid: DELETE action with value is not supported "
            "for the type N");
}

}  // namespace
}  // namespace magneto::expr
