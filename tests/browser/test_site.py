"""The built web book in a real browser: offline, typeset, every image, working static explorers.

Run after `make book`: `make browser` (part of `make test`).
"""

import re
import shutil

import pytest
from conftest import SITE, serve
from sitecheck import explorer_problems, image_problems, math_problems, open_page

PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for p in SITE.rglob("*.html")
    if not p.relative_to(SITE).as_posix().startswith(("_static", "_sources", "_images"))
    and p.name != "index.html"  # a redirect to the intro, checked below
)


def test_index_redirects_to_the_intro(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/index.html")
    page.wait_for_url("**/book/intro.html")
    page.close()


def test_site_has_the_chapters():
    assert any(p.startswith("notebooks/") for p in PAGES), "no chapter pages in the built site"


@pytest.mark.parametrize("path", PAGES)
def test_page(browser, site, path):
    report = open_page(browser, f"{site}/{path}")
    try:
        page = report.page
        assert not report.outside_requests, f"requests left 127.0.0.1: {report.outside_requests}"
        assert not report.console_errors, f"console errors: {report.console_errors}"
        assert not math_problems(page)
        assert not image_problems(page)
        assert not explorer_problems(page)
    finally:
        report.page.context.close()


def live_controls(html):
    """Controls of static explorers that are not disabled (they have precomputed frames)."""
    return re.findall(r'<(?:input type="range"|select) name="[^"]+"(?![^>]*disabled)', html)


def test_every_chapter_with_an_explorer_has_working_controls():
    """At least one control moves on each page that has a static explorer."""
    for path in (p for p in PAGES if p.startswith("notebooks/")):
        html = (SITE / path).read_text(encoding="utf-8")
        if 'class="dlcore-explorer"' in html:
            assert live_controls(html), f"{path}: no enabled control (were frames built?)"


def test_search_finds_a_chapter_offline(browser, site):
    """Sphinx's client-side search (searchindex.js, served by the site) finds the chapters."""
    page = browser.new_page()
    try:
        page.goto(f"{site}/search.html?q=vanishing")
        page.wait_for_selector("ul.search li a", timeout=15000)
        hits = page.locator("ul.search li a").evaluate_all("links => links.map(a => a.href)")
        assert any("11-vanishing-and-exploding-gradients" in h for h in hits), hits
    finally:
        page.close()


def test_precomputed_frames_fit_the_page_budget():
    """At most 3 MB of explorer frames on any page (issue: keep pages light enough to load)."""
    for path in (p for p in PAGES if p.startswith("notebooks/")):
        html = (SITE / path).read_text(encoding="utf-8")
        frames = sum(len(m) for m in re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", html))
        assert frames <= 3_000_000, f"{path}: {frames / 1e6:.2f} MB of images"


def test_every_correction_box_links_the_errata_page():
    """book/_ext/errata_links.py appends a link to the errata to each Correction box."""
    for path in (p for p in PAGES if p.startswith("notebooks/")):
        html = (SITE / path).read_text(encoding="utf-8")
        boxes = html.count('<p class="admonition-title">Correction E')
        links = html.count('href="../book/errata.html">all corrections to the Q&amp;A</a>')
        assert links == boxes, f"{path}: {boxes} Correction boxes but {links} errata links"


# The checks themselves must be able to fail: run them on sabotaged copies of a chapter.


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    chapter = next(
        p
        for p in PAGES
        if p.startswith("notebooks/") and live_controls((SITE / p).read_text("utf-8"))
    )
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(SITE, root / "site")
    html = (root / "site" / chapter).read_text(encoding="utf-8")
    # 1. a formula with a TeX error (\\frac lacks an argument), and display math outside any
    #    math element (never typeset)
    math = '<span class="math notranslate nohighlight">\\('
    at = html.index(math) + len(math)
    html = html[:at] + "\\frac{1}" + html[html.index("\\)", at) :]
    section = '<section id="the-question">'
    html = html.replace(section, "<p>$$ x^2 $$</p>" + section, 1)
    # 2. the explorer script missing, so moving a control leaves the picture as it was
    html = re.sub(r'<script src="[^"]*dlcore-explorer\.js[^"]*"></script>', "", html)
    assert "dlcore-explorer.js" not in html
    # 3. an image that does not exist
    html = html.replace(section, '<img src="missing.png" alt="x"/>' + section, 1)
    (root / "site" / chapter).write_text(html, encoding="utf-8")
    base, server = serve(root / "site")
    yield f"{base}/{chapter}"
    server.shutdown()


def test_checks_fail_on_a_broken_page(browser, broken_site):
    report = open_page(browser, broken_site)
    try:
        math = math_problems(report.page)
        assert any("MathJax error" in p for p in math), math
        assert any("raw TeX '$$'" in p for p in math), math
        assert image_problems(report.page), "the missing image was not noticed"
        assert any("did not show frame" in p for p in explorer_problems(report.page))
    finally:
        report.page.context.close()
