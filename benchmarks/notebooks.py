"""Notebook run times (fresh kernel, median of several runs) and explorer latency.

Explorers are timed in the kernel that just ran the notebook, by one extra cell that sweeps every
registered explorer over its settings (``Explorer.time_sweep``): compute plus redraw plus PNG,
end to end, as a slider move costs in JupyterLab.
"""

from __future__ import annotations

import json
import statistics
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SWEEP_CELL = """
import json as _json
from dlcore import widgets as _widgets
_report = {}
for _name, _explorer in _widgets.REGISTRY.items():
    _times = _explorer.time_sweep(SWEEP_N)
    _report[_name] = [float(t) for t in _times]
print("EXPLORER-TIMINGS" + _json.dumps(_report))
"""


def _cells_seconds(nb) -> float:
    """Wall time from the first cell's start to the last notebook cell's reply (nbclient's
    per-cell timing metadata), kernel start-up excluded."""
    stamps = [c.metadata.get("execution", {}) for c in nb.cells if c.cell_type == "code"]
    stamps = [s for s in stamps if "iopub.execute_input" in s and "shell.execute_reply" in s]
    start = datetime.fromisoformat(stamps[0]["iopub.execute_input"].replace("Z", "+00:00"))
    end = datetime.fromisoformat(stamps[-1]["shell.execute_reply"].replace("Z", "+00:00"))
    return (end - start).total_seconds()


def run_notebook(path: Path, sweep: int | None = None) -> tuple[float, dict]:
    """Execute ``path`` in a fresh kernel; returns (seconds, explorer timings if ``sweep``)."""
    nb = nbformat.read(path, as_version=4)
    n_cells = len(nb.cells)
    if sweep:
        nb.cells.append(nbformat.v4.new_code_cell(SWEEP_CELL.replace("SWEEP_N", str(sweep))))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=True,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    seconds = _cells_seconds(nbformat.from_dict({**nb, "cells": nb.cells[:n_cells]}))
    timings = {}
    if sweep:
        for output in nb.cells[-1].outputs:
            text = output.get("text", "")
            if "EXPLORER-TIMINGS" in text:
                timings = json.loads(text.split("EXPLORER-TIMINGS", 1)[1])
    return seconds, timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def bench_notebook(path: Path, runs: int = 3, sweep: int = 24) -> dict:
    """Median run time over ``runs`` fresh-kernel executions; explorers timed in the first."""
    seconds, timings = run_notebook(path, sweep=sweep)
    times = [seconds] + [run_notebook(path)[0] for _ in range(runs - 1)]
    return {
        "seconds": statistics.median(times),
        "runs": times,
        "explorers": {
            name: {
                "n": len(ms),
                "p50_ms": percentile(ms, 50),
                "p95_ms": percentile(ms, 95),
                "max_ms": max(ms),
            }
            for name, ms in timings.items()
        },
    }
