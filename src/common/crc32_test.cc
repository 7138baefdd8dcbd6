// Crc32 must equal zlib's crc32() for every length and alignment.
#include "common/crc32.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace magneto {
namespace {

uint32_t Zlib(std::string_view s) {
  return static_cast<uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

TEST(Crc32, KnownValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(Crc32("{}"), Zlib("{}"));
}

TEST(Crc32, MatchesZlibAtEveryLengthAndOffset) {
  std::mt19937 rng(7);
  std::string data(70000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t len = 0; len < 600; ++len) {
      std::string_view s(data.data() + offset, len);
      ASSERT_EQ(Crc32(s), Zlib(s)) << offset << " " << len;
    }
  }
  for (size_t len : {4095u, 4096u, 4097u, 65536u, 69984u}) {
    std::string_view s(data.data() + 3, len);
    EXPECT_EQ(Crc32(s), Zlib(s)) << len;
  }
}

}  // namespace
}  // namespace magneto
