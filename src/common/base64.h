// Standard base64 (RFC 4648, with padding), strict on decode.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace magneto {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace magneto
