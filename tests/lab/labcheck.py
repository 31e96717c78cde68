"""Checks of one notebook run live in JupyterLab; each returns a list of problems (empty when fine).

Kept apart from the tests so the tests can also run them on a deliberately broken notebook and
show that they fail. The page talks to JupyterLab through ``window.jupyterapp`` (the server runs
with ``expose_app_in_browser``): the notebook model, not the screen, says which cells ran and
what they printed, and a command runs them, so nothing depends on where a button is drawn.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError

OPEN_TIMEOUT_S = 60  # JupyterLab loading, and its kernel starting, on a loaded machine
RUN_TIMEOUT_S = 120  # every cell of a chapter; a chapter takes up to 20 s on 2 idle cores
RENDER_TIMEOUT_S = 10  # all widget views drawn, once the kernel is idle after the last cell
CHANGE_WINDOW_S = 1.0  # an explorer's image must change this soon after its control moves
DIAGNOSIS_S = 4.0  # after a failure, how much longer to watch, only to say how late it was
EXPLORER_CALL = "widgets.explore("
# ipywidgets 8's views: an Image, a Dropdown's <select>, a slider's noUiSlider handle.
LIVE_IMAGE = "img.widget-image[src]"
CONTROLS = ".widget-dropdown select, .widget-slider .noUi-handle"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

PANEL_JS = "jupyterapp.shell.currentWidget"

READY_JS = f"""() => {{
  const panel = window.jupyterapp && {PANEL_JS};
  return Boolean(panel && panel.content && panel.content.model && panel.sessionContext &&
                 panel.sessionContext.session && panel.sessionContext.session.kernel);
}}"""

# Starts "run all cells" and records when its promise settles; the caller polls, so its own
# timeout applies (page.evaluate would wait for ever on a kernel that hangs).
RUN_ALL_JS = f"""async () => {{
  const panel = {PANEL_JS};
  await panel.context.ready;
  await panel.sessionContext.ready;
  window.__labRun = {{done: false}};
  jupyterapp.commands.execute("notebook:run-all-cells").then(
    ok => {{ window.__labRun = {{done: true, ok: ok}}; }},
    error => {{ window.__labRun = {{done: true, ok: false, error: String(error)}}; }});
}}"""

RUN_DONE_JS = f"""() => {{
  const kernel = {PANEL_JS}.sessionContext.session.kernel;
  return window.__labRun.done && kernel.status === "idle";
}}"""

# The notebook model's code cells: source, execution count, and each output's type, mime types,
# text/plain and (for errors) name and value.
CELLS_JS = f"""() => {{
  const cells = [];
  const model = {PANEL_JS}.content.model;
  for (let i = 0; i < model.cells.length; i++) {{
    const cell = model.cells.get(i);
    if (cell.type !== "code") continue;
    const outputs = [];
    for (let k = 0; k < cell.outputs.length; k++) {{
      const output = cell.outputs.get(k).toJSON();
      const data = output.data || {{}};
      outputs.push({{type: output.output_type, mimes: Object.keys(data),
                     text: String(data["text/plain"] || output.text || ""),
                     ename: output.ename || "", evalue: output.evalue || ""}});
    }}
    cells.push({{index: i, source: cell.sharedModel.getSource(),
                 count: cell.executionCount, outputs: outputs}});
  }}
  return cells;
}}"""

# Marks the DOM node of cell ``index`` so Playwright can scope its locators to that cell.
MARK_CELL_JS = f"""index => {{
  const node = {PANEL_JS}.content.widgets[index].node;
  node.setAttribute("data-lab-cell", String(index));
}}"""

# A digest of the bytes of each image in one explorer view: a new picture, not merely a new
# blob: URL (a fetch of a URL that was just replaced can fail: null, and the caller polls again).
IMAGES_JS = """async view => Promise.all(Array.from(view.querySelectorAll("img")).map(async img => {
  try {
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, b => b.toString(16).padStart(2, "0")).join("");
  } catch (error) {
    return null;
  }
}))"""

SHUTDOWN_JS = f"""async () => {{
  const panel = window.jupyterapp && {PANEL_JS};
  if (panel && panel.sessionContext) await panel.sessionContext.shutdown();
}}"""


@dataclass
class LabReport:
    """What one notebook's live run found: problems, and each explorer's seconds to redraw."""

    url: str
    problems: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    redraw_s: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: where the time goes


def check_notebook(browser, url: str, *, block: str | None = None) -> LabReport:
    """Open ``url`` (a notebook in JupyterLab), run every cell, move one control of each
    explorer; always shut the kernel down and close the tab, whatever failed.

    ``block``, a URL glob, aborts the page's requests that match it: a test takes a part of
    JupyterLab away (the widget manager) to show that the checks notice.
    """
    report = LabReport(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if block:
        context.route(block, lambda route: route.abort())
    page = context.new_page()
    page.on(
        "console",
        lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda error: report.console_errors.append(str(error)))
    clock = time.monotonic()

    def lap(phase):
        nonlocal clock
        report.seconds[phase] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    cells = []
    try:
        page.goto(url)
        report.problems += wait_for_kernel(page)
        lap("open")
        if not report.problems:
            report.problems += run_all(page)
            lap("run")
            cells = page.evaluate(CELLS_JS)
            report.problems += error_outputs(cells)
        if not report.problems:  # explorers of a half-run notebook would fail for that reason
            report.problems += explorer_problems(page, cells, report.redraw_s)
            # An update that raises from a control's callback may print into its cell.
            report.problems += error_outputs(page.evaluate(CELLS_JS))
            lap("explorers")
    finally:
        report.problems += shut_down(page)
        context.close()
        lap("shut down")
    report.problems += [f"console error: {text}" for text in report.console_errors]
    return report


def wait_for_kernel(page) -> list[str]:
    """Wait until JupyterLab shows the notebook with a kernel attached to it."""
    try:
        page.wait_for_function(READY_JS, timeout=OPEN_TIMEOUT_S * 1e3)
    except PlaywrightError:
        return [f"no notebook with a kernel after {OPEN_TIMEOUT_S} s"]
    return []


def run_all(page) -> list[str]:
    """Run every cell and wait until the kernel is idle; the cells that did not run."""
    page.evaluate(RUN_ALL_JS)
    try:
        page.wait_for_function(RUN_DONE_JS, timeout=RUN_TIMEOUT_S * 1e3, polling=250)
    except PlaywrightError:
        return [f"cells still running after {RUN_TIMEOUT_S} s"]
    not_run = [cell["index"] for cell in page.evaluate(CELLS_JS) if cell["count"] is None]
    return [f"cells {not_run} did not run"] if not_run else []


def error_outputs(cells: list[dict]) -> list[str]:
    """Every error output (a raised exception) in the cells."""
    return [
        f"cell {cell['index']}: {output['ename']}: {output['evalue']}"
        for cell in cells
        for output in cell["outputs"]
        if output["type"] == "error"
    ]


def explorer_problems(page, cells: list[dict], redraw_s: dict | None = None) -> list[str]:
    """For each live explorer view in a cell that calls ``widgets.explore(``: move its first
    control that can move, and require its image to change within ``CHANGE_WINDOW_S``.

    ``redraw_s`` (if given) receives each explorer's seconds from the control event to the new
    image.
    """
    problems = []
    explorer_cells = [cell for cell in cells if EXPLORER_CALL in cell["source"]]
    if not explorer_cells:
        return ["no cell calls widgets.explore("]
    deadline = time.monotonic() + RENDER_TIMEOUT_S  # one for the notebook, not one per cell
    for cell in explorer_cells:
        names = [o["text"] for o in cell["outputs"] if WIDGET_MIME in o["mimes"]]
        if not names:
            problems.append(f"cell {cell['index']}: an explorer cell shows no live widget")
            continue
        page.evaluate(MARK_CELL_JS, cell["index"])
        # Each view is an output holding a live ipywidgets Image (not the static HTML fallback,
        # which JupyterLab shows when the widget manager is missing); wait until all are drawn.
        views = page.locator(f'[data-lab-cell="{cell["index"]}"] .jp-OutputArea-output').filter(
            has=page.locator(LIVE_IMAGE)
        )
        while views.count() < len(names) and time.monotonic() < deadline:
            time.sleep(0.2)
        if views.count() != len(names):
            problems.append(
                f"cell {cell['index']}: {len(names)} widget outputs but {views.count()} drawn "
                "views with an image (is the ipywidgets lab extension installed?)"
            )
            continue
        for k, name in enumerate(names):
            problems += _move_one_control(views.nth(k), name, redraw_s)
    return problems


def _move_one_control(view, name: str, redraw_s: dict | None) -> list[str]:
    """Move the first movable control of ``view``; the image must change within the window."""
    before = _images(view)
    if not before or None in before:
        return [f"{name}: no readable image"]
    controls = view.locator(CONTROLS)
    for k in range(controls.count()):
        moved, moved_at = _move(controls.nth(k))
        if moved:
            break
    else:
        return [f"{name}: no control that can move"]
    changed_after = _wait_for_change(view, before, moved_at, CHANGE_WINDOW_S + DIAGNOSIS_S)
    if changed_after is not None and changed_after <= CHANGE_WINDOW_S:
        if redraw_s is not None:
            redraw_s[name] = round(changed_after, 3)
        return []
    # Failed either way; how late it was tells a slow machine from a dead explorer.
    late = (
        f"it changed after {changed_after:.1f} s"
        if changed_after is not None
        else f"still unchanged after {time.monotonic() - moved_at:.0f} s"
    )
    return [f"{name}: image unchanged {CHANGE_WINDOW_S:g} s after {moved} ({late})"]


def _wait_for_change(view, before: list, since: float, limit_s: float) -> float | None:
    """Seconds from ``since`` until the images of ``view`` differ from ``before``, or None if
    they do not within ``limit_s``."""
    while True:
        now = _images(view)
        elapsed = time.monotonic() - since
        if None not in now and now != before:
            return elapsed
        if elapsed > limit_s:
            return None
        time.sleep(0.05)


def _images(view) -> list:
    return view.evaluate(IMAGES_JS)


def _move(control) -> tuple[str | None, float]:
    """Move one control by one step, as a reader would: what was done (None if it cannot move)
    and the monotonic time of the event."""
    labels = control.locator("xpath=ancestor::*[contains(@class, 'widget-inline-hbox')][1]//label")
    label = labels.first.inner_text() if labels.count() else "(unlabelled)"
    if control.evaluate("el => el.tagName") == "SELECT":
        options = control.locator("option").all_inner_texts()
        if len(options) < 2 or control.is_disabled():
            return None, time.monotonic()
        current = control.evaluate("el => el.selectedIndex")
        target = options[(current + 1) % len(options)]
        moved_at = time.monotonic()
        control.select_option(label=target)
        return f"choosing {target!r} in {label!r}", moved_at
    # A noUiSlider handle: focused, an arrow key moves it one step (back from the top end).
    value, top = (control.get_attribute(a) for a in ("aria-valuenow", "aria-valuemax"))
    key = "ArrowLeft" if float(value) >= float(top) else "ArrowRight"
    control.focus()
    moved_at = time.monotonic()
    control.press(key)
    after = control.get_attribute("aria-valuenow")
    return f"pressing {key} on slider {label!r} (from {value} to {after})", moved_at


def shut_down(page) -> list[str]:
    """Shut the notebook's kernel down (the tab is closed with its context by the caller)."""
    try:
        page.evaluate(SHUTDOWN_JS)
    except PlaywrightError as error:
        return [f"kernel shutdown failed: {error.message.splitlines()[0]}"]
    return []
