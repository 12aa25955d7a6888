# Type 2 Together platform: `make run` starts the local stack, `make test` runs the suite.
# Both work from a fresh clone: uv is fetched from PyPI into .tools/ when it is not installed.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.synced

.PHONY: install run test lint format bench chaos clean help contract contract-check contract-release

help:
	@echo "make run    start the local stack (PostgreSQL, Tansu broker, SMTP catcher, services)"
	@echo "make test   run the whole test suite (starts its own PostgreSQL and broker)"
	@echo "make lint   ruff and mypy"
	@echo "make bench  throughput and latency figures"
	@echo "make chaos  5,000 referrals through replica kills, outages and provider faults (~30 min)"
	@echo "make contract          regenerate docs/contract (AsyncAPI, JSON Schemas) from the code"
	@echo "make contract-release  record the current event schemas as released versions"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.8"

$(STAMP): pyproject.toml uv.lock */pyproject.toml services/*/pyproject.toml | $(UV)
	$(UV) sync --frozen --all-packages
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/t2t up

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m t2t_cli.contract check

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(VENV)/bin/python -m t2t_cli.bench

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
