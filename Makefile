# The two set-up commands are `make run` and `make test`; each does all its own set-up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The optional transformer backend's test needs torch and transformers (EXTRAS=test,dev,hf):
# CI installs them (a CPU build of torch lies on its machines' disk); elsewhere that test is
# skipped, since PyPI's default torch is a CUDA build of several gigabytes.
EXTRAS ?= test,dev
STAMP := $(VENV)/.installed-$(EXTRAS)
export RUKUN_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-postgres lint install browser clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "rukun needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's Chromium; install it where we may, skip them where we may not.
browser:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: browser tests will be skipped"; \
	fi

run: install
	$(BIN)/rukun migrate --no-input
	$(BIN)/rukun demo
	$(BIN)/rukun serve

test: install browser
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

test-postgres: install browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check rukun tests benchmarks
	$(BIN)/ruff format --check rukun tests benchmarks

bench: install
	$(BIN)/python benchmarks/service/intake.py
	$(BIN)/python benchmarks/service/pages.py --loads 20

clean:
	rm -rf $(VENV) var build *.egg-info
