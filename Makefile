# HNP Sync — the two set-up commands are `make demo` and `make test`.
CARGO      ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
HNP        := $(TARGET_DIR)/release/hnp

SHARED     ?= ../shared

.PHONY: demo test lint services release build bench frontend frontend-check

## Build the release binary at $(TARGET_DIR)/release/hnp.
release:
	$(CARGO) build --release --locked -p hnp-api

## Run the whole product on embedded defaults (SQLite in HNP_DATA_DIR, default ./.hnp-data),
## with the SPA built into frontend/dist.
demo: release frontend
	HNP_FRONTEND_DIR=$(CURDIR)/frontend/dist $(HNP) demo

## Build the SPA (frontend/dist). Without npm the server still runs and `/` says how to build it.
frontend:
	@command -v npm >/dev/null || { echo "npm not found: the web UI is not built (apt-get install nodejs npm)"; exit 0; }; \
	cd frontend && npm ci --no-audit --no-fund && npm run build

## SPA checks: generated code up to date, types, lint, unit tests, then the browser end-to-end
## test against a real `hnp demo` (debug binary built by `cargo test`).
frontend-check: frontend
	cd frontend && npm run codegen:check && npm run lint && npm test
	cd frontend && HNP_BIN=$(abspath $(TARGET_DIR))/debug/hnp npm run e2e

## Start/install PostgreSQL, Redis and test tools if needed, then formatting, lints, every Rust
## test and the SPA checks.
test: services lint
	$(CARGO) test --workspace --locked
	$(MAKE) frontend-check

## Formatting and clippy with warnings as errors.
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

services:
	bash scripts/ensure-services.sh

build:
	$(CARGO) build --workspace --locked

## Benchmarks (need ../shared/bench and PyYAML): ingest against the original system's approach,
## then write-back (100 drafts -> one commit), drift, the fabric graph (topology, impact) and resource
## history (backfill of 1,000 commits, history and blame latency) on the same synthetic fabric size, notification delivery of a burst of 1,000 drift events, the GraphQL resources page on SQLite and then PostgreSQL in the same run, and the SPA's topology page on it in headless Chromium;
## then the fleet (200 fabrics on PostgreSQL + Redis, one API and three workers: detection cycles,
## a killed worker, GraphQL latency beside them; `services` starts PostgreSQL and Redis).
bench: release frontend services
	python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml
	python3 bench/ingest_bench.py --hnp $(HNP) --shared $(SHARED)
	cd bench && python3 writeback_bench.py --hnp $(abspath $(HNP)) --shared $(abspath $(SHARED))
	cd bench && python3 graph_bench.py --hnp $(abspath $(HNP)) --shared $(abspath $(SHARED))
	cd bench && python3 history_bench.py --hnp $(abspath $(HNP)) --shared $(abspath $(SHARED))
	$(CARGO) run --release --locked -p hnp-jobs --example jobs_bench -- --jobs 20000
	HNP_BIN=$(abspath $(HNP)) $(CARGO) run --release --locked -p hnp-jobs --example fanout_bench
	$(CARGO) run --release --locked -p hnp-jobs --example notify_bench -- --events 1000
	$(CARGO) build --release --locked -p hnp-tests --example kube_test_server
	cd bench && python3 cluster_bench.py --hnp $(abspath $(HNP)) --server-bin $(abspath $(TARGET_DIR))/release/examples/kube_test_server --shared $(abspath $(SHARED))
	cd bench && python3 api_bench.py --hnp $(abspath $(HNP)) --shared $(abspath $(SHARED)) --postgres postgres://postgres@127.0.0.1:5432/postgres
	cd frontend && HNP_BIN=$(abspath $(HNP)) GEN_FABRIC=$(abspath $(SHARED))/bench/gen_fabric.py npm run bench:topology
	cd bench && python3 fleet_bench.py --hnp $(abspath $(HNP)) --shared $(abspath $(SHARED))
