# Beacon: `make run` serves the demo on http://127.0.0.1:8000, `make test` checks everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
SERVICES_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/beacon REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run serve worker install install-dev test test-services lint typecheck messages requirements bench clean

$(PY):
	@python="$$(scripts/find-python)" && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.runtime: requirements.txt | $(PY)
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt | $(PY)
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo_data
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(MANAGE) db_worker --interval 1 & \
	  $(MANAGE) run_periodic & \
	  $(MANAGE) mail_worker --interval 15 & \
	  $(if $(MAIL_LISTENER_PORT),$(MANAGE) mail_listener --host 127.0.0.1 --port $(MAIL_LISTENER_PORT) &,) \
	  $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off --ws websockets

serve: install
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off --ws websockets

worker: install
	$(MANAGE) db_worker

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -n $(PYTEST_WORKERS)

test-services: install-dev
	$(SERVICES_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS)

messages: install-dev
	$(MANAGE) makemessages --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(MANAGE) compilemessages --ignore '.venv/*'

requirements: install-dev
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.12 pyproject.toml -o requirements.txt
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.12 --extra dev pyproject.toml -o requirements-dev.txt

bench: install-dev
	$(PY) bench/tickets.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
