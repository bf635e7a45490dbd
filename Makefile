PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.stamp-installed

# `make demo` and `make test` set everything up on a fresh machine (only python3
# and network access to PyPI needed) and then do their job. The setup is done
# once: the stamp file records it and is redone only when pyproject.toml changes
# (the package is installed in editable mode, so code changes need no reinstall).

.PHONY: demo test lint setup clean

demo: $(STAMP)
	$(VENV)/bin/stacker solve examples --png week.png

# `make test` lints, checks the formatting and the types (settings in pyproject.toml), then runs the tests.
test: lint
	$(VENV)/bin/python -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

setup: $(STAMP)

$(VENV)/bin/python:
	@echo '$(PYTHON) -m venv $(VENV)'
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo 'cannot create $(VENV) with $(PYTHON): it needs Python 3.11+ and its venv module (e.g. apt install python3-venv)' >&2; exit 1; }

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
