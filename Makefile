# The only commands anyone needs: make run, make test (also: make bench, make lint).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test bench lint format setup collectstatic clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# The demo runs as production does (DEBUG=0: the portal's own Vietnamese error pages, static
# files collected and served by WhiteNoise), over plain http on this machine only; e-mails
# are printed on the console.
# For Django's debug pages while developing: DEBUG=1 .venv/bin/python manage.py runserver
DEMO_ENV := DEBUG=0 SECRET_KEY=demo-only-key-not-for-any-server ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 EMAIL_CONSOLE=1

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Cổng thông tin chạy tại http://$(HOST)/ (Ctrl+C để dừng)"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST)

test: setup
	$(VENV)/bin/pytest -p no:cacheprovider -n 2 --dist loadfile

bench: setup
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

collectstatic: setup
	$(PY) manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) node_modules staticfiles
