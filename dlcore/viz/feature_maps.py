"""Feature maps: the channels of a convolutional layer's output, tiled as one image.

``feature_map_grid`` tiles the maps (C, H, W) of one example into a 2-D mosaic with gutters of
NaN (which ``imshow`` leaves blank), so a whole layer is one ``imshow`` artist that an explorer
can update with ``set_data``. ``plot_feature_maps`` draws one mosaic per layer of
``dlcore.model_summary.layer_outputs``. See chapter 07.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure


def grid_shape(n_maps: int, ncols: int | None = None) -> tuple[int, int]:
    """(rows, columns) of the tiling of ``n_maps`` maps; ``ncols`` defaults to a near square."""
    if n_maps < 1:
        raise ValueError(f"feature_map_grid: need at least one map, got {n_maps}")
    ncols = ncols or math.ceil(math.sqrt(n_maps))
    return math.ceil(n_maps / ncols), ncols


def feature_map_grid(maps: np.ndarray, ncols: int | None = None, gutter: int = 1) -> np.ndarray:
    """Tile the maps of one example into one 2-D array.

    Parameters
    ----------
    maps : ndarray, shape (C, H, W)
        One example's feature maps (a 2-D (H, W) array is taken as one map).
    ncols : int, optional
        Maps per row; defaults to ceil(sqrt(C)).
    gutter : int
        Blank (NaN) pixels between maps.

    Returns
    -------
    ndarray, shape (rows * (H + gutter) - gutter, ncols * (W + gutter) - gutter)
        Map c sits at row c // ncols, column c % ncols; unused tiles and gutters are NaN.
    """
    maps = np.asarray(maps, dtype=np.float64)
    if maps.ndim == 2:
        maps = maps[None]
    if maps.ndim != 3:
        raise ValueError(
            f"feature_map_grid: expected maps of shape (C, H, W) for one example, got {maps.shape}"
        )
    n_maps, height, width = maps.shape
    rows, ncols = grid_shape(n_maps, ncols)
    mosaic = np.full((rows * (height + gutter) - gutter, ncols * (width + gutter) - gutter), np.nan)
    for c in range(n_maps):
        top, left = (c // ncols) * (height + gutter), (c % ncols) * (width + gutter)
        mosaic[top : top + height, left : left + width] = maps[c]
    return mosaic


def plot_feature_maps(
    outputs: list[tuple[str, np.ndarray]],
    example: int = 0,
    *,
    image: np.ndarray | None = None,
    ncols: int | None = None,
    cmap: str = "viridis",
    fig: Figure | None = None,
) -> Figure:
    """One panel per 4-D layer output: that layer's maps for one example, tiled.

    Parameters
    ----------
    outputs : list of (name, ndarray)
        As returned by ``dlcore.model_summary.layer_outputs``; only the (N, C, H, W) outputs are
        drawn (the flattened and dense ones are not maps).
    example : int
        Which example of the batch.
    image : ndarray (H, W), optional
        The input, drawn first in grey.
    ncols : int, optional
        Maps per row in each panel; by default half the layer's maps (two rows of tiles).
    fig : Figure, optional
        Drawn into; a new ``matplotlib.pyplot`` figure otherwise.

    Returns
    -------
    Figure
        Each panel has its own colour scale (a colour bar, in the layer's units) and a title
        with the layer's name and shape.
    """
    maps = [(name, out[example]) for name, out in outputs if out.ndim == 4]
    if not maps:
        raise ValueError("plot_feature_maps: no layer output of shape (N, C, H, W) to draw")
    panels = len(maps) + (image is not None)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(2.6 * panels, 2.6), dpi=80, layout="constrained")
    axes = fig.subplots(1, panels, squeeze=False)[0]
    if image is not None:
        axes[0].imshow(image, cmap="gray_r")
        axes[0].set_title(f"input {image.shape[0]}x{image.shape[1]}", fontsize=9)
        axes[0].set_axis_off()
    for ax, (name, layer_maps) in zip(axes[panels - len(maps) :], maps):
        per_row = min(ncols, len(layer_maps)) if ncols else math.ceil(len(layer_maps) / 2)
        shown = ax.imshow(feature_map_grid(layer_maps, per_row), cmap=cmap)
        channels, height, width = layer_maps.shape
        ax.set_title(f"{name}\n{channels} maps of {height}x{width}", fontsize=9)
        ax.set_axis_off()
        fig.colorbar(shown, ax=ax, shrink=0.7, location="bottom", label="activation")
    return fig
