"""Penalties, soft-threshold and ridge (chapter 18): values computed by hand, gradients against
finite differences, ridge against the least-squares solution of the augmented system."""

import numpy as np
import pytest

from dlcore import regularization as reg


def central_difference(f, w, h=1e-6):
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[i] = h
        grad[i] = (f(w + step) - f(w - step)) / (2 * h)
    return grad


def test_l2_penalty_by_hand():
    value, grad = reg.l2_penalty(np.array([3.0, -4.0]), 0.5)
    assert value == pytest.approx(0.5 * 0.5 * 25.0)
    np.testing.assert_array_equal(grad, [1.5, -2.0])


def test_l1_penalty_by_hand():
    value, grad = reg.l1_penalty(np.array([3.0, -4.0, 0.0]), 0.5)
    assert value == pytest.approx(3.5)
    np.testing.assert_array_equal(grad, [0.5, -0.5, 0.0])


@pytest.mark.parametrize("penalty", [reg.l2_penalty, reg.l1_penalty])
def test_penalty_gradients_match_finite_differences(penalty):
    w = np.random.default_rng(0).normal(size=(3, 4))  # no entry near 0, where |w| has a kink
    _, grad = penalty(w, 0.7)
    numeric = central_difference(lambda v: penalty(v, 0.7)[0], w)
    assert np.max(np.abs(grad - numeric)) / np.max(np.abs(grad)) < 1e-7


def test_soft_threshold_values():
    w = np.array([-3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5])
    np.testing.assert_array_equal(reg.soft_threshold(w, 1.0), [-2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5])
    np.testing.assert_array_equal(reg.soft_threshold(w, 0.0), w)


def test_soft_threshold_is_the_proximal_step_of_l1():
    # argmin_v 1/2 (v - w)^2 + t |v|, found on a fine grid, for a few scalars
    grid = np.linspace(-5, 5, 200001)
    for w in [-2.3, -0.4, 0.0, 0.7, 3.1]:
        best = grid[np.argmin(0.5 * (grid - w) ** 2 + 0.8 * np.abs(grid))]
        assert reg.soft_threshold(np.array([w]), 0.8)[0] == pytest.approx(best, abs=1e-4)


def regression(n=12, d=5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=n)


@pytest.mark.parametrize("n, d", [(12, 5), (4, 9)])
@pytest.mark.parametrize("lam", [0.01, 1.0, 30.0])
def test_ridge_equals_least_squares_of_the_augmented_system(n, d, lam):
    # ||y - X w||^2 + lam ||w||^2 = ||[y; 0] - [X; sqrt(lam) I] w||^2
    X, y = regression(n, d)
    X_aug = np.vstack([X, np.sqrt(lam) * np.eye(d)])
    y_aug = np.concatenate([y, np.zeros(d)])
    expected = np.linalg.lstsq(X_aug, y_aug, rcond=None)[0]
    np.testing.assert_allclose(reg.ridge(X, y, lam), expected, rtol=1e-10, atol=1e-12)


def test_ridge_at_zero_is_the_minimum_norm_least_squares_solution():
    X, y = regression(4, 9)  # under-determined: pinv gives the minimum-norm solution
    np.testing.assert_allclose(reg.ridge(X, y, 0.0), np.linalg.pinv(X) @ y, atol=1e-12)


def test_ridge_path_rows_match_single_solves_and_shrink():
    X, y = regression()
    lams = [0.0, 0.1, 1.0, 10.0, 1e6]
    W = reg.ridge_path(X, y, lams)
    assert W.shape == (5, 5)
    for row, lam in zip(W, lams):
        np.testing.assert_allclose(row, reg.ridge(X, y, lam), atol=1e-12)
    norms = np.linalg.norm(W, axis=1)
    assert np.all(np.diff(norms) < 0) and norms[-1] < 1e-4


def test_ridge_shrinkage_by_hand():
    np.testing.assert_allclose(reg.ridge_shrinkage(np.array([1.0, 2.0, 0.0]), 4.0), [0.2, 0.5, 0])
    np.testing.assert_array_equal(reg.ridge_shrinkage(np.array([3.0, 0.0]), 0.0), [1.0, 0.0])


def test_duplicated_feature_splits_the_weight_equally():
    X, y = regression()
    X_dup = np.column_stack([X, X[:, 0]])
    w = reg.ridge(X_dup, y, 1.0)
    assert w[0] == pytest.approx(w[-1], abs=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda: reg.l2_penalty(np.ones(3), -1.0),
        lambda: reg.l1_penalty(np.ones(3), float("nan")),
        lambda: reg.soft_threshold(np.ones(3), -0.1),
        lambda: reg.ridge(np.ones((4, 2)), np.ones(4), -1.0),
        lambda: reg.ridge_shrinkage(np.array([-1.0]), 1.0),
    ],
)
def test_bad_strengths_raise(call):
    with pytest.raises(ValueError):
        call()


def test_bad_shapes_name_the_function_and_both_shapes():
    with pytest.raises(ValueError, match=r"ridge_path.*\(5,\).*\(4,\)"):
        reg.ridge(np.ones((5, 2)), np.ones(4), 1.0)
    with pytest.raises(ValueError, match=r"ridge_path.*\(n, d\).*\(5,\)"):
        reg.ridge(np.ones(5), np.ones(5), 1.0)
