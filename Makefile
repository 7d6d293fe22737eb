# bankcore: the original's make targets, on the JVM. `make help` lists them.
SHELL := /bin/bash
MVNW := ./mvnw -ntp
# Settings from .env (copy .env.example) are exported to the service, as the original did.
ENV := set -a; [ -f .env ] && . ./.env; set +a;

.PHONY: help dev dev-postgres test fuzz lint format typecheck clean-db smoke concurrency concurrency-crash audit replay package bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

dev: ## run the service on the embedded H2 database in ./data (port 8000)
	$(ENV) $(MVNW) -q -pl app -am spring-boot:run

dev-postgres: ## run the service on PostgreSQL (SPRING_DATASOURCE_URL, default 127.0.0.1:5432/bankcore)
	$(ENV) SPRING_PROFILES_ACTIVE=postgres $(MVNW) -q -pl app -am spring-boot:run

test: ## run every test (PostgreSQL tests need 127.0.0.1:5432; CI=true makes them mandatory)
	$(MVNW) verify

# New seeds for the HTTP fuzz test (the build runs fixed ones), e.g. make fuzz SEEDS=200 CASES=1000.
SEEDS ?= 20
CASES ?=
fuzz: ## explore SEEDS new random seeds of HttpFuzzTest (PostgreSQL); prints each seed and how to replay a finding
	scripts/fuzz.sh $(SEEDS) $(CASES)

lint: ## check formatting (palantir-java-format via Spotless)
	$(MVNW) -q spotless:check

format: ## reformat the code
	$(MVNW) -q spotless:apply

typecheck: ## compile main and test code with every warning an error
	$(MVNW) -q -DskipTests -Dspotless.check.skip=true test-compile

package: ## build app/target/bankcore.jar
	$(MVNW) -q -DskipTests package

clean-db: ## delete the embedded database in ./data
	rm -rf ./data

smoke: package ## start on an empty PostgreSQL database, run the original's operations, assert the results
	scripts/smoke.sh

# Sizes and seed are flags of scripts/Concurrency.java, e.g. make concurrency ARGS="--seed 42 --clients 32".
concurrency: package ## four scenarios in parallel + a seeded storm on two instances (PostgreSQL), invariants checked
	scripts/concurrency.sh $(ARGS)

audit: ## verify the read models against the event store of the instance at BANKCORE_URL (default :8000)
	scripts/audit.sh

replay: ## rebuild the read models of the instance at BANKCORE_URL (default :8000) from its events, with progress
	scripts/replay.sh

concurrency-crash: package ## the same, killing one instance with SIGKILL 3 times during the storm
	scripts/concurrency.sh --kills 3 $(ARGS)

.PHONY: ops-test
ops-test: package ## the /ops dashboard in headless Chromium: traffic, refresh, audit, screenshot (PostgreSQL, chromium, node)
	cd scripts/ops-browser && npm ci --no-audit --no-fund --loglevel=error
	scripts/ops-browser-test.sh

# Sizes through ARGS, e.g. make bench ARGS="--duration 60s --clients 32 --history-events 100000 --jfr".
bench: package ## benchmark on a fresh PostgreSQL database vs plain SQL (pgbench); report in bench/results/
	scripts/bench.sh $(ARGS)
