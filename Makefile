# Type 2 Together platform: `make run` starts the local stack, `make test` runs the suite.
# Both work from a fresh clone: uv is fetched from PyPI into .tools/ when it is not installed.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.synced

.PHONY: install run test lint format bench profile bench-projections chaos clean help contract contract-check contract-release \
	vendor-frontend screenshots

help:
	@echo "make run       start the local stack (PostgreSQL, Tansu broker, SMTP catcher, services)"
	@echo "make install   create .venv and install the workspace (uv sync); run and test do it first"
	@echo "make test      run the whole test suite (starts its own PostgreSQL and broker)"
	@echo "make lint      ruff, ruff format --check, mypy (strict) and the contract check"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make bench     throughput and latency figures, then the projections' rebuild figures"
	@echo "make profile   py-spy flame graphs of referrals and notifications under 50 referrals/s (PROFILE_NAME=after)"
	@echo "make bench-projections  the console's rebuild: 1,000,000 events, events/s and peak RSS"
	@echo "make chaos     5,000 referrals through replica kills, outages and provider faults (~30 min)"
	@echo "make contract          regenerate docs/contract (AsyncAPI, JSON Schemas) from the code"
	@echo "make contract-check    check docs/contract matches the code and stays compatible"
	@echo "make contract-release  record the current event schemas as released versions"
	@echo "make vendor-frontend   re-fetch the pinned nhsuk-frontend CSS, JS and assets (npm)"
	@echo "make screenshots       a PNG of each main portal page and the area report into docs/screenshots/"
	@echo "make clean     remove .venv, .tools and the tool caches"
	@echo "make help      this list"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.8"

$(STAMP): pyproject.toml uv.lock */pyproject.toml services/*/pyproject.toml | $(UV)
	$(UV) sync --frozen --all-packages
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/t2t up

# Random order (pytest-randomly): the header prints the seed; replay a failing order with
# `.venv/bin/pytest -p randomly --randomly-seed=N`.
test: install
	$(VENV)/bin/pytest -p randomly

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m t2t_cli.contract check
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Each figure three times on one stack (medians and spreads), then the projections' rebuild
# at 200,000 events (make bench-projections for the full million): under 5 minutes in all.
bench: install
	$(VENV)/bin/python -m t2t_cli.bench
	$(VENV)/bin/python -m t2t_cli.bench.projections --events 200000

# py-spy flame graphs of referrals and notifications under 50 referrals/s, into
# docs/performance/$(PROFILE_NAME)-<service>.svg (PROFILE_NAME=after for the new code).
PROFILE_NAME ?= before
profile: install
	$(VENV)/bin/python -m t2t_cli.bench --profile --profile-name $(PROFILE_NAME)

bench-projections: install
	$(VENV)/bin/python -m t2t_cli.bench.projections

chaos: install
	$(VENV)/bin/python -m t2t_cli.chaos

contract: install
	$(VENV)/bin/python -m t2t_cli.contract generate

contract-check: install
	$(VENV)/bin/python -m t2t_cli.contract check

contract-release: install
	$(VENV)/bin/python -m t2t_cli.contract release

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache

# The portal's NHS.UK styles, scripts and images are committed (no CDN, works offline); this
# re-fetches exactly the pinned version with npm. nhsuk-frontend-jinja 0.10.2 matches 10.6.1.
# The CSS's @font-face rules load the licensed Frutiger font from the NHS's CDN: they are
# dropped, so nothing is fetched from outside and text falls back to Arial (as the CSS says).
NHSUK_FRONTEND_VERSION := 10.6.1
NHSUK_STATIC := services/portal/portal/static/nhsuk-frontend

vendor-frontend:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent nhsuk-frontend@$(NHSUK_FRONTEND_VERSION) >/dev/null && \
	 tar xzf nhsuk-frontend-$(NHSUK_FRONTEND_VERSION).tgz) && \
	dist="$$tmp/package/dist/nhsuk" && rm -rf $(NHSUK_STATIC) && mkdir -p $(NHSUK_STATIC) && \
	sed -E 's/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}//g' "$$dist/nhsuk-frontend.min.css" \
	  > $(NHSUK_STATIC)/nhsuk-frontend.min.css && \
	cp "$$dist/nhsuk-frontend.min.js" $(NHSUK_STATIC)/ && \
	cp -r "$$dist/assets" $(NHSUK_STATIC)/assets && \
	echo "$(NHSUK_FRONTEND_VERSION)" > $(NHSUK_STATIC)/VERSION && \
	echo "nhsuk-frontend $(NHSUK_FRONTEND_VERSION) vendored into $(NHSUK_STATIC)"

screenshots: install
	$(VENV)/bin/python services/portal/scripts/screenshots.py docs/screenshots
	$(VENV)/bin/python services/ops/scripts/report_screenshot.py docs/screenshots
