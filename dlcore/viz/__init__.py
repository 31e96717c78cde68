"""Plotting helpers shared by the chapters, one module per kind of picture.

- ``regions``: decision regions of a 2-D classifier and training curves (chapters 02, 03);
- ``network``: the network diagram with activations and deltas (chapter 03);
- ``graph``, ``graph_switcher``: the computational graph of a scalar expression (chapter 08);
- ``warp``: the image of a square grid under a map of the plane (chapter 27);
- ``style``: the book's colours and the legend under a diagram.

Every public name is importable from ``dlcore.viz`` itself, e.g. ``dlcore.viz.draw_network``.
See chapter 02.
"""

from dlcore.viz.curves import plot_learning_curves
from dlcore.viz.feature_maps import feature_map_grid, plot_feature_maps  # ch 07
from dlcore.viz.gates import GATE_NAMES, plot_gate_traces, update_gate_traces  # ch 38
from dlcore.viz.graph import GRAPH_LEAF_COLOR, GRAPH_OP_NAMES, GraphArtists, draw_graph
from dlcore.viz.graph_switcher import GraphSwitcher
from dlcore.viz.network import NetworkArtists, draw_network
from dlcore.viz.regions import decision_grid, grid_points, plot_decision_regions, plot_history
from dlcore.viz.style import (
    ACTIVATION_COLOR,
    CLASS_COLORS,
    DELTA_COLOR,
    EDGE_COLORS,
    REGION_COLORS,
    legend_below,
)
from dlcore.viz.warp import GRID_COLORS, WarpedGrid, warp_grid

__all__ = [
    "ACTIVATION_COLOR",
    "CLASS_COLORS",
    "DELTA_COLOR",
    "EDGE_COLORS",
    "GRAPH_LEAF_COLOR",
    "GRAPH_OP_NAMES",
    "GRID_COLORS",
    "REGION_COLORS",
    "GraphArtists",
    "GraphSwitcher",
    "NetworkArtists",
    "WarpedGrid",
    "decision_grid",
    "draw_graph",
    "draw_network",
    "grid_points",
    "legend_below",
    "plot_decision_regions",
    "plot_history",
    "plot_learning_curves",
    "warp_grid",
]
__all__ += ["GATE_NAMES", "plot_gate_traces", "update_gate_traces"]  # chapter 38
__all__ += ["feature_map_grid", "plot_feature_maps"]  # chapter 07
