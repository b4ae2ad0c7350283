# infrabook: the two commands of the README, and the pieces they are made of.
# Both work on a brand-new Debian 12 machine as root: `setup` installs what is missing.

SWIFT ?= swift
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm
BROWSER_PACKAGES := chromium chromium-driver python3-selenium
BIN := .build/release/infrabook

.PHONY: site test setup setup-browser build unit-test browser-test bench build-bench clean

## Install what is missing, build infrabook, build the site from Content/ into Output/site/.
site: setup build
	$(BIN) build --content Content --output Output

## Run the whole test suite: Swift unit and end-to-end tests, then the browser test.
test: setup setup-browser
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) browser-test

setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

setup-browser:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build:
	$(SWIFT) build -c release --product infrabook

browser-test:
	@if [ -f Tests/Browser/test_site.py ]; then \
	  $(SWIFT) build --product infrabook && \
	  /usr/bin/python3 Tests/Browser/test_site.py --binary .build/debug/infrabook --content Content --out TestOutput/browser; \
	else echo "no browser test yet"; fi

## Kernel micro-benchmark (see Notes/kernels.md).
bench: setup build
	$(BIN) bench

## Build-speed benchmark against raw cmark-gfm (see Benchmarks/build-bench.sh).
build-bench: setup build
	bash Benchmarks/build-bench.sh

clean:
	rm -rf .build Output/site Output/markdown Output/values.json Output/changes.md Output/.infrabook TestOutput
