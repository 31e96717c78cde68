"""The book's colours and the legend placed under a diagram, shared by every kind of picture.

One colour per class (light for regions, strong for points), the edge colours of the network
diagram, and blue for forward values (activations) against red for backward ones (delta, adjoints).
See chapters 02 and 03.
"""

from __future__ import annotations

from matplotlib.axes import Axes

# One colour per class, light for regions and strong for points, used everywhere in the book.
CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
REGION_COLORS = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb"]


# The network diagram: edge colour shows the sign of a weight (or gradient), node shading and the
# blue label show activations, the red label shows delta = dL/dz.
EDGE_COLORS = {"positive": "#2ca02c", "negative": "#9467bd"}
ACTIVATION_COLOR = "#1f77b4"
DELTA_COLOR = "#d62728"


def legend_below(ax: Axes, handles: list, ncol: int, fontsize: float) -> None:
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
