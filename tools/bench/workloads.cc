// The closed-loop driver: each thread runs an epoll loop over its share of the keep-alive
// connections; every connection keeps exactly one request in flight until the run ends.

#include "workloads.h"

#include <fmt/format.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "requests.h"
#include "zipf.h"

namespace magneto::bench {

namespace {

using Clock = std::chrono::steady_clock;

enum class Op { kBatchWrite, kPut, kGet, kAddCounter, kSetPayload, kQuery, kScan, kCount };

const char* OperationName(Op op) {
  switch (op) {
    case Op::kBatchWrite:
      return "BatchWriteItem";
    case Op::kPut:
      return "PutItem";
    case Op::kGet:
      return "GetItem";
    case Op::kAddCounter:
    case Op::kSetPayload:
      return "UpdateItem";
    case Op::kQuery:
      return "Query";
    case Op::kScan:
      return "Scan";
    case Op::kCount:
      break;
  }
  return "?";
}

constexpr uint64_t kBatchSize = 25;  // BatchWriteItem's maximum
constexpr int kMaxBatchRetries = 20;

// State shared by all threads of one run.
struct Shared {
  const BenchConfig& config;
  const std::atomic<bool>& stop;
  KeyChooser keys;
  Clock::time_point measure_start{};
  Clock::time_point end{};               // duration mode
  std::atomic<uint64_t> issued{0};       // count mode
  std::atomic<uint64_t> load_cursor{0};  // load: next key to hand out
  std::atomic<bool> batch_unsupported{false};
  std::atomic<bool> abort{false};
  std::atomic<uint64_t> progress_ok{0};
  std::atomic<uint64_t> progress_errors{0};
  std::atomic<uint64_t> progress_unsupported{0};
};

struct Conn {
  explicit Conn(const Endpoint& e) : conn(e) {}
  Connection conn;
  Op op = Op::kGet;
  Clock::time_point started;
  bool busy = false;
  bool dead = false;
  uint64_t load_next = 0, load_end = 0;  // load: keys this connection still owns
  int retries = 0;
};

class Worker {
 public:
  Worker(Shared& shared, int conn_count, uint64_t seed)
      : shared_(shared),
        cfg_(shared.config),
        rng_(seed),
        signer_(cfg_.credentials, cfg_.region, "dynamodb"),
        builder_(cfg_.table, cfg_.item_size, cfg_.partition_size, cfg_.seed) {
    for (int i = 0; i < conn_count; ++i) conns_.push_back(std::make_unique<Conn>(cfg_.endpoint));
  }

  void Run();

  std::array<Histogram, static_cast<size_t>(Op::kCount)> latency;
  std::map<std::string, uint64_t> errors;
  uint64_t items_written = 0;
  uint64_t responses = 0;  // every response, warm-up and errors included
  Clock::time_point finished;

 private:
  bool Reconnect(size_t index);
  bool MayIssue();
  void IssueNext(size_t index);
  void Send(size_t index, Op op, const std::string& body);
  void OnResponse(size_t index, const HttpResponse& response);
  void OnFailure(size_t index, const std::string& type);
  void RecordError(const std::string& type);
  const std::string& Now();

  Shared& shared_;
  const BenchConfig& cfg_;
  Rng rng_;
  SigV4Signer signer_;
  RequestBuilder builder_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int epoll_ = -1;
  std::time_t date_second_ = 0;
  std::string amz_date_;
};

const std::string& Worker::Now() {
  auto now = std::chrono::system_clock::now();
  std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != date_second_) {
    date_second_ = second;
    amz_date_ = AmzDate(now);
  }
  return amz_date_;
}

bool Worker::Reconnect(size_t index) {
  Conn& c = *conns_[index];
  if (c.conn.connected()) epoll_ctl(epoll_, EPOLL_CTL_DEL, c.conn.fd(), nullptr);
  std::string error;
  if (!c.conn.Connect(error)) {
    RecordError("network");
    c.dead = true;
    return false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = index;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, c.conn.fd(), &ev);
  return true;
}

bool Worker::MayIssue() {
  if (shared_.stop.load(std::memory_order_relaxed) || shared_.abort.load(std::memory_order_relaxed))
    return false;
  if (cfg_.workload == "load") return true;  // bounded by the key cursor instead
  if (cfg_.operations > 0) return shared_.issued.fetch_add(1) < cfg_.operations;
  return Clock::now() < shared_.end;
}

void Worker::IssueNext(size_t index) {
  Conn& c = *conns_[index];
  c.busy = false;
  if (c.dead || !MayIssue()) return;
  const std::string& w = cfg_.workload;
  if (w == "load") {
    if (c.load_next >= c.load_end) {
      uint64_t first = shared_.load_cursor.fetch_add(kBatchSize);
      if (first >= cfg_.keys) return;
      c.load_next = first;
      c.load_end = std::min(cfg_.keys, first + kBatchSize);
    }
    if (shared_.batch_unsupported.load(std::memory_order_relaxed)) {
      Send(index, Op::kPut, builder_.PutItem(c.load_next, rng_));
    } else {
      Send(index, Op::kBatchWrite,
           builder_.BatchWrite(c.load_next, c.load_end - c.load_next, rng_));
    }
    return;
  }
  uint64_t key = shared_.keys.Next(rng_);
  if (w == "getitem" || w == "ycsb-c") return Send(index, Op::kGet, builder_.GetItem(key));
  if (w == "putitem") return Send(index, Op::kPut, builder_.PutItem(key, rng_));
  if (w == "updateitem") return Send(index, Op::kAddCounter, builder_.AddCounter(key));
  if (w == "query") return Send(index, Op::kQuery, builder_.Query(key, cfg_.query_limit));
  if (w == "scan") {
    return Send(index, Op::kScan, builder_.Scan(rng_.Below(cfg_.keys), cfg_.scan_limit));
  }
  // YCSB A: 50% reads, B: 95% reads; updates overwrite the payload field.
  uint64_t read_percent = w == "ycsb-a" ? 50 : 95;
  if (rng_.Below(100) < read_percent) return Send(index, Op::kGet, builder_.GetItem(key));
  Send(index, Op::kSetPayload, builder_.SetPayload(key, rng_));
}

void Worker::Send(size_t index, Op op, const std::string& body) {
  Conn& c = *conns_[index];
  if (!c.conn.connected() && !Reconnect(index)) return;
  c.op = op;
  c.busy = true;
  c.started = Clock::now();
  IoStatus st =
      c.conn.Send(BuildDynamoRequest(cfg_.endpoint, signer_, OperationName(op), body, Now()));
  if (st == IoStatus::kWouldBlock) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = index;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.conn.fd(), &ev);
  } else if (st == IoStatus::kError) {
    OnFailure(index, "network");
  }
}

void Worker::RecordError(const std::string& type) {
  ++errors[type];
  shared_.progress_errors.fetch_add(1, std::memory_order_relaxed);
  if (type == "UnknownOperationException")
    shared_.progress_unsupported.fetch_add(1, std::memory_order_relaxed);
}

// A transport failure: count it, reconnect, and go on (a load batch is sent again).
void Worker::OnFailure(size_t index, const std::string& type) {
  Conn& c = *conns_[index];
  if (c.started >= shared_.measure_start) RecordError(type);
  c.busy = false;
  c.conn.Close();
  if (!Reconnect(index)) return;
  IssueNext(index);
}

void Worker::OnResponse(size_t index, const HttpResponse& response) {
  Conn& c = *conns_[index];
  auto now = Clock::now();
  ++responses;
  bool measured = c.started >= shared_.measure_start;
  if (response.close) c.conn.Close();
  if (response.status == 200) {
    bool complete = true;
    if (c.op == Op::kBatchWrite) {
      // Anything but an empty UnprocessedItems map means some puts were not applied:
      // the whole batch is sent again (puts are idempotent).
      size_t at = response.body.find("\"UnprocessedItems\"");
      if (at != std::string::npos) {
        size_t brace = response.body.find('{', at);
        size_t next = response.body.find_first_not_of(" \t\r\n", brace + 1);
        complete =
            brace != std::string::npos && next != std::string::npos && response.body[next] == '}';
      }
    }
    if (measured) {
      latency[static_cast<size_t>(c.op)].Record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.started).count()));
      shared_.progress_ok.fetch_add(1, std::memory_order_relaxed);
    }
    if (c.op == Op::kBatchWrite) {
      if (complete || ++c.retries > kMaxBatchRetries) {
        if (complete)
          items_written += c.load_end - c.load_next;
        else
          RecordError("UnprocessedItems");
        c.load_next = c.load_end;
        c.retries = 0;
      }
    } else if (c.op == Op::kPut && cfg_.workload == "load") {
      ++items_written;
      ++c.load_next;
      c.retries = 0;
    }
    IssueNext(index);
    return;
  }
  std::string type = response.body.find("__type") == std::string::npos
                         ? fmt::format("HTTP {}", response.status)
                         : ErrorType(response.body);
  if (measured) RecordError(type);
  if (cfg_.workload == "load") {
    if (c.op == Op::kBatchWrite && type == "UnknownOperationException") {
      shared_.batch_unsupported.store(true);  // fall back to PutItem; keep this batch
    } else if (++c.retries > kMaxBatchRetries) {
      c.load_next = c.load_end;  // give up on these keys; the error count says so
      c.retries = 0;
    }
  }
  IssueNext(index);
}

void Worker::Run() {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  for (size_t i = 0; i < conns_.size(); ++i) {
    if (Reconnect(i)) IssueNext(i);
  }
  std::vector<epoll_event> events(conns_.size() + 1);
  HttpResponse response;
  std::string error;
  while (true) {
    bool any_busy = false;
    for (auto& c : conns_) any_busy |= c->busy;
    if (!any_busy) break;
    int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < n; ++e) {
      size_t index = events[e].data.u64;
      Conn& c = *conns_[index];
      if (!c.busy || !c.conn.connected()) continue;
      if (events[e].events & EPOLLOUT) {
        IoStatus st = c.conn.Flush();
        if (st == IoStatus::kError) {
          OnFailure(index, "network");
          continue;
        }
        if (st == IoStatus::kDone) {
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.u64 = index;
          epoll_ctl(epoll_, EPOLL_CTL_MOD, c.conn.fd(), &ev);
        }
      }
      if (events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        IoStatus st = c.conn.Receive(response, error);
        if (st == IoStatus::kDone) {
          OnResponse(index, response);
        } else if (st == IoStatus::kError) {
          OnFailure(index, "network");
        }
      }
    }
    // Requests still in flight long after the end are abandoned (a stuck server).
    if (cfg_.operations == 0 && cfg_.workload != "load" &&
        Clock::now() > shared_.end + std::chrono::seconds(10)) {
      for (auto& c : conns_) {
        if (c->busy) RecordError("timeout");
        c->busy = false;
      }
    }
  }
  finished = Clock::now();
  for (auto& c : conns_) c->conn.Close();
  ::close(epoll_);
}

}  // namespace

bool IsKnownWorkload(const std::string& name) {
  for (const char* w : {"load", "putitem", "getitem", "updateitem", "query", "scan", "ycsb-a",
                        "ycsb-b", "ycsb-c"}) {
    if (name == w) return true;
  }
  return false;
}

uint64_t RunResult::SuccessCount() const {
  uint64_t n = 0;
  for (const auto& [op, h] : latency) n += h.count();
  return n;
}

uint64_t RunResult::ErrorCount() const {
  uint64_t n = 0;
  for (const auto& [type, count] : errors) n += count;
  return n;
}

std::string ErrorCategory(const std::string& type) {
  if (type == "ProvisionedThroughputExceededException" || type == "ThrottlingException" ||
      type == "RequestLimitExceeded" || type == "LimitExceededException")
    return "throttling";
  if (type == "ConditionalCheckFailedException" || type == "TransactionConflictException" ||
      type == "TransactionInProgressException")
    return "conflict";
  if (type == "UnknownOperationException") return "unsupported";
  if (type == "network" || type == "timeout") return "network";
  return "other";
}

bool EnsureTable(const BenchConfig& config, double timeout_s, std::string& error) {
  SigV4Signer signer(config.credentials, config.region, "dynamodb");
  RequestBuilder builder(config.table, config.item_size, config.partition_size, config.seed);
  Connection conn(config.endpoint);
  HttpResponse response;
  auto call = [&](const char* op, const std::string& body) {
    std::string date = AmzDate(std::chrono::system_clock::now());
    return conn.RoundTrip(BuildDynamoRequest(config.endpoint, signer, op, body, date), response,
                          10000, error);
  };
  if (!call("DescribeTable", builder.DescribeTable())) return false;
  if (response.status != 200) {
    if (ErrorType(response.body) != "ResourceNotFoundException") {
      error = "DescribeTable failed: " + response.body;
      return false;
    }
    if (!call("CreateTable", builder.CreateTable())) return false;
    if (response.status != 200 && ErrorType(response.body) != "ResourceInUseException") {
      error = "CreateTable failed: " + response.body;
      return false;
    }
  }
  auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000));
  while (true) {
    if (!call("DescribeTable", builder.DescribeTable())) return false;
    if (response.status == 200 &&
        response.body.find("\"TableStatus\":\"ACTIVE\"") != std::string::npos)
      return true;
    if (Clock::now() > deadline) {
      error = "the table did not become ACTIVE in time: " + response.body;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

RunResult RunWorkload(const BenchConfig& config, const std::atomic<bool>& stop) {
  Shared shared{config, stop, KeyChooser(config.keys, config.zipfian, config.zipf_theta)};
  auto start = Clock::now();
  shared.measure_start =
      start + std::chrono::milliseconds(static_cast<int64_t>(config.warmup_s * 1000));
  shared.end = shared.measure_start +
               std::chrono::milliseconds(static_cast<int64_t>(config.duration_s * 1000));
  int threads = std::max(1, std::min(config.threads, config.connections));
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    int count = config.connections / threads + (t < config.connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(shared, count, config.seed * 1000003 + t));
  }
  std::vector<std::thread> running;
  std::atomic<int> done{0};
  for (auto& w : workers) {
    running.emplace_back([&w, &done] {
      w->Run();
      done.fetch_add(1);
    });
  }
  RunResult result;
  result.workload = config.workload;
  uint64_t last_ok = 0, last_err = 0;
  auto last = Clock::now();
  while (done.load() < threads) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto now = Clock::now();
    if (now - last < std::chrono::seconds(1)) continue;
    uint64_t ok = shared.progress_ok.load(), err = shared.progress_errors.load();
    if (ok == 0 && shared.progress_unsupported.load() > 0 && config.workload != "load" &&
        !shared.abort.load()) {
      shared.abort.store(true);
      result.aborted = true;
      result.abort_reason = "the server answers UnknownOperationException for this workload";
    }
    if (config.progress) {
      double secs = std::chrono::duration<double>(now - last).count();
      double at = std::chrono::duration<double>(now - start).count();
      fmt::print(stderr, "[{:6.1f}s] {:>9.0f} ok/s {:>7.0f} err/s   total ok {} err {}{}\n", at,
                 (ok - last_ok) / secs, (err - last_err) / secs, ok, err,
                 now < shared.measure_start ? "  (warm-up)" : "");
    }
    last_ok = ok;
    last_err = err;
    last = now;
  }
  for (auto& t : running) t.join();
  Clock::time_point finished = shared.measure_start;
  for (auto& w : workers) {
    finished = std::max(finished, w->finished);
    for (size_t op = 0; op < w->latency.size(); ++op) {
      if (w->latency[op].count() == 0) continue;
      result.latency[OperationName(static_cast<Op>(op))].Merge(w->latency[op]);
    }
    for (const auto& [type, n] : w->errors) result.errors[type] += n;
    result.items_written += w->items_written;
    result.responses += w->responses;
  }
  result.elapsed_s = std::chrono::duration<double>(finished - shared.measure_start).count();
  return result;
}

}  // namespace magneto::bench
