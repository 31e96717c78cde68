# Everything installs into .venv from requirements.txt and pyproject.toml; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
## Notebook kernels must not inherit the caller's plotting backend (MPLBACKEND=Agg on a CI image
## makes plt.show() warn and display nothing), so it is cleared for every notebook run.
KERNEL_ENV := env -u MPLBACKEND

.PHONY: install book test lint unit nbval nbval-perturbed browser lab-test bench bench-check execute lab clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

## The web book. The build executes the chapters with DLCORE_STATIC_FRAMES=1, so each explorer
## also renders its precomputed frames for the static page (and times a sweep of its controls,
## which `make bench BENCH_ARGS=--from-book` reads); MathJax is served from the site itself
## (sphinx-mathjax-offline ships it inside its wheel: no Node, no network at build time).
## Executed chapters are cached in _build/.jupyter_cache, keyed by their code: a rebuild executes
## only the chapters that changed. The cache does not see dlcore, so after changing the library
## run `make clean` first. The build's duration goes to _build/book-seconds.json.
book: install
	@from_scratch=$$(test -d _build/.jupyter_cache && echo false || echo true); start=$$(date +%s); \
	$(KERNEL_ENV) DLCORE_STATIC_FRAMES=1 $(BIN)/jupyter-book build . -W -n --keep-going \
	&& echo "{\"seconds\": $$(( $$(date +%s) - start )), \"from_scratch\": $$from_scratch}" \
		> _build/book-seconds.json
	@echo "Book built: open _build/html/index.html in a browser (it works offline)."

## Every test: lint, dlcore unit and book-structure tests, strict nbval under this machine's
## arithmetic and under a perturbed one, the strict book build, and the built site in a real
## browser (found or installed by tests/browser/find_browser.py).
test: lint unit nbval nbval-perturbed book browser lab-test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: install
	$(BIN)/python -m pytest -q tests --ignore=tests/browser --ignore=tests/performance --ignore=tests/lab

## Two notebooks at a time, one BLAS thread each: with two OpenBLAS threads per kernel, two
## kernels on two cores wait on each other's spinning threads, and the many small matrix products
## of the CNN and RNN chapters become tens of times slower. OpenBLAS splits a product across
## threads by rows and columns of the output, never along the sum, so the count does not change
## the results.
NBVAL := $(KERNEL_ENV) OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q --nbval notebooks/ \
	-n 2 --dist loadfile

nbval: install
	$(NBVAL)

## The same committed outputs under another arithmetic: OpenBLAS's oldest x86-64 kernel, one
## thread, and numpy's AVX2/AVX-512 loops off. Outputs that survive both do not hang on the last
## bits of one machine (see CONTRIBUTING.md, "Outputs that reproduce on any machine").
PERTURBED := OPENBLAS_CORETYPE=Nehalem OPENBLAS_NUM_THREADS=1 \
	NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"

nbval-perturbed: install
	$(PERTURBED) $(NBVAL)

## The built site (run `make book` first), offline, in headless Chromium driven by Playwright.
browser: install
	CHROMIUM="$$($(BIN)/python tests/browser/find_browser.py --provide)" \
		&& CHROMIUM="$$CHROMIUM" $(BIN)/python -m pytest -q tests/browser

## The live notebooks in JupyterLab: every chapter runs, and each explorer's image changes when one
## of its controls moves.
lab-test: install
	CHROMIUM="$$($(BIN)/python tests/browser/find_browser.py --provide)" \
		&& CHROMIUM="$$CHROMIUM" $(KERNEL_ENV) $(BIN)/python -m pytest -q tests/lab

## Benchmarks: notebook run times, explorer latency, dlcore against the BLAS bound. Writes
## benchmarks/report.json and book/performance.md; `bench-check` guards the budgets.
BENCH_ARGS ?=
bench: install
	$(KERNEL_ENV) $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

bench-check: install
	$(BIN)/python -m pytest -q tests/performance

## For authors: re-execute every notebook in place, in a fresh kernel, top to bottom.
execute: install
	$(KERNEL_ENV) $(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

## Open the chapters in JupyterLab with live widgets.
lab: install
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build
