"""Linear least squares as a laboratory for optimizers: data, loss, minimum-norm solution.

With fewer examples than features (n < d) the training loss has a whole affine subspace of
minimisers; which one an optimizer reaches is decided by the optimizer, not by the loss. These
helpers make that measurable: ``underdetermined_regression`` draws such a problem with a test set
and the true parameters, ``min_norm_solution`` gives the pseudo-inverse solution X^+ y that gradient
descent from zero converges to, ``project_row_space`` splits a vector into its part in row(X) and
the rest, and ``least_squares`` evaluates the loss and gradient for one parameter vector or for a
whole stack of them (many optimizers or many SGD chains at once).

See chapter 21 (which minimum an optimizer picks) and chapter 23 (learning-rate schedules on
over-parameterized least squares).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class RegressionProblem(NamedTuple):
    """A linear regression problem with its held-out test set and the parameters that made it.

    Unpacks like a tuple: ``X, y, X_test, y_test, theta = underdetermined_regression(...)``.

    Attributes
    ----------
    X : ndarray (n, d), training inputs
    y : ndarray (n,), training targets
    X_test : ndarray (n_test, d), test inputs
    y_test : ndarray (n_test,), test targets (with the same label noise as y)
    theta : ndarray (d,), the true parameters
    """

    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    theta: np.ndarray


def _check_count(name: str, key: str, value) -> int:
    if not (isinstance(value, (int, np.integer)) and value >= 1):
        raise ValueError(f"{name}: {key} must be an integer >= 1, got {value!r}")
    return int(value)


def underdetermined_regression(
    n: int, d: int, noise: float = 0.0, *, rng: np.random.Generator, n_test: int = 1000
) -> RegressionProblem:
    """Draw a linear regression problem y = X theta + noise * eps, with n examples in d dimensions.

    Inputs have independent standard normal entries, x ~ N(0, I_d), and the true parameters are
    theta ~ N(0, I_d / d), so the clean targets x . theta have variance close to 1 and ``noise`` is
    the label-noise standard deviation relative to a signal of size 1. Because the inputs are
    isotropic, the expected squared test error of any parameter vector w is
    ||w - theta||^2 + noise^2. With n < d (the case the name refers to) the training loss has
    infinitely many minimisers, all with zero training error; n >= d is allowed too.

    Parameters
    ----------
    n : int >= 1, number of training examples
    d : int >= 1, number of features (parameters)
    noise : float >= 0, standard deviation of the Gaussian label noise (train and test)
    rng : np.random.Generator
    n_test : int >= 1, number of test examples

    Returns
    -------
    RegressionProblem (X (n, d), y (n,), X_test (n_test, d), y_test (n_test,), theta (d,))

    See chapters 21 and 23.
    """
    name = "underdetermined_regression"
    n = _check_count(name, "n", n)
    d = _check_count(name, "d", d)
    n_test = _check_count(name, "n_test", n_test)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"{name}: noise must be a finite number >= 0, got {noise}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name}: rng must be a np.random.Generator, got {rng!r}")
    theta = rng.normal(scale=1.0 / np.sqrt(d), size=d)
    X = rng.normal(size=(n, d))
    X_test = rng.normal(size=(n_test, d))
    y = X @ theta + noise * rng.normal(size=n)
    y_test = X_test @ theta + noise * rng.normal(size=n_test)
    return RegressionProblem(X, y, X_test, y_test, theta)


def _check_design(name: str, X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"{name}: X must have shape (n, d), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"{name}: y must have shape (n,) = ({X.shape[0]},) to match X {X.shape}, got {y.shape}"
        )
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError(f"{name}: X and y must be finite")
    return X, y


def min_norm_solution(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The minimum-norm least-squares solution theta = X^+ y (Moore-Penrose pseudo-inverse).

    Among all minimisers of ||X theta - y||^2 it is the one of smallest Euclidean norm, and it lies
    in the row space of X. When X has full row rank (n <= d, rank n) it interpolates,
    X theta = y, and equals X^T (X X^T)^{-1} y; when X has full column rank it is the unique
    least-squares solution. Gradient descent started at 0 converges to it (chapter 21).

    Parameters
    ----------
    X : ndarray (n, d)
    y : ndarray (n,)

    Returns
    -------
    ndarray (d,)

    See chapters 21 and 23.
    """
    X, y = _check_design("min_norm_solution", X, y)
    # lstsq (SVD based) returns the minimum-norm solution for any shape and rank
    return np.linalg.lstsq(X, y, rcond=None)[0]


def project_row_space(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Orthogonal projection of v onto row(X), the span of the training inputs.

    ``v - project_row_space(X, v)`` is the part in the null space of X, which the training loss
    cannot see: moving along it changes no prediction on the training set.

    Parameters
    ----------
    X : ndarray (n, d)
    v : ndarray (d,) or (..., d), one vector or a stack of them

    Returns
    -------
    ndarray, the same shape as v

    See chapter 21.
    """
    X = np.asarray(X, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"project_row_space: X must have shape (n, d), got {X.shape}")
    if v.ndim == 0 or v.shape[-1] != X.shape[1]:
        raise ValueError(
            f"project_row_space: v must have shape (..., d) = (..., {X.shape[1]}) to match X "
            f"{X.shape}, got {v.shape}"
        )
    # an orthonormal basis of row(X) from the SVD; singular values below the lstsq cut-off
    # count as zero, as in min_norm_solution
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    rank = int(np.sum(s > s.max(initial=0.0) * max(X.shape) * np.finfo(float).eps))
    basis = Vt[:rank]  # (rank, d)
    return (v @ basis.T) @ basis


def least_squares(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple:
    """The mean squared error of a linear model and its gradient, for one or many problems at once.

    L(theta) = (1/n) ||X theta - y||^2 (the same scale as ``dlcore.losses.mse``), and
    grad L = (2/n) X^T (X theta - y). The Hessian is the constant (2/n) X^T X.

    Leading dimensions broadcast, so one call serves a stack of parameter vectors on one data set
    (k optimizers or k SGD chains: theta (k, d), X (n, d)) or a stack of data sets, one parameter
    vector each (S seeds: theta (S, d), X (S, n, d), y (S, n)).

    Parameters
    ----------
    theta : ndarray (d,) or (..., d)
    X : ndarray (n, d) or (..., n, d)
    y : ndarray (n,) or (..., n), with y.shape == X.shape[:-1]

    Returns
    -------
    loss : float when theta and X are single (shapes (d,) and (n, d)), else ndarray of the
        broadcast leading shape (...)
    grad : ndarray (..., d), the broadcast shape of theta

    See chapters 21 and 23.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    if X.ndim < 2:
        raise ValueError(f"least_squares: X must have shape (n, d) or (..., n, d), got {X.shape}")
    if y.shape != X.shape[:-1]:
        raise ValueError(
            f"least_squares: y must have shape X.shape[:-1] = {X.shape[:-1]}, got {y.shape}"
        )
    n, d = X.shape[-2:]
    if theta.ndim == 0 or theta.shape[-1] != d:
        raise ValueError(
            f"least_squares: theta must have shape (..., d) = (..., {d}) to match X {X.shape}, "
            f"got {theta.shape}"
        )
    if X.ndim == 2:  # one data set: plain matrix products (the common, fast case)
        residual = theta @ X.T - y  # (..., n)
        grad = (2.0 / n) * (residual @ X)
    else:  # a stack of data sets: batched products, broadcast against theta's leading dims
        residual = (X @ theta[..., None])[..., 0] - y
        grad = (2.0 / n) * (residual[..., None, :] @ X)[..., 0, :]
    loss = np.einsum("...i,...i->...", residual, residual) / n
    return (float(loss) if loss.ndim == 0 else loss), grad
