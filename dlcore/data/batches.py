"""Mini-batches: ``batch_iterator`` cuts a data set into the batches of one epoch, ``sample_batch``
draws one fresh batch without replacement (what ``train.fit`` and the range test do each step).

See chapters 15 and 22.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def batch_iterator(
    X: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    rng: np.random.Generator | None,
    shuffle: bool = True,
    drop_last: bool = False,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The mini-batches of one epoch: every example once, in a fresh random order.

    Parameters
    ----------
    X : ndarray, shape (N, ...);  y : ndarray, shape (N, ...)
    batch_size : int >= 1, B
    rng : np.random.Generator, draws the order (may be None when ``shuffle=False``)
    shuffle : bool, False keeps the order 0 .. N-1
    drop_last : bool, drop the last batch if it has fewer than B examples

    Yields
    ------
    (X_batch, y_batch) : shapes (B, ...) and (B, ...), the last possibly smaller

    With B = 1 this is per-sample SGD, with B = N full-batch gradient descent, in between
    the mini-batch SGD that deep learning means by "SGD". See chapter 22.
    """
    if len(X) != len(y):
        raise ValueError(
            f"batch_iterator: X and y must have the same length, got {len(X)} and {len(y)}"
        )
    if not (int(batch_size) == batch_size and batch_size >= 1):
        raise ValueError(f"batch_iterator: batch_size must be an integer >= 1, got {batch_size}")
    if shuffle and rng is None:
        raise ValueError("batch_iterator: shuffle=True needs an rng (np.random.default_rng(seed))")
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    batch_size = int(batch_size)
    stop = len(X) - len(X) % batch_size if drop_last else len(X)
    return (
        (X[order[i : i + batch_size]], y[order[i : i + batch_size]])
        for i in range(0, stop, batch_size)
    )


def sample_batch(
    X: np.ndarray, y: np.ndarray, batch_size: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A mini-batch drawn without replacement, or all of (X, y) when ``batch_size`` is None or
    at least N. A fresh draw each call; ``batch_iterator`` walks through epochs instead."""
    if batch_size is None or batch_size >= len(X):
        return X, y
    idx = rng.choice(len(X), size=batch_size, replace=False)
    return X[idx], y[idx]
