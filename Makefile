# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck check install clean docker-lint docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/veille --config config.example.toml run

check: $(STAMP)
	$(BIN)/veille --config config.example.toml check

lint: $(STAMP)
	$(BIN)/ruff check bot handlers tests benchmarks scripts tools
	$(BIN)/ruff format --check bot handlers tests benchmarks scripts tools

# mypy cannot follow the editable install's import hook (veille → bot/, veille.handlers → handlers/),
# so it reads the package through a tree of links laid out as it installs.
typecheck: $(STAMP)
	rm -rf build/typecheck && mkdir -p build/typecheck/veille
	for entry in bot/*; do ln -s "$$PWD/$$entry" build/typecheck/veille/; done
	ln -s "$$PWD/handlers" build/typecheck/veille/handlers
	$(BIN)/mypy

# The Dockerfile and compose file are checked; the image itself is not built here (no base images
# to pull): tests/unit/test_container.py runs its install steps in a fresh virtual environment.
docker-lint: $(STAMP)
	$(BIN)/hadolint --failure-threshold style Dockerfile
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(BIN)/python -m scripts.lock --check

# The documentation site builds without a warning. NO_MKDOCS_2_WARNING silences the banner Material
# prints on every build about its end of life (May 2027); it is no problem with the docs.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir build/site

test: lint typecheck docker-lint docs
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
