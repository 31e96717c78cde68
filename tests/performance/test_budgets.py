"""Regression guard on the benchmark report (not a timed unit test: it reads the figures that
`make bench` measured). Run by `make bench-check`, after `make bench`, in CI.

Every notebook and every explorer must appear in the report. Ratios measured in the same run
(a step against its own matmuls) are gated at their budget: both sides see the same machine.
Absolute times (a notebook's seconds, an explorer's p95) depend on the machine and on whatever
else it is doing, so the report and the performance page hold them against their budget, and CI
gates them only at a generous ceiling (CEILING_FACTOR times the budget): it catches a chapter that
became several times slower, not a busy machine. A figure that is known to miss its budget needs
a waiver in benchmarks/waivers.py with the reason and a looser ceiling.
"""

import json
import re
from pathlib import Path

import pytest

from benchmarks.run import BUDGETS
from benchmarks.waivers import WAIVERS

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "benchmarks" / "report.json"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXPLORE_CALL = re.compile(r"widgets\.explore\(\s*[\"']([^\"']+)[\"']")


CEILING_FACTOR = 2.0  # for absolute times only; the same explorer took 56 ms and 94 ms on two
# machines of the same kind


def limit(key: str, budget_name: str, factor: float = 1.0) -> float:
    waiver = WAIVERS.get(key)
    return waiver["ceiling"] if waiver else factor * BUDGETS[budget_name]


@pytest.fixture(scope="module")
def report():
    if not REPORT.exists():
        pytest.fail("no benchmark report: run `make bench` first")
    return json.loads(REPORT.read_text(encoding="utf-8"))


def explorers_in(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return EXPLORE_CALL.findall(code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_run_time(report, path):
    assert path.stem in report["notebooks"], f"{path.stem} is missing from the report"
    seconds = report["notebooks"][path.stem]["seconds"]
    ceiling = limit(path.stem, "notebook_seconds", CEILING_FACTOR)
    assert seconds < ceiling, f"{path.stem} takes {seconds:.1f} s (ceiling {ceiling:.0f} s)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_explorer_latency(report, path):
    names = explorers_in(path)
    assert names, f"{path.stem} declares no explorer"
    timed = report["notebooks"].get(path.stem, {}).get("explorers", {})
    for name in names:
        assert name in timed, f"explorer {name} of {path.stem} was not timed"
        p95 = timed[name]["p95_ms"]
        assert timed[name]["n"] >= 20, f"{name}: only {timed[name]['n']} settings swept"
        ceiling = limit(name, "explorer_p95_ms", CEILING_FACTOR)
        assert p95 < ceiling, f"{name}: p95 {p95:.0f} ms (ceiling {ceiling:.0f} ms)"


def test_mlp_step_against_blas_bound(report):
    mlp = report["mlp"]
    assert mlp["matmul_ms"] > 0
    ratio = mlp["step_ratio"]
    assert ratio < limit("mlp_step_ratio", "mlp_step_ratio"), f"MLP step is {ratio:.2f}x matmuls"


def test_conv2d_against_its_gemm_bound(report):
    assert len(report["conv"]) >= 2, "both Conv2D shapes must be measured"
    for conv in report["conv"]:
        ratio = conv["step_ratio"]
        key = "conv_step_ratio"
        assert ratio < limit(key, key), f"Conv2D {conv['shape']}: {ratio:.2f}x its GEMMs"


def test_dlcore_is_not_slower_than_pytorch_where_measured(report):
    """PyTorch is an optional benchmark extra (CI does not install it): where it ran in the same
    round robin, dlcore's Conv2D must beat it, and the MLP step must not lose to it."""
    rows = [("Conv2D " + c["shape"], c) for c in report["conv"]] + [("MLP step", report["mlp"])]
    measured = [(name, row) for name, row in rows if "torch_step_ms" in row]
    if not measured:
        pytest.skip("PyTorch is not installed: no reference rows in this report")
    for name, row in measured:
        assert row["step_ms"] < row["torch_step_ms"], (
            f"{name}: dlcore {row['step_ms']:.2f} ms, PyTorch {row['torch_step_ms']:.2f} ms"
        )


def test_book_build_time(report):
    """The book's build from scratch (every chapter executed): reported against its budget,
    gated at the ceiling like every absolute time."""
    book = report.get("book")
    if not book or not book["from_scratch"]:
        pytest.skip("no from-scratch book build was recorded before this report")
    ceiling = limit("book_seconds", "book_seconds", CEILING_FACTOR)
    assert book["seconds"] < ceiling, f"make book took {book['seconds']} s (ceiling {ceiling:.0f})"


def test_waivers_are_explained_and_looser_than_nothing():
    for key, waiver in WAIVERS.items():
        assert len(waiver["reason"]) > 40, f"waiver {key} needs a real reason"
        assert waiver["ceiling"] > 0


def test_the_performance_page_matches_the_report(report):
    page = (ROOT / "book" / "performance.md").read_text(encoding="utf-8")
    assert report["date"] in page
    assert f"{report['mlp']['step_ms']:.2f}" in page
