"""The residual (skip) connection: y = x + branch(x), whose backward pass adds an identity path.

See chapter 12 (residual connections as a remedy for vanishing gradients; chapter 31 has
their theory).
"""

from __future__ import annotations

import numpy as np

from dlcore.nn import Module, Sequential, backward_without_input_grad


def last_parametrised_layer(module: Module) -> Module | None:
    """The last module, in forward order, that owns parameters directly (searches Sequentials
    and Residuals recursively); None if there is none."""
    inner = list(module) if isinstance(module, Sequential) else module.children()
    for child in reversed(inner):
        found = last_parametrised_layer(child)
        if found is not None:
            return found
    owns = any(p is v for p in module.parameters() for v in vars(module).values())
    return module if owns else None


class Residual(Module):
    """A residual block: y = x + branch(x), so dL/dx = dy + branch.backward(dy).

    Parameters
    ----------
    branch : Module mapping (N, ...) to the same shape, e.g. ``Sequential(ReLU(), Dense(D, D))``
    zero_init : bool
        If True, set the scale of the branch's last parametrised layer to zero (``gamma`` of a
        normalisation layer, else ``W`` and ``b`` of a Dense layer), so the block starts as the
        identity map ("zero-init residual", Goyal et al. 2017).

    Shapes
    ------
    forward: x (N, ...) -> y, same shape
    backward: dy (N, ...) -> dx, same shape; the branch accumulates its parameters' gradients.

    Raises
    ------
    ValueError
        If the branch changes the shape of its input, or ``zero_init`` finds no layer to zero.
    """

    def __init__(self, branch: Module, *, zero_init: bool = False):
        self.branch = branch
        self.zero_init = zero_init
        if zero_init:
            last = last_parametrised_layer(branch)
            if last is None:
                raise ValueError(
                    f"Residual: zero_init needs a branch with parameters, got {branch!r}"
                )
            if hasattr(last, "gamma"):
                last.gamma.data[...] = 0.0
            elif hasattr(last, "W"):
                last.W.data[...] = 0.0
                if getattr(last, "b", None) is not None:
                    last.b.data[...] = 0.0
            else:
                raise ValueError(
                    f"Residual: zero_init expects the branch's last layer to have 'gamma' or 'W', "
                    f"got {last!r}"
                )

    def forward(self, x: np.ndarray) -> np.ndarray:
        out = self.branch.forward(x)
        if out.shape != x.shape:
            raise ValueError(
                f"{self!r}: the branch must keep the shape of its input: expected {x.shape}, "
                f"got {out.shape}"
            )
        return x + out

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if not need_input_grad:  # the branch's parameter gradients are still needed
            backward_without_input_grad(self.branch, dy)
            return None
        return dy + self.branch.backward(dy)  # identity path + path through the branch

    def __repr__(self) -> str:
        return f"Residual({self.branch!r}, zero_init={self.zero_init})"
