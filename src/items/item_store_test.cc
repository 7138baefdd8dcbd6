// Tests of ItemStore's apply step as seen through its item cache: every write
// reads the item it replaces, so a stale cache entry would show as a wrong
// old item or a wrong counter.

#include "items/item_store.h"

#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "schema/catalog.h"
#include "storage/engine.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace magneto::items {
namespace {

using model::AttributeValue;
using model::Item;

class ItemStoreTest : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    storage::EngineOptions options;
    options.in_memory = true;
    engine_ = storage::Engine::Open(options).value();
    catalog_ = schema::Catalog::Load(engine_.get()).value();
    items_ = std::make_unique<ItemStore>(engine_.get(), GetParam());
    items_->set_table_lookup([this](uint32_t id) { return catalog_->FindById(id); });
    schema::TableDef def;
    def.name = "t";
    def.status = schema::TableStatus::kActive;
    def.hash_key = {"p", model::Type::kS};
    def.attribute_definitions = {{"p", model::Type::kS}};
    table_ = *catalog_->Create(def);
  }

  static Item ItemOf(const std::string& p, const std::string& v) {
    return Item{{"p", AttributeValue::S(p)}, {"v", AttributeValue::S(v)}};
  }
  static Item KeyOf(const std::string& p) { return Item{{"p", AttributeValue::S(p)}}; }

  // Writes `next` (nullopt: deletes) and returns the "v" of the item it
  // replaced ("-" when there was none).
  std::string Replace(const std::string& p, std::optional<std::string> next) {
    auto r = items_->Apply(*table_, KeyOf(p), [&](const Item*) -> ApiResult<std::optional<Item>> {
      if (!next) return std::optional<Item>();
      return std::optional<Item>(ItemOf(p, *next));
    });
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !r->old_item) return "-";
    return r->old_item->at("v").str();
  }

  // A write of `item` to `table` whose mutation runs (holding the item's
  // lock) until Release(); Start() returns once it is inside.
  class BlockedWrite {
   public:
    BlockedWrite(ItemStore& items, schema::TablePtr table, Item item) {
      thread_ = std::thread([&items, table, item = std::move(item), this] {
        auto r = items.Apply(*table, item, [&](const Item*) -> ApiResult<std::optional<Item>> {
          inside_.set_value();
          go_.get_future().wait();
          return std::optional<Item>(item);
        });
        EXPECT_TRUE(r.ok());
      });
      inside_.get_future().wait();
    }
    void Release() {
      go_.set_value();
      thread_.join();
    }

   private:
    std::promise<void> inside_, go_;
    std::thread thread_;
  };
  // Entries stored under a table's or index's storage id.
  bool AnyStoredUnder(uint32_t id) {
    std::string prefix = storage::TablePrefix(id);
    return engine_->Scan(storage::Space::kData, prefix, storage::PrefixSuccessor(prefix))->Valid();
  }

  std::unique_ptr<storage::Engine> engine_;
  std::unique_ptr<schema::Catalog> catalog_;
  std::unique_ptr<ItemStore> items_;
  schema::TablePtr table_;
};

TEST_P(ItemStoreTest, EachWriteSeesThePreviousOne) {
  EXPECT_EQ(Replace("a", "1"), "-");
  EXPECT_EQ(Replace("a", "2"), "1");
  EXPECT_EQ(Replace("a", std::nullopt), "2");
  EXPECT_EQ(Replace("a", "3"), "-");
  EXPECT_EQ(Replace("a", "4"), "3");
  auto stored = items_->Get(*table_, KeyOf("a"));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->at("v").str(), "4");
  EXPECT_EQ(items_->Stats(table_->id).item_count, 1);
}

TEST_P(ItemStoreTest, RejectedWriteChangesNothing) {
  Replace("a", "1");
  auto r = items_->Apply(*table_, KeyOf("a"), [](const Item*) -> ApiResult<std::optional<Item>> {
    return Fail(ApiError::Validation("no"));
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Replace("a", "2"), "1");
}

TEST_P(ItemStoreTest, FailedTransactionLeavesEveryItem) {
  Replace("a", "1");
  Replace("b", "1");
  std::vector<TxnAction> actions(2);
  actions[0].table = table_.get();
  actions[0].key = KeyOf("a");
  actions[0].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>(ItemOf("a", "written"));
  };
  actions[1].table = table_.get();
  actions[1].key = KeyOf("b");
  actions[1].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return Fail(ApiError::Validation("condition"));
  };
  auto r = items_->ApplyAll(actions, std::chrono::milliseconds(100));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->committed);
  EXPECT_EQ(Replace("a", "2"), "1");

  actions[1].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>(ItemOf("b", "written"));
  };
  r = items_->ApplyAll(actions, std::chrono::milliseconds(100));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(Replace("a", "3"), "written");
  EXPECT_EQ(Replace("b", "3"), "written");
}

TEST_P(ItemStoreTest, GroupDeletesAndWritesFollowTheirItems) {
  Replace("a", "1");
  Replace("a", "2");  // written over: cached, where the cache is on
  Replace("b", "1");
  std::vector<TxnAction> actions(3);
  actions[0].table = table_.get();
  actions[0].key = KeyOf("a");
  actions[0].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>();  // delete
  };
  actions[1].table = table_.get();
  actions[1].key = KeyOf("b");
  actions[1].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>(ItemOf("b", "batch"));
  };
  actions[2].table = table_.get();
  actions[2].key = KeyOf("c");  // new
  actions[2].mutation = [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>(ItemOf("c", "batch"));
  };
  auto r = items_->ApplyBatch(actions);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(Replace("a", "3"), "-");
  EXPECT_EQ(Replace("b", "2"), "batch");
  EXPECT_EQ(Replace("c", "2"), "batch");
  EXPECT_EQ(Replace("a", std::nullopt), "3");
  EXPECT_EQ(items_->Stats(table_->id).item_count, 2);
}

TEST_P(ItemStoreTest, ManyItemsThroughASmallCache) {
  // More items than a small cache holds: evicted items are read from storage.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 300; ++i) {
      std::string p = "k" + std::to_string(i);
      EXPECT_EQ(Replace(p, std::to_string(round)), round == 0 ? "-" : std::to_string(round - 1));
    }
  }
  EXPECT_EQ(items_->Stats(table_->id).item_count, 300);
}

TEST_P(ItemStoreTest, ReadsSeeEveryWrite) {
  // Reads admit items into the cache; each later write must replace them.
  auto read = [&](const std::string& p) -> std::string {
    auto r = items_->Get(*table_, KeyOf(p));
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !r->has_value()) return "-";
    return (*r)->at("v").str();
  };
  EXPECT_EQ(read("a"), "-");
  Replace("a", "1");
  EXPECT_EQ(read("a"), "1");
  EXPECT_EQ(read("a"), "1");
  EXPECT_EQ(Replace("a", "2"), "1");
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(Replace("a", std::nullopt), "2");
  EXPECT_EQ(read("a"), "-");
  EXPECT_EQ(Replace("a", "3"), "-");
  EXPECT_EQ(read("a"), "3");
  auto stored = items_->GetStored(*table_, KeyOf("a"));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  Item decoded;
  ASSERT_TRUE(storage::DecodeItem(**stored, &decoded));
  EXPECT_EQ(decoded.at("v").str(), "3");
  EXPECT_EQ(items_->Stats(table_->id).item_count, 1);
}

TEST_P(ItemStoreTest, ReadDoesNotWaitForAWriteInFlight) {
  Replace("a", "1");
  BlockedWrite writer(*items_, table_, ItemOf("a", "2"));
  // The writer holds the item's lock: the read answers from storage at once.
  auto during = items_->Get(*table_, KeyOf("a"));
  writer.Release();
  ASSERT_TRUE(during.ok() && during->has_value());
  EXPECT_EQ((*during)->at("v").str(), "1");
  auto after = items_->Get(*table_, KeyOf("a"));
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->at("v").str(), "2");
}

TEST_P(ItemStoreTest, DroppingATableWaitsForItsWritesInFlight) {
  Replace("a", "1");
  // A write holds its item's lock (its mutation is running) while the table
  // is dropped; it must either fail or land before the data is deleted.
  BlockedWrite writer(*items_, table_, ItemOf("b", "late"));
  std::thread dropper([&] {
    auto dropped = catalog_->Drop("t");
    ASSERT_TRUE(dropped.ok());
    EXPECT_TRUE(items_->DropTableData(**dropped).ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  writer.Release();
  dropper.join();
  EXPECT_FALSE(AnyStoredUnder(table_->id)) << "a write landed after its table's data was deleted";
  // A write after the drop finds no table.
  auto late = items_->Apply(*table_, KeyOf("c"), [](const Item*) -> ApiResult<std::optional<Item>> {
    return std::optional<Item>(ItemOf("c", "x"));
  });
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().type(), "ResourceNotFoundException");
}

TEST_P(ItemStoreTest, DroppingAnIndexWaitsForItsWritesInFlight) {
  schema::TableDef def;
  def.name = "with_index";
  def.status = schema::TableStatus::kActive;
  def.hash_key = {"p", model::Type::kS};
  def.attribute_definitions = {{"p", model::Type::kS}, {"v", model::Type::kS}};
  schema::IndexDef gsi;
  gsi.name = "by_v";
  gsi.hash_key = {"v", model::Type::kS};
  def.global_indexes.push_back(gsi);
  schema::TablePtr table = *catalog_->Create(def);
  const uint32_t index_id = table->global_indexes[0].id;
  // The write saw the index; it is removed from the table, then its entries deleted.
  BlockedWrite writer(*items_, table, ItemOf("a", "late"));
  std::thread dropper([&] {
    auto updated = catalog_->Update("with_index", [](schema::TableDef& d) {
      d.global_indexes.clear();
      return ApiResult<Unit>(Unit{});
    });
    ASSERT_TRUE(updated.ok());
    EXPECT_TRUE(items_->DropIndexData(index_id).ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  writer.Release();
  dropper.join();
  EXPECT_FALSE(AnyStoredUnder(index_id)) << "an index entry landed after the index was deleted";
  EXPECT_TRUE(AnyStoredUnder(table->id));
}

// Cache off, a cache smaller than one item per stripe, and the default.
INSTANTIATE_TEST_SUITE_P(CacheSizes, ItemStoreTest,
                         ::testing::Values(size_t{0}, size_t{64} << 10,
                                           ItemStore::kDefaultCacheBytes));

}  // namespace
}  // namespace magneto::items
