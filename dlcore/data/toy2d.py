"""Toy 2-D classification data, generated (never downloaded) and deterministic per seed.

Every generator returns ``X`` of shape (N, 2), float64, and integer labels ``y`` of shape (N,).
See chapters 02 and 03.
"""

from __future__ import annotations

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
