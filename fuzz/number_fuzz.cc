// libFuzzer target for model::Number: parse, print, re-parse, arithmetic and
// key-encoding order must be consistent for any input.
// Input: two number texts separated by the first '\n'.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/number.h"
#include "model/value.h"
#include "storage/key_codec.h"

using magneto::model::AttributeValue;
using magneto::model::Number;

namespace {

void Check(bool ok) {
  if (!ok) abort();
}

// Printing is canonical: the text re-parses to the same number and prints the same.
void CheckRoundTrip(const Number& n) {
  const std::string text = n.ToString();
  auto again = Number::Parse(text);
  Check(again.ok());
  Check(again.value() == n);
  Check(again->ToString() == text);
}

int Sign(std::strong_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  auto a = Number::Parse(input.substr(0, newline));
  if (a.ok()) CheckRoundTrip(a.value());
  if (newline == std::string_view::npos || !a.ok()) return 0;
  auto b = Number::Parse(input.substr(newline + 1));
  if (!b.ok()) return 0;
  CheckRoundTrip(b.value());

  Check(Sign(a.value() <=> b.value()) == -Sign(b.value() <=> a.value()));
  std::string ea, eb;
  magneto::storage::AppendKeyValue(&ea, AttributeValue::N(a.value()));
  magneto::storage::AppendKeyValue(&eb, AttributeValue::N(b.value()));
  const int c = ea.compare(eb);
  Check(((c > 0) - (c < 0)) == Sign(a.value() <=> b.value()));

  // Exactness: when a + b is representable, (a + b) - b == a.
  auto sum = a->Add(b.value());
  if (sum.ok()) {
    CheckRoundTrip(sum.value());
    auto back = sum->Subtract(b.value());
    Check(back.ok() && back.value() == a.value());
    Check(Sign(sum.value() <=> a.value()) == Sign(b.value() <=> Number()));
  }
  auto diff = a->Subtract(b.value());
  if (diff.ok()) {
    auto back = diff->Add(b.value());
    Check(back.ok() && back.value() == a.value());
  }
  return 0;
}
