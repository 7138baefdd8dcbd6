// DurableAnswers: one network thread's answers that wait for their writes'
// WAL sync. The thread asks the syncer for a sync once per round of ready
// handlers, so one fdatasync covers every write of the round (group commit
// sized by the load, with no timer), and the syncer wakes the thread once
// per sync to send all the answers it made durable, not once per answer.
#pragma once

#include <boost/asio/io_context.hpp>

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

  // On the network thread: runs `send` there once every write up to
  // `ticket` is durable (at once if it already is).
  void Add(uint64_t ticket, std::function<void()> send);

 private:
  // Has the syncer post Drain() once `ticket` is durable.
  void Watch(uint64_t ticket);
  // Sends what is durable now and watches for the rest.
  void Drain();

  boost::asio::io_context& context_;
  storage::Engine* engine_;
  std::vector<std::pair<uint64_t, std::function<void()>>> waiting_;
  bool watching_ = false;    // a Watch() is outstanding
  bool sync_asked_ = false;  // a RequestSync() is posted and has not run yet
};

}  // namespace magneto::http
