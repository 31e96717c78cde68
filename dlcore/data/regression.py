"""1-D regression data and the feature maps that turn a line fit into a capacity knob.

- ``make_noisy_sine``: x uniform in [-1, 1], y = sin(pi x) + noise (the running example);
- ``polynomial_features``: the design matrix of a degree-p polynomial (Legendre or monomial basis);
- ``random_relu_features``: a fixed random layer of ReLU units, ``max(0, x W + b)``, whose width is
  the capacity (random-features regression, double descent);
- ``train_val_test_split``: a seeded three-way split of the rows of any arrays.

Everything random takes an explicit ``rng``; the same seed gives the same arrays.
See chapter 13.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

BASES = ("legendre", "monomial")


def sine_target(x: np.ndarray) -> np.ndarray:
    """The noise-free target f(x) = sin(pi x) of ``make_noisy_sine``; any shape in, same shape out.

    See chapter 13.
    """
    return np.sin(np.pi * np.asarray(x, dtype=np.float64))


def make_noisy_sine(
    n: int, noise: float = 0.3, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` examples of y = sin(pi x) + noise * eps, with x ~ U[-1, 1] and eps ~ N(0, 1).

    Parameters
    ----------
    n : int, at least 1
    noise : float, the standard deviation sigma of the label noise (>= 0)
    rng : numpy Generator

    Returns
    -------
    x : ndarray (n,), float64, in [-1, 1]
    y : ndarray (n,), float64

    See chapter 13.
    """
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"make_noisy_sine: n must be an integer >= 1, got {n!r}")
    if not noise >= 0:
        raise ValueError(f"make_noisy_sine: noise must be >= 0, got {noise!r}")
    x = rng.uniform(-1.0, 1.0, size=int(n))
    y = sine_target(x) + noise * rng.normal(size=int(n))
    return x, y


def _as_column(x: np.ndarray, name: str) -> np.ndarray:
    """Accept (N,) or (N, 1); return (N,) float64, or raise naming the function and the shape."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"{name}: expected x of shape (N,) or (N, 1), got {x.shape}")
    return x


def polynomial_features(x: np.ndarray, degree: int, *, basis: str = "legendre") -> np.ndarray:
    """The design matrix of a polynomial of degree ``degree`` in one variable.

    Column k is P_k(x), the Legendre polynomial of degree k (``basis="legendre"``, orthogonal on
    [-1, 1], so the least-squares problem stays well conditioned up to high degree), or x**k
    (``basis="monomial"``). Both span the same functions: only the conditioning differs.

    Parameters
    ----------
    x : ndarray (N,) or (N, 1), inputs (best in [-1, 1])
    degree : int >= 0
    basis : "legendre" or "monomial"

    Returns
    -------
    Phi : ndarray (N, degree + 1), float64; column 0 is the constant 1.

    See chapter 13.
    """
    if not (isinstance(degree, (int, np.integer)) and degree >= 0):
        raise ValueError(f"polynomial_features: degree must be an integer >= 0, got {degree!r}")
    if basis not in BASES:
        raise ValueError(f"polynomial_features: unknown basis {basis!r}; valid names: {BASES}")
    x = _as_column(x, "polynomial_features")
    if basis == "legendre":
        return np.polynomial.legendre.legvander(x, int(degree))
    return np.vander(x, int(degree) + 1, increasing=True)


class RandomReLUFeatures(NamedTuple):
    """A frozen random ReLU layer: ``features(X) = max(0, X W + b)``.

    Attributes
    ----------
    W : ndarray (D, F), input weights
    b : ndarray (F,), biases

    Call it on inputs of shape (N, D) (or (N,) when D = 1) to get features of shape (N, F).
    See chapter 13.
    """

    W: np.ndarray
    b: np.ndarray

    def __call__(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1 and self.W.shape[0] == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
            raise ValueError(
                f"RandomReLUFeatures: expected input of shape (N, {self.W.shape[0]}), got {X.shape}"
            )
        return np.maximum(0.0, X @ self.W + self.b)


def random_relu_features(
    n_features: int, in_features: int = 1, *, rng: np.random.Generator
) -> RandomReLUFeatures:
    """Draw a random ReLU feature map with ``n_features`` units for inputs of ``in_features``.

    Weights W ~ N(0, 1 / in_features); each unit's bias b = -c . w puts its kink (the hyperplane
    x . w + b = 0) through a point c drawn uniformly from the cube [-1, 1]^in_features, where the
    inputs live, so no unit is dead on all of them. In one dimension the features are hinges
    max(0, w (x - c)) with knots c ~ U[-1, 1]: a linear read-out on top of them is a linear spline.
    Only that read-out is fitted: the width ``n_features`` is the model's capacity.

    Returns
    -------
    RandomReLUFeatures with W (in_features, n_features) and b (n_features,); apply the SAME map to
    training and test inputs.

    See chapter 13.
    """
    for key, value in (("n_features", n_features), ("in_features", in_features)):
        if not (isinstance(value, (int, np.integer)) and value >= 1):
            raise ValueError(f"random_relu_features: {key} must be an integer >= 1, got {value!r}")
    W = rng.normal(scale=1.0 / np.sqrt(in_features), size=(int(in_features), int(n_features)))
    knots = rng.uniform(-1.0, 1.0, size=(int(in_features), int(n_features)))
    b = -np.sum(knots * W, axis=0)
    return RandomReLUFeatures(W, b)


def make_sparse_linear(
    n: int,
    n_features: int,
    n_true: int,
    noise: float = 0.5,
    *,
    n_test: int = 0,
    rng: np.random.Generator,
) -> tuple[np.ndarray, ...]:
    """A linear regression whose true weights are sparse: y = X w_true + noise.

    ``n_true`` of the ``n_features`` weights are non-zero, with random signs and sizes uniform in
    [1, 2]; inputs and noise are Gaussian.

    Parameters
    ----------
    n, n_test : int, training and test examples (n >= 1, n_test >= 0)
    n_features, n_true : int, with 0 <= n_true <= n_features
    noise : float >= 0, the noise's standard deviation
    rng : numpy Generator

    Returns
    -------
    w_true (n_features,), X (n, n_features), y (n,), X_test (n_test, n_features), y_test (n_test,)

    See chapter 19.
    """
    if not (n >= 1 and n_test >= 0 and 0 <= n_true <= n_features and noise >= 0):
        raise ValueError(
            "make_sparse_linear: need n >= 1, n_test >= 0, 0 <= n_true <= n_features and "
            f"noise >= 0, got n={n}, n_test={n_test}, n_true={n_true}, n_features={n_features}, "
            f"noise={noise}"
        )
    w_true = np.zeros(n_features)
    support = rng.choice(n_features, n_true, replace=False)
    w_true[support] = rng.choice([-1.0, 1.0], n_true) * rng.uniform(1.0, 2.0, n_true)
    X, X_test = rng.normal(size=(n, n_features)), rng.normal(size=(n_test, n_features))
    y = X @ w_true + noise * rng.normal(size=n)
    y_test = X_test @ w_true + noise * rng.normal(size=n_test)
    return w_true, X, y, X_test, y_test


def train_val_test_split(
    *arrays: np.ndarray,
    val_fraction: float = 0.2,
    test_fraction: float = 0.2,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Shuffle the rows once and cut every array into training, validation and test parts.

    Parameters
    ----------
    *arrays : ndarrays with the same first dimension N, e.g. X (N, D) and y (N,)
    val_fraction, test_fraction : floats >= 0 with val_fraction + test_fraction < 1; the parts
        have round(N * fraction) rows and training keeps the rest (at least one row).
    rng : numpy Generator

    Returns
    -------
    list ``[a_train, a_val, a_test, b_train, b_val, b_test, ...]``, three parts per array, in
    the order of the arrays (as ``sklearn.model_selection.train_test_split`` orders its two).

    See chapter 13.
    """
    if not arrays:
        raise ValueError("train_val_test_split: give at least one array")
    n = len(arrays[0])
    lengths = [len(a) for a in arrays]
    if any(length != n for length in lengths):
        raise ValueError(f"train_val_test_split: arrays have different lengths {lengths}")
    if not (val_fraction >= 0 and test_fraction >= 0 and val_fraction + test_fraction < 1):
        raise ValueError(
            "train_val_test_split: need val_fraction >= 0, test_fraction >= 0 and "
            f"val_fraction + test_fraction < 1, got {val_fraction} and {test_fraction}"
        )
    n_val, n_test = round(n * val_fraction), round(n * test_fraction)
    if n - n_val - n_test < 1:
        raise ValueError(f"train_val_test_split: {n} rows leave no training row")
    order = rng.permutation(n)
    parts = np.split(order, [n - n_val - n_test, n - n_test])
    return [np.asarray(a)[idx] for a in arrays for idx in parts]
