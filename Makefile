# Everything installs into .venv from requirements.txt and pyproject.toml; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install book test lint unit nbval book-strict execute lab clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

## The web book, from the committed (executed) notebooks.
book: install
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Book built: open _build/html/index.html in a browser."

## Every test: lint, dlcore unit and book-structure tests, strict nbval, strict book build.
test: lint unit nbval book

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: install
	$(BIN)/python -m pytest -q tests

nbval: install
	$(BIN)/python -m pytest -q --nbval notebooks/

## For authors: re-execute every notebook in place, in a fresh kernel, top to bottom.
execute: install
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

## Open the chapters in JupyterLab with live widgets.
lab: install
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build
