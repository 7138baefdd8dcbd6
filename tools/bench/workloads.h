// Workload definitions and the closed-loop driver: per-thread epoll loops over keep-alive
// connections, each with one request in flight, recording latency per operation.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "histogram.h"
#include "http_client.h"
#include "sigv4.h"

namespace magneto::bench {

struct BenchConfig {
  Endpoint endpoint;
  Credentials credentials;
  std::string region = "us-east-1";
  std::string table = "magneto_bench";
  // load, putitem, getitem, updateitem, query, scan, ycsb-a, ycsb-b, ycsb-c.
  std::string workload = "getitem";
  int connections = 16;
  int threads = 1;
  double duration_s = 10;   // used when operations == 0
  uint64_t operations = 0;  // a fixed request count instead of a duration
  double warmup_s = 0;      // requests started during the warm-up are not recorded
  uint64_t keys = 100000;
  uint32_t item_size = 1024;  // approximate item size in bytes (keys + attributes)
  bool zipfian = true;
  double zipf_theta = 0.99;
  uint32_t partition_size = 20;  // items per partition key; Query reads one partition
  uint32_t query_limit = 10;
  uint32_t scan_limit = 100;
  uint64_t seed = 42;
  bool progress = true;  // a line per second on stderr
};

// True for the workload names above.
bool IsKnownWorkload(const std::string& name);

struct RunResult {
  std::string workload;
  double elapsed_s = 0;
  uint64_t items_written = 0;  // load: items acknowledged
  uint64_t responses = 0;      // all HTTP responses, warm-up and errors included
  bool aborted = false;        // stopped early (nothing succeeded and the server rejects the op)
  std::string abort_reason;
  std::map<std::string, Histogram> latency;  // per DynamoDB operation, successes only
  std::map<std::string, uint64_t> errors;    // per error type ("network", "HTTP 500", ...)

  uint64_t SuccessCount() const;
  uint64_t ErrorCount() const;
};

// Error type -> "throttling", "conflict", "unsupported", "network" or "other".
std::string ErrorCategory(const std::string& type);

// Creates the bench table (pk S HASH, sk N RANGE, on-demand) unless it exists, then polls
// DescribeTable until it is ACTIVE (at most `timeout_s`).
bool EnsureTable(const BenchConfig& config, double timeout_s, std::string& error);

// Runs one workload to completion. `stop` may be set from another thread (e.g. SIGINT).
RunResult RunWorkload(const BenchConfig& config, const std::atomic<bool>& stop);

}  // namespace magneto::bench
