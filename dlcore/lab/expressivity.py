"""What depth buys: the tent map, linear pieces of 1-D ReLU networks, and how to count them.

A ReLU network from the real line to the real line is continuous and piecewise linear, so the
number of its linear pieces on an interval measures how complex a function it can draw. Width
adds pieces (one hidden layer of m units: at most m + 1), while depth can multiply them: the
tent map T(x) = 2 relu(x) - 4 relu(x - 1/2) composed k times has 2^k pieces on [0, 1] from only
2k ReLU units (Telgarsky, 2016). See chapter 01.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore import activations, models
from dlcore.layers import Dense
from dlcore.nn import Module, Sequential


def _dense(W: np.ndarray, b: np.ndarray) -> Dense:
    """A Dense layer holding the given weights, shape (in, out), and bias, shape (out,)."""
    W, b = np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)
    layer = Dense(W.shape[0], W.shape[1])
    layer.W.data[...] = W
    layer.b.data[...] = b
    return layer


def tent() -> Sequential:
    """The tent map T(x) = 2 relu(x) - 4 relu(x - 1/2) as Dense(1, 2), ReLU, Dense(2, 1).

    On [0, 1], T(x) = 2x for x <= 1/2 and 2 - 2x for x >= 1/2: it maps each half of [0, 1]
    onto all of [0, 1], which is what makes its compositions fold the interval again and again.

    Shapes
    ------
    x (N, 1) -> T(x) (N, 1)
    """
    return Sequential(
        _dense([[1.0, 1.0]], [0.0, -0.5]),  # pre-activations x and x - 1/2
        activations.ReLU(),
        _dense([[2.0], [-4.0]], [0.0]),  # 2 relu(x) - 4 relu(x - 1/2)
    )


def sawtooth(k: int) -> Sequential:
    """T composed with itself k times, T o T o ... o T: 2k ReLU units and 2^k linear pieces on
    [0, 1] (a sawtooth with 2^(k-1) teeth).

    Parameters
    ----------
    k : int, >= 1

    Shapes
    ------
    x (N, 1) -> T(T(...T(x))) (N, 1)
    """
    if int(k) != k or k < 1:
        raise ValueError(f"sawtooth: k must be an integer >= 1, got {k}")
    return Sequential(*(module for _ in range(int(k)) for module in tent()))


def piecewise_linear_net(x_knots: np.ndarray, y_knots: np.ndarray) -> Sequential:
    """A one-hidden-layer ReLU net through the points (x_knots, y_knots), exact on
    [x_knots[0], x_knots[-1]].

    With p = len(x_knots) - 1 pieces of slopes s_0..s_{p-1}, it computes
    f(x) = y_0 + s_0 relu(x - x_0) + sum_{j=1}^{p-1} (s_j - s_{j-1}) relu(x - x_j):
    one hidden unit per piece, so a shallow net pays in width for every piece.

    Parameters
    ----------
    x_knots : ndarray, shape (p + 1,), strictly increasing
    y_knots : ndarray, shape (p + 1,)

    Returns
    -------
    Sequential: Dense(1, p), ReLU, Dense(p, 1)
    """
    x_knots = np.asarray(x_knots, dtype=np.float64)
    y_knots = np.asarray(y_knots, dtype=np.float64)
    if x_knots.ndim != 1 or x_knots.shape != y_knots.shape or len(x_knots) < 2:
        raise ValueError(
            "piecewise_linear_net: x_knots and y_knots must be 1-D of the same length >= 2, "
            f"got shapes {x_knots.shape} and {y_knots.shape}"
        )
    if np.any(np.diff(x_knots) <= 0):
        raise ValueError("piecewise_linear_net: x_knots must be strictly increasing")
    slopes = np.diff(y_knots) / np.diff(x_knots)
    p = len(slopes)
    return Sequential(
        _dense(np.ones((1, p)), -x_knots[:-1]),  # unit j switches on at x_j
        activations.ReLU(),
        _dense(np.diff(slopes, prepend=0.0)[:, None], [y_knots[0]]),  # change of slope at x_j
    )


def random_net(
    depth: int,
    width: int,
    activation: str = "relu",
    *,
    weight_scale: float = 1.0,
    bias_std: float = 1.0,
    rng: np.random.Generator,
) -> Sequential:
    """A random network from R to R: ``depth`` hidden layers of ``width`` units.

    Weights are He-initialised (std sqrt(2 / fan_in)) and then multiplied by ``weight_scale``;
    biases are drawn from N(0, bias_std^2). Without biases a ReLU net on a line is positively
    homogeneous, f(a x) = a f(x) for a > 0, so all its kinks would sit at x = 0.

    Parameters
    ----------
    depth, width : int, >= 1 (``depth * width`` hidden units in all)
    activation : str, name in ``dlcore.activations.ACTIVATIONS``
    weight_scale, bias_std : float, >= 0
    rng : np.random.Generator

    Shapes
    ------
    x (N, 1) -> f(x) (N, 1)
    """
    if depth < 1 or width < 1:
        raise ValueError(f"random_net: depth and width must be >= 1, got {depth} and {width}")
    if weight_scale < 0 or bias_std < 0:
        raise ValueError(
            f"random_net: weight_scale and bias_std must be >= 0, got {weight_scale}, {bias_std}"
        )
    net = models.mlp([1] + [width] * depth + [1], activation, bias_std=bias_std, rng=rng)
    for module in net:
        if isinstance(module, Dense):
            module.W.data *= weight_scale
    return net


def _significant(jumps: np.ndarray, scale: float, floor: float) -> np.ndarray:
    """Which slope jumps exceed the larger of a relative threshold and a round-off floor."""
    return np.abs(jumps) > max(1e-9 * scale, floor)


def count_linear_pieces(f: Callable[[np.ndarray], np.ndarray], x_grid: np.ndarray) -> int:
    """Number of linear pieces of a 1-D function, counted from its values on a grid.

    Slopes between neighbouring grid points are compared in float64; a jump in slope counts as
    a kink only above a threshold that sits far above round-off, scaled by the largest slope
    and by eps * max|f| / (smallest spacing). A kink strictly inside a grid interval changes
    the slope twice in a row (into and out of the interval that straddles it), so runs of
    consecutive jumps count as one kink. Kinks closer than about two grid spacings merge, so on
    too coarse a grid the count is a lower bound. Meant for piecewise-linear f: on a smooth
    curve almost every interval bends and the count means nothing (see count_monotone_pieces).

    Parameters
    ----------
    f : callable, maps x of shape (N, 1) to values of shape (N, 1) or (N,) (a dlcore Module works)
    x_grid : ndarray, shape (N,), strictly increasing, N >= 3

    Returns
    -------
    int, 1 + the number of kinks (a straight line has 1 piece)
    """
    x = np.asarray(x_grid, dtype=np.float64)
    if x.ndim != 1 or len(x) < 3 or np.any(np.diff(x) <= 0):
        raise ValueError("count_linear_pieces: x_grid must be 1-D, strictly increasing, N >= 3")
    y = np.asarray(f(x[:, None]), dtype=np.float64)
    if y.size != len(x):
        raise ValueError(
            f"count_linear_pieces: f must return one value per grid point ({len(x)}), got "
            f"shape {y.shape}"
        )
    y = y.reshape(-1)
    if not np.all(np.isfinite(y)):
        raise ValueError("count_linear_pieces: f returned NaN or inf on the grid")
    h = np.diff(x)
    slopes = np.diff(y) / h
    floor = 1e4 * np.finfo(np.float64).eps * np.abs(y).max() / h.min()
    kinked = _significant(np.diff(slopes), np.abs(slopes).max(), floor)
    # a run of consecutive jumps starts wherever a jump follows a non-jump
    starts = kinked & ~np.concatenate([[False], kinked[:-1]])
    return 1 + int(starts.sum())


def count_monotone_pieces(y: np.ndarray) -> int:
    """Number of maximal increasing or decreasing stretches of sampled values ``y``.

    Defined for any activation, smooth or not: it counts the turns of the curve (changes of the
    sign of its slope), ignoring flat stretches and wiggles at round-off level.

    Parameters
    ----------
    y : ndarray, shape (N,), values on an increasing grid

    Returns
    -------
    int, >= 1
    """
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    steps = np.diff(y)
    tol = 1e4 * np.finfo(np.float64).eps * max(np.abs(y).max(), 1e-300)  # round-off level
    signs = np.sign(steps[np.abs(steps) > tol])
    return 1 + int(np.count_nonzero(signs[1:] != signs[:-1]))


class KnotTracker:
    """The exact state of a 1-D network along [lo, hi], layer after layer, without sampling.

    Between two consecutive knots every unit of a network made of Dense and ReLU layers is affine
    in x, so its values at the knots and its slopes on the segments describe it exactly. A Dense
    layer maps values and slopes linearly. A ReLU adds a knot wherever a unit changes sign
    between two knots (where the line through them crosses zero), then zeroes the values and
    slopes of the units that are off. ``apply`` returns a new tracker, so the state after a
    prefix of a network can be reused for several continuations.

    Parameters
    ----------
    lo, hi : float, lo < hi

    Attributes
    ----------
    x : ndarray, shape (K,), the knots, sorted, from lo to hi
    values : ndarray, shape (K, n), every unit's value at every knot (n = current width)
    slopes : ndarray, shape (K - 1, n), every unit's slope dx on every segment
    """

    def __init__(self, lo: float, hi: float):
        if not lo < hi:
            raise ValueError(f"KnotTracker: need lo < hi, got {lo} and {hi}")
        self.lo, self.hi = float(lo), float(hi)
        self.x = np.array([lo, hi], dtype=np.float64)
        self.values = self.x[:, None]  # the input unit is x itself, slope 1
        self.slopes = np.ones((1, 1))

    def _with(self, x: np.ndarray, values: np.ndarray, slopes: np.ndarray) -> KnotTracker:
        new = object.__new__(KnotTracker)
        new.lo, new.hi, new.x, new.values, new.slopes = self.lo, self.hi, x, values, slopes
        return new

    def apply(self, module: Module) -> KnotTracker:
        """The state after ``module`` (Dense, ReLU, Identity, or a Sequential of them)."""
        if isinstance(module, Sequential):
            state = self
            for inner in module:
                state = state.apply(inner)
            return state
        if isinstance(module, Dense):
            bias = 0.0 if module.b is None else module.b.data
            return self._with(
                self.x, self.values @ module.W.data + bias, self.slopes @ module.W.data
            )
        if isinstance(module, activations.ReLU):
            return self._relu()
        if isinstance(module, activations.Identity):
            return self
        raise ValueError(
            f"KnotTracker: only Dense, ReLU and Identity layers are piecewise linear, "
            f"got {module!r}"
        )

    def _relu(self) -> KnotTracker:
        x, values, slopes = self.x, self.values, self.slopes
        left, right = values[:-1], values[1:]
        segment, unit = np.nonzero(left * right < 0)  # strict sign change inside a segment
        t = left[segment, unit] / (left[segment, unit] - right[segment, unit])
        crossings = x[segment] + t * (x[segment + 1] - x[segment])
        new_x = np.unique(np.concatenate([x, crossings]))
        # knots closer than round-off would make segments on which no sign is reliable
        new_x = new_x[np.concatenate([[True], np.diff(new_x) > 1e-12 * (self.hi - self.lo)])]
        new_x[-1] = self.hi
        # every new knot and segment lies in an old segment, where each unit is affine
        old = np.clip(np.searchsorted(x, new_x, side="right") - 1, 0, len(x) - 2)
        values = values[old] + (new_x - x[old])[:, None] * slopes[old]
        middle = 0.5 * (new_x[:-1] + new_x[1:])
        slopes = slopes[np.clip(np.searchsorted(x, middle, side="right") - 1, 0, len(x) - 2)]
        on = (values[:-1] + values[1:]) > 0  # a unit no longer changes sign inside a segment
        return self._with(new_x, np.maximum(values, 0.0), slopes * on)

    def graph(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The exact graph of a 1-output network: knots x (K,), outputs y (K,), kinks (J,).

        The kinks are the knots where the output's slope really changes (a unit can switch
        without bending the output, e.g. when every path from it is switched off). Slopes are
        carried through the layers rather than differenced, so a jump counts as soon as it
        exceeds 1e-9 times the largest slope.
        """
        if self.values.shape[1] != 1:
            raise ValueError(f"KnotTracker: graph needs 1 output, got {self.values.shape[1]}")
        slopes = self.slopes[:, 0]
        kinked = _significant(np.diff(slopes), np.abs(slopes).max(), 0.0)
        return self.x, self.values[:, 0], self.x[1:-1][kinked]


def relu_net_graph(
    model: Module, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact graph on [lo, hi] of a 1-D network made of Dense and ReLU layers.

    Joining the returned points with straight lines draws the network's function exactly; the
    kinks are where it bends. See ``KnotTracker`` for how the knots are found.

    Parameters
    ----------
    model : Sequential (or a single Module) of Dense, ReLU and Identity layers, 1 input, 1 output
    lo, hi : float, lo < hi

    Returns
    -------
    x : ndarray, shape (K,), the knots, sorted, from lo to hi
    y : ndarray, shape (K,), the network's output at the knots
    kinks : ndarray, shape (J,), the knots inside (lo, hi) where the slope changes
    """
    return KnotTracker(lo, hi).apply(model).graph()


def relu_net_breakpoints(model: Module, lo: float, hi: float) -> np.ndarray:
    """The exact kinks in (lo, hi) of a 1-D ReLU network; it has ``len(kinks) + 1`` pieces there.

    Takes the same arguments as ``relu_net_graph`` and returns its ``kinks``: an ndarray of shape
    (J,), the sorted x positions of the kinks.
    """
    return relu_net_graph(model, lo, hi)[2]
