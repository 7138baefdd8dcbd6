// HttpServer: HTTP/1.1 with keep-alive on Boost.Asio and Beast's parser;
// each network thread runs its own io_context and the handlers of the
// connections it was given.
#pragma once

#include <memory>
#include <string>

#include "http/dispatch.h"

namespace magneto::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;
  int threads = 1;  // network threads, each with its own connections
  // Threads for write requests; 0 runs them on the network threads (writes
  // never block on the WAL sync there: their answers wait for it instead).
  int blocking_threads = 0;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Dispatcher& dispatcher);
  ~HttpServer();
  // Binds and listens; returns false (logged) when the address is unusable.
  bool Start();
  // Runs until Stop() is called (from a signal handler's strand).
  void Run();
  void Stop();
  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magneto::http
