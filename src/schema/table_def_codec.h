// Serialization of TableDef for the catalog's meta records (JSON text; the
// catalog is small and human-readable is worth more than compact here).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "schema/table_def.h"

namespace magneto::schema {

std::string EncodeTableDef(const TableDef& def);
std::optional<TableDef> DecodeTableDef(std::string_view text);

}  // namespace magneto::schema
