"""The glossary covers every Chinese term the chapters introduce."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# A term in the prose: Chinese characters in parentheses right after the English, e.g.
# "Forward propagation（前向传播）" or "**Vanishing** (梯度消失)".
TERM = re.compile(r"[（(]([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9 ·、/]{0,11})[）)]")


def chapter_terms():
    terms = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            lines = "".join(cell["source"]).splitlines()
            body = [line for line in lines if not line.startswith("# ")]  # not the title
            for found in TERM.findall("\n".join(body)):
                for term in found.split("/"):
                    terms.setdefault(term.strip(), set()).add(path.stem[:2])
    return terms


def glossary_terms():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| ")]
    return {cell.strip() for row in rows for part in row[2:3] for cell in part.split("，")}


def test_every_chapter_term_is_in_the_glossary():
    glossary = glossary_terms()
    missing = {t: sorted(ch) for t, ch in chapter_terms().items() if t not in glossary}
    assert not missing, f"terms missing from book/glossary.md (term: chapters): {missing}"


def test_glossary_rows_are_sorted_and_unique():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    english = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")]
    english = [e for e in english if e not in ("English", "---")]
    assert english == sorted(english, key=str.lower), "keep the glossary in alphabetical order"
    assert len(english) == len(set(english)), "a term appears twice"
