"""Quadratic landscapes, L(w) = 1/2 (w - c)^T H (w - c), with or without gradient noise, and the
stationary variance of SGD on them.

See chapters 16 and 23.
"""

from __future__ import annotations

import numpy as np

from dlcore.lab.landscapes.base import Landscape

# ---------------------------------------------------------------------------------------------
# Quadratics: L(w) = 1/2 (w - c)^T H (w - c). Gradient descent on them is solved in closed form
# (chapter 16): the error e = w - c evolves as e_{t+1} = (I - lr H) e_t.


def rotation(angle: float) -> np.ndarray:
    """The 2x2 rotation by ``angle`` radians (counter-clockwise)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def hessian_from_eigenvalues(eigenvalues, angle: float = 0.0) -> np.ndarray:
    """H = R diag(eigenvalues) R^T: a symmetric 2x2 matrix whose first eigenvector points at
    ``angle`` radians from the w1 axis.

    Parameters
    ----------
    eigenvalues : sequence of 2 floats (lambda_1, lambda_2)
    angle : float, radians
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    if lam.shape != (2,):
        raise ValueError(f"hessian_from_eigenvalues: expected 2 eigenvalues, got shape {lam.shape}")
    R = rotation(angle)
    return R @ np.diag(lam) @ R.T


class Quadratic(Landscape):
    """L(w) = 1/2 (w - center)^T H (w - center), gradient H (w - center).

    Parameters
    ----------
    H : ndarray (2, 2), symmetric
    center : ndarray (2,), the stationary point (the minimiser when H is positive definite)

    Attributes
    ----------
    eigenvalues : ndarray (2,), ascending; eigenvectors : ndarray (2, 2), one per column.
    """

    def __init__(self, H, center=(0.0, 0.0), name: str = "quadratic"):
        H = np.asarray(H, dtype=np.float64)
        if H.shape != (2, 2):
            raise ValueError(f"quadratic: H must have shape (2, 2), got {H.shape}")
        if not np.allclose(H, H.T):
            raise ValueError(f"quadratic: H must be symmetric, got {H.tolist()}")
        center = np.asarray(center, dtype=np.float64)
        if center.shape != (2,):
            raise ValueError(f"quadratic: center must have shape (2,), got {center.shape}")
        self.H = (H + H.T) / 2
        self.center = center
        self.eigenvalues, self.eigenvectors = np.linalg.eigh(self.H)
        self.minimum = self.center.copy() if self.eigenvalues[0] > 0 else None
        self.name = name

    def _value(self, w1, w2):
        d1, d2 = w1 - self.center[0], w2 - self.center[1]
        H = self.H
        return 0.5 * (H[0, 0] * d1 * d1 + 2.0 * H[0, 1] * d1 * d2 + H[1, 1] * d2 * d2)

    def _grad(self, w1, w2):
        d1, d2 = w1 - self.center[0], w2 - self.center[1]
        H = self.H
        return H[0, 0] * d1 + H[0, 1] * d2, H[1, 0] * d1 + H[1, 1] * d2


def quadratic(H, center=(0.0, 0.0)) -> Quadratic:
    """A quadratic bowl with Hessian ``H``; see ``Quadratic``. See chapter 16."""
    return Quadratic(H, center)


def ill_conditioned(
    kappa: float, angle: float = 0.0, lam_max: float = 1.0, center=(0.0, 0.0)
) -> Quadratic:
    """A quadratic with eigenvalues (lam_max, lam_max / kappa): condition number ``kappa``.

    The steep direction (eigenvalue lam_max) points at ``angle`` radians from the w1 axis. Fixing
    lam_max keeps the stable learning rates (lr < 2 / lam_max) the same for every kappa.
    See chapter 16.
    """
    if kappa < 1:
        raise ValueError(f"ill_conditioned: kappa must be >= 1, got {kappa}")
    if lam_max <= 0:
        raise ValueError(f"ill_conditioned: lam_max must be > 0, got {lam_max}")
    H = hessian_from_eigenvalues([lam_max, lam_max / kappa], angle)
    return Quadratic(H, center, name=f"ill-conditioned quadratic (kappa={kappa:g})")


class NoisyQuadratic(Quadratic):
    """A quadratic whose ``grad`` adds Gaussian noise: H (w - center) + sigma * xi, xi ~ N(0, I).

    ``value`` stays exact; ``exact_grad`` gives the noise-free gradient. This is the simplest
    model of a mini-batch gradient (chapters 15 and 23).

    Parameters
    ----------
    H : ndarray (2, 2); sigma : float >= 0; rng : np.random.Generator (drawn at each ``grad``)
    """

    def __init__(self, H, sigma: float, rng: np.random.Generator, center=(0.0, 0.0)):
        super().__init__(H, center, name=f"noisy quadratic (sigma={sigma:g})")
        if sigma < 0:
            raise ValueError(f"noisy_quadratic: sigma must be >= 0, got {sigma}")
        if not isinstance(rng, np.random.Generator):
            raise ValueError(f"noisy_quadratic: rng must be a np.random.Generator, got {rng!r}")
        self.sigma, self.rng = sigma, rng

    def exact_grad(self, w) -> np.ndarray:
        return super().grad(w)

    def grad(self, w) -> np.ndarray:
        g = super().grad(w)
        return g + self.sigma * self.rng.normal(size=g.shape)


def noisy_quadratic(H, sigma: float, rng: np.random.Generator, center=(0.0, 0.0)):
    """See ``NoisyQuadratic``. See chapter 23."""
    return NoisyQuadratic(H, sigma, rng, center)


def sgd_stationary_variance(lr: float, lam: float, sigma: float) -> float:
    """Stationary variance of SGD on L = lam w^2 / 2 with gradient noise of std ``sigma``.

    w_{t+1} = (1 - lr lam) w_t - lr sigma xi_t gives Var = lr^2 sigma^2 / (1 - (1 - lr lam)^2)
    = lr sigma^2 / (lam (2 - lr lam)), finite only for 0 < lr lam < 2. See chapter 23.
    """
    if lam <= 0 or lr <= 0:
        raise ValueError(f"sgd_stationary_variance: need lr > 0 and lam > 0, got {lr}, {lam}")
    if lr * lam >= 2:
        raise ValueError(
            f"sgd_stationary_variance: lr * lam = {lr * lam:g} >= 2, SGD diverges (no stationary "
            "distribution)"
        )
    return lr * sigma**2 / (lam * (2.0 - lr * lam))
