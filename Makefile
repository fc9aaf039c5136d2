# aksemu - the two set-up commands are `make run` and `make check`.
BUILD       ?= build
CHECK_BUILD ?= build-check
DATA        ?= ./.aksemu
LISTEN      ?= 127.0.0.1:8443
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps deps-test run check test unit bench bench-scale soak fuzz clean format

all: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAK_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# Build and run the emulator in the foreground on https://127.0.0.1:8443, state in ./.aksemu
run: all
	$(BUILD)/aksemu serve --listen $(LISTEN) --data $(DATA)

# Everything CI runs: warnings as errors, an ASan+UBSan build, every test.
check: deps-test all
	@cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DAK_SANITIZE=ON -DAK_WERROR=ON >/dev/null
	@cmake --build $(CHECK_BUILD) -j$(JOBS)
	cd $(CHECK_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 900

test: check

unit: all
	@cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DAK_SANITIZE=ON -DAK_WERROR=ON >/dev/null
	@cmake --build $(CHECK_BUILD) -j$(JOBS)
	cd $(CHECK_BUILD) && ctest --output-on-failure -R '^unit\.'

bench: all
	bash bench/run.sh $(BUILD)/aksemu

# 5,000 nodes, 100 pools, 150,000 pods: the scheduler alone and the whole daemon (~10 min)
bench-scale: all
	bash bench/scale.sh $(BUILD)/aksemu

# a mixed ARM + Kubernetes load for SOAK_SECONDS against a release daemon: requests/s, errors,
# latency, RSS slope, WAL size (bench/soak.sh; fails on any error or RSS growth)
SOAK_SECONDS ?= 600
soak: all
	SOAK_SECONDS=$(SOAK_SECONDS) bash bench/soak.sh $(BUILD)/aksemu

# libFuzzer targets (fuzz/, clang): FUZZ_SECONDS each, corpus kept in build-fuzz/corpus/
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz-check.sh --keep

clean:
	rm -rf $(BUILD) $(CHECK_BUILD)
