"""Toy 2-D classification data, generated (never downloaded) and deterministic per seed.

Every generator returns ``X`` of shape (N, 2), float64, and integer labels ``y`` of shape (N,).
``batch_iterator`` cuts any data set into the mini-batches of one epoch.
See chapters 02, 03 and 22.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def _check_counts(n_per_class: int, noise: float) -> None:
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be >= 1, got {n_per_class}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")


def make_spirals(
    n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms (the CS231n data set), one arm per class, radius in [0, 1].

    Returns X (n_per_class * n_classes, 2), y (n_per_class * n_classes,).
    """
    _check_counts(n_per_class, noise)
    X, y = [], []
    for k in range(n_classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        theta = (
            np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.normal(size=n_per_class) * noise
        )
        X.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        y.append(np.full(n_per_class, k))
    return np.concatenate(X), np.concatenate(y)


def make_moons(
    n_per_class: int = 100, noise: float = 0.1, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (as in scikit-learn), Gaussian noise of std ``noise``."""
    _check_counts(n_per_class, noise)
    t = np.linspace(0.0, np.pi, n_per_class)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.concatenate([upper, lower]) + rng.normal(scale=noise, size=(2 * n_per_class, 2))
    y = np.repeat([0, 1], n_per_class)
    return X, y


def make_circles(
    n_per_class: int = 100, noise: float = 0.05, factor: float = 0.5, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles, radius 1 (class 0) and ``factor`` (class 1)."""
    _check_counts(n_per_class, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must lie in (0, 1), got {factor}")
    t = rng.uniform(0.0, 2.0 * np.pi, size=2 * n_per_class)
    r = np.repeat([1.0, factor], n_per_class)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    X += rng.normal(scale=noise, size=X.shape)
    return X, np.repeat([0, 1], n_per_class)


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
