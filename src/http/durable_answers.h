// DurableAnswers: one network thread's answers that wait for their writes'
// WAL sync. The thread asks the syncer for a sync when it has run every
// handler that was ready (OnIdle), so one fdatasync covers every write it
// could make before then: group commit sized by the load, with no timer. A
// thread that never runs out of work asks once the oldest write of the group
// has waited kMaxGroupWait (AfterHandler). The syncer wakes the thread once
// per sync to send all the answers it made durable, not once per answer.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "storage/engine.h"

namespace magneto::http {

class DurableAnswers : public std::enable_shared_from_this<DurableAnswers> {
 public:
  // `engine` may be null (nothing is ever waited for).
  DurableAnswers(boost::asio::io_context& context, storage::Engine* engine)
      : context_(context), engine_(engine) {}

  // On the network thread: runs `send(true)` there once every write up to
  // `ticket` is durable (at once if it already is), or `send(false)` if the
  // WAL sync meant to make them durable failed.
  void Add(uint64_t ticket, std::function<void(bool durable)> send);

  // On the network thread, when it has run every handler that was ready
  // and is about to wait for events: asks for the sync the waiting answers
  // need.
  void OnIdle() {
    if (sync_wanted_) AskForSync();
  }

  // On the network thread, after each handler it runs.
  void AfterHandler() {
    if (sync_wanted_ && std::chrono::steady_clock::now() - wanted_since_ >= kMaxGroupWait) {
      AskForSync();
    }
  }

  // The longest a thread that never runs out of work lets its oldest
  // waiting answer wait before it asks for the sync. Long enough that a
  // thread serving 64 connections of writes still goes idle first (and
  // makes one group of them); the bound is for threads kept busy by many
  // more connections.
  static constexpr std::chrono::microseconds kMaxGroupWait{4000};

 private:
  void AskForSync();
  // Has the syncer post Drain() once `ticket` is durable.
  void Watch(uint64_t ticket);
  // Sends what is durable now (and fails what a failed sync covered) and
  // watches for the rest.
  void Drain();

  boost::asio::io_context& context_;
  storage::Engine* engine_;
  std::vector<std::pair<uint64_t, std::function<void(bool)>>> waiting_;
  bool watching_ = false;    // a Watch() is outstanding
  bool sync_wanted_ = false;  // writes were added since the last RequestSync()
  std::chrono::steady_clock::time_point wanted_since_;  // when sync_wanted_ was set
};

}  // namespace magneto::http
