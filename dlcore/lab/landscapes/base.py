"""Two-parameter loss landscapes with analytic values and gradients, and a runner for optimizers.

Every landscape is an object with ``value(w)`` and ``grad(w)``. Both accept one point, ``w`` of
shape (2,), or any stack of points, shape (..., 2), such as a grid for a contour plot:
``value`` returns shape (...) (a float for one point) and ``grad`` returns shape (..., 2).
``run_2d`` drives any ``dlcore.optim`` optimizer over a landscape and records the path.

See chapters 10 (gradients, double well, logistic regression) and 16 (quadratics, learning rate);
the optimizer chapters (21, 22, 23) use the other landscapes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlcore.nn import Parameter
from dlcore.optim import Optimizer


def _as_points(name: str, w) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 0 or w.shape[-1] != 2:
        raise ValueError(f"{name}: expected w of shape (2,) or (..., 2), got {w.shape}")
    return w


class Landscape:
    """A loss surface L(w) over w = (w1, w2).

    Subclasses implement ``_value(w1, w2)`` and ``_grad(w1, w2)`` on broadcast arrays.

    Attributes
    ----------
    name : str
    minimum : ndarray (2,) or None
        The global minimiser, where it is known in closed form.
    extent : tuple (w1_min, w1_max, w2_min, w2_max)
        A window that shows the interesting part, for plots.
    """

    name = "landscape"
    minimum: np.ndarray | None = None
    extent = (-2.0, 2.0, -2.0, 2.0)

    def value(self, w) -> float | np.ndarray:
        """L(w): w of shape (2,) gives a float, shape (..., 2) gives shape (...)."""
        w = _as_points(f"{self.name}.value", w)
        out = self._value(w[..., 0], w[..., 1])
        return float(out) if w.ndim == 1 else out

    def grad(self, w) -> np.ndarray:
        """dL/dw, same shape as w: (2,) or (..., 2)."""
        w = _as_points(f"{self.name}.grad", w)
        g1, g2 = self._grad(w[..., 0], w[..., 1])
        return np.stack(np.broadcast_arrays(g1, g2), axis=-1)

    def __call__(self, w):
        return self.value(w)

    def grid(self, resolution: int = 200, extent=None) -> tuple[np.ndarray, np.ndarray]:
        """Values on a grid for imshow: returns (Z of shape (resolution, resolution), extent).

        Row 0 is at w2_min, so use ``imshow(Z, origin="lower", extent=extent)``.
        """
        extent = self.extent if extent is None else extent
        w1 = np.linspace(extent[0], extent[1], resolution)
        w2 = np.linspace(extent[2], extent[3], resolution)
        points = np.stack(np.meshgrid(w1, w2), axis=-1)
        return self.value(points), extent

    def _value(self, w1, w2):
        raise NotImplementedError

    def _grad(self, w1, w2):
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name})"


# ---------------------------------------------------------------------------------------------
# Quadratics: L(w) = 1/2 (w - c)^T H (w - c). Gradient descent on them is solved in closed form
# (chapter 16): the error e = w - c evolves as e_{t+1} = (I - lr H) e_t.


def rotation(angle: float) -> np.ndarray:
    """The 2x2 rotation by ``angle`` radians (counter-clockwise)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def hessian_from_eigenvalues(eigenvalues, angle: float = 0.0) -> np.ndarray:
    """H = R diag(eigenvalues) R^T: a symmetric 2x2 matrix whose first eigenvector points at
    ``angle`` radians from the w1 axis.

    Parameters
    ----------
    eigenvalues : sequence of 2 floats (lambda_1, lambda_2)
    angle : float, radians
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    if lam.shape != (2,):
        raise ValueError(f"hessian_from_eigenvalues: expected 2 eigenvalues, got shape {lam.shape}")
    R = rotation(angle)
    return R @ np.diag(lam) @ R.T


class Quadratic(Landscape):
    """L(w) = 1/2 (w - center)^T H (w - center), gradient H (w - center).

    Parameters
    ----------
    H : ndarray (2, 2), symmetric
    center : ndarray (2,), the stationary point (the minimiser when H is positive definite)

    Attributes
    ----------
    eigenvalues : ndarray (2,), ascending; eigenvectors : ndarray (2, 2), one per column.
    """

    def __init__(self, H, center=(0.0, 0.0), name: str = "quadratic"):
        H = np.asarray(H, dtype=np.float64)
        if H.shape != (2, 2):
            raise ValueError(f"quadratic: H must have shape (2, 2), got {H.shape}")
        if not np.allclose(H, H.T):
            raise ValueError(f"quadratic: H must be symmetric, got {H.tolist()}")
        center = np.asarray(center, dtype=np.float64)
        if center.shape != (2,):
            raise ValueError(f"quadratic: center must have shape (2,), got {center.shape}")
        self.H = (H + H.T) / 2
        self.center = center
        self.eigenvalues, self.eigenvectors = np.linalg.eigh(self.H)
        self.minimum = self.center.copy() if self.eigenvalues[0] > 0 else None
        self.name = name

    def _value(self, w1, w2):
        d1, d2 = w1 - self.center[0], w2 - self.center[1]
        H = self.H
        return 0.5 * (H[0, 0] * d1 * d1 + 2.0 * H[0, 1] * d1 * d2 + H[1, 1] * d2 * d2)

    def _grad(self, w1, w2):
        d1, d2 = w1 - self.center[0], w2 - self.center[1]
        H = self.H
        return H[0, 0] * d1 + H[0, 1] * d2, H[1, 0] * d1 + H[1, 1] * d2


def quadratic(H, center=(0.0, 0.0)) -> Quadratic:
    """A quadratic bowl with Hessian ``H``; see ``Quadratic``. See chapter 16."""
    return Quadratic(H, center)


def ill_conditioned(
    kappa: float, angle: float = 0.0, lam_max: float = 1.0, center=(0.0, 0.0)
) -> Quadratic:
    """A quadratic with eigenvalues (lam_max, lam_max / kappa): condition number ``kappa``.

    The steep direction (eigenvalue lam_max) points at ``angle`` radians from the w1 axis. Fixing
    lam_max keeps the stable learning rates (lr < 2 / lam_max) the same for every kappa.
    See chapter 16.
    """
    if kappa < 1:
        raise ValueError(f"ill_conditioned: kappa must be >= 1, got {kappa}")
    if lam_max <= 0:
        raise ValueError(f"ill_conditioned: lam_max must be > 0, got {lam_max}")
    H = hessian_from_eigenvalues([lam_max, lam_max / kappa], angle)
    return Quadratic(H, center, name=f"ill-conditioned quadratic (kappa={kappa:g})")


class NoisyQuadratic(Quadratic):
    """A quadratic whose ``grad`` adds Gaussian noise: H (w - center) + sigma * xi, xi ~ N(0, I).

    ``value`` stays exact; ``exact_grad`` gives the noise-free gradient. This is the simplest
    model of a mini-batch gradient (chapters 15 and 23).

    Parameters
    ----------
    H : ndarray (2, 2); sigma : float >= 0; rng : np.random.Generator (drawn at each ``grad``)
    """

    def __init__(self, H, sigma: float, rng: np.random.Generator, center=(0.0, 0.0)):
        super().__init__(H, center, name=f"noisy quadratic (sigma={sigma:g})")
        if sigma < 0:
            raise ValueError(f"noisy_quadratic: sigma must be >= 0, got {sigma}")
        if not isinstance(rng, np.random.Generator):
            raise ValueError(f"noisy_quadratic: rng must be a np.random.Generator, got {rng!r}")
        self.sigma, self.rng = sigma, rng

    def exact_grad(self, w) -> np.ndarray:
        return super().grad(w)

    def grad(self, w) -> np.ndarray:
        g = super().grad(w)
        return g + self.sigma * self.rng.normal(size=g.shape)


def noisy_quadratic(H, sigma: float, rng: np.random.Generator, center=(0.0, 0.0)):
    """See ``NoisyQuadratic``. See chapter 23."""
    return NoisyQuadratic(H, sigma, rng, center)


def sgd_stationary_variance(lr: float, lam: float, sigma: float) -> float:
    """Stationary variance of SGD on L = lam w^2 / 2 with gradient noise of std ``sigma``.

    w_{t+1} = (1 - lr lam) w_t - lr sigma xi_t gives Var = lr^2 sigma^2 / (1 - (1 - lr lam)^2)
    = lr sigma^2 / (lam (2 - lr lam)), finite only for 0 < lr lam < 2. See chapter 23.
    """
    if lam <= 0 or lr <= 0:
        raise ValueError(f"sgd_stationary_variance: need lr > 0 and lam > 0, got {lr}, {lam}")
    if lr * lam >= 2:
        raise ValueError(
            f"sgd_stationary_variance: lr * lam = {lr * lam:g} >= 2, SGD diverges (no stationary "
            "distribution)"
        )
    return lr * sigma**2 / (lam * (2.0 - lr * lam))


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


# ---------------------------------------------------------------------------------------------
# Running an optimizer on a landscape.


def _required_positional(fn: Callable) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds and p.default is inspect.Parameter.empty for p in params)


def run_2d(
    optimizer: Callable, landscape: Landscape, w0, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Run an optimizer on a 2-D landscape; return the path and the loss along it.

    Parameters
    ----------
    optimizer : callable, one of
        - a factory ``params -> Optimizer`` such as ``lambda ps: optim.GD(ps, lr=0.1)``,
          ``functools.partial(optim.Adam, lr=0.05)`` or an Optimizer class with defaults. The
          point w is wrapped in a ``dlcore.nn.Parameter``; each step sets ``.grad`` from
          ``landscape.grad`` and calls ``step()``, exactly as a training loop does.
        - a stepper ``(w, g) -> w_next`` taking two arguments, for update rules written by hand.
    landscape : Landscape (anything with ``value(w)`` and ``grad(w)`` for w of shape (2,))
    w0 : array of shape (2,), the starting point
    steps : int >= 0

    Returns
    -------
    path : ndarray (steps + 1, 2), path[0] = w0
    losses : ndarray (steps + 1,), losses[t] = landscape.value(path[t])

    If the point or the loss stops being finite (divergence), the run stops there and the
    remaining rows of ``path`` and ``losses`` are NaN. See chapters 10 and 16.
    """
    w0 = np.asarray(w0, dtype=np.float64)
    if w0.shape != (2,):
        raise ValueError(f"run_2d: w0 must have shape (2,), got {w0.shape}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"run_2d: steps must be a non-negative integer, got {steps}")
    steps = int(steps)
    path = np.full((steps + 1, 2), np.nan)
    losses = np.full(steps + 1, np.nan)
    path[0], losses[0] = w0, landscape.value(w0)

    is_class = isinstance(optimizer, type) and issubclass(optimizer, Optimizer)
    if is_class or _required_positional(optimizer) == 1:
        param = Parameter(w0.copy())
        opt = optimizer([param])
        if not isinstance(opt, Optimizer):
            raise TypeError(
                f"run_2d: the factory must return a dlcore.optim.Optimizer, got {type(opt)}"
            )

        def advance(w: np.ndarray) -> np.ndarray:
            opt.zero_grad()
            param.grad += landscape.grad(param.data)
            opt.step()
            return param.data.copy()

    elif _required_positional(optimizer) == 2:

        def advance(w: np.ndarray) -> np.ndarray:
            return np.asarray(optimizer(w.copy(), landscape.grad(w)), dtype=np.float64)

    else:
        raise TypeError(
            "run_2d: optimizer must be a factory params -> Optimizer or a stepper (w, g) -> w_next"
        )

    w = w0.copy()
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run may overflow; we stop
        for t in range(1, steps + 1):
            w = advance(w)
            if w.shape != (2,):
                raise ValueError(f"run_2d: the update returned shape {w.shape}, expected (2,)")
            loss = landscape.value(w)
            if not (np.all(np.isfinite(w)) and np.isfinite(loss)):
                break
            path[t], losses[t] = w, loss
    return path, losses
