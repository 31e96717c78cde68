"""Several computational graphs in one axes, one shown at a time, for an explorer's dropdown.

See chapter 08.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from dlcore.viz.graph import draw_graph


class GraphSwitcher:
    """Several computational graphs in one axes, one shown at a time, cheap to redraw.

    Each graph's fixed part (arrows, circles, operation names) is drawn once and kept as pixels
    in a single image; only the numbers stay live artists. An explorer that switches between
    expressions with a dropdown then redraws one image and the value and adjoint labels. The
    figure is laid out once here and keeps that layout, and the image and the numbers on show
    are marked ``set_animated(True)``, so an explorer redraws only them. See chapter 08.

    Parameters
    ----------
    ax : Axes that holds nothing else; its figure must have a canvas (``widgets.figure``)
    roots : dict name -> Value, one graph per name (call ``backward()`` on each first)
    **draw_kwargs : passed to ``draw_graph`` (the legend is drawn for the first graph only)
    """

    def __init__(self, ax: Axes, roots: dict, **draw_kwargs):
        if not roots:
            raise ValueError("GraphSwitcher: give at least one graph")
        self.ax = ax
        # The image comes first among the axes' children, so it is drawn under the numbers.
        self.image = ax.imshow(
            np.zeros((1, 1, 4)),
            extent=(0.0, 1.0, 0.0, 1.0),
            aspect="auto",
            interpolation="none",
            zorder=0,
            visible=False,
        )
        self.drawings = {}
        for index, (name, root) in enumerate(roots.items()):
            legend = draw_kwargs.get("legend", True) and index == 0
            self.drawings[name] = draw_graph(ax, root, **{**draw_kwargs, "legend": legend})
        fig = ax.figure
        fig.canvas.draw()  # lay out once ...
        fig.set_layout_engine("none")  # ... and keep that layout, so the pixels stay aligned
        self.skeletons = {}
        for name in self.drawings:
            self._show_only(name, numbers=False)
            fig.canvas.draw()
            self.skeletons[name] = self._pixels()
        for drawing in self.drawings.values():  # from now on the image stands in for them
            for artist in drawing.edges + [drawing.markers] + drawing.names:
                artist.set_visible(False)
        self.image.set_visible(True)
        self.image.set_animated(True)
        self.name = None
        self.show(next(iter(self.drawings)), None)

    def _show_only(self, name: str, numbers: bool) -> None:
        for key, drawing in self.drawings.items():
            drawing.set_visible(False)
            if key == name:
                for artist in drawing.edges + [drawing.markers] + drawing.names:
                    artist.set_visible(True)
                for artist in drawing.values + drawing.grads:
                    artist.set_visible(numbers)

    def _pixels(self) -> np.ndarray:
        canvas = self.ax.figure.canvas
        buffer = np.asarray(canvas.buffer_rgba())
        x0, y0, x1, y1 = np.round(self.ax.bbox.extents).astype(int)
        height = buffer.shape[0]
        return buffer[height - y1 : height - y0, x0:x1].copy()

    def artists(self) -> list[Artist]:
        """The image and the number labels of the graph on show (the ones an update redraws)."""
        drawing = self.drawings[self.name]
        return [self.image, *drawing.values, *drawing.grads]

    def show(self, name: str, root) -> None:
        """Show graph ``name`` with the values and adjoints of ``root`` (same structure as the
        graph given for ``name``; ``None`` keeps the current numbers)."""
        if name not in self.drawings:
            raise ValueError(f"GraphSwitcher: unknown graph {name!r}; known: {list(self.drawings)}")
        if name != self.name:
            for key, drawing in self.drawings.items():
                for artist in drawing.values + drawing.grads:
                    artist.set_visible(key == name)
                    artist.set_animated(key == name)  # hidden ones cost nothing per update
            self.image.set_data(self.skeletons[name])
            self.name = name
        if root is not None:
            self.drawings[name].set_root(root)
