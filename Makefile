# kefu — the two commands a newcomer needs are `make run` and `make test`.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build web test lint fuzz web-agent test-agent

## run: build and start kefu with the embedded defaults (SQLite in ./kefu-data, port 8080)
run: build
	./bin/kefu serve

## build: the single binary, pure Go (no cgo), with the visitor widget and the agent workspace built into it
build: web web-agent
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o bin/kefu ./cmd/kefu

## web: build the visitor widget into web/widget/dist (embedded by the binary) when its sources changed
web: web/widget/dist/.built

WIDGET_SRC := $(shell find web/widget/src web/widget/frame.html web/widget/chat.html web/widget/vite.config.ts \
	web/widget/vite.loader.config.ts web/widget/tsconfig.json -type f 2>/dev/null)

# npm ci wipes node_modules, so it runs only when the lock file changed (the stamp lives inside it).
web/widget/node_modules/.kefu-ci: web/widget/package-lock.json
	cd web/widget && npm ci --no-audit --no-fund
	touch $@

web/widget/dist/.built: web/widget/node_modules/.kefu-ci $(WIDGET_SRC)
	cd web/widget && npm run build
	touch $@

## web-agent: build the agent workspace into web/agent/dist (embedded by the binary, served at /)
## when its sources changed
web-agent: web/agent/node_modules/.kefu-built

AGENT_SRC := $(shell find web/agent/src web/agent/public web/agent/index.html web/agent/vite.config.ts \
	web/agent/tsconfig.json -type f 2>/dev/null)

# As for the widget: npm ci only when the lock file changed. The build stamp lives in
# node_modules, not dist/, so it is never embedded into the binary.
web/agent/node_modules/.kefu-ci: web/agent/package-lock.json
	cd web/agent && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

web/agent/node_modules/.kefu-built: web/agent/node_modules/.kefu-ci $(AGENT_SRC)
	cd web/agent && npm run build
	touch $@

## test-agent: the workspace's unit tests (vitest) and browser tests (Playwright with Debian's
## chromium against a real kefu it builds and spawns, the widget included; see web/agent/README.md)
test-agent: web web-agent
	cd web/agent && npm test && (npm run test:e2e || (../../scripts/print-e2e-failures.sh .; exit 1))

## test: vet and every test (PostgreSQL parts run when KEFU_TEST_POSTGRES_URL is set), then the
## widget's unit tests, size budget and browser tests (Debian's chromium, see docs/widget.md)
test: test-agent
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...
	cd web/widget && npm ci --no-audit --no-fund && npm run build && npm test && (npm run test:e2e || (../../scripts/print-e2e-failures.sh .; exit 1))

## lint: formatting check, and go.mod/go.sum as `go mod tidy` would leave them (-diff changes nothing)
lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l . && exit 1)
	$(GO) mod tidy -diff

## fuzz: run each fuzzer (frame decoder, its reference check, the WebSocket reader, JSON strings) for a minute
fuzz:
	for f in FuzzDecodeClientFrame FuzzDecodeMatchesReference FuzzWSReader FuzzWSReaderRoundTrip; do \
		$(GO) test ./internal/realtime -run '^$$' -fuzz "^$$f$$" -fuzztime 60s || exit 1; \
	done
	$(GO) test ./internal/jsonenc -run '^$$' -fuzz '^FuzzString$$' -fuzztime 60s

## bench: microbenchmarks, then every load scenario against a spawned kefu (docs/performance.md).
## BENCH_FLAGS adds kefu-bench flags (e.g. --smoke); KEFU_BENCH_POSTGRES_URL also runs max on PostgreSQL.
BENCH_FLAGS ?= --seed 1000000
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/store ./internal/realtime ./internal/jsonenc
	CGO_ENABLED=0 $(GO) build -o bin/kefu-bench ./cmd/kefu-bench
	./bin/kefu-bench --spawn ./bin/kefu --json bench-sqlite.json $(BENCH_FLAGS)
	$(if $(KEFU_BENCH_POSTGRES_URL),./bin/kefu-bench --spawn ./bin/kefu --database-url '$(KEFU_BENCH_POSTGRES_URL)' --json bench-postgres.json max)
