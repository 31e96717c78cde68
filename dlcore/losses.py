"""Loss functions. Each is ``fn(output, target) -> (loss, doutput)``, mean over the batch.

Returning the gradient with the loss keeps the pair derived together, which is where the famous
simplifications live: for softmax + cross-entropy, dL/dz = (p - y) / N. See chapters 03 and 09.
"""

from __future__ import annotations

import numpy as np

from dlcore.activations import sigmoid, softmax


def _check_same_shape(name: str, output: np.ndarray, target: np.ndarray) -> None:
    if output.shape != target.shape:
        raise ValueError(
            f"{name}: output and target must have the same shape, got {output.shape} and "
            f"{target.shape}"
        )


def mse(y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error, averaged over every element.

    Parameters
    ----------
    y_hat, y : ndarray, same shape (N, ...) (predictions and targets)

    Returns
    -------
    loss : float, mean of (y_hat - y)^2
    dy_hat : ndarray, same shape, 2 (y_hat - y) / y_hat.size
    """
    y_hat, y = np.asarray(y_hat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    _check_same_shape("mse", y_hat, y)
    diff = y_hat - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log p_k = z_k - logsumexp(z), computed without overflow for logits of 1e4."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def check_class_labels(name: str, logits_shape: tuple, labels) -> np.ndarray:
    """Integer labels of shape (N,) with values in [0, C) for logits of shape (N, C), or a
    ValueError naming ``name`` and what was wrong."""
    labels = np.asarray(labels)
    if len(logits_shape) != 2:
        raise ValueError(f"{name}: logits must be (N, C), got {logits_shape}")
    n, c = logits_shape
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{name}: labels must be integers of shape ({n},), got "
            f"{labels.dtype} of shape {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= c):
        raise ValueError(
            f"{name}: labels must lie in [0, {c}), got [{labels.min()}, {labels.max()}]"
        )
    return labels


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Cross-entropy of softmax(logits) against integer class labels, mean over the batch.

    Parameters
    ----------
    logits : ndarray, shape (N, C)
    labels : ndarray of int, shape (N,), values in [0, C)

    Returns
    -------
    loss : float, -(1/N) sum_n log p_{n, y_n}
    dlogits : ndarray, shape (N, C), (p - onehot(y)) / N
    """
    logits = np.asarray(logits, dtype=np.float64)
    labels = check_class_labels("softmax_cross_entropy", logits.shape, labels)
    n = len(labels)
    logp = log_softmax(logits)
    loss = -logp[np.arange(n), labels].mean()
    dlogits = softmax(logits)
    dlogits[np.arange(n), labels] -= 1.0
    return float(loss), dlogits / n


def bce_with_logits(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary cross-entropy of sigmoid(logits) against targets in [0, 1], mean over elements.

    Uses log(1 + e^z) - y z written as max(z, 0) - y z + log(1 + e^{-|z|}), finite for any z.

    Parameters
    ----------
    logits, y : ndarray, same shape

    Returns
    -------
    loss : float
    dlogits : ndarray, same shape, (sigmoid(z) - y) / size
    """
    z, y = np.asarray(logits, dtype=np.float64), np.asarray(y, dtype=np.float64)
    _check_same_shape("bce_with_logits", z, y)
    loss = np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))
    return float(loss.mean()), (sigmoid(z) - y) / z.size


def mae(y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean absolute error, averaged over every element (the negative log-likelihood of Laplace
    noise, up to constants; its minimiser over a constant is the median).

    At the kink ``y_hat == y`` the derivative does not exist; the subgradient 0 is returned
    there (any value in [-1, 1] / size would be a valid subgradient).

    Parameters
    ----------
    y_hat, y : ndarray, same shape (N, ...) (predictions and targets)

    Returns
    -------
    loss : float, mean of |y_hat - y|
    dy_hat : ndarray, same shape, sign(y_hat - y) / y_hat.size

    See chapter 09.
    """
    y_hat, y = np.asarray(y_hat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    _check_same_shape("mae", y_hat, y)
    diff = y_hat - y
    return float(np.mean(np.abs(diff))), np.sign(diff) / diff.size


def huber(y_hat: np.ndarray, y: np.ndarray, delta: float = 1.0) -> tuple[float, np.ndarray]:
    """Huber loss: quadratic for residuals up to ``delta``, linear beyond, mean over elements.

    With r = y_hat - y, the loss of one element is r^2 / 2 if |r| <= delta, else
    delta (|r| - delta / 2). Value and slope are continuous at |r| = delta, so there is no kink:
    the derivative is clip(r, -delta, delta), and no residual pulls harder than ``delta``.

    Parameters
    ----------
    y_hat, y : ndarray, same shape (N, ...) (predictions and targets)
    delta : float > 0, where the quadratic part turns linear

    Returns
    -------
    loss : float
    dy_hat : ndarray, same shape, clip(y_hat - y, -delta, delta) / y_hat.size

    See chapter 09.
    """
    y_hat, y = np.asarray(y_hat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    _check_same_shape("huber", y_hat, y)
    if not (np.isfinite(delta) and delta > 0):
        raise ValueError(f"huber: delta must be a finite number > 0, got {delta}")
    r = y_hat - y
    abs_r = np.abs(r)
    loss = np.where(abs_r <= delta, 0.5 * r**2, delta * (abs_r - 0.5 * delta))
    return float(loss.mean()), np.clip(r, -delta, delta) / r.size


def hinge(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary hinge loss max(0, 1 - y f) of raw scores f against labels y in {-1, +1}, mean over
    elements.

    The product m = y f is the margin. The derivative is -y where m < 1 and 0 where m > 1. At
    the kink m = 1 any value between -y and 0 is a subgradient; this function returns 0 there
    (the point already has margin 1, so it stops pulling), like ``relu_grad`` at 0.

    Parameters
    ----------
    scores : ndarray, shape (N,) or any shape (raw scores f, not probabilities)
    y : ndarray, same shape, every entry -1 or +1 (0/1 labels raise a ValueError)

    Returns
    -------
    loss : float, mean of max(0, 1 - y f)
    dscores : ndarray, same shape, -y [y f < 1] / scores.size

    See chapter 09.
    """
    f, y = np.asarray(scores, dtype=np.float64), np.asarray(y, dtype=np.float64)
    _check_same_shape("hinge", f, y)
    bad = ~np.isin(y, (-1.0, 1.0))
    if bad.any():
        raise ValueError(
            f"hinge: labels must be -1 or +1, got {np.unique(y[bad])[:5]} (for 0/1 labels use "
            f"y = 2 * y - 1)"
        )
    margin = y * f
    return float(np.mean(np.maximum(0.0, 1.0 - margin))), np.where(margin < 1.0, -y, 0.0) / f.size


def logsumexp(z: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """log sum_k exp(z_k) along ``axis``, without overflow, and its gradient softmax(z).

    Computed as m + log sum_k exp(z_k - m) with m = max_k z_k: every exponent is <= 0, so
    nothing overflows (z = 1e4 is fine) and the largest term is exactly 1, so the sum never
    underflows to 0 (z = -1e4 is fine). The gradient of the value with respect to z is the
    softmax along ``axis``. Not a loss (there is no target), so it is not in ``LOSSES``: it is
    the building block of log_softmax and cross-entropy.

    Parameters
    ----------
    z : ndarray, any shape with at least one dimension, finite values
    axis : int, the axis to reduce (default: the last, the class axis of (N, C) logits)

    Returns
    -------
    value : ndarray, shape of z without ``axis`` (a 0-d array for 1-d z)
    softmax : ndarray, same shape as z, d value / d z (sums to 1 along ``axis``)

    See chapter 09.
    """
    z = np.asarray(z, dtype=np.float64)
    if z.ndim == 0 or not -z.ndim <= axis < z.ndim:
        raise ValueError(f"logsumexp: axis {axis} is not an axis of z with shape {z.shape}")
    if z.shape[axis] == 0:
        raise ValueError(f"logsumexp: axis {axis} of z with shape {z.shape} is empty")
    if not np.all(np.isfinite(z)):
        raise ValueError(f"logsumexp: z must be finite, got inf or NaN in shape {z.shape}")
    m = z.max(axis=axis, keepdims=True)
    e = np.exp(z - m)  # in (0, 1], with at least one 1 per slice
    total = e.sum(axis=axis, keepdims=True)
    value = np.squeeze(m + np.log(total), axis=axis)
    return value, e / total


# name -> fn(output, target) -> (loss, doutput), for widgets and tests; logsumexp is a building
# block with no target, so it is not listed.
LOSSES = {
    "mse": mse,
    "mae": mae,
    "huber": huber,
    "softmax_cross_entropy": softmax_cross_entropy,
    "bce_with_logits": bce_with_logits,
    "hinge": hinge,
}
