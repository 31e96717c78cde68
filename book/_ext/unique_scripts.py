"""Drop repeated <script> tags from every page.

sphinx-thebe registers its inline configuration script (``const THEBE_JS_URL = ...``) in an event
that Sphinx 7 can emit with the builder already attached, so the script lands in the page twice
and the second copy throws "Identifier 'THEBE_JS_URL' has already been declared" in the browser.
(sphinx-togglebutton's inline script is repeated the same way, with another priority.)
"""


def _key(script):
    """Same file and same attributes (inline body included), whatever the priority."""
    attributes = getattr(script, "attributes", {}) or {}
    return getattr(script, "filename", script) or "", tuple(
        sorted((k, str(v)) for k, v in attributes.items())
    )


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
