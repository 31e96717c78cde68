"""Explorers for the static web book: precomputed frames that the page's controls switch between.

No kernel runs behind a web page, so a live slider would move and change nothing. Instead the book
build renders each explorer over a small grid of control values (the ``frames`` each control
declares) and writes HTML with the same controls; ``_static/dlcore-explorer.js`` shows the frame
for the current setting. Controls without ``frames`` stay fixed at their default, and the page says
so. The notebook keeps the live ipywidgets view; this HTML is the ``text/html`` part of the same
output, which the book prefers. See chapter 11.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os

import PIL.Image

from dlcore.widgets.controls import Choice

STATIC_FRAMES_ENV = "DLCORE_STATIC_FRAMES"  # set to "1" by the book build
FRAME_BUDGET_BYTES = 1_500_000  # per explorer, as base64 text; a page's budget is 3 MB


def render(explorer, all_frames: bool | None = None) -> str:
    """HTML for ``explorer``: controls, frames (as JSON of data URIs) and a note.

    Parameters
    ----------
    explorer : ``dlcore.widgets.Explorer``, or anything with ``name``, ``controls`` (name ->
        ``Slider`` | ``Choice``), ``frame_grid()`` and ``render(**values) -> PNG bytes``; it is
        passed in, never imported, so this module does not depend on the explorer
    all_frames : bool, optional
        Render every frame of ``explorer.frame_grid()``; otherwise only the default setting (a
        preview, which is what a notebook stores). Defaults to the ``DLCORE_STATIC_FRAMES``
        environment variable.
    """
    if all_frames is None:
        all_frames = all_frames_requested()
    values = {name: c.static_values() for name, c in explorer.controls.items()}
    default = tuple(vs.index(explorer.controls[n].value) for n, vs in values.items())
    frames = {}
    for index in explorer.frame_grid() if all_frames else [default]:
        setting = {name: vs[i] for (name, vs), i in zip(values.items(), index)}
        frames[frame_key(index)] = data_uri(explorer.render(**setting))
    size = sum(map(len, frames.values()))
    if size > FRAME_BUDGET_BYTES:
        raise ValueError(f"explorer {explorer.name!r}: {size} bytes of frames, over budget")
    data = {
        "controls": [{"name": n, "values": [fmt(v) for v in vs]} for n, vs in values.items()],
        "frames": frames,
    }
    controls = "".join(
        control_html(name, explorer.controls[name], vs, default[k], all_frames)
        for k, (name, vs) in enumerate(values.items())
    )
    name = html.escape(explorer.name)
    return (
        f'<div class="dlcore-explorer" data-explorer="{name}">'
        f'<form class="dlx-controls" onsubmit="return false">{controls}</form>'
        f'<img class="dlx-frame" src="{frames[frame_key(default)]}" alt="explorer {name}"/>'
        f'<script type="application/json" class="dlx-data">{json.dumps(data)}</script>'
        f'<p class="dlx-note">{note(explorer, values, len(frames), all_frames)}</p></div>'
    )


def all_frames_requested() -> bool:
    """True in the book build, which sets ``DLCORE_STATIC_FRAMES=1``."""
    return os.environ.get(STATIC_FRAMES_ENV) == "1"


def frame_key(index: tuple[int, ...]) -> str:
    """The key of a frame: the controls' value indices joined by commas, e.g. "2,0,1"."""
    return ",".join(map(str, index))


def fmt(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def data_uri(png: bytes) -> str:
    """PNG reduced to a 128-colour palette (a third of the bytes for line plots), as a data URI."""
    image = PIL.Image.open(io.BytesIO(png)).convert("RGB").quantize(128)
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def control_html(name: str, control, values: list, default: int, live: bool) -> str:
    """A <select> for a Choice, a range input over value indices for a Slider."""
    label, name = html.escape(control.label or name), html.escape(name)
    disabled = "" if live and len(values) > 1 else " disabled"
    if isinstance(control, Choice):
        options = "".join(
            f'<option value="{i}"{" selected" if i == default else ""}>{html.escape(fmt(v))}'
            "</option>"
            for i, v in enumerate(values)
        )
        return f'<label>{label} <select name="{name}"{disabled}>{options}</select></label>'
    return (
        f'<label>{label} <input type="range" name="{name}" min="0" max="{len(values) - 1}" '
        f'step="1" value="{default}"{disabled}/> <output>{html.escape(fmt(values[default]))}'
        "</output></label>"
    )


def note(explorer, values: dict, n_frames: int, live: bool) -> str:
    """Says which values are precomputed and which controls are fixed in the web book."""
    if not live:
        return "A preview at the default settings. Run the notebook to move the controls."

    def label(name):
        return html.escape(explorer.controls[name].label or name)

    def listing(vs):
        return ", ".join(html.escape(fmt(v)) for v in vs)

    moving = [f"{label(n)} in {{{listing(vs)}}}" for n, vs in values.items() if len(vs) > 1]
    fixed = [f"{label(n)} = {listing(vs)}" for n, vs in values.items() if len(vs) == 1]
    text = f"The web book shows {n_frames} precomputed frames: {'; '.join(moving)}."
    if fixed:
        text += f" Fixed here: {', '.join(fixed)}."
    return text + " Run the notebook to move every control freely."
