# Kith: `make run` serves a demo on SQLite, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_QUIET ?= -q
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run serve migrate demo test test-pg lint format schema ci bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo

run: demo
	DEBUG=1 CORS_ALLOWED_ORIGINS=$${CORS_ALLOWED_ORIGINS:-http://localhost:3000} \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings locally: PostgreSQL, Redis, gunicorn (no TLS on loopback).
PROD_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kith} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY=$${SECRET_KEY:-local-serve-$$(cat /etc/machine-id 2>/dev/null)-kith-production-like-key} \
	SECURE_SSL_REDIRECT=0 STATIC_ROOT=$(CURDIR)/staticfiles

serve: venv
	createdb -h 127.0.0.1 -U postgres kith 2>/dev/null || true
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(PROD_ENV) $(BIN)/python manage.py load_demo
	$(PROD_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

test: venv
	$(BIN)/python -m pytest $(PYTEST_QUIET) $(PYTEST_ARGS)

test-pg: venv
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kith_dev} $(BIN)/python -m pytest $(PYTEST_QUIET) $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: venv
	DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file schema.yml

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media staticfiles .pytest_cache .ruff_cache

# Load benchmark: PostgreSQL + gunicorn (production settings) on loopback, driven by wrk.
bench: venv
	bash bench/load/run.sh
