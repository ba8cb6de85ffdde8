# kefu — the two commands a newcomer needs are `make run` and `make test`.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test lint fuzz

## run: build and start kefu with the embedded defaults (SQLite in ./kefu-data, port 8080)
run: build
	./bin/kefu serve

## build: the single binary, pure Go (no cgo)
build:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o bin/kefu ./cmd/kefu

## test: vet and every test; PostgreSQL parts run when KEFU_TEST_POSTGRES_URL is set
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

## lint: formatting check
lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l . && exit 1)

## fuzz: run the realtime frame decoder fuzzer for a minute
fuzz:
	$(GO) test ./internal/realtime -run '^$$' -fuzz FuzzDecodeClientFrame -fuzztime 60s
