"""Link every Correction box to the errata page.

Each chapter marks a correction of the Q&A with an admonition titled "Correction E<n>: ...". This
extension appends to each such box a line linking to the errata page, which lists them all, so
every chapter that corrects the Q&A links to it without each author having to remember.
"""

from docutils import nodes

ERRATA = "book/errata"


def add_errata_links(app, doctree, docname):
    if docname == ERRATA or app.builder.format != "html":
        return
    for box in doctree.findall(nodes.admonition):
        titles = [n for n in box.children if isinstance(n, nodes.title)]
        if not titles or not titles[0].astext().startswith("Correction E"):
            continue
        link = nodes.reference(
            "", "all corrections to the Q&A", refuri=app.builder.get_relative_uri(docname, ERRATA)
        )
        box += nodes.paragraph("", "", nodes.emphasis("", "See also: "), link, nodes.Text("."))


def setup(app):
    app.connect("doctree-resolved", add_errata_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
