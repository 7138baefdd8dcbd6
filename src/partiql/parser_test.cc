// Unit tests of the PartiQL lexer, parser and planner.

#include "partiql/parser.h"

#include <gtest/gtest.h>

#include "expr/evaluate.h"
#include "partiql/plan.h"

namespace magneto::partiql {
namespace {

using expr::CondNode;
using model::AttributeValue;
using model::Number;

AttributeValue Num(std::string_view s) { return AttributeValue::N(Number::Parse(s).value()); }

Statement MustParse(std::string_view text, std::vector<AttributeValue> params = {}) {
  auto st = Parse(text, params);
  EXPECT_TRUE(st.ok()) << text << ": " << (st.ok() ? "" : st.error().message());
  return st.ok() ? std::move(st).value() : Statement{};
}

std::string ErrorOf(std::string_view text, std::vector<AttributeValue> params = {}) {
  auto st = Parse(text, params);
  if (st.ok()) return "<ok>";
  EXPECT_EQ(st.error().type(), "ValidationException");
  return st.error().message();
}

bool Matches(const Statement& st, const model::Item& item) {
  auto r = expr::EvaluateNode(*st.where, &item);
  EXPECT_TRUE(r.ok());
  return r.ok() && *r;
}

schema::TableDef Table(bool with_range) {
  schema::TableDef t;
  t.name = "t";
  t.hash_key = {"pk", model::Type::kS};
  if (with_range) t.range_key = schema::KeyElement{"sk", model::Type::kN};
  return t;
}

TEST(PartiqlParser, SelectStar) {
  Statement st = MustParse("SELECT * FROM \"Music\"");
  EXPECT_EQ(st.kind, StatementKind::kSelect);
  EXPECT_EQ(st.table, "Music");
  EXPECT_FALSE(st.index);
  EXPECT_TRUE(st.projection.empty());
  EXPECT_FALSE(st.where);
}

TEST(PartiqlParser, SelectProjectionIndexAndOrder) {
  Statement st =
      MustParse("select a, m.k[1], \"x y\" from \"t\".\"idx\" where pk = 'a' order by sk desc;");
  EXPECT_EQ(st.index, "idx");
  ASSERT_EQ(st.projection.size(), 3u);
  EXPECT_EQ(ProjectionName(st.projection[1]), "k[1]");
  EXPECT_EQ(ProjectionName(st.projection[2]), "x y");
  ASSERT_EQ(st.order_by.size(), 1u);
  EXPECT_TRUE(st.order_by[0].descending);
}

TEST(PartiqlParser, Literals) {
  Statement st = MustParse(
      "INSERT INTO t VALUE {'pk': 'it''s', 'n': -1.50, 'b': true, 'z': null, "
      "'l': [1, 'a', [2]], 'm': {'k': {'j': 3}}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'p': ?}",
      {AttributeValue::B("\x01")});
  EXPECT_EQ(st.kind, StatementKind::kInsert);
  EXPECT_EQ(st.item.at("pk"), AttributeValue::S("it's"));
  EXPECT_EQ(st.item.at("n"), Num("-1.5"));
  EXPECT_EQ(st.item.at("b"), AttributeValue::Bool(true));
  EXPECT_EQ(st.item.at("z"), AttributeValue::Null());
  EXPECT_EQ(st.item.at("l").list().size(), 3u);
  EXPECT_EQ(st.item.at("m").map().at("k").map().at("j"), Num("3"));
  EXPECT_EQ(st.item.at("ss"), AttributeValue::SS({"a", "b"}));
  EXPECT_EQ(st.item.at("ns").type(), model::Type::kNS);
  EXPECT_EQ(st.item.at("p"), AttributeValue::B("\x01"));
}

TEST(PartiqlParser, CommentsAndCase) {
  Statement st = MustParse("-- hi\nsElEcT /* x */ a FrOm t WhErE a = 1");
  EXPECT_TRUE(st.where);
}

TEST(PartiqlParser, BagErrors) {
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE {'a': <<>>}"), "Empty bags are not supported");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE {'a': <<1, 'x'>>}"),
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in "
            "bags");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE {'a': <<1, 1.0>>}"),
            "Input collection contains duplicates");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE {'a': <<?>>}", {AttributeValue::S("x")}),
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in "
            "bags");
}

TEST(PartiqlParser, Parameters) {
  Statement st = MustParse("SELECT * FROM t WHERE a = ? AND b = ?", {Num("1"), Num("2")});
  EXPECT_TRUE(Matches(st, {{"a", Num("1")}, {"b", Num("2")}}));
  const std::string mismatch = "Number of parameters in request and statement don't match.";
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE a = ?"), mismatch);
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE a = ?", {Num("1"), Num("2")}), mismatch);
  // A ? inside a string is text.
  MustParse("SELECT * FROM t WHERE a = '?'");
}

TEST(PartiqlParser, ConditionsEvaluate) {
  model::Item item{{"a", Num("5")},
                   {"s", AttributeValue::S("hello")},
                   {"l", AttributeValue::L({Num("1")})},
                   {"n", AttributeValue::Null()},
                   {"m", AttributeValue::M({{"k", AttributeValue::S("v")}})}};
  struct Case {
    const char* where;
    bool expected;
  };
  const Case cases[] = {
      {"a = 5", true},
      {"5 = a", true},
      {"a <> 5", false},
      {"a != 4", true},
      {"a BETWEEN 1 AND 5", true},
      {"a NOT BETWEEN 1 AND 5", false},
      {"a IN [1, 5]", true},
      {"a IN (1, 2)", false},
      {"a NOT IN [1, 2]", true},
      {"begins_with(s, 'he')", true},
      {"contains(s, 'll')", true},
      {"attribute_type(a, 'N')", true},
      {"attribute_exists(m.k)", true},
      {"attribute_not_exists(m.z)", true},
      {"size(l) = 1", true},
      {"x IS MISSING", true},
      {"a IS NOT MISSING", true},
      {"n IS NULL", true},
      {"x IS NULL", true},
      {"a IS NOT NULL", true},
      {"a IS NUMERIC AND s IS STRING AND l IS LIST AND m IS STRUCT", true},
      {"m.k = 'v' AND l[0] = 1", true},
      {"NOT (a = 5 OR s = 'x')", false},
      {"a = 4 OR (s = 'hello' AND a > 4)", true},
      {"m['k'] = 'v'", true},
  };
  for (const Case& c : cases) {
    Statement st = MustParse(std::string("SELECT * FROM t WHERE ") + c.where);
    if (!st.where) continue;
    EXPECT_EQ(Matches(st, item), c.expected) << c.where;
  }
}

TEST(PartiqlParser, Update) {
  Statement st = MustParse(
      "UPDATE \"t\" SET a = 1, b = b + 2 SET c = list_append(c, [1]) REMOVE d, e.f "
      "SET s = set_add(s, <<'x'>>) WHERE pk = 'k' AND a > 0 RETURNING MODIFIED NEW *");
  EXPECT_EQ(st.kind, StatementKind::kUpdate);
  ASSERT_EQ(st.actions.size(), 6u);
  EXPECT_EQ(st.actions[1].value.kind, expr::Operand::Kind::kPlus);
  EXPECT_EQ(st.actions[2].value.kind, expr::Operand::Kind::kListAppend);
  EXPECT_EQ(st.actions[3].kind, expr::UpdateAction::Kind::kRemove);
  EXPECT_EQ(st.actions[5].kind, expr::UpdateAction::Kind::kAdd);
  EXPECT_EQ(st.returning, Returning::kModifiedNew);
}

TEST(PartiqlParser, DeleteAndExists) {
  Statement st = MustParse("DELETE FROM t WHERE pk = 'a' RETURNING ALL OLD *");
  EXPECT_EQ(st.returning, Returning::kAllOld);
  EXPECT_EQ(ErrorOf("DELETE FROM t WHERE pk = 'a' RETURNING ALL NEW *"),
            "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in "
            "DELETE statements.");
  Statement ex = MustParse("EXISTS(SELECT * FROM t WHERE pk = 'a' AND x = 1)");
  EXPECT_EQ(ex.kind, StatementKind::kExists);
}

TEST(PartiqlParser, Errors) {
  EXPECT_EQ(ErrorOf(""), "Statement wasn't well formed, can't be processed: Empty statement");
  EXPECT_EQ(ErrorOf("UPSERT INTO t VALUE {'a': 1}"),
            "Statement wasn't well formed, can't be processed: Expected data manipulation");
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE a = 'x"),
            "Statement wasn't well formed, can't be processed: Unterminated string literal");
  EXPECT_EQ(ErrorOf("SELECT * FROM t; SELECT * FROM t"),
            "Statement wasn't well formed, can't be processed: Unexpected token after expression");
  EXPECT_EQ(ErrorOf("SELECT * FROM t LIMIT 1"), "Unsupported clause: LIMIT");
  EXPECT_EQ(ErrorOf("SELECT * FROM a, b"),
            "Only select from a single table or index is supported.");
  EXPECT_EQ(ErrorOf("SELECT * FROM t AS x"), "Aliasing is not supported");
  EXPECT_EQ(ErrorOf("SELECT *, a FROM t"),
            "Other attributes should not be present in the projection when '*' is used.");
  EXPECT_EQ(ErrorOf("SELECT m.z, z FROM t"), "Duplicate identifiers in select clause: z");
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE a = MISSING"),
            "MISSING must be compared using IS operator");
  EXPECT_EQ(ErrorOf("UPDATE t SET a = 1"),
            "Where clause does not contain a mandatory equality on all key attributes");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *"),
            "RETURNING is not supported in INSERT");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUE [1]"),
            "Unsupported format in item expression. Please use struct format {...} to express "
            "item values for insert statement.");
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE EXISTS(SELECT * FROM t)"),
            "EXISTS can only be used in ExecuteTransaction write requests.");
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE select = 1"),
            "Statement wasn't well formed, can't be processed: Unexpected keyword: SELECT");
  EXPECT_EQ(ErrorOf("SELECT * FROM t WHERE a = 1e400"),
            ErrorOf("SELECT * FROM t WHERE a = 1e400"));  // Number's own message
  MustParse("SELECT * FROM t WHERE \"select\" = 1");
}

TEST(PartiqlParser, DepthIsCapped) {
  std::string deep =
      "SELECT * FROM t WHERE " + std::string(5000, '(') + "a = 1" + std::string(5000, ')');
  EXPECT_NE(ErrorOf(deep), "<ok>");
  std::string deep_list =
      "INSERT INTO t VALUE {'a': " + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_NE(ErrorOf(deep_list), "<ok>");
}

TEST(PartiqlPlan, KeyOfWrites) {
  schema::TableDef t = Table(true);
  auto plan = PlanKey(MustParse("DELETE FROM t WHERE sk = 1 AND pk = 'a' AND x = 2"), t);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->key.size(), 2u);
  EXPECT_TRUE(plan->condition);
  auto missing = PlanKey(MustParse("DELETE FROM t WHERE pk = 'a'"), t);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(),
            "Where clause does not contain a mandatory equality on all key attributes");
  auto wrong_type = PlanKey(MustParse("DELETE FROM t WHERE pk = 1 AND sk = 1"), t);
  ASSERT_FALSE(wrong_type.ok());
}

TEST(PartiqlPlan, SelectKinds) {
  schema::TableDef t = Table(true);
  auto get = PlanSelect(MustParse("SELECT * FROM t WHERE pk = 'a' AND sk = 1"), t, nullptr);
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->kind, ReadKind::kGet);
  EXPECT_FALSE(get->filter);
  auto query =
      PlanSelect(MustParse("SELECT * FROM t WHERE pk = 'a' AND 3 < sk AND x = 1 ORDER BY sk DESC"),
                 t, nullptr);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->kind, ReadKind::kQuery);
  EXPECT_EQ(query->sort_op, items::SortOp::kGt);
  EXPECT_TRUE(query->reverse);
  EXPECT_TRUE(query->filter);
  auto scan = PlanSelect(MustParse("SELECT * FROM t WHERE pk = 'a' OR x = 1"), t, nullptr);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->kind, ReadKind::kScan);
  auto empty = PlanSelect(MustParse("SELECT * FROM t WHERE pk = 1"), t, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->kind, ReadKind::kEmpty);
  auto bad_order = PlanSelect(MustParse("SELECT * FROM t WHERE x = 1 ORDER BY sk"), t, nullptr);
  ASSERT_FALSE(bad_order.ok());
  auto not_key = PlanSelect(MustParse("SELECT * FROM t WHERE pk = 'a' ORDER BY x"), t, nullptr);
  ASSERT_FALSE(not_key.ok());
  EXPECT_EQ(not_key.error().message(),
            "Variable reference x in ORDER BY clause must be part of the primary key");
}

}  // namespace
}  // namespace magneto::partiql
