"""The fully connected (dense) layer, with hand-written forward and backward passes.

See chapter 03 for the Dense layer's derivation.
"""

from __future__ import annotations

import numpy as np

from dlcore import init as initializers
from dlcore.nn import Module, Parameter


class Dense(Module):
    """Fully connected (affine) layer: y = x W + b.

    Parameters
    ----------
    in_features, out_features : int
    bias : bool
        Whether to add a learnable bias b of shape (out_features,).
    init : str
        Name in ``dlcore.init.INITIALIZERS`` for W, shape (in_features, out_features).
    rng : np.random.Generator
        Source of randomness for W; defaults to ``np.random.default_rng(0)``.
    init_kwargs : dict, optional
        Extra arguments of the initialiser, e.g. ``{"std": 0.1}`` for ``init="normal"``.

    Shapes
    ------
    forward: x (N, in_features) -> y (N, out_features)
    backward: dy (N, out_features) -> dx (N, in_features); accumulates W.grad and b.grad.
        ``backward(dy, need_input_grad=False)`` skips dx = dy W^T and returns None.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        bias: bool = True,
        init: str = "he",
        rng: np.random.Generator | None = None,
        init_kwargs: dict | None = None,
    ):
        rng = np.random.default_rng(0) if rng is None else rng
        self.in_features, self.out_features = in_features, out_features
        self.W = Parameter(
            initializers.initialize(init, in_features, out_features, rng, **(init_kwargs or {}))
        )
        self.b = Parameter(np.zeros(out_features)) if bias else None
        self.x = None  # the input cached by forward

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.in_features}), got {x.shape}"
            )
        self.x = x
        y = x @ self.W.data
        return y + self.b.data if self.b is not None else y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self.x is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != (self.x.shape[0], self.out_features):
            raise ValueError(
                f"{self!r}: expected gradient of shape {(self.x.shape[0], self.out_features)}, "
                f"got {dy.shape}"
            )
        self.W.grad += self.x.T @ dy  # dL/dW = x^T delta
        if self.b is not None:
            self.b.grad += dy.sum(axis=0)  # dL/db = sum over the batch of delta
        if not need_input_grad:  # the first layer: nothing upstream needs dL/dx
            return None
        return dy @ self.W.data.T  # dL/dx = delta W^T

    def __repr__(self) -> str:
        return f"Dense({self.in_features} -> {self.out_features}, bias={self.b is not None})"
