#!/usr/bin/env bash
# Compares Magneto with dynalite (and an nginx ceiling) on loopback with magneto-bench.
#
# Starts Magneto (durable defaults, its own temp data dir), dynalite (in-memory, from
# bench/node_modules) and nginx (a fixed GetItem-sized answer) on free 127.0.0.1 ports,
# each pinned to SERVER_CPU while the load generator is pinned to CLIENT_CPU; preloads the
# same items into both databases; runs every workload against each server in alternation
# for ROUNDS rounds; prints medians, Magneto/dynalite ratios and server CPU per operation;
# writes bench/results/<timestamp>.json and bench/results/latest.md; stops all it started.
#
# Usage: bench/compare.sh [--quick] [--duration S] [--rounds N] [--keys N] [--item-size B]
#          [--distribution zipfian|uniform] [--connections N] [--workloads "w1 w2@64 ..."]
#          [--no-nginx] [--out-dir DIR]
# Each flag has an environment twin (DURATION, ROUNDS, KEYS, ITEM_SIZE, DISTRIBUTION,
# CONNECTIONS, WORKLOADS, OUT_DIR, WARMUP, CLIENT_THREADS, LOAD_CONNECTIONS, SERVER_CPU,
# CLIENT_CPU, MAGNETO_BIN, BENCH_BIN). A workload "name@N" runs with N connections.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-1}"
ROUNDS="${ROUNDS:-3}"
KEYS="${KEYS:-100000}"
ITEM_SIZE="${ITEM_SIZE:-1024}"
DISTRIBUTION="${DISTRIBUTION:-zipfian}"
CONNECTIONS="${CONNECTIONS:-16}"
CLIENT_THREADS="${CLIENT_THREADS:-1}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-32}"
WORKLOADS="${WORKLOADS:-getitem ycsb-c putitem updateitem query scan ycsb-a ycsb-b putitem@64 updateitem@64}"
SERVER_CPU="${SERVER_CPU:-1}"
CLIENT_CPU="${CLIENT_CPU:-0}"
MAGNETO_BIN="${MAGNETO_BIN:-$ROOT/build/magneto}"
BENCH_BIN="${BENCH_BIN:-$ROOT/build/magneto-bench}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/results}"
NGINX=1
MODE=default

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick; DURATION=2; WARMUP=0.5; KEYS=2000; ROUNDS=1 ;;
    --duration) DURATION="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --keys) KEYS="$2"; shift ;;
    --item-size) ITEM_SIZE="$2"; shift ;;
    --distribution) DISTRIBUTION="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --workloads) WORKLOADS="$2"; shift ;;
    --no-nginx) NGINX=0 ;;
    --out-dir) OUT_DIR="$2"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "compare.sh: $*" >&2; exit 1; }
# What the comparison runs on: Debian's node, npm and nginx, and dynalite from
# bench/package-lock.json (both steps are quiet when already done).
"$ROOT/scripts/install-deps.sh" --bench
if [[ ! -f "$BENCH_DIR/node_modules/dynalite/cli.js" ]]; then
  npm ci --prefix "$BENCH_DIR" --silent --no-audit --no-fund >/dev/null
fi
[[ -x "$MAGNETO_BIN" ]] || die "no Magneto binary at $MAGNETO_BIN (build it, or set MAGNETO_BIN)"
[[ -x "$BENCH_BIN" ]] || die "no magneto-bench at $BENCH_BIN (build the magneto-bench target, or set BENCH_BIN)"
DYNALITE="$BENCH_DIR/node_modules/dynalite/cli.js"
[[ -f "$DYNALITE" ]] || die "dynalite is not installed: run 'npm ci --prefix bench'"
command -v node >/dev/null || die "node is required for dynalite"
command -v python3 >/dev/null || die "python3 is required to summarize results"
if [[ $NGINX == 1 ]] && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  echo "compare.sh: nginx not found, skipping the ceiling reference" >&2
  NGINX=0
fi
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
PIN_SERVER=(taskset -c "$SERVER_CPU")
PIN_CLIENT=(taskset -c "$CLIENT_CPU")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/magneto-compare.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {  # port pid name
  local i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || die "$3 exited during start-up (log: $WORK/$3.log)"
    sleep 0.1
  done
  die "$3 did not open port $1"
}

# utime + stime of a process (all its threads) in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# Busy ticks of all processes (user nice system; interrupts and steal left out), to see how much
# CPU other processes took during a run: the machine may be shared.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat; }
CLK_TCK="$(getconf CLK_TCK)"

# --- servers -----------------------------------------------------------------------------
MAGNETO_PORT="$(free_port)"
"${PIN_SERVER[@]}" "$MAGNETO_BIN" --host 127.0.0.1 --port "$MAGNETO_PORT" \
  --data-dir "$WORK/magneto-data" --log-level warn >"$WORK/magneto.log" 2>&1 &
MAGNETO_PID=$!
PIDS+=("$MAGNETO_PID")

DYNALITE_PORT="$(free_port)"
"${PIN_SERVER[@]}" node "$DYNALITE" --host 127.0.0.1 --port "$DYNALITE_PORT" \
  --createTableMs 0 >"$WORK/dynalite.log" 2>&1 &
DYNALITE_PID=$!
PIDS+=("$DYNALITE_PID")

if [[ $NGINX == 1 ]]; then
  NGINX_PORT="$(free_port)"
  mkdir -p "$WORK/nginx/logs"
  # The answer of a GetItem for one item of ITEM_SIZE bytes (same shape as the bench items).
  NGINX_BODY="$(python3 -c "import sys; n=max(1, int(sys.argv[1]) - 30); print('{\"Item\":{\"pk\":{\"S\":\"p00000001\"},\"sk\":{\"N\":\"3\"},\"cnt\":{\"N\":\"0\"},\"payload\":{\"S\":\"' + 'x' * n + '\"}}}')" "$ITEM_SIZE")"
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      default_type application/x-amz-json-1.0;
      return 200 '$NGINX_BODY';
    }
  }
}
EOF
  "${PIN_SERVER[@]}" "$NGINX_BIN" -p "$WORK/nginx" -e "$WORK/nginx/error.log" \
    -c "$WORK/nginx/nginx.conf" >"$WORK/nginx.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
fi

wait_port "$MAGNETO_PORT" "$MAGNETO_PID" magneto
wait_port "$DYNALITE_PORT" "$DYNALITE_PID" dynalite
[[ $NGINX == 1 ]] && wait_port "$NGINX_PORT" "$NGINX_PID" nginx

RUNS="$WORK/runs.jsonl"
: >"$RUNS"

# run_one server workload-spec round extra-bench-flags...
run_one() {
  local server="$1" spec="$2" round="$3"
  shift 3
  local workload="${spec%@*}" conns="$CONNECTIONS" port pid
  [[ "$spec" == *@* ]] && conns="${spec#*@}"
  case "$server" in
    magneto) port=$MAGNETO_PORT; pid=$MAGNETO_PID ;;
    dynalite) port=$DYNALITE_PORT; pid=$DYNALITE_PID ;;
    nginx) port=$NGINX_PORT; pid=$NGINX_PID ;;
  esac
  kill -0 "$pid" 2>/dev/null || die "$server is no longer running (log: $WORK/$server.log)"
  local before after busy_before busy_after line rc=0
  busy_before="$(busy_ticks)"
  before="$(cpu_ticks "$pid")"
  line="$("${PIN_CLIENT[@]}" "$BENCH_BIN" --endpoint "http://127.0.0.1:$port" --workload "$workload" \
    --connections "$conns" --threads "$CLIENT_THREADS" --keys "$KEYS" --item-size "$ITEM_SIZE" \
    --distribution "$DISTRIBUTION" --label "$server" --output json --quiet "$@")" || rc=$?
  after="$(cpu_ticks "$pid")"
  busy_after="$(busy_ticks)"
  if [[ -z "$line" ]]; then
    echo "compare.sh: magneto-bench failed (exit $rc) for $server $spec" >&2
    return 0
  fi
  python3 - "$line" "$server" "$spec" "$round" "$before" "$after" "$CLK_TCK" "$WARMUP" \
    "$busy_before" "$busy_after" >>"$RUNS" <<'EOF'
import json, sys
run = json.loads(sys.argv[1])
before, after, tck = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
server_cpu = (after - before) / tck
busy = (int(sys.argv[10]) - int(sys.argv[9])) / tck
run.update(server=sys.argv[2], spec=sys.argv[3], round=int(sys.argv[4]), server_cpu_s=server_cpu,
           warmup_s=float(sys.argv[8]),
           other_cpu_s=max(0.0, busy - server_cpu - run.get("client_cpu_s", 0)))
print(json.dumps(run))
EOF
  python3 - "$RUNS" <<'EOF' >&2
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]
note = " ABORTED (unsupported)" if r["aborted"] else ""
print(f'  {r["server"]:<9} {r["spec"]:<14} round {r["round"]}: {r["ops_per_s"]:>9.0f} ops/s  '
      f'p99 {r["p99_us"]/1000:7.2f} ms  errors {r["errors_total"]}  '
      f'server cpu {r["server_cpu_s"]:.2f} s  other cpu {r["other_cpu_s"]:.2f} s{note}')
EOF
}

echo "compare.sh: $MODE mode: ${DURATION}s x $ROUNDS rounds, $KEYS keys of $ITEM_SIZE B, $DISTRIBUTION," \
  "$CONNECTIONS connections; servers on CPU $SERVER_CPU, client on CPU $CLIENT_CPU" >&2

# --- preload (measured too: BatchWriteItem, or PutItem where BatchWriteItem is missing) ------
for server in magneto dynalite; do
  run_one "$server" "load@$LOAD_CONNECTIONS" 0
done

# --- workloads, servers in alternation ----------------------------------------------------------
for spec in $WORKLOADS; do
  for round in $(seq 1 "$ROUNDS"); do
    for server in magneto dynalite; do
      run_one "$server" "$spec" "$round" --duration "$DURATION" --warmup "$WARMUP" --no-create
    done
    if [[ $NGINX == 1 && "${spec%@*}" == getitem ]]; then
      run_one nginx "$spec" "$round" --duration "$DURATION" --warmup "$WARMUP" --no-create
    fi
  done
done

# --- summary ------------------------------------------------------------------------------------
mkdir -p "$OUT_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
export MODE DURATION WARMUP ROUNDS KEYS ITEM_SIZE DISTRIBUTION CONNECTIONS CLIENT_THREADS \
  SERVER_CPU CLIENT_CPU STAMP
export MAGNETO_COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
export MAGNETO_BINARY="$MAGNETO_BIN, built $(date -u -r "$MAGNETO_BIN" +%Y-%m-%dT%H:%M:%SZ)"
export DYNALITE_VERSION="$(node -p "require('$BENCH_DIR/node_modules/dynalite/package.json').version")"
export NODE_VERSION="$(node --version)"
export NGINX_VERSION="$("$NGINX_BIN" -v 2>&1 | sed 's/.*nginx\///')"
export CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
export NPROC="$(nproc)" KERNEL="$(uname -r)"
python3 "$BENCH_DIR/summarize.py" "$RUNS" "$OUT_DIR/$STAMP.json" "$OUT_DIR/latest.md"
echo "compare.sh: wrote $OUT_DIR/$STAMP.json and $OUT_DIR/latest.md" >&2
