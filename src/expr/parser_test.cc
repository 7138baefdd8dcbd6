// Tests of expression parsing: grammar rules and every parse-time error message.
#include "expr/parser.h"

#include "expr/test_util.h"

namespace magneto::expr {
namespace {

using namespace testing;  // NOLINT

class ParserTest : public ::testing::Test {
 protected:
  ParserTest() {
    p_.names = {{"#n", "name"}, {"#s", "status"}, {"#a", "a"}};
    p_.values = {{":v", N("1")},     {":w", N("5")},      {":s", S("abc")},  {":t", S("S")},
                 {":b", Bool(true)}, {":l", L({N("1")})}, {":ss", SS({"x"})}};
  }
  std::string Cond(std::string_view text, ConditionKind kind = ConditionKind::kCondition) {
    ExpressionParams params = p_.Make();
    return ErrorOf(ParseCondition(text, kind, params));
  }
  std::string Upd(std::string_view text) {
    ExpressionParams params = p_.Make();
    return ErrorOf(ParseUpdate(text, params));
  }
  std::string Proj(std::string_view text) {
    ExpressionParams params = p_.Make();
    return ErrorOf(ParseProjection(text, params));
  }
  Params p_;
};

TEST_F(ParserTest, LexerNearContext) {
  EXPECT_EQ(Upd("ADD hits : incr"),
            "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
  EXPECT_EQ(Upd("INVALID SYNTAX HERE"),
            "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
  EXPECT_EQ(Cond("a = :v AND NOT #n"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"#n\"");
  EXPECT_EQ(Cond("a-b"), "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"a-b\"");
  EXPECT_EQ(Cond("a-b", ConditionKind::kFilter),
            "Invalid FilterExpression: Syntax error; token: \"-\", near: \"a-b\"");
  EXPECT_EQ(Cond("contains()", ConditionKind::kKeyCondition),
            "Invalid KeyConditionExpression: Syntax error; token: \")\", near: \"()\"");
  EXPECT_EQ(Cond("a = :v $ b"),
            "Invalid ConditionExpression: Syntax error; token: \"$\", near: \":v $ b\"");
}

TEST_F(ParserTest, ConditionGrammar) {
  for (const char* ok : {"a = :v",
                         "a <> :v",
                         "a < :v",
                         "a <= :v",
                         "a > :v",
                         "a >= :v",
                         "a BETWEEN :v AND :w",
                         "a between :v and :w",
                         "a IN (:v, :w)",
                         "a in (:v)",
                         "NOT a = :v",
                         "not (a = :v)",
                         "(a = :v) AND b = :w",
                         "a = :v OR b = :v AND c = :v",
                         "attribute_exists(a)",
                         "attribute_not_exists(a.b[1].c)",
                         "attribute_type(a, :t)",
                         "begins_with(a, :s)",
                         "contains(a, :s)",
                         "size(a) > :v",
                         ":v < size(a)",
                         "#n.#a[2] = :v",
                         "a[0][1] = :v",
                         "a.b.c = :v",
                         " a\t=\n:v ",
                         "_x9 = :v",
                         "a = b",
                         "NOT NOT a = :v"}) {
    EXPECT_EQ(Cond(ok), "") << ok;
  }
}

TEST_F(ParserTest, ConditionSyntaxErrors) {
  EXPECT_EQ(Cond("a ="),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  EXPECT_EQ(Cond("a = :v AND"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  EXPECT_EQ(Cond("(a = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\"");
  EXPECT_EQ(Cond("a = :v)"),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\"");
  EXPECT_EQ(Cond("a == :v"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"");
  EXPECT_EQ(Cond("a[x] = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x]\"");
  EXPECT_EQ(Cond("1a = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"1a\"");
  EXPECT_EQ(Cond("a BETWEEN :v OR :w"),
            "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":v OR :w\"");
  EXPECT_EQ(Cond("a IN ()"),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"");
  EXPECT_EQ(Cond("a = :v AND AND b = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"AND AND b\"");
  EXPECT_EQ(Cond("# = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"# =\"");
}

TEST_F(ParserTest, EmptyAndSize) {
  EXPECT_EQ(Cond(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(Cond("  "), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(Upd(""), "Invalid UpdateExpression: The expression can not be empty;");
  EXPECT_EQ(Proj(""), "Invalid ProjectionExpression: The expression can not be empty;");
  std::string big = "a = :v" + std::string(4091, ' ');
  EXPECT_EQ(Cond(big),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
  EXPECT_EQ(Cond(big.substr(0, 4096)), "");
}

TEST_F(ParserTest, ReservedWords) {
  EXPECT_EQ(Cond("status = :v"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(Cond("a.Name = :v"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "Name");
  EXPECT_EQ(
      Upd("SET #s = :v, data = :v"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: data");
  EXPECT_EQ(Proj("a, year"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "year");
  EXPECT_EQ(Cond("#s = :v"), "");
  EXPECT_EQ(Cond("statuses = :v"), "");
  // A syntax error wins over a reserved word.
  EXPECT_EQ(Cond("status = "),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
}

TEST_F(ParserTest, Placeholders) {
  EXPECT_EQ(Cond("#x = :v"),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #x");
  EXPECT_EQ(Cond("a = :x"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :x");
  EXPECT_EQ(Upd("SET a = :x, #x = :v"),
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #x");
  ExpressionParams params(nullptr, nullptr);
  EXPECT_EQ(ErrorOf(ParseCondition("a = :v", ConditionKind::kFilter, params)),
            "Invalid FilterExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :v");
}

TEST_F(ParserTest, UnusedPlaceholders) {
  std::map<std::string, std::string> names = {{"#a", "a"}, {"#b", "b"}, {"#c", "c"}};
  model::Map values = {{":x", N("1")}, {":y", N("2")}};
  ExpressionParams params(&names, &values);
  ASSERT_TRUE(ParseCondition("#a = :x", ConditionKind::kCondition, params).ok());
  EXPECT_EQ(ErrorOf(params.CheckAllUsed()),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
  ASSERT_TRUE(ParseProjection("#b, #c", params).ok());
  EXPECT_EQ(ErrorOf(params.CheckAllUsed()),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:y}");
  ASSERT_TRUE(ParseUpdate("SET q = :y", params).ok());
  EXPECT_TRUE(params.CheckAllUsed().ok());
}

TEST_F(ParserTest, Functions) {
  EXPECT_EQ(Cond("foo(a) = :v"),
            "Invalid ConditionExpression: Invalid function name; function: foo");
  EXPECT_EQ(Cond("Size(a) = :v"),
            "Invalid ConditionExpression: Invalid function name; function: Size");
  EXPECT_EQ(Cond("if_not_exists(a, :v) = :v"),
            "Invalid ConditionExpression: Invalid function name; function: if_not_exists");
  EXPECT_EQ(Upd("SET a = size(b)"),
            "Invalid UpdateExpression: Invalid function name; function: size");
  EXPECT_EQ(Cond("begins_with(a)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 1");
  EXPECT_EQ(Cond("attribute_exists(:v)"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator "
            "or function: attribute_exists");
  EXPECT_EQ(Cond("a = attribute_exists(b)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: attribute_exists");
  EXPECT_EQ(Cond("size(a)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: size");
  EXPECT_EQ(Cond("a = :v AND size(a)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: size");
  EXPECT_EQ(Cond("begins_with(a, :v)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(Cond("size(:v) > :v"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: size, operand type: N");
  EXPECT_EQ(Cond("attribute_type(a, :v)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: attribute_type, operand type: N");
  EXPECT_EQ(Cond("attribute_type(a, :s)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: abc, valid "
            "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  EXPECT_EQ(Cond("a = a"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: =, first operand: [a]");
}

TEST_F(ParserTest, RedundantParentheses) {
  EXPECT_EQ(Cond("((a = :v))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(Cond("(a = :v) AND ((b = :v))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(Cond("((a = :v) AND (b = :v))"), "");
}

TEST_F(ParserTest, BetweenAndIn) {
  EXPECT_EQ(Cond("a BETWEEN :w AND :v"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound "
            "operand: AttributeValue: {N:1}");
  EXPECT_EQ(Cond("a BETWEEN :v AND :s"),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower "
            "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
            "AttributeValue: {S:abc}");
  std::string in = "a IN (:v";
  for (int i = 0; i < 100; ++i) in += ", :v";
  EXPECT_EQ(Cond(in + ")"),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

TEST_F(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(3000, '(');
  EXPECT_NE(Cond(deep + "a = :v" + std::string(3000, ')')), "");
  std::string nots;
  for (int i = 0; i < 900; ++i) nots += "NOT ";
  EXPECT_NE(Cond(nots + "a = :v"), "");
  std::string fns;
  for (int i = 0; i < 500; ++i) fns += "list_append(";
  EXPECT_NE(Upd("SET a = " + fns), "");
}

TEST_F(ParserTest, UpdateGrammar) {
  for (const char* ok :
       {"SET a = :v", "set a = :v, b = :w", "SET a = b + :v", "SET a = :v - b",
        "SET a = if_not_exists(a, :v) + :v", "SET a = list_append(a, :l)",
        "SET a = list_append(:l, if_not_exists(a, :l))", "REMOVE a, b[1], c.d", "ADD a :v, b :ss",
        "DELETE a :ss", "SET a = :v REMOVE b ADD c :v DELETE d :ss", "DELETE d :ss SET a = :v",
        "SET a = (:v)", "SET a = (b + :v)", "SET a[3] = :v"}) {
    EXPECT_EQ(Upd(ok), "") << ok;
  }
  EXPECT_EQ(Upd("SET a = :v SET b = :v"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(Upd("remove a REMOVE b"),
            "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(Upd("SET a :v"),
            "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\"");
  EXPECT_EQ(Upd("ADD a b"), "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(Upd("SET a = :v,"),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(Upd("UPDATE a = :v"),
            "Invalid UpdateExpression: Syntax error; token: \"UPDATE\", near: \"UPDATE a\"");
}

TEST_F(ParserTest, UpdatePathsAndTypes) {
  EXPECT_EQ(Upd("SET a = :v, a.b = :v"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(Upd("SET a = :v REMOVE a"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a]");
  EXPECT_EQ(Upd("SET a[1] = :v REMOVE a.b"),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
            "rewrite one of these paths; path one: [a, [1]], path two: [a, b]");
  EXPECT_EQ(Upd("SET a[1] = :v, a[2] = :v, b.c = :v, b.d = :v"), "");
  EXPECT_EQ(Upd("SET a = :s + :v"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: +, operand type: S");
  EXPECT_EQ(Upd("SET a = b - :l"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: -, operand type: L");
  EXPECT_EQ(Upd("SET a = list_append(a, :s)"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: list_append, operand type: S");
  EXPECT_EQ(Upd("SET a = if_not_exists(:v, a)"),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or "
            "function: if_not_exists");
  EXPECT_EQ(Upd("SET a = list_append(a)"),
            "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
            "operator or function: list_append, number of operands: 1");
  EXPECT_EQ(Upd("ADD a :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND");
  EXPECT_EQ(Upd("DELETE a :v"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND");
  // Overlap is reported before operand types.
  EXPECT_EQ(Upd("ADD a :s SET a = :v").find("overlap") != std::string::npos, true);
}

TEST_F(ParserTest, Projection) {
  EXPECT_EQ(Proj("a, b.c, d[1], #n"), "");
  EXPECT_EQ(Proj("a, a.b"),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
            "or rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(Proj("a[0], a.b"),
            "Invalid ProjectionExpression: Two document paths conflict with each other; must "
            "remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]");
  EXPECT_EQ(Proj("a,"),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(Proj("a b"), "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
  std::string deep = "a";
  for (int i = 0; i < 32; ++i) deep += ".b";
  EXPECT_EQ(Proj(deep),
            "Invalid ProjectionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

}  // namespace
}  // namespace magneto::expr
