"""Checks of one page in a real browser; each returns a list of problems (empty when fine).

Kept apart from the tests so the tests can also run them on deliberately broken pages and show
that they fail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlparse

LOCAL_HOSTS = {"127.0.0.1"}

# Text of the article with code, outputs' preformatted text and scripts removed: what a reader
# sees as prose. Raw TeX delimiters left in it mean MathJax did not typeset a formula.
PROSE_JS = """() => {
  const article = document.querySelector("main") || document.body;
  const copy = article.cloneNode(true);
  const hidden = "pre, code, script, style, mjx-container, .dlx-data";
  copy.querySelectorAll(hidden).forEach(n => n.remove());
  return copy.innerText;
}"""

IMAGES_JS = """() => Array.from(document.images).map(img => ({
  src: img.currentSrc.slice(0, 80), ok: img.complete && img.naturalWidth > 0
}))"""


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    page: object = None


def open_page(browser, url: str) -> PageReport:
    """Load ``url`` with every non-local request blocked and recorded, and wait for MathJax."""
    report = PageReport(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(route):
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith(
            "data:"
        ):
            route.continue_()
        else:
            report.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda error: report.console_errors.append(str(error)))
    page.goto(url, wait_until="load")
    page.evaluate(
        "() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : true"
    )
    page.wait_for_load_state("networkidle")
    report.page = page
    return report


def math_problems(page) -> list[str]:
    """Formulas MathJax did not typeset: raw delimiters in the prose, or MathJax error nodes."""
    problems = []
    prose = page.evaluate(PROSE_JS)
    for delimiter in ("$$", "\\(", "\\[", "\\begin{", "\\frac"):
        if delimiter in prose:
            at = prose.index(delimiter)
            problems.append(f"raw TeX {delimiter!r} in the text: ...{prose[at - 40 : at + 40]!r}")
    errors = page.locator("mjx-merror").count()
    if errors:
        problems.append(
            f"{errors} MathJax error(s): {page.locator('mjx-merror').first.inner_text()}"
        )
    return problems


def image_problems(page) -> list[str]:
    return [
        f"image did not load: {img['src']}" for img in page.evaluate(IMAGES_JS) if not img["ok"]
    ]


def explorer_problems(page) -> list[str]:
    """Move every enabled control of every static explorer; the image must become the frame
    precomputed for the new setting."""
    problems = []
    explorers = page.locator(".dlcore-explorer")
    for e in range(explorers.count()):
        root = explorers.nth(e)
        name = root.get_attribute("data-explorer")
        data = json.loads(root.locator("script.dlx-data").text_content())
        controls = [c["name"] for c in data["controls"]]
        for k, control in enumerate(data["controls"]):
            element = root.locator(f'[name="{control["name"]}"]')
            if element.is_disabled() or len(control["values"]) < 2:
                continue
            current = [root.locator(f'[name="{n}"]').input_value() for n in controls]
            target = str((int(current[k]) + 1) % len(control["values"]))
            if element.evaluate("el => el.tagName") == "SELECT":
                element.select_option(target)
            else:
                element.fill(target)  # a range input: fill sets the value and fires input
            key = ",".join(current[:k] + [target] + current[k + 1 :])
            src = root.locator("img.dlx-frame").get_attribute("src")
            if key not in data["frames"]:
                problems.append(f"{name}: no frame {key} after moving {control['name']}")
            elif src != data["frames"][key]:
                problems.append(f"{name}: moving {control['name']} did not show frame {key}")
            shown = element.locator("xpath=..").locator("output")
            if shown.count() and shown.inner_text() != control["values"][int(target)]:
                problems.append(f"{name}: {control['name']} reads {shown.inner_text()!r}")
    return problems
