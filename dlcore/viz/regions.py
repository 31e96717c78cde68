"""Decision regions of a 2-D classifier (``imshow``, fast enough for explorers) and training curves.

See chapters 02 and 03.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from dlcore.viz.style import CLASS_COLORS, REGION_COLORS


def grid_points(extent: tuple[float, float, float, float], resolution: int = 100) -> np.ndarray:
    """Points of a resolution x resolution grid over extent = (xmin, xmax, ymin, ymax), (R*R, 2)."""
    xmin, xmax, ymin, ymax = extent
    xs, ys = np.linspace(xmin, xmax, resolution), np.linspace(ymin, ymax, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def decision_grid(
    predict: Callable[[np.ndarray], np.ndarray],
    extent: tuple[float, float, float, float],
    resolution: int = 100,
) -> np.ndarray:
    """Predicted class on a grid, shape (resolution, resolution), row 0 at ymin.

    ``predict`` maps (M, 2) points to (M, C) scores (or (M,) labels).
    """
    scores = np.asarray(predict(grid_points(extent, resolution)))
    labels = scores.argmax(axis=1) if scores.ndim == 2 else scores
    return labels.reshape(resolution, resolution)


def plot_decision_regions(
    ax: Axes,
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    resolution: int = 100,
    margin: float = 0.2,
    n_classes: int | None = None,
):
    """Draw class regions of ``predict`` with imshow and the points X coloured by y.

    Returns the AxesImage, so an explorer can update it with ``set_data(decision_grid(...))``
    instead of redrawing.
    """
    n_classes = int(y.max()) + 1 if n_classes is None else n_classes
    extent = (
        X[:, 0].min() - margin,
        X[:, 0].max() + margin,
        X[:, 1].min() - margin,
        X[:, 1].max() + margin,
    )
    image = ax.imshow(
        decision_grid(predict, extent, resolution),
        origin="lower",
        extent=extent,
        cmap=ListedColormap(REGION_COLORS[:n_classes]),
        vmin=-0.5,
        vmax=n_classes - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=[CLASS_COLORS[k] for k in y],
        s=12,
        edgecolors="white",
        linewidths=0.4,
    )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return image


def plot_history(ax: Axes, history, *, label: str | None = None, log: bool = True):
    """Training loss per step on ``ax`` (log scale by default); returns the Line2D."""
    (line,) = ax.plot(np.arange(1, len(history.loss) + 1), history.loss, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    return line
