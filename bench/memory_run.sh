#!/usr/bin/env bash
# Does Magneto's memory stay flat under a long mixed load?
#
# Starts Magneto (durable defaults, a temp data dir, pinned to SERVER_CPU), preloads KEYS
# items, then runs magneto-bench (pinned to CLIENT_CPU) for MINUTES minutes, cycling through
# the workloads in MIX (SEGMENT seconds each: reads, updates, overwrites, queries, scans).
# Every SAMPLE seconds it reads the server's resident memory (VmRSS) from /proc. The first
# WARM_MINUTES are the warm-up (caches and memtables fill); after that, memory should not
# grow: the report gives RSS at the end of the warm-up, at the end, its maximum, and the
# least-squares slope after the warm-up in MB per minute.
#
# Usage: bench/memory_run.sh [--minutes N]   (environment: MINUTES, WARM_MINUTES, KEYS,
#   SEGMENT, SAMPLE, MIX, CONNECTIONS, SERVER_CPU, CLIENT_CPU, MAGNETO_BIN, BENCH_BIN, OUT_DIR)
# Writes bench/results/memory-<timestamp>.json and prints a Markdown summary.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MINUTES="${MINUTES:-10}"
WARM_MINUTES="${WARM_MINUTES:-2}"
KEYS="${KEYS:-100000}"
SEGMENT="${SEGMENT:-20}"
SAMPLE="${SAMPLE:-5}"
MIX="${MIX:-ycsb-a getitem putitem query updateitem scan ycsb-b}"
CONNECTIONS="${CONNECTIONS:-16}"
SERVER_CPU="${SERVER_CPU:-1}"
CLIENT_CPU="${CLIENT_CPU:-0}"
MAGNETO_BIN="${MAGNETO_BIN:-$ROOT/build/magneto}"
BENCH_BIN="${BENCH_BIN:-$ROOT/build/magneto-bench}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/results}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ -x "$MAGNETO_BIN" && -x "$BENCH_BIN" ]] || { echo "build magneto and magneto-bench first" >&2; exit 1; }

WORK="$(mktemp -d /tmp/magneto-memory.XXXXXX)"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
taskset -c "$SERVER_CPU" "$MAGNETO_BIN" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
  --table-activation-delay-ms 0 --log-level warn >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
ENDPOINT="http://127.0.0.1:$PORT"
bench() { taskset -c "$CLIENT_CPU" "$BENCH_BIN" -e "$ENDPOINT" -k "$KEYS" --quiet --output json "$@"; }
bench -w load -c 32 >"$WORK/load.json"

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status"; }
START=$(date +%s)
END=$((START + MINUTES * 60))
(
  while [[ $(date +%s) -lt $END ]]; do
    echo "$(( $(date +%s) - START )) $(rss_kb)"
    sleep "$SAMPLE"
  done
) >"$WORK/rss.txt" &
SAMPLER=$!
: >"$WORK/runs.jsonl"
while [[ $(date +%s) -lt $END ]]; do
  for w in $MIX; do
    left=$((END - $(date +%s)))
    [[ $left -le 1 ]] && break
    bench -w "$w" -c "$CONNECTIONS" -d "$(( left < SEGMENT ? left : SEGMENT ))" --warmup 0 \
      >>"$WORK/runs.jsonl" || true
  done
done
wait "$SAMPLER"

mkdir -p "$OUT_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$WORK" "$OUT_DIR/memory-$STAMP.json" "$WARM_MINUTES" "$MINUTES" "$KEYS" <<'EOF'
import json, sys
work, out, warm, minutes, keys = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
samples = [tuple(map(int, l.split())) for l in open(work + "/rss.txt") if len(l.split()) == 2]
runs = [json.loads(l) for l in open(work + "/runs.jsonl") if l.strip()]
after = [(t, kb) for t, kb in samples if t >= warm * 60]
n = len(after)
slope = 0.0
if n >= 2:
    mt = sum(t for t, _ in after) / n
    mk = sum(kb for _, kb in after) / n
    den = sum((t - mt) ** 2 for t, _ in after)
    slope = sum((t - mt) * (kb - mk) for t, kb in after) / den * 60 / 1024 if den else 0.0
ops = sum(r.get("ops", 0) for r in runs)
errors = sum(r.get("errors_total", 0) for r in runs)
result = {
    "minutes": float(minutes), "warm_minutes": warm, "keys": int(keys), "requests": ops,
    "errors": errors, "segments": len(runs),
    "rss_mb_at_warm": round(after[0][1] / 1024, 1) if after else None,
    "rss_mb_end": round(samples[-1][1] / 1024, 1) if samples else None,
    "rss_mb_max_after_warm": round(max(kb for _, kb in after) / 1024, 1) if after else None,
    "slope_mb_per_min_after_warm": round(slope, 2),
    "samples": samples,
}
json.dump(result, open(out, "w"), indent=1)
print("| minutes | requests | errors | RSS at warm-up end | RSS max after | RSS at end | slope after warm-up |")
print("|---:|---:|---:|---:|---:|---:|---:|")
print("| %s | %d | %d | %s MB | %s MB | %s MB | %+.2f MB/min |" % (
    minutes, ops, errors, result["rss_mb_at_warm"], result["rss_mb_max_after_warm"],
    result["rss_mb_end"], slope))
print("results:", out)
EOF
