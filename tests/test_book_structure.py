"""The book's structure: the table of contents matches the notebooks, and every chapter follows
the template of conventions.md (sections, derivation, dlcore, an explorer, errata links)."""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SECTIONS = [
    "The question",
    "The short answer",
    "Derivation",
    "Implementation",
    "Experiment",
    "Explore",
    "Check yourself",
    "Summary",
]


# Pages the build generates from the chapters (book/_ext), so they need no file in the repository.
GENERATED = {"book/questions"}


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part["chapters"]]
    return files


def cells(path, kind):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == kind]


def text(cell):
    return "".join(cell["source"])


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks found"


def test_every_notebook_is_in_the_toc_and_every_toc_entry_exists():
    listed = toc_files()
    for nb in NOTEBOOKS:
        assert f"notebooks/{nb.stem}" in listed, f"{nb.name} is missing from _toc.yml"
    for entry in listed:
        if entry in GENERATED:
            continue
        matches = [ROOT / f"{entry}{ext}" for ext in (".ipynb", ".md")]
        assert any(m.exists() for m in matches), f"_toc.yml lists {entry}, which does not exist"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_follows_the_template(path):
    markdown = [text(c) for c in cells(path, "markdown")]
    title = markdown[0].splitlines()[0]
    number = int(path.name[:2])
    expected = f"title should be '# {number}. English（中文）'"
    assert re.match(rf"# {number}\. .+（.+）", title), expected
    assert "**Prerequisites:**" in markdown[0], "the first cell names the prerequisites"
    lines = [line for md in markdown for line in md.splitlines()]
    headings = [line[3:].strip() for line in lines if line.startswith("## ")]
    positions = []
    for section in SECTIONS:
        found = [i for i, h in enumerate(headings) if h.startswith(section)]
        assert found, f"{path.name} has no '## {section}' section"
        positions.append(found[0])
    assert positions == sorted(positions), f"{path.name}: sections out of template order"
    assert any("$$" in md or "\\begin{" in md for md in markdown), "no LaTeX derivation"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_uses_dlcore_and_has_a_tagged_explorer(path):
    code = cells(path, "code")
    assert any(re.search(r"^import dlcore\b", text(c), re.M) for c in code), "no `import dlcore`"
    assert not any("sys.path" in text(c) for c in code), "import dlcore as an installed package"
    explorers = [c for c in code if "widgets.explore(" in text(c)]
    assert explorers, f"{path.name} has no Explore widget (dlcore.widgets.explore)"
    for cell in explorers:  # the web book shows precomputed frames: at least one control moves
        assert "frames=" in text(cell), f"{path.name}: an explorer declares no control frames"
    for cell in code:
        tags = cell.get("metadata", {}).get("tags", [])
        if "nbval-ignore-output" in tags:
            assert "explore(" in text(cell) or "nbval-reason" in text(cell), (
                "only widget cells may ignore their output, unless the cell states an nbval-reason"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_executed_in_order_without_errors(path):
    code = [c for c in cells(path, "code") if text(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        assert all(o["output_type"] != "error" for o in c["outputs"]), "stored error output"


def test_every_correction_is_in_the_errata_and_links_back():
    errata = (ROOT / "book" / "errata.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        for md in map(text, cells(path, "markdown")):
            for label in re.findall(r"^\((errata-e\d+)\)=", md, re.M):
                assert f"<{label}>" in errata, f"{label} of {path.name} is not linked from errata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_ignored_outputs_are_few_and_give_their_reason(path):
    """Outside widget cells, at most 3 cells per chapter skip nbval's exact comparison, and each
    says why in a first-line comment ``# nbval-reason: ...`` (conventions, Validation)."""
    ignored = [
        c
        for c in cells(path, "code")
        if "nbval-ignore-output" in c.get("metadata", {}).get("tags", [])
        and "widgets.explore(" not in text(c)
    ]
    assert len(ignored) <= 3, f"{path.name} ignores {len(ignored)} non-widget cells (at most 3)"
    for c in ignored:
        first = text(c).lstrip().splitlines()[0] if text(c).strip() else ""
        assert first.startswith("# nbval-reason:") and len(first) > 25, (
            f"{path.name}: an ignored cell starts with '# nbval-reason: <why>', not {first!r}"
        )
