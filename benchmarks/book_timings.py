"""Chapter run times and explorer latency read from the book build, instead of running again.

CI builds the book from scratch, which executes every chapter once in a fresh kernel; executing
each a further time only to time it would cost as much again. So the build doubles as the
benchmark's run (``make bench BENCH_ARGS=--from-book``):

- the run time is the execution time that the build's cache (jupyter-cache, under
  ``_build/.jupyter_cache``) recorded for the notebook, minus the time its explorers spent on the
  static page (frames and the sweep below), which a reader's run does not do;
- in the build (``DLCORE_STATIC_FRAMES=1``) every explorer also sweeps its controls, as
  ``Explorer.time_sweep`` does for ``make bench``, and stores the timings in its output's
  metadata, which myst-nb keeps in ``_build/jupyter_execute``.

The run time includes the kernel's start (about a second), which a desk run of ``make bench``
excludes, so it errs on the slow side. ``make book`` writes its own duration to
``_build/book-seconds.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.notebooks import percentile

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"


def book_build() -> dict | None:
    """The last ``make book``: seconds, whether it started from an empty cache, and how many
    chapters it executed."""
    path = BUILD / "book-seconds.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def execution_seconds() -> dict[str, float]:
    """Notebook stem -> seconds, as the build's cache recorded them."""
    from jupyter_cache import get_cache

    records = get_cache(str(BUILD / ".jupyter_cache")).list_cache_records()
    return {Path(r.uri).stem: float(r.data["execution_seconds"]) for r in records}


def explorer_records(stem: str) -> list[dict]:
    """The ``dlcore`` metadata of every explorer output of the executed notebook."""
    path = BUILD / "jupyter_execute" / "notebooks" / f"{stem}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        output["metadata"]["dlcore"]
        for cell in cells
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
        if "dlcore" in output.get("metadata", {})
    ]


def bench_from_book(stems: list[str]) -> dict[str, dict]:
    """Results in the shape of ``benchmarks.notebooks.bench_notebook``, one per chapter."""
    seconds = execution_seconds()
    results = {}
    for stem in stems:
        if stem not in seconds:
            raise RuntimeError(f"{stem} was not executed by the book build: run `make book`")
        records = explorer_records(stem)
        run = seconds[stem] - sum(r["static_seconds"] for r in records)
        results[stem] = {
            "seconds": run,
            "runs": [run],
            "explorers": {
                r["explorer"]: {
                    "n": len(r["sweep_ms"]),
                    "p50_ms": percentile(r["sweep_ms"], 50),
                    "p95_ms": percentile(r["sweep_ms"], 95),
                    "max_ms": max(r["sweep_ms"]),
                }
                for r in records
            },
        }
    return results
