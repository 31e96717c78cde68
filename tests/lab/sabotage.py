"""A sabotaged chapter, written by the tests, on which the live checks must fail.

Built only through the public ``dlcore.widgets`` API (``explore``, ``Slider``, ``Choice``,
``figure``), as a chapter builds its explorers.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

SETUP = """\
import numpy as np
from dlcore import widgets

x = np.linspace(-1, 1, 50)"""

# Draws its first frame, then raises on any other setting: the live image never changes.
RAISES = """\
fig, ax = widgets.figure(4, 3)
(line,) = ax.plot(x, x)
ax.set(xlabel="x", ylabel="y")


def update(slope):
    if slope != 1.0:
        raise RuntimeError("sabotage: this update raises")
    line.set_data(x, slope * x)


widgets.explore("sabotage-raises", update, fig, slope=widgets.Slider(0.5, 2.0, 1.0, step=0.1))"""

# Runs without error but changes no artist: the same picture whatever the control says.
DRAWS_NOTHING = """\
fig, ax = widgets.figure(4, 3)
ax.plot(x, x**2)
ax.set(xlabel="x", ylabel="y")


def update(curve):
    pass


widgets.explore(
    "sabotage-draws-nothing", update, fig, curve=widgets.Choice(["square", "cube"])
)"""

# Errors the page itself reports, and an exception in a cell's output.
CONSOLE_ERROR = """\
from IPython.display import Javascript

Javascript("console.error('sabotage: a console error')")"""
RAISING_CELL = 'raise ValueError("sabotage: an error output")'

RAISES_NAME = "Explorer('sabotage-raises')"
DRAWS_NOTHING_NAME = "Explorer('sabotage-draws-nothing')"


def write_notebook(path: Path, *, with_errors: bool) -> Path:
    """The two sabotaged explorers; with ``with_errors`` also a console error and, last (it
    stops "run all"), a cell that raises."""
    sources = [SETUP, RAISES, DRAWS_NOTHING]
    if with_errors:
        sources += [CONSOLE_ERROR, RAISING_CELL]
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path
