"""Plotting helpers shared by the chapters: decision regions (imshow, fast), training curves and
small network diagrams.

See chapters 02, 03, 08 and 27.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.lines import Line2D
from matplotlib.text import Text

# One colour per class, light for regions and strong for points, used everywhere in the book.
CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
REGION_COLORS = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb"]


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


# The network diagram: edge colour shows the sign of a weight (or gradient), node shading and the
# blue label show activations, the red label shows delta = dL/dz.
EDGE_COLORS = {"positive": "#2ca02c", "negative": "#9467bd"}
ACTIVATION_COLOR = "#1f77b4"
DELTA_COLOR = "#d62728"


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
        _legend_below(ax, handles, ncol=4, fontsize=8)
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
# of the network diagram. Positions are in axes coordinates, so several graphs can share one axes
# (an explorer shows one at a time) and the axes limits never change.
GRAPH_OP_NAMES = {"*": "×", "+": "+", "-": "−", "/": "÷", "neg": "−v"}
GRAPH_LEAF_COLOR = "#e8e8e8"


@dataclass
class GraphArtists:
    """Handles on a computational graph drawn by ``draw_graph``, for cheap updates.

    Attributes
    ----------
    nodes : list of Value, in topological order (leaves first, the drawn output last)
    positions : (n, 2) array, node centres in axes coordinates (0 to 1)
    layers : (n,) int array, the column of each node (leaves sit just left of their first use)
    edge_index : list of (parent, child) positions in ``nodes``, one per operand
    markers : PathCollection, one circle per node
    names : list of Text, the operation (or a leaf's label) inside each node
    values : list of Text, the forward value above each node
    grads : list of Text, the adjoint below each node
    edges : list of FancyArrowPatch, aligned with ``edge_index``
    fmt : str, format of the numbers, e.g. "{:.3g}"
    """

    nodes: list
    positions: np.ndarray
    layers: np.ndarray
    edge_index: list[tuple[int, int]]
    markers: PathCollection
    names: list[Text]
    values: list[Text]
    grads: list[Text]
    edges: list
    fmt: str

    def artists(self) -> list[Artist]:
        """Every artist of the drawing; an explorer may mark them ``set_animated(True)``."""
        return [*self.edges, self.markers, *self.names, *self.values, *self.grads]

    def set_visible(self, visible: bool) -> None:
        for artist in self.artists():
            artist.set_visible(visible)

    def set_root(self, root) -> None:
        """Show the values and adjoints of ``root``'s graph, which must have the same structure.

        Call ``root.backward()`` first for the adjoints. Only texts change, nothing moves.
        """
        from dlcore.autodiff import topo_sort

        nodes = topo_sort(root)
        if _graph_structure(nodes) != _graph_structure(self.nodes):
            raise ValueError(
                f"draw_graph: set_root needs a graph of the same shape ({len(self.nodes)} nodes, "
                f"the same operations); got {len(nodes)} nodes: draw the new graph instead"
            )
        self.nodes = nodes
        self._write_labels()

    def _write_labels(self) -> None:
        for node, name, value, grad in zip(self.nodes, self.names, self.values, self.grads):
            name.set_text(_graph_node_name(node))
            value.set_text(self.fmt.format(node.data + 0.0))  # + 0.0 turns -0.0 into 0.0
            grad.set_text(self.fmt.format(node.grad + 0.0))
            grad.set_color(DELTA_COLOR if node.grad != 0.0 else "0.55")


def draw_graph(
    ax: Axes,
    root,
    *,
    fmt: str = "{:.3g}",
    node_size: float = 650.0,
    fontsize: float = 8.0,
    max_nodes: int = 40,
    legend: bool = True,
) -> GraphArtists:
    """Draw the computational graph that ends in ``root`` (a ``dlcore.autodiff.Value``).

    Columns follow the order of computation from left to right; each node shows its operation
    (or a leaf's label), its forward value above (blue) and its adjoint ``grad`` below (red,
    grey when exactly zero). Call ``root.backward()`` before drawing to see the adjoints. See
    chapter 08.

    Parameters
    ----------
    ax : matplotlib Axes (its axis lines are turned off; limits fixed to 0..1)
    root : Value, the output of the graph
    fmt : str, format of the numbers
    node_size : float, marker area in points^2
    fontsize : float
    max_nodes : int, larger graphs raise ValueError (they would not be legible)
    legend : bool, explain the two labels under the graph

    Returns
    -------
    GraphArtists, whose ``set_root`` shows new values on the same drawing.
    """
    from matplotlib.patches import FancyArrowPatch

    from dlcore.autodiff import topo_sort

    nodes = topo_sort(root)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"draw_graph: the graph has {len(nodes)} nodes, more than max_nodes={max_nodes}; "
            f"draw a smaller expression"
        )
    if not node_size > 0:
        raise ValueError(f"draw_graph: node_size must be > 0, got {node_size}")
    try:
        fmt.format(0.5)  # fail here, not in the middle of drawing, on a bad format
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(f"draw_graph: fmt={fmt!r} cannot format a float ({error})") from None
    layers, positions, edge_index = _graph_layout(nodes)
    transform = ax.transAxes
    is_leaf = np.array([not node.parents for node in nodes])
    markers = ax.scatter(
        positions[:, 0],
        positions[:, 1],
        s=node_size,
        c=[GRAPH_LEAF_COLOR if leaf else "white" for leaf in is_leaf],
        edgecolors="0.25",
        linewidths=1.0,
        transform=transform,
        zorder=2,
        clip_on=False,
    )
    radius = np.sqrt(node_size) / 2.0  # in points
    edges, seen = [], set()
    for parent, child in edge_index:
        (x0, y0), (x1, y1) = positions[parent], positions[child]
        # a long edge bends around the columns it crosses; a repeated operand (x * x) bends away
        bend = 0.25 if layers[child] - layers[parent] > 1 else 0.0
        if (parent, child) in seen:
            bend = 0.5
        seen.add((parent, child))
        arrow = FancyArrowPatch(
            (x0, y0),
            (x1, y1),
            transform=transform,
            arrowstyle="-|>",
            mutation_scale=9,
            shrinkA=radius + 1.0,
            shrinkB=radius + 1.0,
            connectionstyle=f"arc3,rad={bend}",
            color="0.5",
            lw=1.0,
            zorder=1,
        )
        ax.add_patch(arrow)
        edges.append(arrow)
    names, values, grads = [], [], []
    for x, y in positions:
        names.append(
            ax.text(
                x, y, "", transform=transform, ha="center", va="center", fontsize=fontsize, zorder=3
            )
        )
        for texts, offset, color, va in (
            (values, radius + 1.0, ACTIVATION_COLOR, "bottom"),
            (grads, -radius - 1.0, DELTA_COLOR, "top"),
        ):
            texts.append(
                ax.annotate(
                    "",
                    xy=(x, y),
                    xycoords="axes fraction",
                    xytext=(0.0, offset),
                    textcoords="offset points",
                    ha="center",
                    va=va,
                    color=color,
                    fontsize=fontsize,
                    zorder=3,
                )
            )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_axis_off()
    if legend:
        handles = [
            Line2D(
                [], [], color=ACTIVATION_COLOR, marker="$v$", ls="", label="forward value v (above)"
            ),
            Line2D([], [], color=DELTA_COLOR, marker="$g$", ls="", label="adjoint dL/dv (below)"),
            Line2D(
                [],
                [],
                marker="o",
                ms=8,
                ls="",
                mfc=GRAPH_LEAF_COLOR,
                mec="0.25",
                label="leaf: input, parameter or constant",
            ),
        ]
        _legend_below(ax, handles, ncol=3, fontsize=fontsize)
    art = GraphArtists(
        nodes, positions, layers, edge_index, markers, names, values, grads, edges, fmt
    )
    art._write_labels()
    return art


def _graph_node_name(node) -> str:
    if node.parents:
        return GRAPH_OP_NAMES.get(node.op, node.op)
    return node.label or "leaf"


def _graph_structure(nodes) -> list[tuple]:
    """Operation and operand positions of each node: what must match for ``set_root``."""
    position = {id(node): k for k, node in enumerate(nodes)}
    return [(node.op, tuple(position[id(p)] for p in node.parents)) for node in nodes]


def _graph_layout(nodes) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Columns (longest path from a leaf), rows (ordered by the neighbours' mean height) and
    the edges (parent, child) of a graph given in topological order."""
    n = len(nodes)
    position = {id(node): k for k, node in enumerate(nodes)}
    edge_index = [(position[id(p)], k) for k, node in enumerate(nodes) for p in node.parents]
    children = [[] for _ in range(n)]
    for parent, child in edge_index:
        children[parent].append(child)
    layers = np.zeros(n, dtype=int)
    for k, node in enumerate(nodes):
        if node.parents:
            layers[k] = 1 + max(layers[position[id(p)]] for p in node.parents)
    for k, node in enumerate(nodes):  # a leaf sits one column before its first use
        if not node.parents and children[k]:
            layers[k] = min(layers[c] for c in children[k]) - 1
    n_layers = int(layers.max()) + 1
    columns = [[k for k in range(n) if layers[k] == c] for c in range(n_layers)]
    tallest = max(len(column) for column in columns)
    step = 0.84 / max(tallest - 1, 1) if tallest > 1 else 0.0
    step = min(step, 0.34)
    y = np.zeros(n)

    def place(column):
        for rank, k in enumerate(column):
            y[k] = 0.5 + step * ((len(column) - 1) / 2.0 - rank)

    for column in columns:
        place(column)
    neighbours = [[p for p, c in edge_index if c == k] + children[k] for k in range(n)]
    for _ in range(3):  # barycentre sweeps: fewer crossings
        for column in columns:
            column.sort(
                key=lambda k: -np.mean([y[j] for j in neighbours[k]]) if neighbours[k] else 0
            )
            place(column)
    margin = 0.05
    x = margin + (1.0 - 2 * margin) * (layers / max(n_layers - 1, 1))
    if n_layers == 1:
        x = np.full(n, 0.5)
    return layers, np.column_stack([x, y]), edge_index


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


def _legend_below(ax: Axes, handles: list, ncol: int, fontsize: float) -> None:
    """A frameless legend centred under the axes, for the diagrams (network, graph)."""
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=ncol,
        frameon=False,
        fontsize=fontsize,
        handlelength=1.5,
    )
