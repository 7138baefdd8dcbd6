// Crc32: a thin wrapper over ISA-L's crc32_gzip_refl.

#include "common/crc32.h"

#include <isa-l/crc.h>

namespace magneto {

uint32_t Crc32(std::string_view data) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

}  // namespace magneto
