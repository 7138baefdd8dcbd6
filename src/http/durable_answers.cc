// DurableAnswers: per network thread group commit of answers.

#include "http/durable_answers.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace magneto::http {

void DurableAnswers::Add(uint64_t ticket, std::function<void(bool)> send) {
  if (engine_ == nullptr || ticket <= engine_->SyncedTicket()) {
    send(true);
    return;
  }
  if (engine_->DurabilityLost()) {
    send(false);
    return;
  }
  waiting_.emplace_back(ticket, std::move(send));
  if (!watching_) Watch(ticket);
  if (!sync_wanted_) {
    sync_wanted_ = true;
    wanted_since_ = std::chrono::steady_clock::now();
  }
}

void DurableAnswers::AskForSync() {
  sync_wanted_ = false;
  engine_->RequestSync();
}

void DurableAnswers::Watch(uint64_t ticket) {
  watching_ = true;
  engine_->WhenDurable(
      ticket,
      [self = shared_from_this()](bool /*durable: Drain looks again*/) {
        boost::asio::post(self->context_, [self] { self->Drain(); });
      },
      storage::Engine::SyncRequest::kLater);
}

void DurableAnswers::Drain() {
  watching_ = false;
  const uint64_t synced = engine_->SyncedTicket();
  const bool lost = engine_->DurabilityLost();
  std::vector<std::pair<bool, std::function<void(bool)>>> ready;
  size_t kept = 0;
  uint64_t oldest = UINT64_MAX;
  for (auto& w : waiting_) {
    if (w.first <= synced) {
      ready.emplace_back(true, std::move(w.second));
    } else if (lost) {
      ready.emplace_back(false, std::move(w.second));
    } else {
      oldest = std::min(oldest, w.first);
      waiting_[kept++] = std::move(w);
    }
  }
  waiting_.resize(kept);
  // Their sync was asked for when they were added.
  if (!waiting_.empty()) Watch(oldest);
  for (auto& [durable, send] : ready) send(durable);
}

}  // namespace magneto::http
