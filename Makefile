# policykg developer commands. `make setup` then `make test` is all CI runs.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps test lint format bench clean

setup: system-deps  ## install the package, its Python dependencies, the browser libraries and system packages
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error  # YASGUI and Swagger UI into node_modules/

system-deps:  ## Debian packages: headless Chromium, its driver, a Chinese font, npm for the page libraries, Java for HermiT, Virtuoso
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
		|| [ -z "$$(fc-list :lang=zh 2>/dev/null)" ] || ! command -v npm >/dev/null 2>&1 \
		|| ! command -v java >/dev/null 2>&1 || ! command -v virtuoso-t >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei \
			$$(command -v npm >/dev/null 2>&1 || echo npm) $$(command -v java >/dev/null 2>&1 || echo default-jre-headless) \
			$$(command -v virtuoso-t >/dev/null 2>&1 || echo virtuoso-opensource); \
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
	rm -rf data/build build dist *.egg-info .pytest_cache .ruff_cache test-artifacts node_modules
