# policykg developer commands. `make setup` then `make test` is all CI runs.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps test lint format bench clean

setup: system-deps  ## install the package, its Python dependencies and the system packages tests need
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@command -v pyenv >/dev/null 2>&1 && pyenv rehash || true

system-deps:  ## Debian packages: headless Chromium, its driver and a Chinese font for the browser tests
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
		|| [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei; \
	fi

test: lint  ## lint, then run every test
	$(PYTHON) -m pytest

lint:  ## ruff lint and format check
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

format:  ## apply ruff's fixes and formatting
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

bench:  ## run the benchmark scripts (they print figures; they are not tests)
	$(PYTHON) benchmarks/bench_build.py
	$(PYTHON) benchmarks/bench_search.py
	$(PYTHON) benchmarks/bench_viewer.py
	$(PYTHON) benchmarks/bench_server.py
	$(PYTHON) benchmarks/bench_numbers.py
	$(PYTHON) benchmarks/bench_labels.py
	$(PYTHON) benchmarks/bench_validate.py
	$(PYTHON) benchmarks/bench_worker_memory.py

clean:
	rm -rf data/build build dist *.egg-info .pytest_cache .ruff_cache test-artifacts
