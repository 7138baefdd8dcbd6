// libFuzzer target for the item codec: arbitrary bytes must decode or be
// rejected without crashing, and whatever decodes must re-encode stably.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/validate.h"
#include "model/value.h"
#include "storage/item_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  magneto::model::Item item;
  if (!magneto::storage::DecodeItem(input, &item)) return 0;
  const std::string encoded = magneto::storage::EncodeItem(item);
  magneto::model::Item again;
  if (!magneto::storage::DecodeItem(encoded, &again) || !(again == item) ||
      magneto::storage::EncodeItem(again) != encoded) {
    abort();
  }
  (void)magneto::model::ItemSize(item);
  (void)magneto::model::ValidateItemNesting(item);
  return 0;
}
