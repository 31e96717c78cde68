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


def check_grad(
    f: Callable[[np.ndarray], float],
    grad_f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    h: float = 1e-5,
) -> float:
    """Relative error of an analytic gradient ``grad_f(x)`` against central differences of ``f``.

    Parameters
    ----------
    f : callable x -> float
    grad_f : callable x -> ndarray, same shape as x
    x : ndarray, any shape (copied to float64; the caller's array is not touched)

    Returns the largest entrywise relative error (see ``relative_error``). See chapter 10.
    """
    x = np.array(x, dtype=np.float64)
    analytic = np.asarray(grad_f(x.copy()), dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(
            f"check_grad: grad_f returned shape {analytic.shape} for x of shape {x.shape}"
        )
    return relative_error(analytic, numerical_grad(lambda: f(x), x, h))


def finite_difference_grad(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float, kind: str = "central"
) -> np.ndarray:
    """Gradient of ``f`` at ``x`` by finite differences with step ``h``, one entry at a time.

    kind="forward": [f(x + h e_i) - f(x)] / h, error O(h) from truncation;
    kind="central": [f(x + h e_i) - f(x - h e_i)] / (2h), error O(h^2).
    Both add a rounding error of order eps |f| / h. Returns an array shaped like x.
    See chapter 10.
    """
    if kind not in ("forward", "central"):
        raise ValueError(
            f"finite_difference_grad: kind must be 'forward' or 'central', got {kind!r}"
        )
    if not h > 0:
        raise ValueError(f"finite_difference_grad: h must be > 0, got {h}")
    x = np.array(x, dtype=np.float64)
    if kind == "central":
        return numerical_grad(lambda: f(x), x, h)
    f0 = f(x.copy())
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad


def finite_difference_error(
    f: Callable[[np.ndarray], float],
    grad_f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    h: float,
    kind: str = "central",
) -> float:
    """Relative error of the finite-difference gradient with step ``h`` against ``grad_f(x)``.

    Sweeping h on a log scale gives the U-curve of chapter 10: truncation error (O(h) forward,
    O(h^2) central) on the right, rounding error O(eps / h) on the left.
    """
    x = np.array(x, dtype=np.float64)
    analytic = np.asarray(grad_f(x.copy()), dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(
            f"finite_difference_error: grad_f returned shape {analytic.shape} for x of shape "
            f"{x.shape}"
        )
    return relative_error(analytic, finite_difference_grad(f, x, h, kind))
