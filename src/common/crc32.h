// CRC-32 as zlib's crc32() computes it (IEEE 802.3 polynomial, reflected):
// the checksum DynamoDB sends in x-amz-crc32, which SDKs verify.
#pragma once

#include <cstdint>
#include <string_view>

namespace magneto {

// Uses ISA-L's carry-less-multiply implementation (picked at run time for
// the CPU), several times faster than zlib's table version on large bodies.
uint32_t Crc32(std::string_view data);

}  // namespace magneto
