"""Non-convex and classic test surfaces: a tilted double well, a two-parameter logistic
regression, Rosenbrock, a saddle and Beale; ``LANDSCAPES`` names each at its defaults.

See chapters 10, 21 and 22.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore.lab.landscapes.base import Landscape
from dlcore.lab.landscapes.quadratics import ill_conditioned

# ---------------------------------------------------------------------------------------------
# Non-convex and classic test functions.


class DoubleWell(Landscape):
    """L(w) = (w1^2 - 1)^2 + tilt * w1 + w2^2: two valleys along w1 joined over a saddle.

    With tilt > 0 the left minimum (w1 near -1) is the global one and the right minimum is only
    local. ``stationary_points()`` lists all three stationary points. See chapter 10.
    """

    extent = (-2.0, 2.0, -1.6, 1.6)

    def __init__(self, tilt: float = 0.3):
        # 4 w (w^2 - 1) + tilt has three real roots only for |tilt| < 8 / (3 sqrt 3)
        if abs(tilt) >= 8.0 / (3.0 * np.sqrt(3.0)):
            raise ValueError(f"double_well: |tilt| must be < 1.54 for two wells, got {tilt}")
        self.tilt = tilt
        self.name = f"double well (tilt={tilt:g})"
        points = self.stationary_points()
        best = min((p for p, kind in points if kind == "minimum"), key=self.value)
        self.minimum = best

    def _value(self, w1, w2):
        return (w1 * w1 - 1.0) ** 2 + self.tilt * w1 + w2 * w2

    def _grad(self, w1, w2):
        return 4.0 * w1 * (w1 * w1 - 1.0) + self.tilt, 2.0 * w2

    def stationary_points(self) -> list[tuple[np.ndarray, str]]:
        """[(w, "minimum" | "saddle"), ...] sorted by w1: where the gradient is zero.

        dL/dw2 = 0 forces w2 = 0; dL/dw1 = 4 w1^3 - 4 w1 + tilt = 0 has three roots. The curvature
        along w1 is 12 w1^2 - 4 (along w2 it is 2), which says minimum or saddle.
        """
        roots = np.sort(np.roots([4.0, 0.0, -4.0, self.tilt]).real)
        # one Newton step polishes the roots to full float64 precision
        roots = roots - (4 * roots**3 - 4 * roots + self.tilt) / (12 * roots**2 - 4)
        return [(np.array([r, 0.0]), "minimum" if 12 * r * r - 4 > 0 else "saddle") for r in roots]


def double_well(tilt: float = 0.3) -> DoubleWell:
    """See ``DoubleWell``. See chapter 10."""
    return DoubleWell(tilt)


class Logistic2Param(Landscape):
    """Mean binary cross-entropy of logistic regression p = sigmoid(w1 x + w2) on fixed 1-D data.

    w1 is the slope and w2 the intercept. The data overlap (not separable), so the minimum is
    finite; the loss is convex. L = mean(softplus(z) - y z), dL/dw = mean((sigmoid(z) - y) [x, 1]).
    See chapter 10 (and chapter 9 for the loss).
    """

    name = "logistic regression, 2 parameters"
    extent = (-2.0, 6.0, -4.0, 4.0)
    x = np.array([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5])
    y = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])

    def _logits(self, w1, w2):
        return np.asarray(w1)[..., None] * self.x + np.asarray(w2)[..., None]

    def _value(self, w1, w2):
        z = self._logits(w1, w2)
        softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))  # log(1 + e^z), stable
        return np.mean(softplus - self.y * z, axis=-1)

    def _grad(self, w1, w2):
        z = self._logits(w1, w2)
        e = np.exp(-np.abs(z))
        residual = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)) - self.y  # sigmoid(z) - y
        return np.mean(residual * self.x, axis=-1), np.mean(residual, axis=-1)


def logistic_2param() -> Logistic2Param:
    """See ``Logistic2Param``. See chapter 10."""
    return Logistic2Param()


class Rosenbrock(Landscape):
    """L(w) = (a - w1)^2 + b (w2 - w1^2)^2: a curved, narrow valley; minimum 0 at (a, a^2)."""

    extent = (-2.0, 2.0, -1.0, 3.0)

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a, self.b = a, b
        self.name = f"Rosenbrock (a={a:g}, b={b:g})"
        self.minimum = np.array([a, a * a])

    def _value(self, w1, w2):
        return (self.a - w1) ** 2 + self.b * (w2 - w1 * w1) ** 2

    def _grad(self, w1, w2):
        inner = w2 - w1 * w1
        return -2.0 * (self.a - w1) - 4.0 * self.b * w1 * inner, 2.0 * self.b * inner


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Rosenbrock:
    """See ``Rosenbrock``. See chapter 22."""
    return Rosenbrock(a, b)


class Saddle(Landscape):
    """L(w) = (a w1^2 - b w2^2) / 2: a stationary point at 0 that is not a minimum (unbounded
    below along w2)."""

    def __init__(self, a: float = 1.0, b: float = 1.0):
        if a <= 0 or b <= 0:
            raise ValueError(f"saddle: a and b must be > 0, got {a}, {b}")
        self.a, self.b = a, b
        self.name = f"saddle (a={a:g}, b={b:g})"

    def _value(self, w1, w2):
        return 0.5 * (self.a * w1 * w1 - self.b * w2 * w2)

    def _grad(self, w1, w2):
        return self.a * w1, -self.b * w2


def saddle(a: float = 1.0, b: float = 1.0) -> Saddle:
    """See ``Saddle``. See chapter 22."""
    return Saddle(a, b)


class Beale(Landscape):
    """Beale's function, sum_k (c_k - w1 + w1 w2^k)^2 for c = (1.5, 2.25, 2.625), k = 1, 2, 3.

    Flat plateaus and steep walls; minimum 0 at (3, 0.5)."""

    name = "Beale"
    extent = (-4.5, 4.5, -4.5, 4.5)
    minimum = np.array([3.0, 0.5])
    c = (1.5, 2.25, 2.625)

    def _value(self, w1, w2):
        return sum((ck - w1 + w1 * w2**k) ** 2 for k, ck in enumerate(self.c, start=1))

    def _grad(self, w1, w2):
        g1 = g2 = 0.0
        for k, ck in enumerate(self.c, start=1):
            r = ck - w1 + w1 * w2**k
            g1 = g1 + 2.0 * r * (w2**k - 1.0)
            g2 = g2 + 2.0 * r * k * w1 * w2 ** (k - 1)
        return g1, g2


def beale() -> Beale:
    """See ``Beale``. See chapter 22."""
    return Beale()


LANDSCAPES: dict[str, Callable[[], Landscape]] = {
    "quadratic": lambda: ill_conditioned(10.0, np.pi / 6),
    "double_well": double_well,
    "logistic_2param": logistic_2param,
    "rosenbrock": rosenbrock,
    "saddle": saddle,
    "beale": beale,
}
"""Each landscape at its default settings, by name: for tests, widgets and tables."""
