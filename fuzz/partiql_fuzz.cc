// libFuzzer target for the PartiQL parser and planner: feeds arbitrary text
// (with a few parameters of every type) to partiql::Parse, plans whatever
// parses against a table with a sort key and an index, and evaluates WHERE
// clauses and applies SET / REMOVE against a small item. Must never crash.
//
// Build: clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -Isrc \
//          fuzz/partiql_fuzz.cc src/partiql/{lexer,literal,expression,parser,plan}.cc \
//          src/expr/*[^t].cc src/items/key_range.cc src/storage/key_codec.cc \
//          src/model/number.cc src/model/value.cc -lfmt
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "expr/evaluate.h"
#include "expr/update.h"
#include "partiql/parser.h"
#include "partiql/plan.h"

namespace {

using magneto::model::AttributeValue;
using magneto::model::Number;

AttributeValue Num(std::string_view s) { return AttributeValue::N(Number::Parse(s).value()); }

const std::vector<AttributeValue>& Params(size_t count) {
  static const auto* all = new std::vector<AttributeValue>{
      AttributeValue::S("a"),
      Num("1"),
      AttributeValue::B("\x01"),
      AttributeValue::Bool(true),
      AttributeValue::Null(),
      AttributeValue::L({Num("2"), AttributeValue::S("x")}),
      AttributeValue::M({{"k", Num("3")}}),
      AttributeValue::SS({"ab", "cd"}),
      AttributeValue::NS({Number::FromInt(1)})};
  static std::vector<AttributeValue> prefix;
  prefix.assign(all->begin(), all->begin() + std::min(count, all->size()));
  return prefix;
}

const magneto::schema::TableDef& Table() {
  static const auto* table = [] {
    auto* t = new magneto::schema::TableDef();
    t->name = "t";
    t->id = 1;
    t->hash_key = {"pk", magneto::model::Type::kS};
    t->range_key = magneto::schema::KeyElement{"sk", magneto::model::Type::kN};
    magneto::schema::IndexDef index;
    index.name = "idx";
    index.id = 2;
    index.hash_key = {"g", magneto::model::Type::kS};
    t->global_indexes.push_back(index);
    return t;
  }();
  return *table;
}

const magneto::model::Item& SampleItem() {
  static const auto* item = new magneto::model::Item{
      {"pk", AttributeValue::S("a")},
      {"sk", Num("1")},
      {"a", Num("5")},
      {"l", AttributeValue::L({Num("0"), AttributeValue::M({{"x", Num("1")}})})},
      {"m", AttributeValue::M({{"k", AttributeValue::S("v")}})},
      {"ss", AttributeValue::SS({"ab"})}};
  return *item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  namespace partiql = magneto::partiql;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto st = partiql::Parse(text, Params(data[0] % 12));
  if (!st.ok()) return 0;
  const magneto::schema::TableDef& table = Table();
  const magneto::schema::IndexDef* index = st->index ? table.FindIndex(*st->index) : nullptr;
  if (st->where) {
    (void)magneto::expr::EvaluateNode(*st->where, &SampleItem());
    (void)magneto::expr::EvaluateNode(*st->where, nullptr);
  }
  if (st->kind == partiql::StatementKind::kSelect) {
    (void)partiql::PlanSelect(*st, table, index);
  } else {
    auto plan = partiql::PlanKey(*st, table);
    if (plan.ok() && plan->condition) (void)magneto::expr::EvaluateNode(*plan->condition, nullptr);
  }
  if (!st->actions.empty()) {
    magneto::expr::UpdateExpr update;
    update.actions = st->actions;
    (void)magneto::expr::ApplyUpdate(update, &SampleItem());
  }
  return 0;
}
