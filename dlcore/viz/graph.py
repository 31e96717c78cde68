"""The computational graph of a scalar ``dlcore.autodiff.Value``: operations in columns, forward
values above each node and adjoints below.

See chapter 08.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from dlcore.autodiff import topo_sort
from dlcore.viz.style import ACTIVATION_COLOR, DELTA_COLOR, legend_below

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
        legend_below(ax, handles, ncol=3, fontsize=fontsize)
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
