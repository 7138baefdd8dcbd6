// magneto-bench: a DynamoDB-API load generator. Parses flags, prepares the table, runs one
// workload and prints a human summary and/or one JSON line with throughput and latencies.

#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "workloads.h"

namespace {

using magneto::bench::Histogram;
using magneto::bench::RunResult;

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      continue;
    }
    out += c;
  }
  return out;
}

// CPU seconds (user + system) this process has used so far.
double ClientCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

double Micros(uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

std::string LatencyJson(const Histogram& h) {
  return fmt::format(
      R"("p50_us":{:.1f},"p90_us":{:.1f},"p99_us":{:.1f},"p999_us":{:.1f},"max_us":{:.1f},)"
      R"("mean_us":{:.1f})",
      Micros(h.Percentile(50000)), Micros(h.Percentile(90000)), Micros(h.Percentile(99000)),
      Micros(h.Percentile(99900)), Micros(h.max()), Micros(h.Mean()));
}

std::string ToJson(const magneto::bench::BenchConfig& cfg, const RunResult& r,
                   const std::string& label) {
  Histogram total;
  for (const auto& [op, h] : r.latency) total.Merge(h);
  double secs = r.elapsed_s > 0 ? r.elapsed_s : 1;
  std::map<std::string, uint64_t> categories = {
      {"throttling", 0}, {"conflict", 0}, {"unsupported", 0}, {"network", 0}, {"other", 0}};
  for (const auto& [type, n] : r.errors) categories[magneto::bench::ErrorCategory(type)] += n;

  std::string out = fmt::format(
      R"({{"tool":"magneto-bench","label":"{}","workload":"{}","endpoint":"{}","connections":{},)"
      R"("threads":{},"elapsed_s":{:.3f},"keys":{},"item_size":{},"distribution":"{}",)"
      R"("ops":{},"ops_per_s":{:.1f},"errors_total":{},"responses_all":{},{})",
      JsonEscape(label), r.workload, JsonEscape(cfg.endpoint.host_header), cfg.connections,
      cfg.threads, r.elapsed_s, cfg.keys, cfg.item_size, cfg.zipfian ? "zipfian" : "uniform",
      total.count(), total.count() / secs, r.ErrorCount(), r.responses, LatencyJson(total));
  if (r.workload == "load") {
    out += fmt::format(R"(,"items_written":{},"items_per_s":{:.1f})", r.items_written,
                       r.items_written / secs);
  }
  out += fmt::format(R"(,"client_cpu_s":{:.3f},"aborted":{})", ClientCpuSeconds(),
                     r.aborted ? "true" : "false");
  out += R"(,"errors":{)";
  bool first = true;
  for (const auto& [cat, n] : categories) {
    out += fmt::format(R"({}"{}":{})", first ? "" : ",", cat, n);
    first = false;
  }
  out += R"(},"error_types":{)";
  first = true;
  for (const auto& [type, n] : r.errors) {
    out += fmt::format(R"({}"{}":{})", first ? "" : ",", JsonEscape(type), n);
    first = false;
  }
  out += R"(},"operations":{)";
  first = true;
  for (const auto& [op, h] : r.latency) {
    out += fmt::format(R"({}"{}":{{"ops":{},"ops_per_s":{:.1f},{}}})", first ? "" : ",", op,
                       h.count(), h.count() / secs, LatencyJson(h));
    first = false;
  }
  out += "}}";
  return out;
}

void PrintHuman(const magneto::bench::BenchConfig& cfg, const RunResult& r) {
  fmt::print(
      "workload {} on {}: {} connections, {} threads, {:.2f} s measured, {} keys ({}), "
      "{}-byte items\n",
      r.workload, cfg.endpoint.host_header, cfg.connections, cfg.threads, r.elapsed_s, cfg.keys,
      cfg.zipfian ? "zipfian" : "uniform", cfg.item_size);
  if (r.aborted) fmt::print("ABORTED: {}\n", r.abort_reason);
  fmt::print("{:<16} {:>10} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "operation", "ops", "ops/s",
             "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
  double secs = r.elapsed_s > 0 ? r.elapsed_s : 1;
  Histogram total;
  auto row = [&](const std::string& name, const Histogram& h) {
    auto ms = [](uint64_t ns) { return static_cast<double>(ns) / 1e6; };
    fmt::print("{:<16} {:>10} {:>11.1f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f}\n", name,
               h.count(), h.count() / secs, ms(h.Percentile(50000)), ms(h.Percentile(90000)),
               ms(h.Percentile(99000)), ms(h.Percentile(99900)), ms(h.max()));
  };
  for (const auto& [op, h] : r.latency) {
    row(op, h);
    total.Merge(h);
  }
  if (r.latency.size() > 1) row("total", total);
  if (r.workload == "load") {
    fmt::print("items written: {} ({:.1f} items/s)\n", r.items_written, r.items_written / secs);
  }
  fmt::print("errors: {}", r.ErrorCount());
  for (const auto& [type, n] : r.errors) {
    fmt::print("  {} ({}): {}", type, magneto::bench::ErrorCategory(type), n);
  }
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  magneto::bench::BenchConfig cfg;
  std::string endpoint = "http://127.0.0.1:8000", distribution = "zipfian", output = "both";
  std::string label;
  bool no_create = false, quiet = false;
  double table_timeout_s = 60;

  CLI::App app{"magneto-bench: load generator for DynamoDB-compatible endpoints"};
  app.add_option("-e,--endpoint", endpoint, "http://host:port of the server")
      ->capture_default_str();
  app.add_option("-w,--workload", cfg.workload,
                 "load, putitem, getitem, updateitem, query, scan, ycsb-a, ycsb-b or ycsb-c")
      ->capture_default_str();
  app.add_option("--region", cfg.region, "SigV4 region")->capture_default_str();
  app.add_option("--access-key", cfg.credentials.access_key, "Access key id")
      ->envname("AWS_ACCESS_KEY_ID")
      ->capture_default_str();
  app.add_option("--secret-key", cfg.credentials.secret_key, "Secret access key")
      ->envname("AWS_SECRET_ACCESS_KEY");
  app.add_option("--session-token", cfg.credentials.session_token, "Session token, if any")
      ->envname("AWS_SESSION_TOKEN");
  app.add_option("--table", cfg.table, "Table to use (created if absent)")->capture_default_str();
  app.add_option("-c,--connections", cfg.connections, "Keep-alive connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("-t,--threads", cfg.threads, "Client threads (connections are spread over them)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("-d,--duration", cfg.duration_s, "Seconds to run (after the warm-up)")
      ->capture_default_str();
  app.add_option("-n,--operations", cfg.operations, "Run this many requests instead of a duration")
      ->capture_default_str();
  app.add_option("--warmup", cfg.warmup_s, "Seconds of unrecorded warm-up")->capture_default_str();
  app.add_option("-k,--keys", cfg.keys, "Number of distinct items")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("-s,--item-size", cfg.item_size, "Approximate item size in bytes")
      ->capture_default_str()
      ->check(CLI::Range(32u, 400u * 1024u));
  app.add_option("--distribution", distribution, "Key choice: zipfian or uniform")
      ->capture_default_str()
      ->check(CLI::IsMember({"zipfian", "uniform"}));
  app.add_option("--zipf-theta", cfg.zipf_theta, "Zipfian exponent")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 0.9999));
  app.add_option("--partition-size", cfg.partition_size, "Items per partition key")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--query-limit", cfg.query_limit, "Limit of each Query")->capture_default_str();
  app.add_option("--scan-limit", cfg.scan_limit, "Limit of each Scan page")->capture_default_str();
  app.add_option("--seed", cfg.seed, "Random seed")->capture_default_str();
  app.add_option("--label", label, "Free text copied into the JSON line (e.g. the server name)");
  app.add_option("--output", output, "human, json or both")
      ->capture_default_str()
      ->check(CLI::IsMember({"human", "json", "both"}));
  app.add_option("--table-timeout", table_timeout_s, "Seconds to wait for the table to be ACTIVE")
      ->capture_default_str();
  app.add_flag("--no-create", no_create, "Do not create or check the table");
  app.add_flag("-q,--quiet", quiet, "No progress lines on stderr");
  CLI11_PARSE(app, argc, argv);

  std::string error;
  if (!magneto::bench::ParseEndpoint(endpoint, cfg.endpoint, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return 1;
  }
  if (!magneto::bench::IsKnownWorkload(cfg.workload)) {
    fmt::print(stderr, "error: unknown workload '{}'\n", cfg.workload);
    return 1;
  }
  for (char c : cfg.table) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      fmt::print(stderr, "error: table names use only [a-zA-Z0-9_.-]\n");
      return 1;
    }
  }
  cfg.zipfian = distribution == "zipfian";
  cfg.progress = !quiet;
  if (cfg.threads > cfg.connections) cfg.threads = cfg.connections;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  if (!no_create && !magneto::bench::EnsureTable(cfg, table_timeout_s, error)) {
    fmt::print(stderr, "error: preparing table {}: {}\n", cfg.table, error);
    return 1;
  }
  RunResult result = magneto::bench::RunWorkload(cfg, g_stop);
  if (output != "json") PrintHuman(cfg, result);
  if (output != "human") fmt::print("{}\n", ToJson(cfg, result, label));
  std::fflush(stdout);
  return result.SuccessCount() > 0 ? 0 : 3;
}
