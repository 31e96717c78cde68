"""Chapter 5's instruments: ridge validation curves, k-fold curves, the toy response surface."""

import numpy as np
import pytest

from dlcore import regularization, selection
from dlcore.lab import tuning


def test_ridge_curves_by_hand():
    # one feature x = (1, 2), y = (1, 2): w(lam) = sum(x y) / (sum(x^2) + lam) = 5 / (5 + lam)
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
    X_val, y_val = np.array([[3.0]]), np.array([0.0])
    train, val = tuning.ridge_curves(X, y, X_val, y_val, [0.0, 5.0])
    np.testing.assert_allclose(train, [0.0, ((1 - 0.5) ** 2 + (2 - 1) ** 2) / 2], atol=1e-14)
    np.testing.assert_allclose(val, [9.0, 1.5**2], atol=1e-13)


def test_training_error_is_non_decreasing_in_lambda():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 8)), rng.normal(size=20)
    train, _ = tuning.ridge_curves(X, y, X, y, np.logspace(-6, 3, 30))
    assert np.all(np.diff(train) >= -1e-12)


def test_kfold_curve_by_hand():
    # n = 4, k = 2, no shuffle: folds {0, 1} and {2, 3}; lam = 0, one constant feature:
    # each half is predicted by the mean of the other half.
    X, y = np.ones((4, 1)), np.array([0.0, 2.0, 4.0, 6.0])
    curve = tuning.kfold_ridge_curve(X, y, [0.0], k=2)
    fold_a = np.mean((np.array([0.0, 2.0]) - 5.0) ** 2)  # validated by the mean of 4, 6
    fold_b = np.mean((np.array([4.0, 6.0]) - 1.0) ** 2)
    np.testing.assert_allclose(curve, [(fold_a + fold_b) / 2], atol=1e-12)


def test_kfold_curve_matches_explicit_loop():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(23, 4)), rng.normal(size=23)
    lams = [0.1, 1.0, 10.0]
    curve = tuning.kfold_ridge_curve(X, y, lams, 5, rng=np.random.default_rng(2))
    folds = selection.kfold_indices(23, 5, rng=np.random.default_rng(2))
    expected = []
    for tr, va in folds:
        W = np.stack([regularization.ridge(X[tr], y[tr], lam) for lam in lams])
        expected.append(np.mean((X[va] @ W.T - y[va, None]) ** 2, axis=0))
    np.testing.assert_allclose(curve, np.mean(expected, axis=0), rtol=1e-10)


def test_response_surface_values():
    assert tuning.response_surface(0.43, 0.61) == pytest.approx(0.1)
    assert tuning.response_surface(0.5, 0.5) == pytest.approx(0.1 + 0.07**2 + 0.01 * 0.11**2)
    assert tuning.response_surface(np.zeros((2, 3)), np.zeros((2, 3))).shape == (2, 3)


def test_bad_inputs_raise_clear_errors():
    X, y = np.ones((4, 2)), np.ones(4)
    with pytest.raises(ValueError, match=r"ridge_curves.*\(m, 2\).*\(3, 5\)"):
        tuning.ridge_curves(X, y, np.ones((3, 5)), np.ones(3), [1.0])
    with pytest.raises(ValueError, match=r"ridge_curves.*\(3,\)"):
        tuning.ridge_curves(X, y, np.ones((3, 2)), np.ones(4), [1.0])
    with pytest.raises(ValueError, match="lam"):
        tuning.ridge_curves(X, y, X, y, [-1.0])
    with pytest.raises(ValueError, match="kfold_ridge_curve"):
        tuning.kfold_ridge_curve(X, np.ones(3), [1.0])
    with pytest.raises(ValueError, match="kfold_indices"):
        tuning.kfold_ridge_curve(X, y, [1.0], k=5)
    with pytest.raises(ValueError, match="response_surface"):
        tuning.response_surface(np.zeros(2), np.zeros(3))
