"""The base of every two-parameter landscape: ``value(w)`` and ``grad(w)`` on one point or a stack.

See chapter 10.
"""

from __future__ import annotations

import numpy as np


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
