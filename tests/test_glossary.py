"""The glossary covers every Chinese term the chapters introduce, in the English prose and in the
Chinese short answers."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# A term in the prose: Chinese characters in parentheses right after the English, e.g.
# "Forward propagation（前向传播）" or "**Vanishing** (梯度消失)".
TERM = re.compile(r"[（(]([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9 ·、/]{0,11})[）)]")
# In a Chinese short answer it is the other way round: a term's first use gives the English after
# it, "反向传播（backpropagation）" (CONTRIBUTING.md, "The Chinese short answer").
ZH_TAG = "short-answer-zh"
# A bold term may close its ** before the parenthesis; a term may start with a Latin name
# ("Huber 损失（Huber loss）").
ZH_TERM = re.compile(
    r"((?:[A-Za-z][A-Za-z0-9-]* ?)?[\u4e00-\u9fff]+)(?:\*\*)?（([A-Za-z][A-Za-z0-9 .,'/-]*)）"
)


def chapter_terms():
    terms = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown" or ZH_TAG in cell["metadata"].get("tags", []):
                continue
            lines = "".join(cell["source"]).splitlines()
            body = [line for line in lines if not line.startswith("# ")]  # not the title
            for found in TERM.findall("\n".join(body)):
                for term in found.split("/"):
                    terms.setdefault(term.strip(), set()).add(path.stem[:2])
    return terms


def chinese_answer_terms():
    """(chapter, Chinese text before the parenthesis, English) for every annotated term."""
    found = []
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if ZH_TAG in cell["metadata"].get("tags", []):
                text = "".join(cell["source"])
                found += [(path.stem[:2], zh, en) for zh, en in ZH_TERM.findall(text)]
    return found


def glossary_rows():
    """{english name (lower case, without a parenthetical): set of Chinese terms}."""
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")[1:3]] if line.startswith("| ") else []
        if len(cells) < 2 or cells[0] in ("English", "---"):
            continue
        for name in cells[0].split(","):
            name = re.sub(r"\s*\(.*?\)", "", name).strip().lower()
            rows.setdefault(name, set()).update(t.strip() for t in cells[1].split("，"))
    return rows


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


def test_every_term_of_the_chinese_answers_is_in_the_glossary():
    rows = glossary_rows()
    found = chinese_answer_terms()
    assert len({chapter for chapter, _, _ in found}) == len(NOTEBOOKS), (
        "every Chinese short answer names its technical terms' English at their first use"
    )
    missing = [
        f"{chapter}: {zh}（{en}）"
        for chapter, zh, en in found
        if not any(zh.endswith(term) for term in rows.get(en.strip().lower(), ()))
    ]
    assert not missing, f"add these to book/glossary.md (English | 中文): {missing}"
