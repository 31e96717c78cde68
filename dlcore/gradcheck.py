"""Numerical gradient checks by central differences in float64.

The relative error |a - n| / max(|a|, |n|) between an analytic gradient a and a numerical one n
should be below 1e-7 for a correct backward pass in float64. See chapter 10.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore.nn import Module


def numerical_grad(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """dF/dx by central differences, perturbing ``x`` in place one entry at a time.

    Parameters
    ----------
    f : callable with no arguments returning a float that depends on ``x``
    x : ndarray (float64), any shape; restored exactly after each perturbation
    """
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray, floor: float = 1e-12) -> float:
    """max over entries of |a - n| / max(|a|, |n|, floor); the floor ignores exact zeros."""
    denom = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return float(np.max(np.abs(analytic - numeric) / denom)) if analytic.size else 0.0


def check_layer(
    layer: Module, x: np.ndarray, rng: np.random.Generator | None = None, h: float = 1e-5
) -> float:
    """Worst relative error of ``layer.backward`` over the input and every parameter.

    The scalar checked is L = sum(forward(x) * R) for a fixed random R, so dL/dy = R exercises
    every output. Returns the largest relative error found.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    x = np.array(x, dtype=np.float64)
    R = rng.normal(size=layer.forward(x).shape)

    def scalar() -> float:
        return float(np.sum(layer.forward(x) * R))

    layer.zero_grad()
    layer.forward(x)
    dx = layer.backward(R)
    errors = [relative_error(dx, numerical_grad(scalar, x, h))]
    for p in layer.parameters():
        errors.append(relative_error(p.grad, numerical_grad(scalar, p.data, h)))
    return max(errors)


def check_loss(
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    output: np.ndarray,
    target: np.ndarray,
    h: float = 1e-5,
) -> float:
    """Relative error of the gradient a loss returns against central differences."""
    output = np.array(output, dtype=np.float64)
    _, grad = loss_fn(output, target)
    return relative_error(grad, numerical_grad(lambda: loss_fn(output, target)[0], output, h))
