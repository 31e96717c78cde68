"""The warped grid: the image of a square grid of lines under a map of the plane.

It shows what a layer does to the space its inputs live in. See chapter 27.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

# The warped grid: the image of a square grid of lines under a map of the plane, for showing
# what a layer does to the space its inputs live in (chapter 27).
GRID_COLORS = ("0.55", "#8c564b")  # lines of constant x2 (grey), of constant x1 (brown)


@dataclass
class WarpedGrid:
    """Handles on a grid drawn by ``warp_grid``, for cheap updates.

    Attributes
    ----------
    lines : list of Line2D, the ``n_lines`` lines of constant x2 (bottom to top), then the
        ``n_lines`` lines of constant x1 (left to right)
    points : ndarray, shape (2 * n_lines, n_points, 2), the undeformed grid, line by line, in
        the order of ``lines``
    """

    lines: list[Line2D]
    points: np.ndarray

    def image(self, transform: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """The grid's points under ``transform``, shape (2 * n_lines, n_points, 2).

        ``transform`` is called once, on all points stacked as an (M, 2) array, and must return
        an (M, 2) array of finite numbers.
        """
        flat = self.points.reshape(-1, 2)
        mapped = np.asarray(transform(flat.copy()), dtype=np.float64)
        if mapped.shape != flat.shape:
            raise ValueError(
                f"warp_grid: transform must map points of shape {flat.shape} to the same shape, "
                f"got {mapped.shape}"
            )
        if not np.all(np.isfinite(mapped)):
            raise ValueError("warp_grid: transform returned NaN or inf")
        return mapped.reshape(self.points.shape)

    def update(self, transform: Callable[[np.ndarray], np.ndarray]) -> None:
        """Redraw the grid as its image under ``transform`` (``set_data`` on every line)."""
        for line, xy in zip(self.lines, self.image(transform)):
            line.set_data(xy[:, 0], xy[:, 1])

    def artists(self) -> list[Artist]:
        """The lines, which ``update`` changes; an explorer can mark them animated."""
        return list(self.lines)


def warp_grid(
    ax: Axes,
    transform: Callable[[np.ndarray], np.ndarray],
    extent: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0),
    n_lines: int = 11,
    n_points: int = 101,
    *,
    colors: tuple[str, str] = GRID_COLORS,
    **line_kwargs,
) -> WarpedGrid:
    """Draw the image of a square grid of lines under a map of the plane, ``transform``.

    The grid has ``n_lines`` lines of constant x2 and ``n_lines`` lines of constant x1, evenly
    spaced over ``extent`` = (xmin, xmax, ymin, ymax), each sampled at ``n_points`` points, so a
    curved image is drawn as a curve. Pass ``lambda p: p`` for the grid itself. Update it with
    ``WarpedGrid.update(new_transform)``, which moves the existing lines. See chapter 27.

    Parameters
    ----------
    ax : matplotlib Axes; it autoscales to the first image, later updates leave the limits alone
    transform : callable, (M, 2) array of points -> (M, 2) array of their images
    extent : (xmin, xmax, ymin, ymax) of the undeformed grid, with xmin < xmax and ymin < ymax
    n_lines : int >= 2, lines per direction
    n_points : int >= 2, points per line
    colors : (colour of the lines of constant x2, colour of the lines of constant x1)
    **line_kwargs : passed to ``ax.plot`` (e.g. ``lw``, ``alpha``)

    Returns
    -------
    WarpedGrid, with 2 * n_lines Line2D artists
    """
    extent = tuple(float(v) for v in np.ravel(np.asarray(extent, dtype=np.float64)))
    if len(extent) != 4 or not np.all(np.isfinite(extent)):
        raise ValueError(
            f"warp_grid: extent must be 4 finite numbers (xmin, xmax, ymin, ymax), got {extent}"
        )
    xmin, xmax, ymin, ymax = extent
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(f"warp_grid: extent needs xmin < xmax and ymin < ymax, got {extent}")
    for name, value in (("n_lines", n_lines), ("n_points", n_points)):
        if not isinstance(value, (int, np.integer)) or value < 2:
            raise ValueError(f"warp_grid: {name} must be an integer >= 2, got {value!r}")
    if len(colors) != 2:
        raise ValueError(f"warp_grid: colors must be two colours, got {len(colors)}")
    t = np.linspace(0.0, 1.0, n_points)
    xs, ys = np.linspace(xmin, xmax, n_lines), np.linspace(ymin, ymax, n_lines)
    along_x, along_y = xmin + (xmax - xmin) * t, ymin + (ymax - ymin) * t
    constant_y = [np.column_stack([along_x, np.full(n_points, y)]) for y in ys]
    constant_x = [np.column_stack([np.full(n_points, x), along_y]) for x in xs]
    grid = WarpedGrid([], np.stack(constant_y + constant_x))
    line_kwargs = {"lw": 0.8, **line_kwargs}
    for k, xy in enumerate(grid.image(transform)):  # drawn with data, so autoscaling sees it
        color = colors[0] if k < n_lines else colors[1]
        grid.lines.append(ax.plot(xy[:, 0], xy[:, 1], color=color, **line_kwargs)[0])
    return grid


# The computational graph of chapter 08: one node per scalar operation (a circle) or leaf (a
# grey circle), its forward value above in blue and its adjoint dL/dv below in red, the colours
