# Magneto: the two commands a user needs are `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
HOST ?= 127.0.0.1
PORT ?= 8000
DATA_DIR ?= ./magneto-data
PYTHON := /usr/bin/python3

.PHONY: deps test-deps build run test unit-test asan-test py-test cli-test js-test fuzz fuzz-smoke clean

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/magneto --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

# Every test: unit tests, the same under ASan/UBSan, black-box suites with real clients.
test: test-deps build unit-test py-test cli-test js-test asan-test fuzz-smoke

unit-test: build
	$(BUILD_DIR)/magneto_unit_tests --gtest_brief=1
	$(BUILD_DIR)/magneto_bench_tests --gtest_brief=1

py-test: build
	MAGNETO_BIN=$(abspath $(BUILD_DIR))/magneto $(PYTHON) -m pytest -q -p no:cacheprovider tests/py

cli-test: build
	MAGNETO_BIN=$(abspath $(BUILD_DIR))/magneto bash tests/cli/smoke.sh

js-test: build
	cd tests/js && npm ci --silent --no-audit --no-fund >/dev/null && MAGNETO_BIN=$(abspath $(BUILD_DIR))/magneto node --test

asan-test: test-deps
	@cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DMAGNETO_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS) --target magneto_unit_tests
	$(ASAN_DIR)/magneto_unit_tests --gtest_brief=1

fuzz: test-deps
	@cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DMAGNETO_FUZZ=ON -DMAGNETO_SANITIZE=ON -DMAGNETO_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

# Each libFuzzer target replays the inputs that once crashed (fuzz/regressions),
# then fuzzes for a few seconds: the parsers must survive random input. Crash
# artifacts go to build-fuzz/, never into the source tree.
FUZZ_SECONDS ?= 10
fuzz-smoke: fuzz
	@for f in build-fuzz/*_fuzz; do \
	  echo "fuzz: $$f (regressions, then $(FUZZ_SECONDS) s)"; \
	  $$f -artifact_prefix=build-fuzz/ fuzz/regressions/* 2>&1 | grep -E "ERROR|SUMMARY" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 -artifact_prefix=build-fuzz/ 2>&1 | grep -E "^Done|ERROR|SUMMARY" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz
