#!/usr/bin/env bash
# Installs Magneto's build dependencies from Debian's packages; with --test
# also what the test suites need, with --bench what bench/compare.sh needs.
# Idempotent and quiet when everything is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ccache pkg-config
  librocksdb-dev libboost-dev libboost-system-dev rapidjson-dev
  libfmt-dev libspdlog-dev libcli11-dev libssl-dev zlib1g-dev libisal-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
TEST_PACKAGES=(python3 python3-boto3 python3-pytest awscli nodejs npm clang libclang-rt-14-dev)
# bench/compare.sh: node for dynalite, nginx for the ceiling reference.
BENCH_PACKAGES=(python3 nodejs npm nginx-light)

want=("${PACKAGES[@]}")
case "${1:-}" in
  --test) want+=("${TEST_PACKAGES[@]}") ;;
  --bench) want+=("${BENCH_PACKAGES[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node and npm may come from outside Debian's packages on some machines.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do
    [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
