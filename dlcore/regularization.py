"""Penalties and the closed forms they lead to: L2 and L1 penalties with their gradients, the
soft-threshold (the proximal step of L1), ridge regression and its whole path along the SVD,
and the lasso by ISTA (proximal gradient descent, chapter 19).

Conventions: a penalty returns ``(value, gradient)`` like a loss (``dlcore.losses``), so a training
loop adds both to the data term. Ridge minimises ``||y - X w||^2 + lam ||w||^2`` (sums, not means),
whose solution shrinks the least-squares solution along each right singular vector of X by the
factor ``s_i^2 / (s_i^2 + lam)``.

See chapter 18.
"""

from __future__ import annotations

import numpy as np


def _check_strength(name: str, lam) -> float:
    lam = float(lam)
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"{name}: the strength lam must be a finite number >= 0, got {lam}")
    return lam


def _check_regression(name: str, X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name}: expected X of shape (n, d), got shape {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"{name}: expected y of shape ({X.shape[0]},), got shape {y.shape}")
    return X, y


def l2_penalty(w, lam: float) -> tuple[float, np.ndarray]:
    """The L2 penalty ``lam / 2 * sum(w**2)`` and its gradient ``lam * w``.

    The factor 1/2 makes the gradient ``lam * w``: a gradient step with learning rate lr then
    multiplies the weights by ``1 - lr * lam`` (weight decay).

    Parameters
    ----------
    w : ndarray of any shape, the weights
    lam : float >= 0, the strength

    Returns
    -------
    value : float
    grad : ndarray, the shape of ``w``

    See chapter 18.
    """
    lam = _check_strength("l2_penalty", lam)
    w = np.asarray(w, dtype=float)
    return 0.5 * lam * float(np.sum(w * w)), lam * w


def l1_penalty(w, lam: float) -> tuple[float, np.ndarray]:
    """The L1 penalty ``lam * sum(|w|)`` and a subgradient ``lam * sign(w)`` (0 where w = 0).

    The subgradient keeps its size ``lam`` however small a weight is, which is why plain gradient
    steps on it chatter around zero instead of landing on it; ``soft_threshold`` lands on it.
    Parameters and returns as ``l2_penalty``: weights ``w`` of any shape and a strength
    ``lam >= 0`` give the value (a float) and the subgradient, shaped like ``w``.

    See chapter 18.
    """
    lam = _check_strength("l1_penalty", lam)
    w = np.asarray(w, dtype=float)
    return lam * float(np.sum(np.abs(w))), lam * np.sign(w)


def soft_threshold(w, threshold: float) -> np.ndarray:
    """The soft-threshold ``sign(w) * max(|w| - threshold, 0)``, elementwise.

    It is the proximal operator of ``threshold * ||w||_1``: the minimiser over v of
    ``1/2 ||v - w||^2 + threshold * ||v||_1``. Every entry with ``|w| <= threshold`` becomes
    exactly 0; the others move towards 0 by ``threshold``.

    Parameters
    ----------
    w : ndarray of any shape
    threshold : float >= 0

    Returns
    -------
    ndarray, the shape of ``w``

    See chapter 18 (and chapter 19 for its use in ISTA).
    """
    threshold = _check_strength("soft_threshold", threshold)
    w = np.asarray(w, dtype=float)
    return np.sign(w) * np.maximum(np.abs(w) - threshold, 0.0)


def ridge(X, y, lam: float) -> np.ndarray:
    """Ridge regression: the minimiser of ``||y - X w||^2 + lam ||w||^2``.

    Solves ``(X^T X + lam I) w = X^T y`` through the SVD of X (``ridge_path`` for one lam), which
    stays accurate when X^T X is ill-conditioned. With ``lam = 0`` it is the minimum-norm
    least-squares solution.

    Parameters
    ----------
    X : ndarray (n, d), inputs
    y : ndarray (n,), targets
    lam : float >= 0, the strength

    Returns
    -------
    w : ndarray (d,)

    See chapter 18.
    """
    return ridge_path(X, y, [lam])[0]


def ridge_path(X, y, lams) -> np.ndarray:
    """Ridge solutions for many strengths at the cost of one SVD.

    With ``X = U diag(s) V^T`` (thin SVD),
    ``w(lam) = V diag(s / (s^2 + lam)) U^T y = sum_i s_i^2 / (s_i^2 + lam) * (u_i . y / s_i) v_i``:
    the least-squares solution, its component along each v_i shrunk by ``s_i^2 / (s_i^2 + lam)``.
    Directions with ``s_i = 0`` get weight 0 (the minimum-norm choice at ``lam = 0``).

    Parameters
    ----------
    X : ndarray (n, d), inputs
    y : ndarray (n,), targets
    lams : sequence of K floats >= 0

    Returns
    -------
    W : ndarray (K, d), row k the solution for ``lams[k]``

    See chapter 18.
    """
    X, y = _check_regression("ridge_path", X, y)
    lams = np.asarray([_check_strength("ridge_path", lam) for lam in np.atleast_1d(lams)])
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    coords = U.T @ y  # (r,): y in the basis of the left singular vectors
    keep = s > s.max(initial=0.0) * max(X.shape) * np.finfo(float).eps  # numerical rank
    s_keep = np.where(keep, s, 1.0)
    denom = s_keep[None, :] ** 2 + lams[:, None]  # (K, r)
    with np.errstate(divide="ignore", invalid="ignore"):  # lam = 0 on a dropped direction
        factors = np.where(keep[None, :], s_keep[None, :] / denom, 0.0)
    return (factors * coords[None, :]) @ Vt


def ridge_shrinkage(s, lam: float) -> np.ndarray:
    """The factors ``s^2 / (s^2 + lam)`` by which ridge shrinks each singular direction.

    Parameters
    ----------
    s : ndarray (r,), singular values of X (>= 0)
    lam : float >= 0

    Returns
    -------
    ndarray (r,), each in [0, 1] (1 when lam = 0 and s > 0)

    See chapter 18.
    """
    lam = _check_strength("ridge_shrinkage", lam)
    s = np.asarray(s, dtype=float)
    if np.any(s < 0):
        raise ValueError(f"ridge_shrinkage: singular values must be >= 0, got min {s.min()}")
    s2 = s * s
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s2 + lam > 0, s2 / (s2 + lam), 0.0)


def lasso_ista(X, y, lam: float, *, steps: int = 1000, w0=None) -> np.ndarray:
    """The lasso ``min_w ||y - X w||^2 + lam ||w||_1`` by ISTA (proximal gradient descent).

    Each step is a gradient step on the smooth part with step size ``1 / L``, where
    ``L = 2 s_max(X)^2`` is the Lipschitz constant of its gradient ``2 X^T (X w - y)``, then the
    soft-threshold with threshold ``lam / L``, the proximal step of the L1 term:
    ``w <- soft_threshold(w - 2 X^T (X w - y) / L, lam / L)``. Entries the soft-threshold zeroes
    are exactly 0.0, not merely small. The objective never increases from one step to the next.

    Parameters
    ----------
    X : ndarray (n, d), inputs
    y : ndarray (n,), targets
    lam : float >= 0, the strength (``lam = 0`` is least squares by gradient descent)
    steps : int >= 1, the number of ISTA steps
    w0 : ndarray (d,), optional, the starting point (zeros by default)

    Returns
    -------
    w : ndarray (d,)

    See chapter 19.
    """
    X, y = _check_regression("lasso_ista", X, y)
    lam = _check_strength("lasso_ista", lam)
    if int(steps) != steps or steps < 1:
        raise ValueError(f"lasso_ista: steps must be an integer >= 1, got {steps}")
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (X.shape[1],):
        raise ValueError(f"lasso_ista: expected w0 of shape ({X.shape[1]},), got shape {w.shape}")
    lipschitz = 2.0 * np.linalg.norm(X, 2) ** 2
    if lipschitz == 0:  # X = 0: the loss does not depend on w, the penalty's minimiser is 0
        return np.zeros(X.shape[1])
    for _ in range(int(steps)):
        w = soft_threshold(w - 2.0 * X.T @ (X @ w - y) / lipschitz, lam / lipschitz)
    return w
