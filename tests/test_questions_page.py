"""The generated page "The questions, answered": every chapter's question and short answer, in
English and Chinese, read from the chapters themselves (book/_ext/questions_page.py)."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import questions_page  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\([^)]*\.ipynb[^)]*\)", re.S)


def notebook(*cells):
    """A minimal notebook from (text, tags) markdown cells."""
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {"tags": tags}, "source": text}
            for text, tags in cells
        ]
    }


def test_sections_stop_at_the_correction_box_and_read_the_tagged_chinese_cell(tmp_path):
    path = tmp_path / "07-demo.ipynb"
    nb = notebook(
        ("# 7. A demo（这是什么？）\n\n**Prerequisites:** none.", []),
        ("## The question\n\nWhat is it? More.\n\nSecond paragraph.", []),
        (
            "## The short answer\n\nIt is [this](03-x.ipynb).\n\n(errata-e5)=\n```{admonition} "
            "Correction E5: not that\n:class: warning\nBody.\n```",
            [],
        ),
        (
            "```{admonition} 简答（中文）\n:class: dropdown\n\n就是[这个](03-x.ipynb)。\n```",
            ["short-answer-zh"],
        ),
        ("## Derivation\n\n$$x$$", []),
    )
    path.write_text(json.dumps(nb), encoding="utf-8")
    chapter = questions_page.read_chapter(path)
    assert (chapter.number, chapter.title, chapter.question_zh) == (7, "A demo", "这是什么？")
    assert chapter.question_en == "What is it? More."
    assert chapter.answer_en == "It is [this](03-x.ipynb)."
    assert chapter.answer_zh == "就是[这个](03-x.ipynb)。"
    assert chapter.corrections == [("errata-e5", 5, "not that")]
    page = questions_page.render([chapter])
    assert "](../notebooks/03-x.ipynb)" in page and "](03-x.ipynb)" not in page
    assert "{ref}`in the chapter <errata-e5>`" in page
    assert "{ref}`errata entry <errata-list-e5>`" in page


def test_a_bad_title_is_an_error(tmp_path):
    path = tmp_path / "07-demo.ipynb"
    path.write_text(json.dumps(notebook(("# Demo", []))), encoding="utf-8")
    with pytest.raises(ValueError, match="title"):
        questions_page.read_chapter(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_has_both_short_answers(path):
    chapter = questions_page.read_chapter(path)
    assert chapter.question_en, f"{path.name}: no text under '## The question'"
    assert len(chapter.answer_en) > 100, f"{path.name}: no English short answer"
    assert chapter.answer_zh, (
        f"{path.name} lacks its Chinese short answer: a markdown cell tagged "
        f"'{questions_page.ZH_TAG}' after the short answer (see CONTRIBUTING.md)"
    )
    prose = MATH.sub("", chapter.answer_zh)  # formulas, code and link targets are not language
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    assert cjk > latin, f"{path.name}: the Chinese short answer is mostly not Chinese"


def test_every_correction_box_is_on_the_page_and_in_the_errata():
    errata = (ROOT / "book" / "errata.md").read_text(encoding="utf-8")
    page = questions_page.render(questions_page.chapters())
    for chapter in questions_page.chapters():
        assert f"../notebooks/{chapter.stem}.ipynb" in page
        for label, number, _ in chapter.corrections:
            assert f"<{label}>" in page
            entry = f"(errata-list-e{number})="
            assert entry in errata, f"errata.md has no entry label {entry} for E{number}"
