// Tests of the Time to Live expirer over an in-memory engine: what it deletes,
// how it resumes a walk over several rounds, and its pacing.

#include "ttl/expirer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/engine.h"
#include "ttl/expiry.h"

namespace magneto::ttl {
namespace {

using model::AttributeValue;
using model::Item;
using model::Number;

constexpr int64_t kNowSeconds = 1'800'000'000;

class ExpirerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::EngineOptions options;
    options.in_memory = true;
    engine_ = storage::Engine::Open(options).value();
    catalog_ = schema::Catalog::Load(engine_.get()).value();
    items_ = std::make_unique<items::ItemStore>(engine_.get());
    items_->set_table_lookup([this](uint32_t id) { return catalog_->FindById(id); });
    schema::TableDef def;
    def.name = "t";
    def.status = schema::TableStatus::kActive;
    def.hash_key = {"p", model::Type::kS};
    def.attribute_definitions = {{"p", model::Type::kS}};
    def.ttl = {"exp", true, 1};
    table_ = *catalog_->Create(def);
  }

  ExpirerOptions Options() {
    ExpirerOptions options;
    options.clock = [] { return kNowSeconds * 1000; };
    return options;
  }

  void Put(const std::string& p, std::optional<int64_t> exp) {
    Item item;
    item.emplace("p", AttributeValue::S(p));
    if (exp) item.emplace("exp", AttributeValue::N(Number::FromInt(*exp)));
    auto r = items_->Apply(*table_, item, [&](const Item*) -> ApiResult<std::optional<Item>> {
      return std::optional<Item>(item);
    });
    ASSERT_TRUE(r.ok());
  }

  bool Exists(const std::string& p) {
    Item key;
    key.emplace("p", AttributeValue::S(p));
    auto r = items_->Get(*table_, key);
    return r.ok() && r->has_value();
  }

  std::unique_ptr<storage::Engine> engine_;
  std::unique_ptr<schema::Catalog> catalog_;
  std::unique_ptr<items::ItemStore> items_;
  schema::TablePtr table_;
};

TEST_F(ExpirerTest, DeletesOnlyExpiredItems) {
  Put("past", kNowSeconds - 10);
  Put("future", kNowSeconds + 10);
  Put("none", std::nullopt);
  Put("ancient", kNowSeconds - kMaxPastSeconds - 10);
  Expirer expirer(catalog_.get(), items_.get(), Options());
  EXPECT_EQ(expirer.RunRound(), 1);
  EXPECT_FALSE(Exists("past"));
  EXPECT_TRUE(Exists("future"));
  EXPECT_TRUE(Exists("none"));
  EXPECT_TRUE(Exists("ancient"));
  EXPECT_EQ(expirer.RunRound(), 0);
}

TEST_F(ExpirerTest, ResumesWhereTheLastRoundStopped) {
  for (int i = 0; i < 25; ++i) Put("k" + std::to_string(i), kNowSeconds - 10);
  ExpirerOptions options = Options();
  options.items_per_round = 10;
  Expirer expirer(catalog_.get(), items_.get(), options);
  EXPECT_EQ(expirer.RunRound(), 10);
  EXPECT_EQ(expirer.RunRound(), 10);
  EXPECT_EQ(expirer.RunRound(), 5);
  EXPECT_EQ(expirer.RunRound(), 0);
}

TEST_F(ExpirerTest, RechecksUnderTheItemLock) {
  // The walk sees the item expired; by the time of the delete (the clock is
  // read again under the item's lock) it is not: it must stay.
  Put("k", kNowSeconds - 10);
  ExpirerOptions options = Options();
  int calls = 0;
  options.clock = [&calls] { return (++calls == 1 ? kNowSeconds : kNowSeconds - 100) * 1000; };
  Expirer expirer(catalog_.get(), items_.get(), options);
  EXPECT_EQ(expirer.RunRound(), 0);
  EXPECT_TRUE(Exists("k"));
  EXPECT_GE(calls, 2);
}

TEST_F(ExpirerTest, LeavesTablesWithTtlDisabled) {
  Put("past", kNowSeconds - 10);
  auto disable = [](schema::TableDef& def) -> ApiResult<Unit> {
    def.ttl.enabled = false;
    return Unit{};
  };
  ASSERT_TRUE(catalog_->Update("t", disable).ok());
  Expirer expirer(catalog_.get(), items_.get(), Options());
  EXPECT_EQ(expirer.RunRound(), 0);
  EXPECT_TRUE(Exists("past"));
}

TEST_F(ExpirerTest, PacesDeletions) {
  for (int i = 0; i < 21; ++i) Put("k" + std::to_string(i), kNowSeconds - 10);
  ExpirerOptions options = Options();
  options.deletes_per_second = 100;
  Expirer expirer(catalog_.get(), items_.get(), options);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(expirer.RunRound(), 21);
  // The first deletion is due at once, each later one 10 ms after the last.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(190));
}

TEST_F(ExpirerTest, StopInterruptsAPacedRound) {
  for (int i = 0; i < 50; ++i) Put("k" + std::to_string(i), kNowSeconds - 10);
  ExpirerOptions options = Options();
  options.deletes_per_second = 2;
  Expirer expirer(catalog_.get(), items_.get(), options);
  expirer.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  expirer.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
  int left = 0;
  for (int i = 0; i < 50; ++i) left += Exists("k" + std::to_string(i));
  EXPECT_GE(left, 48);
}

}  // namespace
}  // namespace magneto::ttl
