// The syntax tree shared by every DynamoDB expression (conditions, updates,
// projections, key conditions) and by the legacy parameters built into it.
//
// A tree comes out of the parser with placeholders (#name, :value) still
// unresolved; resolve.cc fills in `name` / `value` from ExpressionParams.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/value.h"

namespace magneto::expr {

// Which request parameter an expression came from; selects the message
// prefix ("Invalid ConditionExpression: ...") and the rules that apply.
enum class ConditionKind { kCondition, kFilter, kKeyCondition };

// One step of a document path: a map key / attribute name, or a list index.
struct PathElement {
  bool is_index = false;
  std::string name;         // resolved attribute name (when !is_index)
  std::string placeholder;  // "#n" when the name came from a placeholder, else ""
  uint32_t index = 0;       // when is_index

  static PathElement Name(std::string n) {
    PathElement e;
    e.name = std::move(n);
    return e;
  }
  static PathElement Index(uint32_t i) {
    PathElement e;
    e.is_index = true;
    e.index = i;
    return e;
  }
  bool operator==(const PathElement& o) const {
    return is_index == o.is_index && (is_index ? index == o.index : name == o.name);
  }
};

// A document path; the first element is always a name.
using Path = std::vector<PathElement>;

// Something that yields a value: a path, a :value, or a function of operands.
struct Operand {
  enum class Kind {
    kPath,         // path
    kValue,        // :value (value filled by resolve)
    kSize,         // size(args[0])
    kIfNotExists,  // if_not_exists(args[0], args[1])       (updates only)
    kListAppend,   // list_append(args[0], args[1])         (updates only)
    kPlus,         // args[0] + args[1]                     (updates only)
    kMinus,        // args[0] - args[1]                     (updates only)
  };
  Kind kind = Kind::kPath;
  Path path;
  std::string placeholder;  // ":v" for kValue
  model::AttributeValue value;
  std::vector<Operand> args;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// Legacy ComparisonOperator values (Expected, ScanFilter, QueryFilter,
// KeyConditions); see legacy.h.
enum class LegacyOp {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween
};

// A boolean node of a condition.
struct CondNode {
  enum class Kind {
    kAnd,              // children (2 or more)
    kOr,               // children (2 or more)
    kNot,              // children[0]
    kParen,            // children[0]; only during parsing (redundant-parentheses check)
    kCompare,          // operands[0] <op> operands[1]
    kBetween,          // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,               // operands[0] IN (operands[1..])
    kAttributeExists,  // attribute_exists(operands[0])
    kAttributeNotExists,
    kAttributeType,  // attribute_type(operands[0], operands[1])
    kBeginsWith,     // begins_with(operands[0], operands[1])
    kContains,       // contains(operands[0], operands[1])
    kLegacy,         // legacy_op on operands[0] (a path) with operands[1..] values
  };
  Kind kind = Kind::kAnd;
  CompareOp op = CompareOp::kEq;
  LegacyOp legacy_op = LegacyOp::kEq;
  std::vector<CondNode> children;
  std::vector<Operand> operands;
};

// A parsed, resolved and validated condition.
struct Condition {
  ConditionKind kind = ConditionKind::kCondition;
  CondNode root;
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // kSet: the new value; kAdd/kDelete: the :value; kRemove: unused
};

// A parsed, resolved and validated update. Legacy AttributeUpdates use the
// same actions with `legacy` set: ADD then also appends lists, and runtime
// type errors use the legacy messages.
struct UpdateExpr {
  std::vector<UpdateAction> actions;
  bool legacy = false;
};

struct Projection {
  std::vector<Path> paths;
};

}  // namespace magneto::expr
