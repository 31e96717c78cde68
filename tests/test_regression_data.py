"""Regression data of chapter 13: shapes, values, determinism per seed and bad input."""

import numpy as np
import pytest

from dlcore import data


def test_noisy_sine_shapes_and_determinism():
    x1, y1 = data.make_noisy_sine(40, 0.3, rng=np.random.default_rng(3))
    x2, y2 = data.make_noisy_sine(40, 0.3, rng=np.random.default_rng(3))
    x3, _ = data.make_noisy_sine(40, 0.3, rng=np.random.default_rng(4))
    assert x1.shape == y1.shape == (40,) and x1.dtype == y1.dtype == np.float64
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert np.all(np.abs(x1) <= 1)
    x0, y0 = data.make_noisy_sine(10, 0.0, rng=np.random.default_rng(0))
    np.testing.assert_allclose(y0, np.sin(np.pi * x0), rtol=0, atol=1e-15)


def test_sine_target_by_hand():
    np.testing.assert_allclose(data.sine_target([0.0, 0.5, -0.5]), [0.0, 1.0, -1.0], atol=1e-15)


def test_polynomial_features_by_hand():
    x = np.array([-1.0, 0.0, 0.5, 1.0])
    mono = data.polynomial_features(x, 2, basis="monomial")
    np.testing.assert_array_equal(mono, [[1, -1, 1], [1, 0, 0], [1, 0.5, 0.25], [1, 1, 1]])
    leg = data.polynomial_features(x[:, None], 2)  # P0 = 1, P1 = x, P2 = (3x^2 - 1) / 2
    np.testing.assert_allclose(leg, [[1, -1, 1], [1, 0, -0.5], [1, 0.5, -0.125], [1, 1, 1]])
    assert data.polynomial_features(x, 0).shape == (4, 1)


def test_polynomial_bases_span_the_same_functions():
    x = np.linspace(-1, 1, 30)
    y = np.cos(3 * x)
    fits = []
    for basis in ("legendre", "monomial"):
        Phi = data.polynomial_features(x, 5, basis=basis)
        fits.append(Phi @ np.linalg.lstsq(Phi, y, rcond=None)[0])
    np.testing.assert_allclose(fits[0], fits[1], atol=1e-10)


def test_polynomial_features_bad_input():
    with pytest.raises(ValueError, match="degree must be an integer >= 0, got -1"):
        data.polynomial_features(np.zeros(3), -1)
    with pytest.raises(ValueError, match="degree"):
        data.polynomial_features(np.zeros(3), 2.5)
    with pytest.raises(ValueError, match=r"expected x of shape \(N,\) or \(N, 1\), got \(3, 2\)"):
        data.polynomial_features(np.zeros((3, 2)), 2)
    with pytest.raises(ValueError, match="valid names"):
        data.polynomial_features(np.zeros(3), 2, basis="chebyshev")


def test_random_relu_features_shapes_values_and_determinism():
    f1 = data.random_relu_features(7, rng=np.random.default_rng(1))
    f2 = data.random_relu_features(7, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(f1.W, f2.W)
    assert f1.W.shape == (1, 7) and f1.b.shape == (7,)
    x = np.linspace(-1, 1, 5)
    Phi = f1(x)
    assert Phi.shape == (5, 7) and np.all(Phi >= 0)
    np.testing.assert_array_equal(Phi, f1(x[:, None]))
    by_hand = data.RandomReLUFeatures(np.array([[1.0, -2.0]]), np.array([0.5, 0.0]))
    np.testing.assert_array_equal(by_hand(np.array([-1.0, 1.0])), [[0.0, 2.0], [1.5, 0.0]])
    f3 = data.random_relu_features(4, 3, rng=np.random.default_rng(0))
    assert f3(np.ones((2, 3))).shape == (2, 4)


def test_random_relu_features_bad_input():
    with pytest.raises(ValueError, match="n_features"):
        data.random_relu_features(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="in_features"):
        data.random_relu_features(3, 0, rng=np.random.default_rng(0))
    features = data.random_relu_features(4, 3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"RandomReLUFeatures: expected .*\(N, 3\), got \(5, 2\)"):
        features(np.zeros((5, 2)))


def test_split_sizes_disjoint_and_deterministic():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    parts = data.train_val_test_split(
        X, y, val_fraction=0.2, test_fraction=0.3, rng=np.random.default_rng(5)
    )
    X_tr, X_va, X_te, y_tr, y_va, y_te = parts
    assert (len(X_tr), len(X_va), len(X_te)) == (5, 2, 3)
    np.testing.assert_array_equal(X_tr[:, 0] / 2, y_tr)  # rows stay paired
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_va, y_te])), y)
    again = data.train_val_test_split(
        X, y, val_fraction=0.2, test_fraction=0.3, rng=np.random.default_rng(5)
    )
    for a, b in zip(parts, again):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "val, test", [(0.5, 0.5), (0.7, 0.4), (-0.1, 0.2), (0.2, -0.1), (1.0, 0.0)]
)
def test_split_fractions_must_sum_below_one(val, test):
    with pytest.raises(ValueError, match="val_fraction \\+ test_fraction < 1"):
        data.train_val_test_split(
            np.zeros(10), val_fraction=val, test_fraction=test, rng=np.random.default_rng(0)
        )


def test_split_bad_arrays():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="different lengths"):
        data.train_val_test_split(np.zeros(10), np.zeros(9), rng=rng)
    with pytest.raises(ValueError, match="no training row"):
        data.train_val_test_split(np.zeros(2), val_fraction=0.45, test_fraction=0.45, rng=rng)
    with pytest.raises(ValueError, match="at least one array"):
        data.train_val_test_split(rng=rng)


def test_noisy_sine_bad_input():
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        data.make_noisy_sine(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="noise must be >= 0"):
        data.make_noisy_sine(5, -0.1, rng=np.random.default_rng(0))


def test_sparse_linear_has_the_promised_support_and_is_deterministic():
    w, X, y, X_test, y_test = data.make_sparse_linear(
        30, 10, 3, 0.0, n_test=7, rng=np.random.default_rng(0)
    )
    assert X.shape == (30, 10) and y.shape == (30,)
    assert X_test.shape == (7, 10) and y_test.shape == (7,)
    assert np.count_nonzero(w) == 3
    assert np.all((np.abs(w[w != 0]) >= 1) & (np.abs(w[w != 0]) <= 2))
    np.testing.assert_allclose(y, X @ w)  # no noise: exactly linear
    again = data.make_sparse_linear(30, 10, 3, 0.0, n_test=7, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(again[2], y)


@pytest.mark.parametrize("kwargs", [{"n_true": 11}, {"noise": -1.0}, {"n": 0}])
def test_sparse_linear_rejects_bad_sizes(kwargs):
    args = {"n": 30, "n_features": 10, "n_true": 3, "noise": 0.5} | kwargs
    with pytest.raises(ValueError, match="make_sparse_linear"):
        data.make_sparse_linear(**args, rng=np.random.default_rng(0))
