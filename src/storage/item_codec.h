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

// Receives an encoded item's contents in order (attributes sorted by name, as
// in model::Item) without building model values: reads that only pass items
// on (GetItem, Query and Scan without filter or projection) write their JSON
// straight from the stored bytes.
class ItemVisitor {
 public:
  virtual ~ItemVisitor() = default;
  // The name of the attribute or map entry whose value comes next.
  virtual void Name(std::string_view name) = 0;
  virtual void String(std::string_view s) = 0;  // S, and each element of SS
  virtual void Binary(std::string_view b) = 0;  // B, and each element of BS
  virtual void Number(const model::Number& n) = 0;  // N, and each element of NS
  virtual void Bool(bool b) = 0;
  virtual void Null() = 0;
  virtual void BeginMap() = 0;
  virtual void EndMap() = 0;
  virtual void BeginList() = 0;
  virtual void EndList() = 0;
  virtual void BeginSet(model::Type type) = 0;  // kSS, kNS or kBS
  virtual void EndSet() = 0;
};

// Walks an item that fills all of `in`, the top level as one map. Returns
// false on malformed input, as DecodeItem does; the visitor may then have
// seen part of it.
bool VisitItem(std::string_view in, ItemVisitor* visitor);

}  // namespace magneto::storage
