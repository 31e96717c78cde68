"""The weight-normalised dense layer: W = g * v / ||v|| per output unit (Salimans & Kingma, 2016).

A reparameterisation, not a regulariser: every weight matrix with non-zero columns is reachable,
so the layer computes exactly the functions a ``Dense`` layer computes; only the coordinates that
gradient descent moves in change. See chapter 19.
"""

from __future__ import annotations

import numpy as np

from dlcore import init as initializers
from dlcore.nn import Module, Parameter


class WeightNormDense(Module):
    """Dense layer with weight normalisation: y = x W + b, W[:, j] = g[j] v[:, j] / ||v[:, j]||.

    Parameters
    ----------
    in_features, out_features, bias, init, rng
        As ``Dense``'s, with ``init`` and ``rng`` drawing the direction v (in_features,
        out_features). The scale g starts at the column norms of v, so the initial W is the one
        ``Dense`` with the same init and rng would draw.

    Shapes
    ------
    forward: x (N, in_features) -> y (N, out_features)
    backward: dy (N, out_features) -> dx (N, in_features); accumulates v.grad (in, out),
        g.grad (out,) and b.grad (out,). With c = v / ||v|| (per column) and dW = x^T dy:
        dg = sum_i dW * c,  dv = (g / ||v||) (dW - c dg).

    See chapter 19.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        bias: bool = True,
        init: str = "he",
        rng: np.random.Generator | None = None,
    ):
        rng = np.random.default_rng(0) if rng is None else rng
        self.in_features, self.out_features = in_features, out_features
        v = initializers.initialize(init, in_features, out_features, rng)
        self.v = Parameter(v)
        self.g = Parameter(np.linalg.norm(v, axis=0))
        self.b = Parameter(np.zeros(out_features)) if bias else None
        self.x = None  # the input cached by forward

    @property
    def weight(self) -> np.ndarray:
        """The effective weight matrix W = g v / ||v||, shape (in_features, out_features)."""
        return self.v.data * (self.g.data / self._column_norms())

    def _column_norms(self) -> np.ndarray:
        norms = np.linalg.norm(self.v.data, axis=0)
        if np.any(norms == 0):
            raise ValueError(f"{self!r}: a column of v has norm 0, so its direction is undefined")
        return norms

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.in_features}), got {x.shape}"
            )
        self.x = x
        y = x @ self.weight
        return y + self.b.data if self.b is not None else y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self.x is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != (self.x.shape[0], self.out_features):
            raise ValueError(
                f"{self!r}: expected gradient of shape {(self.x.shape[0], self.out_features)}, "
                f"got {dy.shape}"
            )
        norms = self._column_norms()
        direction = self.v.data / norms  # c = v / ||v||, unit columns
        dW = self.x.T @ dy  # the gradient Dense would get
        dg = np.sum(dW * direction, axis=0)  # dL/dg_j = dW_j . c_j
        self.g.grad += dg
        # dL/dv_j = (g_j / ||v_j||) (dW_j - c_j (c_j . dW_j)): dW with its radial part removed
        self.v.grad += (self.g.data / norms) * (dW - direction * dg)
        if self.b is not None:
            self.b.grad += dy.sum(axis=0)
        if not need_input_grad:
            return None
        return dy @ self.weight.T

    def __repr__(self) -> str:
        return (
            f"WeightNormDense({self.in_features} -> {self.out_features}, bias={self.b is not None})"
        )
