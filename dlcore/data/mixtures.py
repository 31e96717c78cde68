"""Gaussian mixtures for generative models: a 1-D mixture and a 2-D ring of Gaussians.

- ``gaussian_mixture_1d`` draws samples, ``gaussian_mixture_1d_pdf`` gives the exact density
  (the analytic optimal discriminator of chapter 39 needs it);
- ``ring_of_gaussians`` draws from ``n_modes`` Gaussians on a circle, ``ring_centers`` gives the
  centres, and ``mode_counts`` assigns samples to the nearest mode, the standard way to measure
  mode coverage and mode collapse of a GAN.

See chapter 39.
"""

from __future__ import annotations

import numpy as np


def _check_mixture(name: str, means, std: float, weights) -> tuple[np.ndarray, np.ndarray]:
    means = np.atleast_1d(np.asarray(means, dtype=np.float64))
    if means.ndim != 1 or means.size == 0:
        raise ValueError(f"{name}: means must be a non-empty 1-D sequence, got shape {means.shape}")
    if not std > 0:
        raise ValueError(f"{name}: std must be > 0, got {std}")
    if weights is None:
        weights = np.full(means.size, 1.0 / means.size)
    weights = np.asarray(weights, dtype=np.float64)
    if weights.shape != means.shape or np.any(weights < 0) or not weights.sum() > 0:
        raise ValueError(
            f"{name}: weights must be {means.size} non-negative numbers, got {weights.tolist()}"
        )
    return means, weights / weights.sum()


def gaussian_mixture_1d(
    n: int,
    means=(-2.0, 2.0),
    std: float = 0.3,
    weights=None,
    *,
    rng: np.random.Generator,
) -> np.ndarray:
    """``n`` samples of a 1-D mixture of Gaussians with a common standard deviation.

    Parameters
    ----------
    n : int
    means : sequence of float, the component means
    std : float, every component's standard deviation
    weights : sequence of float, optional, the mixing weights (normalised; equal by default)
    rng : np.random.Generator

    Returns
    -------
    x : ndarray (n, 1), float64
    """
    means, weights = _check_mixture("gaussian_mixture_1d", means, std, weights)
    component = rng.choice(means.size, size=n, p=weights)
    return (means[component] + std * rng.normal(size=n))[:, None]


def gaussian_mixture_1d_pdf(x: np.ndarray, means=(-2.0, 2.0), std: float = 0.3, weights=None):
    """The density of ``gaussian_mixture_1d`` at the points ``x`` (any shape, returned alike)."""
    means, weights = _check_mixture("gaussian_mixture_1d_pdf", means, std, weights)
    x = np.asarray(x, dtype=np.float64)
    z = (x[..., None] - means) / std
    return (weights * np.exp(-0.5 * z**2)).sum(axis=-1) / (std * np.sqrt(2 * np.pi))


def ring_centers(n_modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """The ``n_modes`` centres, evenly spaced on a circle, the first at angle 0: (n_modes, 2)."""
    if n_modes < 1 or not radius > 0:
        raise ValueError(f"ring_centers: need n_modes >= 1 and radius > 0, got {n_modes}, {radius}")
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)


def ring_of_gaussians(
    n: int,
    n_modes: int = 8,
    radius: float = 2.0,
    std: float = 0.05,
    *,
    rng: np.random.Generator,
) -> np.ndarray:
    """``n`` samples from ``n_modes`` equally likely isotropic Gaussians on a circle.

    Returns
    -------
    x : ndarray (n, 2), float64
    """
    if not std > 0:
        raise ValueError(f"ring_of_gaussians: std must be > 0, got {std}")
    centers = ring_centers(n_modes, radius)
    return centers[rng.integers(n_modes, size=n)] + std * rng.normal(size=(n, 2))


def mode_counts(samples: np.ndarray, centers: np.ndarray, max_distance: float) -> np.ndarray:
    """How many samples fall within ``max_distance`` of each centre (nearest centre wins).

    Parameters
    ----------
    samples : ndarray (N, D)
    centers : ndarray (K, D)
    max_distance : float, e.g. 3 standard deviations of a mode

    Returns
    -------
    counts : ndarray (K,) of int; samples farther than ``max_distance`` from every centre are
        counted nowhere (they are "off-mode", the low-quality samples).
    """
    samples, centers = np.asarray(samples, dtype=np.float64), np.asarray(centers, np.float64)
    if samples.ndim != 2 or centers.ndim != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(
            f"mode_counts: expected samples (N, D) and centers (K, D), got {samples.shape} "
            f"and {centers.shape}"
        )
    distance = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=2)
    nearest = distance.argmin(axis=1)
    on_mode = distance[np.arange(len(samples)), nearest] <= max_distance
    return np.bincount(nearest[on_mode], minlength=len(centers))
