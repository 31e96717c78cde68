"""Generate "The questions, answered" (问答速查): every chapter's question and short answer, in
English and Chinese, with the corrections it carries, on one page.

The page has no text of its own to drift: each build reads it from the chapters. From each
notebook it takes the title (``# N. English title（中文问题）``), the first paragraph of
"The question", the English short answer (the "The short answer" section, up to its first
Correction box), the Chinese short answer (the markdown cell tagged ``short-answer-zh``) and the
label and title of every Correction box. The page is written to ``book/questions.md`` when Sphinx
loads this extension, before any document is read; the file is generated, not committed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = Path("book") / "questions.md"
ZH_TAG = "short-answer-zh"
TITLE = re.compile(r"^# (\d+)\. (.+?)（(.+)）\s*$")
CORRECTION = re.compile(r"\((errata-e(\d+))\)=\s*\n```\{admonition\} Correction E\d+: (.+)")
ZH_BODY = re.compile(r"```\{admonition\}[^\n]*\n(?::[^\n]*\n)*(.*?)\n```\s*$", re.S)
CHAPTER_LINK = re.compile(r"\]\((\d\d-[\w-]+\.ipynb)")


@dataclass
class Chapter:
    """What the page shows of one chapter."""

    number: int
    stem: str
    title: str
    question_zh: str
    question_en: str
    answer_en: str
    answer_zh: str | None
    corrections: list[tuple[str, int, str]] = field(default_factory=list)  # (label, E, title)


def _markdown(notebook: dict) -> list[tuple[str, list[str]]]:
    return [
        ("".join(c["source"]), c.get("metadata", {}).get("tags", []))
        for c in notebook["cells"]
        if c["cell_type"] == "markdown"
    ]


def _section(cells: list[tuple[str, list[str]]], heading: str) -> str:
    """The text under ``## heading``, up to the next heading, Correction box or tagged cell."""
    parts, inside = [], False
    for text, tags in cells:
        lines = text.splitlines()
        if not inside:
            starts = [i for i, line in enumerate(lines) if line.strip() == f"## {heading}"]
            if not starts:
                continue
            inside, lines = True, lines[starts[0] + 1 :]
        elif ZH_TAG in tags:
            break
        kept = []
        for line in lines:
            if line.startswith("## ") or line.startswith("(errata-") or line.startswith("```{"):
                return "\n".join(parts + kept).strip()
            kept.append(line)
        parts += kept
    return "\n".join(parts).strip()


def read_chapter(path: Path) -> Chapter:
    """Parse one chapter notebook; raises ValueError if its title is not the template's."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = _markdown(notebook)
    match = TITLE.match(cells[0][0].splitlines()[0])
    if not match:
        raise ValueError(f"{path.name}: title is not '# N. English（中文）'")
    zh_cells = [text for text, tags in cells if ZH_TAG in tags]
    zh = ZH_BODY.search(zh_cells[0]) if zh_cells else None
    question = _section(cells, "The question").split("\n\n")[0]
    everything = "\n".join(text for text, _ in cells)
    return Chapter(
        number=int(match.group(1)),
        stem=path.stem,
        title=match.group(2).strip(),
        question_zh=match.group(3).strip(),
        question_en=question,
        answer_en=_section(cells, "The short answer"),
        answer_zh=zh.group(1).strip() if zh else None,
        corrections=[(m[0], int(m[1]), m[2].strip()) for m in CORRECTION.findall(everything)],
    )


def _relink(text: str) -> str:
    """Links between chapters are relative to notebooks/; the page lives in book/."""
    return CHAPTER_LINK.sub(r"](../notebooks/\1", text)


def render(chapters: list[Chapter]) -> str:
    """The page's MyST markdown."""
    out = [
        "# The questions, answered（问答速查）",
        "",
        "Every question of the Q&A that has a chapter, in the Q&A's order: the question in Chinese "
        "and in English, the book's short answer in English and in Chinese (简答), and what the "
        "widely shared answer gets wrong, each correction linked to its box in the chapter and to "
        "the [errata](errata.md). This page is generated from the chapters each time the book is "
        "built, so it always says what they say.",
        "",
    ]
    for ch in sorted(chapters, key=lambda c: c.number):
        link = f"../notebooks/{ch.stem}.ipynb"
        out += [
            f"## {ch.number}. {ch.question_zh}",
            "",
            f"**{ch.title}** · [Chapter {ch.number}]({link})",
            "",
            f"*The question.* {_relink(ch.question_en)}",
            "",
            "**Short answer**",
            "",
            _relink(ch.answer_en),
            "",
            "**简答**",
            "",
            _relink(ch.answer_zh or ""),
            "",
        ]
        if ch.corrections:
            out += ["**Corrections to the Q&A**", ""]
            out += [
                f"- E{e}: {title} ({{ref}}`in the chapter <{label}>`, "
                f"{{ref}}`errata entry <errata-list-e{e}>`)"
                for label, e, title in ch.corrections
            ]
            out.append("")
    return "\n".join(out)


def chapters(root: Path = ROOT) -> list[Chapter]:
    return [read_chapter(p) for p in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def write_page(root: Path = ROOT) -> Path:
    """Write the page (only if its text changed, so an unchanged page is not rebuilt)."""
    page = root / PAGE
    text = render(chapters(root))
    if not page.exists() or page.read_text(encoding="utf-8") != text:
        page.write_text(text, encoding="utf-8")
    return page


def setup(app):
    write_page(Path(app.srcdir))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
