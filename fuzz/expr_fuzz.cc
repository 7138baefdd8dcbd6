// libFuzzer target for the expression module: feeds arbitrary text to the
// condition, update and projection parsers (with a few placeholders defined)
// and evaluates / applies whatever parses against a small item. Must never crash.
//
// Build: clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -Isrc \
//          fuzz/expr_fuzz.cc src/expr/*[^t].cc src/model/number.cc src/model/value.cc
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "expr/expr.h"

namespace {

using magneto::model::AttributeValue;
using magneto::model::Number;

AttributeValue Num(std::string_view s) { return AttributeValue::N(Number::Parse(s).value()); }

const std::map<std::string, std::string>& Names() {
  static const auto* names = new std::map<std::string, std::string>{
      {"#a", "a"}, {"#b", "b"}, {"#l", "l"}, {"#m", "m"}, {"#s", "status"}};
  return *names;
}

const magneto::model::Map& Values() {
  static const auto* values =
      new magneto::model::Map{{":n", Num("1")},
                              {":big", Num("9.9999999999999999999999999999999999999E+125")},
                              {":s", AttributeValue::S("ab")},
                              {":t", AttributeValue::S("N")},
                              {":b", AttributeValue::B("\x01")},
                              {":l", AttributeValue::L({Num("2"), AttributeValue::S("x")})},
                              {":ss", AttributeValue::SS({"ab", "cd"})},
                              {":ns", AttributeValue::NS({Number::FromInt(1)})},
                              {":m", AttributeValue::M({{"k", Num("3")}})},
                              {":bool", AttributeValue::Bool(true)},
                              {":null", AttributeValue::Null()}};
  return *values;
}

const magneto::model::Item& SampleItem() {
  static const auto* item = new magneto::model::Item{
      {"a", Num("5")},
      {"b", AttributeValue::S("abc")},
      {"l", AttributeValue::L({Num("0"), AttributeValue::M({{"x", Num("1")}}),
                               AttributeValue::L({AttributeValue::S("y")})})},
      {"m", AttributeValue::M({{"a", AttributeValue::M({{"b", Num("1")}})},
                               {"l", AttributeValue::L({Num("7")})}})},
      {"ss", AttributeValue::SS({"ab"})},
      {"ns", AttributeValue::NS({Number::FromInt(2)})}};
  return *item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  namespace expr = magneto::expr;
  const uint8_t mode = data[0] % 3;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  expr::ExpressionParams params(&Names(), &Values());
  const magneto::model::Item& item = SampleItem();
  if (mode == 0) {
    auto kind = static_cast<expr::ConditionKind>((data[0] / 3) % 3);
    auto c = expr::ParseCondition(text, kind, params);
    if (c.ok()) {
      (void)expr::Evaluate(*c, &item);
      (void)expr::Evaluate(*c, nullptr);
      (void)expr::AnalyzeKeyCondition(*c, "a", std::string_view("b"));
    }
  } else if (mode == 1) {
    auto u = expr::ParseUpdate(text, params);
    if (u.ok()) {
      auto r = expr::ApplyUpdate(*u, &item);
      if (r.ok()) (void)expr::Project(r->updated_paths, r->new_item);
      (void)expr::ApplyUpdate(*u, nullptr);
    }
  } else {
    auto p = expr::ParseProjection(text, params);
    if (p.ok()) (void)expr::Project(p->paths, item);
  }
  (void)params.CheckAllUsed();
  return 0;
}
