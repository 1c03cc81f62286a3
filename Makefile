# Two commands: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi:app

.PHONY: run test lint translations messages venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The JavaScript reference stack that tests/interop checks our credentials against (Node.js 20+).
tests/interop/node_modules/.installed: tests/interop/package-lock.json
	npm ci --prefix tests/interop --no-audit --no-fund
	touch $@

venv: $(VENV)/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d lti_tool/translations 2>&1 | grep -v "^compiling" || true

# After changing a page's text: refresh the catalogue, then translate what is new in the .po.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header \
		--sort-output -o lti_tool/translations/messages.pot .
	$(BIN)/pybabel update -i lti_tool/translations/messages.pot -d lti_tool/translations \
		--no-fuzzy-matching --ignore-obsolete

run: venv translations
	DEMO_MODE=true BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/flask db upgrade
	DEMO_MODE=true BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/flask demo load
	DEMO_MODE=true BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: $(VENV)/.installed-dev tests/interop/node_modules/.installed translations lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage
