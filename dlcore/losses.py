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
    labels = np.asarray(labels)
    if logits.ndim != 2:
        raise ValueError(f"softmax_cross_entropy: logits must be (N, C), got {logits.shape}")
    n, c = logits.shape
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"softmax_cross_entropy: labels must be integers of shape ({n},), got "
            f"{labels.dtype} of shape {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= c):
        raise ValueError(
            f"softmax_cross_entropy: labels must lie in [0, {c}), got "
            f"[{labels.min()}, {labels.max()}]"
        )
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


LOSSES = {
    "mse": mse,
    "softmax_cross_entropy": softmax_cross_entropy,
    "bce_with_logits": bce_with_logits,
}
