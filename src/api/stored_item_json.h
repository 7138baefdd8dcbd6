// DynamoDB JSON of a stored item written straight from its encoded bytes,
// for reads that pass whole items on (no filter, no projection): no model
// values are built, so nothing is allocated per attribute.
#pragma once

#include <cstddef>
#include <string_view>

#include "json/json.h"

namespace magneto::api {

// Writes the item encoded in `stored` (see storage/item_codec.h) as
// WriteItem would, and sets *item_size to its size by DynamoDB's rules
// (model::ItemSize). Returns false if the bytes are malformed; `w` then
// holds a partial value and must be discarded.
[[nodiscard]] bool WriteStoredItem(json::Writer& w, std::string_view stored, size_t* item_size);

}  // namespace magneto::api
