# Learnloop: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/learnloop
PYTEST_WORKERS ?= auto

.PHONY: install demo serve test lint typecheck test-sqlite test-postgres bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Install exactly what requirements.lock pins: with uv when the machine has it, pip otherwise.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	@if command -v uv >/dev/null 2>&1; then \
		uv pip install --python $(BIN)/python --require-hashes -r requirements.lock && \
		uv pip install --python $(BIN)/python --no-deps -e . ; \
	else \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . ; \
	fi
	@touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/learnloop migrate --no-input
	$(BIN)/learnloop demo --port $(PORT)

serve: install
	$(BIN)/learnloop migrate --no-input
	$(BIN)/learnloop serve --port $(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy learnloop/analytics learnloop/lib

test-sqlite: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

# PostgreSQL: always in CI; elsewhere when DATABASE_URL is set or the local server answers.
test-postgres: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -m learnloop.core.pgcheck "$$url"; then \
		DATABASE_URL="$$url" $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $$url does not answer, and CI requires it." >&2; exit 1; \
	else \
		echo "Skipping the PostgreSQL run: no server answers at $$url."; \
	fi

test: lint typecheck test-sqlite test-postgres

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

# Refresh the English message catalogue after changing user-facing text.
messages: install
	$(BIN)/learnloop makemessages -l en --ignore=.venv --ignore="*/tests/*" --ignore=benchmarks --ignore=data --no-obsolete
	$(BIN)/learnloop compilemessages -l en --ignore=.venv
