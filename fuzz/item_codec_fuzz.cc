// libFuzzer target for the item codec: arbitrary bytes must decode or be
// rejected without crashing, whatever decodes must re-encode stably, and the
// JSON written straight from canonical bytes must match the decoded item's.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/attribute_json.h"
#include "api/stored_item_json.h"
#include "model/validate.h"
#include "model/value.h"
#include "storage/item_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  magneto::model::Item item;
  magneto::json::Writer visited;
  size_t visited_size = 0;
  const bool visit_ok = magneto::api::WriteStoredItem(visited, input, &visited_size);
  if (!magneto::storage::DecodeItem(input, &item)) {
    if (visit_ok) abort();  // the visitor accepts nothing the decoder rejects
    return 0;
  }
  const std::string encoded = magneto::storage::EncodeItem(item);
  magneto::model::Item again;
  if (!magneto::storage::DecodeItem(encoded, &again) || !(again == item) ||
      magneto::storage::EncodeItem(again) != encoded) {
    abort();
  }
  if (encoded == input) {  // canonical bytes: names sorted, as the server writes them
    magneto::json::Writer expected;
    magneto::api::WriteItem(expected, item);
    if (!visit_ok || visited.view() != expected.view() ||
        visited_size != magneto::model::ItemSize(item)) {
      abort();
    }
  }
  (void)magneto::model::ItemSize(item);
  (void)magneto::model::ValidateItemNesting(item);
  return 0;
}
