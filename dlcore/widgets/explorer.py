"""Explorers: a plain update function plus declared controls, shown as ipywidgets.

Every explorer in the book goes through ``explore``, which puts it in ``REGISTRY`` so that code
can find, time and precompute it. The update function draws into a figure created once (update
artists, do not re-create them); the explorer renders that figure to PNG after each change and
records how long the change took, compute and redraw together.

Controls (``dlcore.widgets.controls``) are declared independently of ipywidgets, so a test or a
benchmark can sweep them without a browser; ``dlcore.widgets.static`` renders an explorer for the
web book, where no kernel runs.

Speed: drawing tick labels and text is most of matplotlib's cost. Artists marked with
``artist.set_animated(True)`` (matplotlib's blitting convention) are the only ones redrawn on an
update; everything else (axes, ticks, labels, legends) is drawn once and reused as a background.
Use this when the update changes data but not axis limits.
See chapter 11.
"""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dlcore.widgets import static
from dlcore.widgets.controls import Choice, Slider

DPI = 80


def figure(width: float = 9.0, height: float = 3.6, **subplots_kwargs) -> tuple[Figure, Any]:
    """A figure for an explorer, outside pyplot (so the inline backend never shows it twice).

    Returns (fig, axes) like ``plt.subplots``; extra keyword arguments go to ``subplots``.
    """
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(**subplots_kwargs)


class Explorer:
    """An update function, its controls, and the figure it draws into.

    Parameters
    ----------
    name : str
        Unique key in ``REGISTRY``, e.g. "ch11-gradient-flow".
    update : callable(**values) -> None
        Redraws ``fig`` for one setting of the controls (keyword per control).
    fig : matplotlib Figure, from ``figure()``
    controls : dict name -> Slider | Choice
    """

    def __init__(self, name: str, update: Callable[..., None], fig: Figure, controls: dict):
        self.name, self.update, self.fig, self.controls = name, update, fig, controls
        self.timings_ms: list[float] = []
        self._background = None  # cached pixels of the non-animated artists

    def defaults(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def render(self, **values) -> bytes:
        """Update the figure for ``values`` (others at their defaults) and return PNG bytes."""
        start = time.perf_counter()
        self.update(**{**self.defaults(), **values})
        png = self._draw()
        self.timings_ms.append(1e3 * (time.perf_counter() - start))
        return png

    def _draw(self) -> bytes:
        canvas = self.fig.canvas
        animated = [a for a in self.fig.findobj() if a.get_animated()]
        if not animated:
            buffer = io.BytesIO()
            canvas.print_png(buffer)
            return buffer.getvalue()
        if self._background is None:
            canvas.draw()  # everything but the animated artists, laid out once
            self.fig.set_layout_engine("none")  # freeze the layout the background was drawn with
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for artist in animated:
            self.fig.draw_artist(artist)
        width, height = canvas.get_width_height()
        image = PIL.Image.frombuffer(
            "RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        buffer = io.BytesIO()
        image.save(buffer, format="png")
        return buffer.getvalue()

    def settings(self, n: int = 24, seed: int = 0) -> list[dict]:
        """``n`` settings of the controls for sweeps: each control over its own range, in turn,
        then random combinations of all of them."""
        grids = {name: c.samples(6) for name, c in self.controls.items()}
        sweep = [{**self.defaults(), name: v} for name, vs in grids.items() for v in vs]
        rng = np.random.default_rng(seed)
        combos = list(itertools.product(*grids.values()))
        while len(sweep) < n:
            choice = combos[rng.integers(len(combos))]
            sweep.append(dict(zip(grids, choice)))
        return sweep

    def time_sweep(self, n: int = 24) -> np.ndarray:
        """Milliseconds per update, end to end, over ``settings(n)``."""
        self.render()  # warm caches, as the first view in a notebook does
        start = len(self.timings_ms)
        for values in self.settings(n):
            self.render(**values)
        return np.array(self.timings_ms[start:])

    def widget(self):
        """The live ipywidgets view: controls above, the figure as a PNG image below."""
        import ipywidgets as w

        image = w.Image(value=self.render(), format="png")
        inputs = {name: c.widget(name) for name, c in self.controls.items()}

        def redraw(_change=None):
            image.value = self.render(**{name: box.value for name, box in inputs.items()})

        for box in inputs.values():
            box.observe(redraw, names="value")
        return w.VBox([w.HBox(list(inputs.values()), layout=w.Layout(flex_flow="row wrap")), image])

    def frame_grid(self) -> list[tuple[int, ...]]:
        """Index tuples (one index per control into its ``static_values()``) to precompute."""
        sizes = [len(c.static_values()) for c in self.controls.values()]
        count = int(np.prod(sizes))
        if count > MAX_FRAMES:
            raise ValueError(
                f"explorer {self.name!r}: {count} static frames requested, at most {MAX_FRAMES}"
            )
        return list(itertools.product(*(range(n) for n in sizes)))

    def static_html(self, all_frames: bool | None = None) -> str:
        """The explorer for a page with no kernel behind it: see ``dlcore.widgets.static``."""
        return static.render(self, all_frames)

    def _repr_mimebundle_(self, include=None, exclude=None):
        start = time.perf_counter()
        bundle = {"text/plain": f"Explorer({self.name!r})", "text/html": self.static_html()}
        metadata = {}
        if static.all_frames_requested():
            # The book build is also the benchmark's run in CI (benchmarks/book_timings.py): it
            # records the explorer's sweep, and the time the static page cost, which is not part
            # of a reader's run and is subtracted from the notebook's execution time.
            sweep = self.time_sweep(SWEEP_SETTINGS)
            metadata = {
                "dlcore": {
                    "explorer": self.name,
                    "sweep_ms": [round(float(t), 3) for t in sweep],
                    "static_seconds": round(time.perf_counter() - start, 4),
                }
            }
        try:
            view = self.widget()
        except ImportError:  # no ipywidgets: the static preview is all there is
            return (bundle, metadata) if metadata else bundle
        bundle = {**view._repr_mimebundle_(include=include, exclude=exclude), **bundle}
        return (bundle, metadata) if metadata else bundle


REGISTRY: dict[str, Explorer] = {}
MAX_FRAMES = 64  # static frames per explorer in the web book
SWEEP_SETTINGS = 24  # settings per explorer in a latency sweep (the benchmark's default)


def explore(name: str, update: Callable[..., None], fig: Figure, **controls) -> Explorer:
    """Create an explorer and register it; display it by making it a cell's last expression.

    Example
    -------
    >>> fig, ax = figure()
    >>> (line,) = ax.plot([], [])
    >>> def update(scale):
    ...     line.set_data(x, scale * x)
    >>> explore("demo", update, fig, scale=Slider(0.1, 10, 1, log=True))
    """
    if not controls:
        raise ValueError(f"explore({name!r}): give at least one control")
    for key, control in controls.items():
        if not isinstance(control, (Slider, Choice)):
            raise TypeError(f"explore({name!r}): control {key!r} must be a Slider or Choice")
    explorer = Explorer(name, update, fig, controls)
    REGISTRY[name] = explorer
    return explorer
