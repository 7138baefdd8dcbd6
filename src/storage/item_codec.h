// Compact binary encoding of whole items, as stored as RocksDB values.
// Persistent format: see docs/storage_format.md before changing it.
#pragma once

#include <string>
#include <string_view>

#include "model/value.h"

namespace magneto::storage {

// Appends the encoding of item to *out (format version byte first).
void AppendItem(std::string* out, const model::Item& item);
std::string EncodeItem(const model::Item& item);

// Decodes an item that fills all of `in`. Returns false on any malformed or
// truncated input (never crashes, allocates at most in proportion to the
// input); *out is then unspecified.
bool DecodeItem(std::string_view in, model::Item* out);
// Decodes one item from the front of *in and advances *in past it.
bool ConsumeItem(std::string_view* in, model::Item* out);

}  // namespace magneto::storage
