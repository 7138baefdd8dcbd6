// Tests of projecting items onto document paths.
#include "expr/projection.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

model::Item ProjectText(std::string_view text, const model::Item& item) {
  Params p;
  ExpressionParams params = p.Make();
  auto proj = ParseProjection(text, params);
  EXPECT_TRUE(proj.ok()) << ErrorOf(proj);
  return proj.ok() ? Project(proj->paths, item) : model::Item{};
}

TEST(ProjectionTest, KeepsNestingAndPacksLists) {
  model::Item item = {{"a", N("1")},
                      {"b", M({{"c", N("2")}, {"d", N("3")}})},
                      {"l", L({S("w"), S("x"), S("y"), S("z")})},
                      {"lm", L({M({{"p", N("1")}, {"q", N("2")}}), M({{"q", N("3")}})})}};
  model::Item out = ProjectText("a, b.c, l[3], l[1], lm[0].p, lm[1].p, absent, b.nope", item);
  EXPECT_EQ(out.at("a"), N("1"));
  EXPECT_EQ(out.at("b"), M({{"c", N("2")}}));
  EXPECT_EQ(out.at("l"), L({S("x"), S("z")}));
  EXPECT_EQ(out.at("lm"), L({M({{"p", N("1")}})}));
  EXPECT_EQ(out.count("absent"), 0u);
  EXPECT_EQ(out.size(), 4u);
}

TEST(ProjectionTest, MismatchedShapesAreLeftOut) {
  model::Item item = {{"a", N("1")}, {"l", L({N("1")})}, {"c", M({{"x", N("1")}})}};
  model::Item out = ProjectText("a.b, l[5], c[0]", item);
  EXPECT_TRUE(out.empty());
}

TEST(ProjectionTest, AttributesToGet) {
  auto proj = BuildAttributesToGet({"a", "b"});
  ASSERT_TRUE(proj.ok());
  model::Item item = {{"a", N("1")}, {"c", N("2")}};
  EXPECT_EQ(Project(proj->paths, item).size(), 1u);
  EXPECT_EQ(ErrorOf(BuildAttributesToGet({"a", "a"})),
            "One or more parameter values were invalid: Duplicate value in attribute name: a");
}

}  // namespace
}  // namespace magneto::expr
