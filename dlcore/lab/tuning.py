"""Choosing a hyperparameter on held-out data: ridge validation curves, k-fold curves, a toy
response surface for grid against random search.

- ``ridge_curves``: training and validation mean squared error of ridge regression along a whole
  path of strengths (one SVD);
- ``kfold_ridge_curve``: the same validation curve averaged over the k folds of
  ``dlcore.selection.kfold_indices`` (k-fold cross-validation);
- ``response_surface``: a two-knob "validation loss" in which only the first knob matters much,
  the situation in which random search beats a grid (Bergstra and Bengio, 2012).

The strengths follow ``dlcore.regularization.ridge``: ``||y - X w||^2 + lam ||w||^2`` (sums).
See chapter 5.
"""

from __future__ import annotations

import numpy as np

from dlcore.regularization import ridge_path
from dlcore.selection import kfold_indices


def _mse(X: np.ndarray, y: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Mean squared error of every row of W (K, d) on (X, y): shape (K,)."""
    return np.mean((X @ W.T - y[:, None]) ** 2, axis=0)


def ridge_curves(X_train, y_train, X_val, y_val, lams) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation MSE of ridge regression for every strength in ``lams``.

    Parameters
    ----------
    X_train : ndarray (n, d), training design matrix (e.g. ``polynomial_features``)
    y_train : ndarray (n,)
    X_val : ndarray (m, d), validation design matrix, the same columns as X_train
    y_val : ndarray (m,)
    lams : sequence of K strengths >= 0

    Returns
    -------
    train_mse, val_mse : ndarrays (K,)

    See chapter 5.
    """
    X_val, y_val = np.asarray(X_val, dtype=float), np.asarray(y_val, dtype=float)
    X_train = np.asarray(X_train, dtype=float)
    if X_val.ndim != 2 or X_train.ndim != 2 or X_val.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"ridge_curves: expected X_val of shape (m, {X_train.shape[-1]}), got {X_val.shape}"
        )
    if y_val.shape != (X_val.shape[0],):
        raise ValueError(
            f"ridge_curves: expected y_val of shape ({X_val.shape[0]},), got {y_val.shape}"
        )
    W = ridge_path(X_train, y_train, lams)  # (K, d); checks X_train, y_train and lams
    return _mse(X_train, np.asarray(y_train, dtype=float), W), _mse(X_val, y_val, W)


def kfold_ridge_curve(X, y, lams, k: int = 5, *, rng: np.random.Generator | None = None):
    """k-fold cross-validation curve of ridge regression: mean validation MSE over the folds.

    Each example is validated exactly once, by the model fitted on the other k - 1 folds; the
    curve is the mean of the k folds' validation MSEs (folds differ in size by at most one).

    Parameters
    ----------
    X : ndarray (n, d), design matrix
    y : ndarray (n,)
    lams : sequence of K strengths >= 0
    k : int, 2 <= k <= n
    rng : numpy Generator, optional; shuffles the indices before cutting the folds

    Returns
    -------
    ndarray (K,), the cross-validation MSE for each strength

    See chapter 5.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(
            f"kfold_ridge_curve: expected X (n, d) and y (n,), got {X.shape} and {y.shape}"
        )
    folds = kfold_indices(X.shape[0], k, rng=rng)
    curves = [ridge_curves(X[tr], y[tr], X[va], y[va], lams)[1] for tr, va in folds]
    return np.mean(curves, axis=0)


RESPONSE_OPTIMUM = (0.43, 0.61)  # where response_surface is lowest, inside [0, 1]^2


def response_surface(u, v) -> np.ndarray:
    """A toy validation loss over two knobs in [0, 1]: one that matters, one that barely does.

    ``L(u, v) = 0.1 + (u - 0.43)^2 + 0.01 (v - 0.61)^2``. Think of u as the log learning rate
    and v as a knob of little consequence; the lowest value 0.1 is at ``RESPONSE_OPTIMUM``.

    Parameters
    ----------
    u, v : floats or ndarrays of the same shape, in [0, 1]

    Returns
    -------
    ndarray of that shape (a 0-d array for scalars)

    See chapter 5.
    """
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError(
            f"response_surface: u and v must have the same shape, got {u.shape} and {v.shape}"
        )
    u0, v0 = RESPONSE_OPTIMUM
    return 0.1 + (u - u0) ** 2 + 0.01 * (v - v0) ** 2
