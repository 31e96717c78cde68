"""The network diagram: nodes per layer, edges coloured by the sign of a weight or gradient,
activations above the nodes and deltas below, drawn once and updated cheaply.

See chapter 03.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.text import Text

from dlcore.viz.style import ACTIVATION_COLOR, DELTA_COLOR, EDGE_COLORS, legend_below


@dataclass
class NetworkArtists:
    """Handles on a network diagram drawn by ``draw_network``, for cheap updates.

    An explorer changes widths, colours and texts of these artists; it never re-creates them.

    Attributes
    ----------
    sizes : tuple of int, layer widths from input to output, e.g. (2, 3, 2)
    positions : list of (n_l, 2) arrays, node centres of layer l (x = l, top node first)
    nodes : PathCollection, one marker per node, layer by layer, top to bottom
    edges : list of LineCollection, one per weight matrix W^l of shape (n_{l-1}, n_l); segment
        ``i * n_l + j`` is the connection from node i of layer l-1 to node j of layer l, so
        ``W.ravel()`` lines up with the segments.
    upper_labels, lower_labels : per layer, per node, the Text above and below each node
    max_width : float, line width (points) of the edge whose |value| equals the scale
    """

    sizes: tuple[int, ...]
    positions: list[np.ndarray]
    nodes: PathCollection
    edges: list[LineCollection]
    upper_labels: list[list[Text]]
    lower_labels: list[list[Text]]
    max_width: float

    def artists(self) -> list[Artist]:
        """Every artist that the setters change: the nodes, the edges and the node labels.

        An explorer can mark them ``set_animated(True)`` so only they are redrawn on an update.
        """
        labels = [t for rows in (self.upper_labels, self.lower_labels) for row in rows for t in row]
        return [self.nodes, *self.edges, *labels]

    def _check_per_layer(self, what: str, values, shapes: list[tuple[int, ...]]) -> list:
        values = list(values)
        if len(values) != len(shapes):
            raise ValueError(
                f"draw_network: expected {len(shapes)} arrays of {what}, got {len(values)}"
            )
        checked = []
        for index, (value, shape) in enumerate(zip(values, shapes)):
            value = np.asarray(value, dtype=np.float64)
            if value.shape != shape:
                raise ValueError(
                    f"draw_network: {what} {index} should have shape {shape}, got {value.shape}"
                )
            if not np.all(np.isfinite(value)):
                raise ValueError(f"draw_network: {what} {index} contains NaN or inf")
            checked.append(value)
        return checked

    def set_edge_values(self, matrices, scale: float | None = None) -> None:
        """Edge width proportional to |value|, colour by sign.

        Parameters
        ----------
        matrices : sequence of arrays, one per weight matrix, shape (n_{l-1}, n_l)
            Weights W^l or gradients dL/dW^l.
        scale : float, optional
            The |value| drawn at ``max_width``. Default: the largest |value| of all matrices.
            Pass a fixed scale to compare widths across updates.
        """
        shapes = [(a, b) for a, b in zip(self.sizes[:-1], self.sizes[1:])]
        matrices = self._check_per_layer("edge values", matrices, shapes)
        if scale is None:
            scale = max(float(np.abs(m).max()) for m in matrices) or 1.0
        elif not scale > 0:
            raise ValueError(f"draw_network: scale must be > 0, got {scale}")
        for collection, matrix in zip(self.edges, matrices):
            flat = matrix.ravel()
            collection.set_linewidths(self.max_width * np.abs(flat) / scale)
            collection.set_colors(
                [EDGE_COLORS["positive"] if v >= 0 else EDGE_COLORS["negative"] for v in flat]
            )

    def set_node_values(self, values, scale: float | None = None) -> None:
        """Shade each node from white (0) to full blue (|value| >= scale).

        Parameters
        ----------
        values : sequence of arrays, one per layer, shape (n_l,), e.g. the activations
        scale : float, optional; default the largest |value|
        """
        values = self._check_per_layer("node values", values, [(n,) for n in self.sizes])
        flat = np.abs(np.concatenate(values))
        if scale is None:
            scale = float(flat.max()) or 1.0
        elif not scale > 0:
            raise ValueError(f"draw_network: scale must be > 0, got {scale}")
        shade = np.clip(flat / scale, 0.0, 1.0)[:, None]
        white, blue = np.ones(3), np.array(to_rgb(ACTIVATION_COLOR))
        self.nodes.set_facecolors(
            np.column_stack([white + shade * (blue - white), np.ones(len(flat))])
        )

    def set_labels(self, upper=None, lower=None) -> None:
        """Texts above (``upper``) and below (``lower``) the nodes: per layer, one string per node.

        ``None`` leaves that row of labels unchanged.
        """
        for texts, new in ((self.upper_labels, upper), (self.lower_labels, lower)):
            if new is None:
                continue
            new = list(new)
            if [len(layer) for layer in new] != list(self.sizes):
                raise ValueError(
                    f"draw_network: labels should have {list(self.sizes)} strings per layer, got "
                    f"{[len(layer) for layer in new]}"
                )
            for layer_texts, layer_new in zip(texts, new):
                for text, string in zip(layer_texts, layer_new):
                    text.set_text(string)


def draw_network(
    ax: Axes,
    sizes,
    *,
    layer_names=None,
    max_width: float = 6.0,
    node_size: float = 700.0,
    legend: bool = True,
) -> NetworkArtists:
    """Draw a small MLP as nodes and edges on ``ax``, and return handles to update it cheaply.

    Layer l sits at x = l; its n_l nodes are spaced one unit apart, centred on y = 0. Every
    edge starts with width 1 and the nodes white; set values with the returned
    ``NetworkArtists``. See chapter 03.

    Parameters
    ----------
    ax : matplotlib Axes (its axis lines are turned off)
    sizes : sequence of int, layer widths from input to output, e.g. [2, 3, 2]
    layer_names : sequence of str, optional, one caption per layer, drawn under the columns
    max_width : float, edge width in points at the largest |value|
    node_size : float, marker area in points^2
    legend : bool, add a legend for the edge signs and the two node labels

    Returns
    -------
    NetworkArtists
    """
    sizes = tuple(sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
        raise ValueError(
            f"draw_network: sizes must be at least two positive integers, got {list(sizes)}"
        )
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"draw_network: {len(sizes)} layers but {len(layer_names)} layer names")
    if not max_width > 0:
        raise ValueError(f"draw_network: max_width must be > 0, got {max_width}")
    positions = [
        np.column_stack([np.full(n, float(index)), (n - 1) / 2.0 - np.arange(n)])
        for index, n in enumerate(sizes)
    ]
    edges = []
    for left, right in zip(positions[:-1], positions[1:]):
        segments = [[p, q] for p in left for q in right]  # row-major, like W.ravel()
        edges.append(LineCollection(segments, linewidths=1.0, colors="0.6", zorder=1))
        ax.add_collection(edges[-1])
    centres = np.concatenate(positions)
    nodes = ax.scatter(
        centres[:, 0], centres[:, 1], s=node_size, c="white", edgecolors="0.2", zorder=2
    )
    offset = np.sqrt(node_size) / 2.0 + 2.0  # marker radius in points, plus a gap
    upper, lower = [], []
    for layer in positions:
        upper.append([_node_label(ax, p, offset, ACTIVATION_COLOR, "bottom") for p in layer])
        lower.append([_node_label(ax, p, -offset, DELTA_COLOR, "top") for p in layer])
    widest = max(sizes)
    bottom = -widest / 2.0 - 0.1
    if layer_names is not None:
        for index, name in enumerate(layer_names):
            ax.text(index, bottom, name, ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(bottom - 0.35, widest / 2.0 + 0.1)
    ax.set_axis_off()
    if legend:
        handles = [
            Line2D([], [], color=EDGE_COLORS["positive"], lw=3, label="edge: positive"),
            Line2D([], [], color=EDGE_COLORS["negative"], lw=3, label="edge: negative"),
            Line2D([], [], color=ACTIVATION_COLOR, marker="$a$", ls="", label="activation a"),
            Line2D([], [], color=DELTA_COLOR, marker=r"$\delta$", ls="", label=r"$\delta$ = dL/dz"),
        ]
        legend_below(ax, handles, ncol=4, fontsize=8)
    return NetworkArtists(sizes, positions, nodes, edges, upper, lower, max_width)


def _node_label(ax: Axes, centre: np.ndarray, offset: float, color: str, va: str) -> Text:
    return ax.annotate(
        "",
        xy=tuple(centre),
        xytext=(0.0, offset),
        textcoords="offset points",
        ha="center",
        va=va,
        color=color,
        fontsize=8,
        zorder=3,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
