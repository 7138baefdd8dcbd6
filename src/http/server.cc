// Beast-based HTTP/1.1 server: accept loop, per-connection keep-alive session,
// request size limit, and the thread pool running the io_context.

#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

namespace magneto::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Dispatcher& dispatcher, asio::thread_pool* blocking_pool)
      : stream_(std::move(socket)), dispatcher_(dispatcher), blocking_pool_(blocking_pool) {}

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBytes);
    parser_->header_limit(64 * 1024);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      Close();
      return;
    }
    if (ec == bhttp::error::body_limit) {
      Send(dispatcher_.TooLarge(), /*keep_alive=*/false, 11);
      return;
    }
    if (ec) {
      Close();
      return;
    }
    const auto& msg = parser_->get();
    HttpRequest req;
    std::string method(msg.method_string());
    req.method = method;
    req.target = View(msg.target());
    req.amz_target = View(msg["X-Amz-Target"]);
    req.content_type = View(msg[bhttp::field::content_type]);
    auto auth = msg.find(bhttp::field::authorization);
    req.has_authorization = auth != msg.end();
    if (req.has_authorization) req.authorization = View(auth->value());
    req.has_amz_date = msg.find("X-Amz-Date") != msg.end() || msg.find(bhttp::field::date) != msg.end();
    req.body = msg.body();
    bool keep_alive = msg.keep_alive();
    unsigned version = msg.version();
    if (blocking_pool_ != nullptr && !Dispatcher::IsQuick(req.amz_target)) {
      // Writes wait for the WAL sync; they run on the blocking pool so that
      // many wait at once (RocksDB then syncs them together) while the
      // network threads keep serving. The request's views stay valid: the
      // parser is not reset until this connection reads again.
      asio::post(*blocking_pool_, [self = shared_from_this(), req, method = std::move(method),
                                   keep_alive, version]() mutable {
        req.method = method;
        self->Respond(self->dispatcher_.Handle(req), keep_alive, version);
      });
      return;
    }
    Respond(dispatcher_.Handle(req), keep_alive, version);
  }

  // Sends on this connection's strand once the answer's writes are durable.
  void Respond(HttpResponse resp, bool keep_alive, unsigned version) {
    auto shared = std::make_shared<HttpResponse>(std::move(resp));
    dispatcher_.WhenSendable(*shared, [self = shared_from_this(), shared, keep_alive, version] {
      asio::post(self->stream_.get_executor(), [self, shared, keep_alive, version] {
        self->Send(std::move(*shared), keep_alive, version);
      });
    });
  }

  void Send(HttpResponse resp, bool keep_alive, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(resp.status), version);
    res->set(bhttp::field::content_type, resp.content_type);
    res->set("x-amzn-RequestId", resp.request_id);
    res->set("x-amz-crc32", std::to_string(resp.crc32));
    res->keep_alive(keep_alive);
    res->body() = std::move(resp.body);
    res->prepare_payload();
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                         if (ec || !keep_alive) {
                           self->Close();
                          return;
                         }
                         self->Read();
                       });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Dispatcher& dispatcher_;
  asio::thread_pool* blocking_pool_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(ServerOptions o, Dispatcher& d)
      : options(std::move(o)),
        dispatcher(d),
        acceptor(io),
        blocking_pool(static_cast<size_t>(std::max(1, options.blocking_threads))) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec != asio::error::operation_aborted) Accept();
        return;
      }
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), dispatcher,
                                options.blocking_threads > 0 ? &blocking_pool : nullptr)
          ->Start();
      Accept();
    });
  }

  ServerOptions options;
  Dispatcher& dispatcher;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::thread_pool blocking_pool;
};

HttpServer::HttpServer(ServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}
HttpServer::~HttpServer() = default;

bool HttpServer::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    spdlog::error("invalid --host {}: {}", impl_->options.host, ec.message());
    return false;
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    spdlog::error("cannot listen on {}:{}: {}", impl_->options.host, impl_->options.port, ec.message());
    return false;
  }
  impl_->Accept();
  return true;
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Run() {
  // SIGINT / SIGTERM end the run loop; main() then closes storage cleanly.
  asio::signal_set signals(impl_->io, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("signal {} received, stopping", sig);
      Stop();
    }
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& t : threads) t.join();
  impl_->blocking_pool.join();
}

void HttpServer::Stop() {
  asio::post(impl_->io, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->io.stop();
  });
}

}  // namespace magneto::http
