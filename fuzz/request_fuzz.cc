// libFuzzer target: request bodies through the JSON parser, the typed
// attribute-value decoder and back out through the writer. Must never crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/attribute_json.h"
#include "json/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace magneto;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = json::Parse(text);
  if (!doc.ok()) return 0;
  json::Writer w;
  w.Write(*doc);
  if (const json::Value* item = doc->Find("Item")) {
    auto decoded = api::DecodeAttributeMap(*item);
    if (decoded.ok()) {
      json::Writer out;
      api::WriteItem(out, *decoded);
      auto again = json::Parse(out.view());
      if (!again.ok()) __builtin_trap();
      auto redecoded = api::DecodeAttributeMap(*again);
      if (!redecoded.ok() || !(*redecoded == *decoded)) __builtin_trap();
    }
  }
  return 0;
}
