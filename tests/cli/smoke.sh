#!/usr/bin/env bash
# Smoke test of Magneto with the AWS CLI (Debian's /usr/bin/aws): starts the server on a free
# loopback port over a temporary data dir, runs table and item commands, stops the server.
# Exits non-zero on the first failure. Env: MAGNETO_BIN (default build/magneto), AWS_CLI
# (default /usr/bin/aws).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${MAGNETO_BIN:-$ROOT/build/magneto}"
AWS="${AWS_CLI:-/usr/bin/aws}"
PY=/usr/bin/python3

[[ -x "$BIN" ]] || { echo "smoke: server binary not found: $BIN" >&2; exit 1; }
[[ -x "$AWS" ]] || { echo "smoke: AWS CLI not found: $AWS" >&2; exit 1; }

WORK="$(mktemp -d -t magneto-cli-XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')"
"$BIN" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --region us-east-1 \
  --log-level warn >"$WORK/server.log" 2>&1 &
PID=$!

ENDPOINT="http://127.0.0.1:$PORT"
for _ in $(seq 1 500); do
  if $PY -c "import urllib.request,sys; urllib.request.urlopen('$ENDPOINT/', timeout=1)" \
      2>/dev/null; then
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "smoke: server exited:" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  sleep 0.02
done

export AWS_ACCESS_KEY_ID=magneto-smoke AWS_SECRET_ACCESS_KEY=magneto-smoke
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN || true

ddb() { "$AWS" dynamodb --endpoint-url "$ENDPOINT" --output json "$@"; }
q() { "$AWS" dynamodb --endpoint-url "$ENDPOINT" --output text "$@"; }
fail() {
  echo "smoke: FAIL: $*" >&2
  echo "--- server log ---" >&2
  cat "$WORK/server.log" >&2
  exit 1
}
PASSED=0
ok() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
expect() {  # expect NAME ACTUAL EXPECTED
  [[ "$2" == "$3" ]] || fail "$1: got '$2', expected '$3'"
  ok "$1"
}

TABLE="smoke_$RANDOM$RANDOM"

status="$(q create-table --table-name "$TABLE" \
  --attribute-definitions AttributeName=p,AttributeType=S AttributeName=c,AttributeType=N \
  --key-schema AttributeName=p,KeyType=HASH AttributeName=c,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST --query TableDescription.TableStatus)"
expect "create-table answers CREATING" "$status" "CREATING"

for _ in $(seq 1 1000); do
  status="$(q describe-table --table-name "$TABLE" --query Table.TableStatus)"
  [[ "$status" == ACTIVE ]] && break
  sleep 0.02
done
expect "table becomes ACTIVE" "$status" "ACTIVE"

expect "list-tables shows it" \
  "$(q list-tables --query "length(TableNames[?@ == '$TABLE'])")" "1"

ddb put-item --table-name "$TABLE" \
  --item '{"p":{"S":"k"},"c":{"N":"01.50"},"s":{"S":"hello"},"l":{"L":[{"BOOL":true}]}}' >/dev/null
ok "put-item"

expect "get-item string" "$(q get-item --table-name "$TABLE" --consistent-read \
  --key '{"p":{"S":"k"},"c":{"N":"1.5"}}' --query Item.s.S)" "hello"
expect "get-item normalized number" "$(q get-item --table-name "$TABLE" \
  --key '{"p":{"S":"k"},"c":{"N":"1.5"}}' --query Item.c.N)" "1.5"

expect "update-item ADD" "$(q update-item --table-name "$TABLE" \
  --key '{"p":{"S":"k"},"c":{"N":"1.5"}}' --update-expression 'ADD n :one' \
  --expression-attribute-values '{":one":{"N":"1"}}' --return-values UPDATED_NEW \
  --query Attributes.n.N)" "1"

set +e
out="$("$AWS" dynamodb --endpoint-url "$ENDPOINT" put-item --table-name "$TABLE" \
  --item '{"p":{"S":"k"},"c":{"N":"1.5"}}' --condition-expression 'attribute_not_exists(p)' 2>&1)"
rc=$?
set -e
[[ $rc -ne 0 ]] || fail "conditional put-item should fail"
[[ "$out" == *ConditionalCheckFailedException* ]] ||
  fail "expected ConditionalCheckFailedException: $out"
ok "conditional put-item fails with ConditionalCheckFailedException"

ddb delete-item --table-name "$TABLE" --key '{"p":{"S":"k"},"c":{"N":"1.5"}}' >/dev/null
has_item() {
  $PY -c 'import json, sys
d = sys.stdin.read().strip()
print("Item" in (json.loads(d) if d else {}))'
}
expect "item deleted" "$(ddb get-item --table-name "$TABLE" --consistent-read \
  --key '{"p":{"S":"k"},"c":{"N":"1.5"}}' | has_item)" "False"

expect "delete-table answers DELETING" \
  "$(q delete-table --table-name "$TABLE" --query TableDescription.TableStatus)" "DELETING"

gone=no
for _ in $(seq 1 500); do
  if ! "$AWS" dynamodb --endpoint-url "$ENDPOINT" describe-table --table-name "$TABLE" \
      >/dev/null 2>"$WORK/err"; then
    grep -q ResourceNotFoundException "$WORK/err" && { gone=yes; break; }
  fi
  sleep 0.02
done
expect "table gone" "$gone" "yes"

echo "$PASSED passed, 0 failed"
