"""The live notebooks in JupyterLab, as a reader uses them: every chapter with an explorer runs
from top to bottom without an error output or a console error, and each explorer's image changes
within a second when one of its own controls moves.

Run with ``make lab-test`` (part of ``make test``). Each chapter runs in a fresh kernel, shut down
after it, in a copy of the notebooks (the committed ones are never saved over).

Coverage: every chapter with a cell that calls ``widgets.explore(``, not a sample. Measured with
the 15 such chapters on 2 cores shared with other jobs: 4 min for the whole stage (5 min under
heavier load), inside the CI budget. Per chapter: about 5 s to open JupyterLab and start a
kernel, the chapter's own run time (2-15 s here), under 1 s for its explorers; the sabotage
tests add about 1 min. Should the chapters with explorers outgrow the budget, choose a fixed
sample here and say why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from labcheck import check_notebook
from sabotage import DRAWS_NOTHING_NAME, RAISES_NAME, write_notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def has_explorer(path) -> bool:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any(
        cell["cell_type"] == "code" and "widgets.explore(" in "".join(cell["source"])
        for cell in cells
    )


CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb") if has_explorer(p))


def test_chapters_with_explorers_are_found():
    assert CHAPTERS, f"no chapter in {NOTEBOOKS} calls widgets.explore("


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_and_its_explorers_respond(lab, browser, chapter):
    report = check_notebook(browser, lab.notebook_url(chapter, workspace=chapter[:2]))
    print(f"{chapter}: {report.seconds} s; to a new image {report.redraw_s} s")
    assert not report.problems, f"{chapter}:\n  " + "\n  ".join(report.problems)
    assert not lab.kernels(), "a kernel outlived its chapter"


# The checks themselves must be able to fail: run them on sabotaged notebooks.


@pytest.fixture(scope="module")
def sabotaged(lab):
    """URLs of the sabotaged notebooks, written into the served copy."""
    folder = lab.root / "sabotage"
    write_notebook(folder / "explorers.ipynb", with_errors=False)
    write_notebook(folder / "errors.ipynb", with_errors=True)
    return {
        "explorers": lab.notebook_url("sabotage/explorers.ipynb", "sabotage-explorers"),
        "errors": lab.notebook_url("sabotage/errors.ipynb", "sabotage-errors"),
    }


def test_checks_fail_on_sabotaged_explorers(lab, browser, sabotaged):
    report = check_notebook(browser, sabotaged["explorers"])
    print("sabotaged explorers:", report.problems)
    for name in (RAISES_NAME, DRAWS_NOTHING_NAME):
        assert any(p.startswith(f"{name}: image unchanged 1 s after") for p in report.problems)
    assert not lab.kernels(), "the sabotaged notebook's kernel outlived it"


def test_checks_fail_on_errors(lab, browser, sabotaged):
    report = check_notebook(browser, sabotaged["errors"])
    print("sabotaged errors:", report.problems)
    assert "cell 4: ValueError: sabotage: an error output" in report.problems
    assert "console error: sabotage: a console error" in report.problems
    assert not lab.kernels(), "the sabotaged notebook's kernel outlived it"


def test_checks_fail_without_the_widget_manager(lab, browser, sabotaged):
    """JupyterLab without the ipywidgets extension falls back to the explorers' static HTML,
    which has images and controls of its own: the checks must not take it for a live view."""
    report = check_notebook(browser, sabotaged["explorers"], block="**/jupyterlab-manager/**")
    print("no widget manager:", report.problems[:3], "...")
    assert any("1 widget outputs but 0 drawn views" in p for p in report.problems)
    assert any(p.startswith("console error:") for p in report.problems)
    assert not lab.kernels(), "the sabotaged notebook's kernel outlived it"
