# IronCashier — one entry point for people and CI.
#   make demo   build and run the demo
#   make test   every test (what CI runs)
#   make bench  benchmarks (release build)
SWIFT ?= swift
# chromium: the touchscreen tests drive the real UI in headless Chromium.
DEB_PACKAGES := libsqlite3-dev libudev-dev pkg-config sqlite3 curl python3 chromium
BIN_DIR = $(shell $(SWIFT) build --show-bin-path)

.PHONY: deps build test screenshots bench fuzz demo crash-test nemesis-test kiosk-release clean

# Installs the Debian packages the build links against, only when one is missing.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	# Serial on purpose: several suites do blocking I/O (processes, ptys, fsync) and on a 2-core machine
	# parallel tests starve each other's async work into timeouts. Serial takes about 1.5 min and never flakes.
	IRONCASHIER_BIN_DIR="$(BIN_DIR)" $(SWIFT) test --skip-build --no-parallel

# Updates docs/screenshots/ from a run of the touchscreen tests in headless Chromium.
screenshots: deps
	$(SWIFT) build --build-tests
	IRONCASHIER_UPDATE_SCREENSHOTS=1 IRONCASHIER_BIN_DIR="$(BIN_DIR)" $(SWIFT) test --skip-build --no-parallel --filter UITests

# The kiosk PC's programs as shipped: kioskd and kioskctl, each one self-contained binary (the Swift runtime and
# Foundation linked in, so the kiosk needs no toolchain), optimized for size; kioskd is about 6 MB less resident
# than a dynamic -O build.
KIOSK_RELEASE_DIR := .build/kiosk-release
kiosk-release: deps
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -Osize --scratch-path $(KIOSK_RELEASE_DIR) --product kioskd
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -Osize --scratch-path $(KIOSK_RELEASE_DIR) --product kioskctl
	@echo "kioskd, kioskctl: $(KIOSK_RELEASE_DIR)/release/"

# The engine benchmark: ENGINE_TRANSACTIONS note payments (~1 s of simulated note mechanics each), then
# ENGINE_CANCELLED transactions cancelled before any note, so kioskd's RSS is read after 10 000 transactions.
ENGINE_TRANSACTIONS ?= 1000
ENGINE_CANCELLED ?= 9000
bench: deps kiosk-release
	$(SWIFT) build -c release --product ironcashier-bench
	$(SWIFT) build -c release --product kiosk-sim
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench journal
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench change
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench devices
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench fuzz
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench sync
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench engine --transactions $(ENGINE_TRANSACTIONS) --cancelled $(ENGINE_CANCELLED) --kioskd $(KIOSK_RELEASE_DIR)/release/kioskd

# The long fuzz run alone: FUZZ_ITERATIONS inputs per codec (default ten million).
FUZZ_ITERATIONS ?= 10000000
fuzz: deps
	$(SWIFT) build -c release --product ironcashier-bench
	$$($(SWIFT) build -c release --show-bin-path)/ironcashier-bench fuzz --iterations $(FUZZ_ITERATIONS)

# Every scenario × every failpoint (kioskd SIGKILLed) plus simulator power cuts, checked against kiosk-sim's
# ground truth; ends with `crash_points_tested: N money_mismatches: M`, fails when M > 0 or N == 0 (~7 min).
crash-test: deps
	$(SWIFT) build
	IRONCASHIER_BIN_DIR="$(BIN_DIR)" "$(BIN_DIR)/crash-test"

# Sync under attack: server down (also through days of kiosk activity), duplicated/reordered/replayed batches, errors
# after commit, clock jumps; ends with `sync_runs: N duplicates: 0 mismatches: 0`. NEMESIS_TRANSACTIONS sets the
# transactions run while the server is down; NEMESIS_SCENARIOS=serverDown,… runs only those scenarios.
nemesis-test: deps
	$(SWIFT) build --build-tests
	IRONCASHIER_BIN_DIR="$(BIN_DIR)" "$(BIN_DIR)/nemesis-test"

demo: deps
	$(SWIFT) build --product kioskctl
	$(SWIFT) build --product kiosk-sim
	$(SWIFT) build --product kioskd
	$(SWIFT) build --product town-server
	./scripts/demo.sh "$(BIN_DIR)"

clean:
	rm -rf .build var
