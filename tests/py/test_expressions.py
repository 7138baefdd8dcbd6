# Black-box tests of DynamoDB expressions: ConditionExpression operators and functions,
# precedence, document paths, #name/:value placeholders and their errors, UpdateExpression
# actions, and ProjectionExpression.

import pytest

from ddb_util import client_error, get, random_string, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

ITEM = {
    "s": S("hello"),
    "n": N("5"),
    "b": {"B": b"\x01\x02"},
    "t": {"BOOL": True},
    "nul": {"NULL": True},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"x"]},
    "l": {"L": [N("1"), S("two"), {"L": [N("3")]}, {"M": {"k": S("v")}}]},
    "m": {"M": {"a": {"M": {"b": N("1")}}, "c d": S("x")}},
    "dotted.name": S("dot"),
    "name": S("reserved"),
}

# Values used by the condition tests; each test passes only those it uses (DynamoDB rejects
# unused ones).
VALUES = {
    ":one": N("1"), ":two": N("2"), ":four": N("4"), ":five": N("5"), ":six": N("6"),
    ":ten": N("10"), ":s5": S("5"), ":hello": S("hello"), ":he": S("he"), ":ell": S("ell"),
    ":x": S("x"), ":a": S("a"), ":z": S("z"), ":i": S("i"), ":v": S("v"), ":dot": S("dot"),
    ":twos": S("two"), ":b1": {"B": b"\x01"}, ":b3": {"B": b"\x03"},
    ":ss_ba": {"SS": ["b", "a"]}, ":l3": {"L": [N("3")]}, ":mab": {"M": {"b": N("1")}},
    ":S": S("S"), ":N": S("N"), ":B": S("B"), ":BOOL": S("BOOL"), ":NULL": S("NULL"),
    ":SS": S("SS"), ":NS": S("NS"), ":BS": S("BS"), ":L": S("L"), ":M": S("M"),
}


@pytest.fixture(scope="module")
def item_key(dynamodb, test_table_s):
    k = {"p": S(random_string())}
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, **ITEM))
    return k


def used_values(expr):
    # Longest first, so that ":s" does not claim ":s5".
    out = {}
    rest = expr
    for name in sorted(VALUES, key=len, reverse=True):
        if name in rest:
            out[name] = VALUES[name]
            rest = rest.replace(name, "")
    return out


def condition(dynamodb, table, k, expr, names=None, values=None):
    """Evaluates expr against the item at k: an UpdateItem that changes nothing."""
    kwargs = {"ConditionExpression": expr}
    values = used_values(expr) if values is None else values
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    try:
        dynamodb.update_item(TableName=table, Key=k, **kwargs)
        return True
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return False


TRUE_CONDITIONS = [
    "n = :five", "n <> :four", "n < :six", "n <= :five", "n > :four", "n >= :five",
    "s < :i", "s > :he", "b < :b3", "b > :b1", ":five = n", ":four < n",
    "zz <> :five",  # a missing attribute is different from anything
    "ss = :ss_ba", "l[2] = :l3", "m.a = :mab",
    "n BETWEEN :four AND :six", "n BETWEEN :five AND :five", "s BETWEEN :a AND :z",
    "n IN (:four, :five)", "s IN (:hello)",
    "attribute_exists(s)", "attribute_exists(nul)", "attribute_not_exists(zz)",
    "attribute_exists(m.a.b)", "attribute_exists(l[3].k)", "attribute_not_exists(l[10])",
    "attribute_not_exists(m.zz)", "attribute_not_exists(s.x)", "attribute_not_exists(s[0])",
    "attribute_type(s, :S)", "attribute_type(n, :N)", "attribute_type(b, :B)",
    "attribute_type(t, :BOOL)", "attribute_type(nul, :NULL)", "attribute_type(ss, :SS)",
    "attribute_type(ns, :NS)", "attribute_type(bs, :BS)", "attribute_type(l, :L)",
    "attribute_type(m, :M)",
    "begins_with(s, :he)", "begins_with(s, :hello)", "begins_with(b, :b1)",
    "contains(s, :ell)", "contains(ss, :a)", "contains(ns, :one)", "contains(l, :twos)",
    "size(s) = :five", "size(ss) = :two", "size(l) = :four", "size(m) = :two",
    "size(b) = :two", "size(l[2]) = :one", "size(s) > :four",
    "m.a.b = :one", "l[0] = :one", "l[1] = :twos", "l[3].k = :v", "l[2][0] = :three",
    "NOT n = :four", "NOT (n = :four)", "n = :five AND s = :hello", "n = :four OR s = :hello",
    # Precedence: NOT binds tighter than AND, AND tighter than OR.
    "n = :five OR s = :x AND n = :four",
    "NOT n = :four AND n = :five",
    "(n = :five)", "((n = :five) AND (s = :hello))",
]

FALSE_CONDITIONS = [
    "n = :four", "n <> :five", "n < :five", "n > :five", "n >= :six", "n <= :four",
    "n = :s5",  # different types are never equal
    "n < :s5", "n > :s5", "zz = :five", "zz < :five",
    "n BETWEEN :six AND :ten", "n IN (:four, :six)",
    "attribute_exists(zz)", "attribute_not_exists(s)", "attribute_exists(l[4])",
    "attribute_exists(m.a.zz)", "attribute_type(s, :N)", "attribute_type(zz, :S)",
    "begins_with(s, :x)", "begins_with(n, :s5)", "begins_with(zz, :he)",
    "contains(s, :x)", "contains(ss, :z)", "contains(ns, :six)", "contains(zz, :x)",
    "size(s) = :four", "size(zz) = :one",
    "l[0] = :twos", "m.a.b = :two", "l[10] = :one",
    "NOT n = :five", "n = :five AND s = :x", "n = :four OR s = :x",
    # Precedence, the other way round: these would be true with left-to-right evaluation.
    "NOT n = :five AND s = :x",
    "n = :four OR NOT n = :four AND s = :x",
    "(n = :five OR s = :x) AND n = :four",
]

VALUES[":three"] = N("3")


@pytest.mark.parametrize("expr", TRUE_CONDITIONS)
def test_condition_true(dynamodb, test_table_s, item_key, expr):
    assert condition(dynamodb, test_table_s, item_key, expr) is True


@pytest.mark.parametrize("expr", FALSE_CONDITIONS)
def test_condition_false(dynamodb, test_table_s, item_key, expr):
    assert condition(dynamodb, test_table_s, item_key, expr) is False


def test_condition_names(dynamodb, test_table_s, item_key):
    assert condition(dynamodb, test_table_s, item_key, "#d = :dot",
                     names={"#d": "dotted.name"}) is True
    # Without a placeholder, dots are path separators.
    assert condition(dynamodb, test_table_s, item_key, "attribute_exists(dotted.xyz)") is False
    assert condition(dynamodb, test_table_s, item_key, "m.#cd = :x", names={"#cd": "c d"}) is True
    # DynamoDB rejects comparing a path with itself.
    with validation_error(contains="The first operand must be distinct from the remaining "
                                   "operands for this operator or function"):
        condition(dynamodb, test_table_s, item_key, "#n = #n", names={"#n": "n"})
    assert condition(dynamodb, test_table_s, item_key, "#name = :v",
                     names={"#name": "name"}, values={":v": S("reserved")}) is True


def test_condition_reserved_word(dynamodb, test_table_s, item_key):
    with validation_error(message="Invalid ConditionExpression: Attribute name is a reserved "
                                  "keyword; reserved keyword: name"):
        condition(dynamodb, test_table_s, item_key, "name = :v", values={":v": S("x")})


def test_condition_undefined_placeholders(dynamodb, test_table_s, item_key):
    with validation_error(message="Invalid ConditionExpression: An expression attribute value "
                                  "used in expression is not defined; attribute value: :nope"):
        condition(dynamodb, test_table_s, item_key, "n = :nope", values={})
    with validation_error(message="Invalid ConditionExpression: An expression attribute name "
                                  "used in the document path is not defined; attribute name: "
                                  "#nope"):
        condition(dynamodb, test_table_s, item_key, "#nope = :five")


def test_condition_unused_placeholders(dynamodb, test_table_s, item_key):
    with validation_error(message="Value provided in ExpressionAttributeValues unused in "
                                  "expressions: keys: {:unused}"):
        condition(dynamodb, test_table_s, item_key, "n = :five",
                  values={":five": N("5"), ":unused": N("1")})
    with validation_error(message="Value provided in ExpressionAttributeNames unused in "
                                  "expressions: keys: {#unused}"):
        condition(dynamodb, test_table_s, item_key, "#n = :five",
                  names={"#n": "n", "#unused": "x"})


def test_condition_empty_placeholder_maps(dynamodb, test_table_s, item_key):
    with validation_error(message="ExpressionAttributeValues must not be empty"):
        dynamodb.update_item(TableName=test_table_s, Key=item_key,
                             ConditionExpression="attribute_exists(n)",
                             ExpressionAttributeValues={})
    with validation_error(message="ExpressionAttributeNames must not be empty"):
        dynamodb.update_item(TableName=test_table_s, Key=item_key,
                             ConditionExpression="attribute_exists(n)",
                             ExpressionAttributeNames={})


def test_condition_invalid_value_in_placeholder(dynamodb, test_table_s, item_key):
    with validation_error(message="ExpressionAttributeValues contains invalid value: One or more "
                                  "parameter values were invalid: An string set  may not be "
                                  "empty for key :e"):
        condition(dynamodb, test_table_s, item_key, "ss = :e", values={":e": {"SS": []}})


@pytest.mark.parametrize("expr", [
    "n = ", "n == :five", "(n = :five", "n = :five)", "n BETWEEN :four", "n IN ()",
    "n = :five AND", "AND n = :five", "n :five", "n = :five n = :five", "n.", "l[]", "l[x]",
    "n = :five OR OR s = :hello",
])
def test_condition_syntax_errors(dynamodb, test_table_s, item_key, expr):
    # DynamoDB: 'Invalid ConditionExpression: Syntax error; token: "...", near: "..."'; the
    # token/near parts are not checked.
    with validation_error(contains="Invalid ConditionExpression: Syntax error; token:"):
        condition(dynamodb, test_table_s, item_key, expr)


def test_condition_semantic_errors(dynamodb, test_table_s, item_key):
    with validation_error(message="Invalid ConditionExpression: Invalid function name; "
                                  "function: foo"):
        condition(dynamodb, test_table_s, item_key, "foo(n)")
    with validation_error(contains="The expression can not be empty"):
        condition(dynamodb, test_table_s, item_key, "", values={})
    with validation_error(contains="Invalid attribute type name found"):
        condition(dynamodb, test_table_s, item_key, "attribute_type(n, :x)")
    with validation_error(contains="BETWEEN operator requires upper bound to be greater than or "
                                   "equal to lower bound"):
        condition(dynamodb, test_table_s, item_key, "n BETWEEN :six AND :four")
    # A condition that is not a boolean.
    with validation_error(contains="Invalid ConditionExpression"):
        condition(dynamodb, test_table_s, item_key, "size(s)")
    with validation_error(contains="Invalid ConditionExpression"):
        condition(dynamodb, test_table_s, item_key, "n")


# --------------------------------------------------------------------------------------------
# UpdateExpression.


def update(dynamodb, table, k, expr, values=None, names=None, **kwargs):
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    return dynamodb.update_item(TableName=table, Key=k, UpdateExpression=expr,
                                ReturnValues="ALL_NEW", **kwargs).get("Attributes")


@pytest.fixture
def fresh(dynamodb, test_table_s):
    """A new copy of ITEM under a new key; returns the key."""
    k = {"p": S(random_string())}
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, **ITEM))
    return k


def test_update_set(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET a = :v, #d = :w, m.a.b = :v, m.fresh = :w",
                 values={":v": N("7"), ":w": S("w")}, names={"#d": "dotted.name"})
    assert new["a"] == N("7")
    assert new["dotted.name"] == S("w")
    assert new["m"]["M"]["a"] == {"M": {"b": N("7")}}
    assert new["m"]["M"]["fresh"] == S("w")
    # Copy one attribute to another.
    new = update(dynamodb, test_table_s, fresh, "SET c = s, d = l[1]")
    assert new["c"] == S("hello") and new["d"] == S("two")


def test_update_set_arithmetic(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET a = n + :one, b = :ten - n, c = n - n",
                 values={":one": N("1"), ":ten": N("10")})
    assert (new["a"], new["b"], new["c"]) == (N("6"), N("5"), N("0"))
    new = update(dynamodb, test_table_s, fresh, "SET n = n + :d",
                 values={":d": N("-0.5")})
    assert new["n"] == N("4.5")


def test_update_set_list_index(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET l[1] = :v, l[10] = :w",
                 values={":v": S("TWO"), ":w": S("appended")})
    assert new["l"]["L"][1] == S("TWO")
    # An index past the end appends, without padding.
    assert len(new["l"]["L"]) == 5 and new["l"]["L"][4] == S("appended")
    new = update(dynamodb, test_table_s, fresh, "SET l[2][0] = :v", values={":v": N("33")})
    assert new["l"]["L"][2] == {"L": [N("33")]}


def test_update_list_append(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET l = list_append(l, :more)",
                 values={":more": {"L": [S("end")]}})
    assert len(new["l"]["L"]) == 5 and new["l"]["L"][-1] == S("end")
    new = update(dynamodb, test_table_s, fresh, "SET l = list_append(:more, l)",
                 values={":more": {"L": [S("start")]}})
    assert new["l"]["L"][0] == S("start") and len(new["l"]["L"]) == 6
    new = update(dynamodb, test_table_s, fresh, "SET q = list_append(:a, :b)",
                 values={":a": {"L": [N("1")]}, ":b": {"L": []}})
    assert new["q"] == {"L": [N("1")]}


def test_update_if_not_exists(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET a = if_not_exists(a, :d), n = "
                 "if_not_exists(n, :d), c = if_not_exists(zz, :d) + :one",
                 values={":d": N("100"), ":one": N("1")})
    assert (new["a"], new["n"], new["c"]) == (N("100"), N("5"), N("101"))
    new = update(dynamodb, test_table_s, fresh,
                 "SET l = list_append(if_not_exists(l2, :empty), :x)",
                 values={":empty": {"L": []}, ":x": {"L": [S("x")]}})
    assert new["l"] == {"L": [S("x")]}


def test_update_remove(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "REMOVE s, m.a, l[0], l[2], zz")
    assert "s" not in new
    assert new["m"] == {"M": {"c d": S("x")}}
    # Indexes refer to the list before the update.
    assert new["l"]["L"] == [S("two"), {"M": {"k": S("v")}}]


def test_update_add_delete(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh,
                 "ADD n :one, newn :one, ss :abc, newss :abc, ns :ns DELETE bs :bx",
                 values={":one": N("1"), ":abc": {"SS": ["a", "c"]}, ":ns": {"NS": ["3"]},
                         ":bx": {"BS": [b"x"]}})
    assert new["n"] == N("6") and new["newn"] == N("1")
    assert sorted(new["ss"]["SS"]) == ["a", "b", "c"]
    assert sorted(new["newss"]["SS"]) == ["a", "c"]
    assert sorted(new["ns"]["NS"]) == ["1", "2", "3"]
    # Deleting the last element removes the attribute.
    assert "bs" not in new
    new = update(dynamodb, test_table_s, fresh, "DELETE ss :az, zz :az",
                 values={":az": {"SS": ["a", "z"]}})
    assert sorted(new["ss"]["SS"]) == ["b", "c"]
    assert "zz" not in new


def test_update_all_clauses(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET a = :v REMOVE s ADD n :one DELETE ss :a",
                 values={":v": S("v"), ":one": N("1"), ":a": {"SS": ["a"]}})
    assert new["a"] == S("v") and "s" not in new and new["n"] == N("6")
    assert new["ss"] == {"SS": ["b"]}
    # Clauses in any order, lower case keywords.
    new = update(dynamodb, test_table_s, fresh, "remove a set b = :v",
                 values={":v": S("b")})
    assert "a" not in new and new["b"] == S("b")


def test_update_operand_errors(dynamodb, test_table_s, fresh):
    with validation_error(message="An operand in the update expression has an incorrect data "
                                  "type"):
        update(dynamodb, test_table_s, fresh, "SET a = s + :one", values={":one": N("1")})
    with validation_error(message="The provided expression refers to an attribute that does not "
                                  "exist in the item"):
        update(dynamodb, test_table_s, fresh, "SET a = zz + :one", values={":one": N("1")})
    with validation_error(message="The document path provided in the update expression is "
                                  "invalid for update"):
        update(dynamodb, test_table_s, fresh, "SET zz.a = :one", values={":one": N("1")})
    with validation_error(message="An operand in the update expression has an incorrect data "
                                  "type"):
        update(dynamodb, test_table_s, fresh, "ADD s :one", values={":one": N("1")})
    with validation_error(message="An operand in the update expression has an incorrect data "
                                  "type"):
        update(dynamodb, test_table_s, fresh, "SET l = list_append(s, :l)",
               values={":l": {"L": []}})
    with validation_error(contains="Incorrect operand type for operator or function; operator: "
                                   "ADD"):
        update(dynamodb, test_table_s, fresh, "ADD n :s", values={":s": S("x")})
    with validation_error(contains="Incorrect operand type for operator or function; operator: "
                                   "DELETE"):
        update(dynamodb, test_table_s, fresh, "DELETE ss :s", values={":s": S("x")})
    with validation_error(contains="list_append"):
        update(dynamodb, test_table_s, fresh, "SET l = list_append(l, :s)",
               values={":s": S("x")})
    # size() is a condition function; in an update it is not a known function
    # (dynalite's grammar, checked against DynamoDB).
    with validation_error(message="Invalid UpdateExpression: Invalid function name; function: size"):
        update(dynamodb, test_table_s, fresh, "SET a = size(s)")
    with validation_error(message="Number overflow. Attempting to store a number with magnitude "
                                  "larger than supported range"):
        update(dynamodb, test_table_s, fresh, "SET n = :big + :big",
               values={":big": N("9.9999999999999999999999999999999999999E+125")})


def test_update_key_attribute(dynamodb, test_table_s, fresh):
    with validation_error(message="One or more parameter values were invalid: Cannot update "
                                  "attribute p. This attribute is part of the key"):
        update(dynamodb, test_table_s, fresh, "SET p = :v", values={":v": S("x")})
    with validation_error(contains="This attribute is part of the key"):
        update(dynamodb, test_table_s, fresh, "REMOVE p")


def test_update_overlapping_paths(dynamodb, test_table_s, fresh):
    with validation_error(message="Invalid UpdateExpression: Two document paths overlap with "
                                  "each other; must remove or rewrite one of these paths; path "
                                  "one: [m, a], path two: [m]"):
        update(dynamodb, test_table_s, fresh, "SET m.a = :v REMOVE m", values={":v": S("x")})
    with validation_error(contains="Two document paths overlap with each other"):
        update(dynamodb, test_table_s, fresh, "SET a = :v, a = :w",
               values={":v": S("x"), ":w": S("y")})
    with validation_error(contains="Two document paths"):
        update(dynamodb, test_table_s, fresh, "SET l[0] = :v REMOVE l[0]", values={":v": S("x")})


def test_update_expression_errors(dynamodb, test_table_s, fresh):
    with validation_error(contains='The "SET" section can only be used once in an update '
                                   'expression'):
        update(dynamodb, test_table_s, fresh, "SET a = :v SET b = :v", values={":v": S("x")})
    with validation_error(contains="Invalid UpdateExpression: Syntax error; token:"):
        update(dynamodb, test_table_s, fresh, "SET a")
    with validation_error(contains="Invalid UpdateExpression: Syntax error; token:"):
        update(dynamodb, test_table_s, fresh, "PUT a = :v", values={":v": S("x")})
    with validation_error(contains="Invalid UpdateExpression: Syntax error; token:"):
        update(dynamodb, test_table_s, fresh, "SET a = :v,", values={":v": S("x")})
    with validation_error(contains="The expression can not be empty"):
        update(dynamodb, test_table_s, fresh, "")
    with validation_error(message="Invalid UpdateExpression: Attribute name is a reserved "
                                  "keyword; reserved keyword: name"):
        update(dynamodb, test_table_s, fresh, "SET name = :v", values={":v": S("x")})
    with validation_error(message="Invalid UpdateExpression: An expression attribute value used "
                                  "in expression is not defined; attribute value: :nope"):
        update(dynamodb, test_table_s, fresh, "SET a = :nope")
    with validation_error(message="Value provided in ExpressionAttributeValues unused in "
                                  "expressions: keys: {:unused}"):
        update(dynamodb, test_table_s, fresh, "SET a = :v",
               values={":v": S("x"), ":unused": S("y")})
    # The item is unchanged after all these failures.
    item = get(dynamodb, test_table_s, fresh)
    assert "a" not in item and item["b"] == {"B": b"\x01\x02"} and item["n"] == N("5")


def test_update_condition_and_update_share_placeholders(dynamodb, test_table_s, fresh):
    new = update(dynamodb, test_table_s, fresh, "SET #n = #n + :one",
                 names={"#n": "n"}, values={":one": N("1"), ":five": N("5")},
                 ConditionExpression="#n = :five")
    assert new["n"] == N("6")


# --------------------------------------------------------------------------------------------
# ProjectionExpression.


def project(dynamodb, table, k, expr, names=None):
    kwargs = {"ProjectionExpression": expr}
    if names:
        kwargs["ExpressionAttributeNames"] = names
    return get(dynamodb, table, k, **kwargs)


def test_projection(dynamodb, test_table_s, item_key):
    assert project(dynamodb, test_table_s, item_key, "s, n") == {"s": S("hello"), "n": N("5")}
    assert project(dynamodb, test_table_s, item_key, "m.a.b, l[1], l[3].k") == {
        "m": {"M": {"a": {"M": {"b": N("1")}}}},
        "l": {"L": [S("two"), {"M": {"k": S("v")}}]},
    }
    assert project(dynamodb, test_table_s, item_key, "#d, #n",
                   names={"#d": "dotted.name", "#n": "name"}) == {
        "dotted.name": S("dot"), "name": S("reserved")}
    assert project(dynamodb, test_table_s, item_key, "p, zz") == item_key
    # Nothing projected exists. DynamoDB answers an empty Item as far as we know; whether the
    # Item member may be left out is unconfirmed, so both are accepted.
    assert project(dynamodb, test_table_s, item_key, "zz, m.zz, l[9]") in ({}, None)


def test_projection_errors(dynamodb, test_table_s, item_key):
    with validation_error(message="Invalid ProjectionExpression: Attribute name is a reserved "
                                  "keyword; reserved keyword: name"):
        project(dynamodb, test_table_s, item_key, "name")
    with validation_error(message="Invalid ProjectionExpression: An expression attribute name "
                                  "used in the document path is not defined; attribute name: "
                                  "#nope"):
        project(dynamodb, test_table_s, item_key, "#nope, #s", names={"#s": "s"})
    with validation_error(contains="Two document paths overlap with each other"):
        project(dynamodb, test_table_s, item_key, "m, m.a")
    with validation_error(contains="Invalid ProjectionExpression: Syntax error; token:"):
        project(dynamodb, test_table_s, item_key, "s,, n")
    with validation_error(message="Value provided in ExpressionAttributeNames unused in "
                                  "expressions: keys: {#unused}"):
        project(dynamodb, test_table_s, item_key, "s", names={"#unused": "x"})


def test_projection_on_missing_item(dynamodb, test_table_s):
    resp = dynamodb.get_item(TableName=test_table_s, Key={"p": S(random_string())},
                             ProjectionExpression="a", ConsistentRead=True)
    assert "Item" not in resp


def test_client_error_helper_sanity(dynamodb, test_table_s):
    # The ConditionalCheckFailedException class of boto3 maps to the error code we assert on.
    with client_error("ConditionalCheckFailedException"):
        dynamodb.put_item(TableName=test_table_s, Item={"p": S(random_string())},
                          ConditionExpression="attribute_exists(p)")
