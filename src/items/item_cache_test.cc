// Tests of the write path's item cache: lookups, replacement, deletion
// markers, eviction by size, and a disabled cache.

#include "items/item_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace magneto::items {
namespace {

TEST(ItemCacheTest, FindsWhatWasPut) {
  ItemCache cache(4, 1 << 20);
  EXPECT_EQ(cache.Find(1, "k"), nullptr);
  cache.Put(1, "k", std::string("v1"));
  const auto* v = cache.Find(1, "k");
  ASSERT_NE(v, nullptr);
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(**v, "v1");
  EXPECT_EQ(cache.Find(2, "k"), nullptr);  // shards are separate

  cache.Put(1, "k", std::string("v2"));
  EXPECT_EQ(**cache.Find(1, "k"), "v2");
}

TEST(ItemCacheTest, RemembersDeletedItems) {
  ItemCache cache(1, 1 << 20);
  cache.Put(0, "k", std::string("v"));
  cache.Put(0, "k", std::nullopt);
  const auto* v = cache.Find(0, "k");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->has_value());
}

TEST(ItemCacheTest, EraseForgets) {
  ItemCache cache(1, 1 << 20);
  cache.Put(0, "k", std::string("v"));
  const size_t charged = cache.ShardBytes(0);
  EXPECT_GT(charged, 0u);
  cache.Erase(0, "k");
  EXPECT_EQ(cache.Find(0, "k"), nullptr);
  EXPECT_EQ(cache.ShardBytes(0), 0u);
  cache.Erase(0, "absent");  // no-op
}

TEST(ItemCacheTest, EvictsLeastRecentlyUsedBeyondCapacity) {
  // One shard of 2 KB: three 600-byte values (plus overhead) do not fit.
  ItemCache cache(1, 2048);
  const std::string big(600, 'x');
  cache.Put(0, "a", big);
  cache.Put(0, "b", big);
  ASSERT_NE(cache.Find(0, "a"), nullptr);  // "a" is now the most recent
  cache.Put(0, "c", big);
  EXPECT_NE(cache.Find(0, "a"), nullptr);
  EXPECT_EQ(cache.Find(0, "b"), nullptr);
  EXPECT_NE(cache.Find(0, "c"), nullptr);
  EXPECT_LE(cache.ShardBytes(0), 2048u);
}

TEST(ItemCacheTest, KeepsAnItemLargerThanTheShard) {
  ItemCache cache(1, 1024);
  cache.Put(0, "small", std::string("v"));
  cache.Put(0, "huge", std::string(4096, 'x'));
  EXPECT_EQ(cache.Find(0, "small"), nullptr);
  ASSERT_NE(cache.Find(0, "huge"), nullptr);
  cache.Put(0, "next", std::string("v"));
  EXPECT_EQ(cache.Find(0, "huge"), nullptr);
  EXPECT_NE(cache.Find(0, "next"), nullptr);
}

TEST(ItemCacheTest, ZeroCapacityCachesNothing) {
  ItemCache cache(4, 0);
  cache.Put(3, "k", std::string("v"));
  EXPECT_EQ(cache.Find(3, "k"), nullptr);
}

}  // namespace
}  // namespace magneto::items
