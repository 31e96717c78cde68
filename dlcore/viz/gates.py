"""LSTM gate traces: the input, forget and output gates, the candidate, the cell and the hidden
state of one unit over time, drawn on two axes (gates in (0, 1); values and states).

``plot_gate_traces`` draws them once and returns the lines; ``update_gate_traces`` moves the same
lines to another trace (an explorer redraws without re-creating anything). A trace is anything
with attributes ``i, f, g, o, c, h`` of shape (N, T, H), e.g. ``dlcore.layers.GateTrace``.
See chapter 38.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

GATE_NAMES = ("i", "f", "o", "g", "c", "h")
GATE_LABELS = {
    "i": "input gate i",
    "f": "forget gate f",
    "o": "output gate o",
    "g": "candidate g",
    "c": "cell state c",
    "h": "hidden state h",
}
GATE_COLORS = {
    "i": "#2ca02c",
    "f": "#1f77b4",
    "o": "#ff7f0e",
    "g": "#9467bd",
    "c": "#d62728",
    "h": "#17becf",
}


def _series(trace, name: str, sample: int, unit: int) -> np.ndarray:
    values = getattr(trace, name)
    if values.ndim != 3:
        raise ValueError(
            f"plot_gate_traces: expected trace.{name} of shape (N, T, H), got {values.shape}"
        )
    return values[sample, :, unit]


def plot_gate_traces(
    axes: tuple[Axes, Axes],
    trace,
    *,
    sample: int = 0,
    unit: int = 0,
    legend_loc: tuple[str, str] = ("center left", "lower left"),
) -> dict[str, Line2D]:
    """Draw one unit's gates (left/top axes) and candidate, cell and hidden state (other axes).

    Parameters
    ----------
    axes : (ax_gates, ax_states)
        ``ax_gates`` gets i, f, o (in (0, 1)); ``ax_states`` gets g, c, h.
    trace : object with ``i, f, g, o, c, h`` arrays of shape (N, T, H)
    sample, unit : int
        Which sequence of the batch and which hidden unit to draw.
    legend_loc : (str, str)
        Legend positions on the two axes; fixed, because matplotlib's "best" is slow to redraw.

    Returns
    -------
    dict name -> Line2D, for ``update_gate_traces``. See chapter 38.
    """
    ax_gates, ax_states = axes
    steps = np.arange(trace.h.shape[1])
    lines = {}
    for name in GATE_NAMES:
        ax = ax_gates if name in "ifo" else ax_states
        style = "--" if name == "g" else "-"
        (lines[name],) = ax.plot(
            steps,
            _series(trace, name, sample, unit),
            style,
            color=GATE_COLORS[name],
            label=GATE_LABELS[name],
            marker=".",
            markersize=4,
        )
    ax_gates.set_ylim(-0.05, 1.05)
    ax_gates.set_ylabel("gate value (0 = closed, 1 = open)")
    ax_states.set_ylabel("value")
    for ax, loc in zip(axes, legend_loc):
        ax.set_xlabel("time step t")
        ax.legend(loc=loc, fontsize=8)
        ax.grid(alpha=0.3)
    return lines


def update_gate_traces(lines: dict[str, Line2D], trace, *, sample: int = 0, unit: int = 0):
    """Point the lines of ``plot_gate_traces`` at another trace of the same length.

    The y-limits of the states axes are not changed; set them for the range the caller expects.
    See chapter 38.
    """
    for name, line in lines.items():
        line.set_ydata(_series(trace, name, sample, unit))
    return lines
