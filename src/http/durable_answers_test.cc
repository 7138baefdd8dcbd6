// When a network thread asks for the WAL sync its waiting answers need.

#include "http/durable_answers.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "storage/failing_sync_fs.h"

namespace magneto::http {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class DurableAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "magneto-durable-answers-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    storage::EngineOptions options;
    options.path = dir_;
    options.wal_spare_bytes = 0;
    options.file_system = fs_;
    engine_ = storage::Engine::Open(options).value();
    answers_ = std::make_shared<DurableAnswers>(context_, engine_.get());
  }

  void TearDown() override {
    answers_.reset();
    engine_.reset();
    fs::remove_all(dir_);
  }

  // A write whose caller does not wait for its sync (as the network threads
  // write): its ticket.
  uint64_t WriteWithoutWaiting() {
    storage::DurabilityScope scope;
    storage::Batch batch = engine_->NewBatch();
    batch.Put(storage::Space::kData, "key", "value");
    EXPECT_TRUE(engine_->Write(batch).ok());
    return scope.ticket();
  }

  std::string dir_;
  std::shared_ptr<storage::FailingSyncFileSystem> fs_ =
      std::make_shared<storage::FailingSyncFileSystem>();
  std::unique_ptr<storage::Engine> engine_;
  boost::asio::io_context context_{1};
  // The syncer posts to the context from its own thread: keep it running.
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(context_);
  std::shared_ptr<DurableAnswers> answers_;
};

TEST_F(DurableAnswersTest, AnIdleThreadAsksForTheSyncAtOnce) {
  uint64_t ticket = WriteWithoutWaiting();
  ASSERT_GT(ticket, engine_->SyncedTicket());
  bool sent = false;
  answers_->Add(ticket, [&](bool durable) { sent = durable; });
  EXPECT_FALSE(sent);  // not before its write is durable
  // Nobody asked for the sync yet: the answer waits.
  context_.run_one_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(sent);
  EXPECT_LT(engine_->SyncedTicket(), ticket);

  answers_->OnIdle();
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!sent && Clock::now() < deadline) context_.run_one_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(sent);
  EXPECT_GE(engine_->SyncedTicket(), ticket);
}

TEST_F(DurableAnswersTest, AThreadThatNeverIdlesAsksOnceTheGroupHasWaitedLongEnough) {
  uint64_t ticket = WriteWithoutWaiting();
  bool sent = false;
  auto start = Clock::now();
  answers_->Add(ticket, [&](bool durable) { sent = durable; });

  // Always one more handler ready: the thread never goes idle, so only the
  // group's age can make it ask for the sync.
  std::function<void()> busy = [&] {
    if (!sent) boost::asio::post(context_, busy);
  };
  boost::asio::post(context_, busy);
  auto deadline = start + std::chrono::seconds(10);
  while (!sent && Clock::now() < deadline) {
    context_.run_one_for(std::chrono::milliseconds(10));
    answers_->AfterHandler();
  }
  EXPECT_TRUE(sent);
  EXPECT_GE(Clock::now() - start, DurableAnswers::kMaxGroupWait);
  EXPECT_GE(engine_->SyncedTicket(), ticket);
}

TEST_F(DurableAnswersTest, OneSyncAnswersTheWholeGroup) {
  int sent = 0;
  uint64_t last = 0;
  for (int i = 0; i < 20; ++i) {
    last = WriteWithoutWaiting();
    answers_->Add(last, [&](bool durable) { sent += durable ? 1 : 0; });
  }
  EXPECT_EQ(sent, 0);
  answers_->OnIdle();
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (sent < 20 && Clock::now() < deadline) context_.run_one_for(std::chrono::milliseconds(10));
  EXPECT_EQ(sent, 20);
  EXPECT_GE(engine_->SyncedTicket(), last);
}

TEST_F(DurableAnswersTest, AFailedSyncFailsItsAnswersInsteadOfLeavingThemWaiting) {
  uint64_t ticket = WriteWithoutWaiting();
  fs_->set_failing(true);
  int answered = 0, durable = 0;
  for (int i = 0; i < 3; ++i) {
    answers_->Add(ticket, [&](bool d) {
      ++answered;
      durable += d ? 1 : 0;
    });
  }
  answers_->OnIdle();
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (answered < 3 && Clock::now() < deadline) context_.run_one_for(std::chrono::milliseconds(10));
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(durable, 0);  // none acknowledged
  EXPECT_LT(engine_->SyncedTicket(), ticket);
  EXPECT_TRUE(engine_->DurabilityLost());

  // An answer added later for the same write fails at once.
  bool late = true;
  answers_->Add(ticket, [&](bool d) { late = d; });
  EXPECT_FALSE(late);
}

}  // namespace
}  // namespace magneto::http
