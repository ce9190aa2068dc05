# followup — common tasks. `make test` is the whole suite (see scripts/test).
GO ?= go
BIN ?= bin/followup

.PHONY: build install test test-unit test-e2e vet fmt-check fuzz bench mailstack-up mailstack-down

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/followup

install:
	$(GO) install -trimpath ./cmd/followup

test:
	scripts/test

test-unit:
	$(GO) test -race -shuffle=on ./...

test-e2e:
	bash scripts/mailstack up
	set -a && . $${FOLLOWUP_MAIL_STATE:-/tmp/followup-mail}/env && set +a && $(GO) test -tags e2e -count=1 -p 1 ./e2e/

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

FUZZTIME ?= 60s
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/commitment/
	$(GO) test -run='^$$' -fuzz=FuzzClassify -fuzztime=$(FUZZTIME) ./internal/classify/
	$(GO) test -run='^$$' -fuzz=FuzzDecodeCJK -fuzztime=$(FUZZTIME) ./internal/classify/
	$(GO) test -run='^$$' -fuzz=FuzzQuotedRecipient -fuzztime=$(FUZZTIME) ./internal/classify/
	$(GO) test -run='^$$' -fuzz=FuzzParseEveryday -fuzztime=$(FUZZTIME) ./internal/commitment/

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

mailstack-up:
	bash scripts/mailstack up

mailstack-down:
	bash scripts/mailstack down
