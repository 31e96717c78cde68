# Everything installs into .venv from requirements.txt and pyproject.toml; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install book vendor test lint unit nbval browser bench bench-check execute lab clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

## The web book. The build re-executes every chapter with DLCORE_STATIC_FRAMES=1, so each explorer
## also renders its precomputed frames for the static page; MathJax is served from the site itself.
book: install vendor
	DLCORE_STATIC_FRAMES=1 $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Book built: open _build/html/index.html in a browser (it works offline)."

## Third-party browser files the pages need, fetched from the npm registry (not committed).
MATHJAX := 3.2.2
vendor: _vendor/_static/mathjax/tex-chtml.js

_vendor/_static/mathjax/tex-chtml.js:
	rm -rf _vendor/_static/mathjax _vendor/.npm && mkdir -p _vendor/.npm
	cd _vendor/.npm && npm pack --silent mathjax@$(MATHJAX) >/dev/null && tar xzf mathjax-$(MATHJAX).tgz
	mkdir -p _vendor/_static/mathjax/output/chtml/fonts _vendor/_static/mathjax/input/tex
	cp _vendor/.npm/package/es5/tex-chtml.js _vendor/_static/mathjax/
	cp -r _vendor/.npm/package/es5/output/chtml/fonts/woff-v2 _vendor/_static/mathjax/output/chtml/fonts/
	cp -r _vendor/.npm/package/es5/input/tex/extensions _vendor/_static/mathjax/input/tex/
	cp -r _vendor/.npm/package/es5/ui _vendor/_static/mathjax/
	cp -r _vendor/.npm/package/es5/a11y _vendor/_static/mathjax/
	cp _vendor/.npm/package/LICENSE _vendor/_static/mathjax/
	rm -rf _vendor/.npm

## Every test: lint, dlcore unit and book-structure tests, strict nbval, the strict book build,
## and the built site in a real browser (Debian's Chromium: apt-get install chromium).
test: lint unit nbval book browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: install
	$(BIN)/python -m pytest -q tests --ignore=tests/browser --ignore=tests/performance

nbval: install
	$(BIN)/python -m pytest -q --nbval notebooks/

## The built site (run `make book` first), offline, in headless Chromium driven by Playwright.
browser: install
	$(BIN)/python -m pytest -q tests/browser

## Benchmarks: notebook run times, explorer latency, dlcore against the BLAS bound. Writes
## benchmarks/report.json and book/performance.md; `bench-check` guards the budgets.
bench: install
	$(BIN)/python -m benchmarks.run

bench-check: install
	$(BIN)/python -m pytest -q tests/performance

## For authors: re-execute every notebook in place, in a fresh kernel, top to bottom.
execute: install
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

## Open the chapters in JupyterLab with live widgets.
lab: install
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build _vendor
