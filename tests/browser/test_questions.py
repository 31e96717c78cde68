"""The generated page "The questions, answered" (问答速查) in a real browser: every link on it
resolves, and its Chinese renders in CJK glyphs rather than missing-glyph boxes.

(test_site.py checks it like every page: no console error, no outside request, typeset math.)
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import SITE

PAGE = "book/questions.html"

# Draw a character in an element's own font on a canvas; a character the fonts cannot show is
# drawn as the same missing-glyph box as an unassigned code point (U+0378).
GLYPH_JS = """([selector, text]) => {
  const el = document.querySelector(selector);
  const font = getComputedStyle(el).fontFamily;
  const draw = ch => {
    const c = document.createElement("canvas");
    c.width = c.height = 48;
    const g = c.getContext("2d");
    g.font = `32px ${font}`;
    g.fillText(ch, 4, 38);
    return Array.from(g.getImageData(0, 0, 48, 48).data).join(",");
  };
  const missing = draw("\\u0378");
  const blank = draw(" ");
  return Array.from(text).map(ch => ({ch, box: draw(ch) === missing, blank: draw(ch) === blank}));
}"""


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse(path):
    parser = Links()
    parser.feed((SITE / path).read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def questions():
    if not (SITE / PAGE).exists():
        pytest.fail(f"{PAGE} was not built (book/_ext/questions_page.py)")
    return parse(PAGE)


def test_the_page_lists_every_chapter(questions):
    chapters = sorted(p.name for p in (SITE / "notebooks").glob("[0-9][0-9]-*.html"))
    linked = {urlparse(h).path.rsplit("/", 1)[-1] for h in questions.hrefs}
    assert chapters and set(chapters) <= linked, set(chapters) - linked


def test_every_link_on_the_page_resolves(questions):
    base = f"http://site/{PAGE}"
    checked = 0
    for href in questions.hrefs:
        url, fragment = urldefrag(urljoin(base, href))
        if not url.startswith("http://site/"):
            continue  # the theme's links to the repository and launchers
        target = url.removeprefix("http://site/")
        assert (SITE / target).is_file(), f"{href}: {target} does not exist"
        if fragment:
            assert fragment in parse(target).ids, f"{href}: no #{fragment} in {target}"
        checked += 1
    assert checked > 20, "too few internal links: was the page generated?"


def test_the_chinese_renders_in_cjk_glyphs(browser, site):
    page = browser.new_page()
    try:
        page.goto(f"{site}/{PAGE}")
        heading = page.locator("article.bd-article h2").first.inner_text()
        text = "".join(re.findall(r"[\u4e00-\u9fff]", heading))[:8]
        assert text, f"no Chinese in the first question: {heading!r}"
        glyphs = page.evaluate(GLYPH_JS, ["article.bd-article h2", text])
        boxes = [g["ch"] for g in glyphs if g["box"] or g["blank"]]
        assert not boxes, f"drawn as missing-glyph boxes (install a CJK font): {boxes}"
    finally:
        page.close()


def test_the_glyph_check_can_fail(browser, site):
    """An unassigned code point is reported as a box: the check is not vacuous."""
    page = browser.new_page()
    try:
        page.goto(f"{site}/{PAGE}")
        glyphs = page.evaluate(GLYPH_JS, ["article.bd-article h2", "\u0379"])
        assert glyphs[0]["box"]
    finally:
        page.close()
