# 战斗堡垒 — the two commands a new user needs are `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PROD := DJANGO_SETTINGS_MODULE=config.settings.production
# `make serve` tries the production set-up on this machine over plain http.
LOCAL_HTTP := SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0 \
	ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: run test lint format serve worker beat install clean bench backup restore code

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## run: install, migrate the database, load the demo county if empty, serve on :8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole test suite (PostgreSQL when DATABASE_URL says so, else SQLite)
test: install
	$(PY) -m pytest

## lint: ruff, djLint, Django's system check and the migrations check
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## format: let ruff and djLint rewrite the code and templates
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat --quiet || true

# A local .env with a fresh random SECRET_KEY, made once for `make serve`.
.env:
	@echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" > $@
	@echo "已生成 .env（含随机 SECRET_KEY）。"

## serve: production-style: collectstatic, migrate, gunicorn on 127.0.0.1:8000, and with
## CELERY_BROKER_URL set the Celery worker and beat beside it (deploy/serve.sh)
serve: install .env
	$(PROD) $(LOCAL_HTTP) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD) $(LOCAL_HTTP) $(PY) manage.py migrate --noinput
	$(PROD) $(LOCAL_HTTP) $(PY) manage.py seed_demo --if-empty
	$(PROD) $(LOCAL_HTTP) PY=$(PY) sh deploy/serve.sh

## worker: the Celery worker that runs jobs (exports, imports); needs CELERY_BROKER_URL (Redis)
worker: install
	$(PY) -m celery -A config worker --loglevel INFO

## beat: the Celery scheduler of the purges and the nightly backup; needs CELERY_BROKER_URL
beat: install
	$(PY) -m celery -A config beat --loglevel INFO

## code: the demo accounts' current two-factor code (WHO=county or WHO=admin)
WHO ?= county
code:
	@$(PY) manage.py demo_code $(WHO)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## bench: demo county at scale 1 and 10 in PostgreSQL, page timings and a load run
bench: install
	$(PY) bench/run.py

## backup: the whole database to backups/ (pg_dump for PostgreSQL, a copy for SQLite)
backup: install
	$(PY) manage.py backup

## restore FILE=backups/…: replace the database with a backup
restore: install
	$(PY) manage.py restore $(FILE) --yes
