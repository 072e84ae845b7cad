# Steward — build, demo and test. `make demo` and `make test` work on a fresh machine (Go, gcc, node/npm):
# they install what they need (npm packages; PostgreSQL and Chromium from Debian's packages for the tests).

GO         ?= go
BIN        := bin/steward
STATICCHECK_VERSION := v0.8.2
PG_URL_CMD := scripts/pg.sh start
# Short fuzz runs in CI: package:target pairs. The budget is a count of executions, not a duration:
# a duration-based -fuzztime can fail spuriously with "context deadline exceeded" (go.dev/issue/75804).
FUZZ       := ./cnid:FuzzParseResidentID ./cnid:FuzzNormalizeMobile ./policy:FuzzParseYuan \
              ./ingest:FuzzParseAmount ./ingest:FuzzReadDataFile ./calendar:FuzzParseWorkCalendar \
              ./rating:FuzzPoints ./greetings:FuzzRender
FUZZTIME   ?= 200000x

export CGO_ENABLED := 1

.PHONY: all build assets demo test check lint unit fuzz deps pg-start pg-stop clean

all: build

## assets: install the pinned npm packages and copy what the binary embeds into web/static/vendor
assets: web/static/vendor/htmx.min.js web/static/vendor/echarts.min.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

web/static/vendor/%.js: node_modules/.package-lock.json
	@mkdir -p web/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js web/static/vendor/

## build: the steward binary, with its assets embedded
build: assets
	$(GO) build -o $(BIN) ./cmd/steward

## demo: build, generate a synthetic bank and serve it on http://localhost:8080 (SQLite)
demo: build
	./$(BIN) demo

## test: every check and test, on SQLite and PostgreSQL, with a real browser
test: deps assets check unit fuzz

deps:
	scripts/deps.sh

## check: formatting, vet and staticcheck
check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	@test -x bin/staticcheck || GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	bin/staticcheck ./...

## unit: all Go tests; store, web and browser tests on both engines
unit:
	STEWARD_TEST_PG="$$($(PG_URL_CMD))" STEWARD_REQUIRE_PG=1 STEWARD_REQUIRE_BROWSER=1 \
	  $(GO) test -count=1 -timeout 20m ./...

## fuzz: a short run of every fuzz target
fuzz:
	@for pt in $(FUZZ); do pkg=$${pt%%:*}; target=$${pt##*:}; \
	  echo "fuzz $$target ($(FUZZTIME))"; \
	  $(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; done

pg-start:
	@$(PG_URL_CMD)

pg-stop:
	scripts/pg.sh stop

clean:
	rm -rf bin web/static/vendor test-output
