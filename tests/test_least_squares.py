"""Least-squares toys: the data generator, the minimum-norm solution, the row-space projection and
the loss with its gradient (against finite differences and hand-computed values)."""

import numpy as np
import pytest

from dlcore import gradcheck, optim
from dlcore.lab import least_squares
from dlcore.nn import Parameter


def problem(n=8, d=20, noise=0.1, seed=0, n_test=50):
    return least_squares.underdetermined_regression(
        n, d, noise, rng=np.random.default_rng(seed), n_test=n_test
    )


def test_shapes_and_names():
    p = problem(n=8, d=20, n_test=50)
    X, y, X_test, y_test, theta = p  # unpacks like a tuple
    assert X.shape == (8, 20) and y.shape == (8,)
    assert X_test.shape == (50, 20) and y_test.shape == (50,)
    assert theta.shape == (20,)
    assert all(a.dtype == np.float64 for a in p)
    assert p.X is X and p.theta is theta


def test_deterministic_per_seed():
    a, b, c = problem(seed=3), problem(seed=3), problem(seed=4)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a.X, c.X)


def test_noise_free_targets_are_exact_and_noise_is_added():
    clean = problem(noise=0.0)
    np.testing.assert_allclose(clean.y, clean.X @ clean.theta, rtol=0, atol=1e-14)
    np.testing.assert_allclose(clean.y_test, clean.X_test @ clean.theta, rtol=0, atol=1e-14)
    noisy = problem(n=2000, d=5, noise=0.5, n_test=10)
    residual = noisy.y - noisy.X @ noisy.theta
    assert 0.45 < residual.std() < 0.55


def test_scale_of_the_signal():
    # theta ~ N(0, I/d) and x ~ N(0, I): clean targets have variance ||theta||^2, close to 1
    p = problem(n=4000, d=400, noise=0.0, seed=1)
    assert 0.75 < np.sum(p.theta**2) < 1.25  # a chi-square / d: mean 1, std sqrt(2 / d) = 0.07
    assert abs(p.y.var() - np.sum(p.theta**2)) < 0.1


@pytest.mark.parametrize("n, d", [(5, 20), (20, 100), (30, 31)])
def test_min_norm_solution_interpolates_and_lies_in_the_row_space(n, d):
    X, y, *_ = problem(n=n, d=d)
    theta = least_squares.min_norm_solution(X, y)
    assert theta.shape == (d,)
    np.testing.assert_allclose(X @ theta, y, rtol=0, atol=1e-10)
    # in row(X): theta = X^T a for some a, and it equals X^T (X X^T)^{-1} y
    a = np.linalg.solve(X @ X.T, y)
    np.testing.assert_allclose(theta, X.T @ a, rtol=0, atol=1e-10)
    np.testing.assert_allclose(least_squares.project_row_space(X, theta), theta, atol=1e-12)


def test_min_norm_solution_is_the_smallest_interpolant():
    X, y, *_ = problem(n=6, d=15)
    theta = least_squares.min_norm_solution(X, y)
    rng = np.random.default_rng(12345)  # not the data's seed: its draws would lie in row(X)
    for _ in range(5):
        v = rng.normal(size=15)
        v -= least_squares.project_row_space(X, v)  # a direction the training loss cannot see
        np.testing.assert_allclose(X @ (theta + v), y, atol=1e-10)
        # Pythagoras: ||theta + v||^2 = ||theta||^2 + ||v||^2
        assert np.sum((theta + v) ** 2) == pytest.approx(np.sum(theta**2) + np.sum(v**2))
        assert np.linalg.norm(theta + v) > np.linalg.norm(theta)


def test_min_norm_solution_of_a_tall_problem_is_ordinary_least_squares():
    X, y, *_ = problem(n=40, d=5, noise=0.3)
    np.testing.assert_allclose(
        least_squares.min_norm_solution(X, y), np.linalg.solve(X.T @ X, X.T @ y), atol=1e-12
    )


def test_min_norm_solution_by_hand():
    # one equation, two unknowns: x1 + x2 = 2; the smallest solution is (1, 1)
    np.testing.assert_allclose(least_squares.min_norm_solution([[1.0, 1.0]], [2.0]), [1.0, 1.0])
    # a rank-deficient matrix: the repeated column shares the weight
    np.testing.assert_allclose(
        least_squares.min_norm_solution([[1.0, 1.0], [2.0, 2.0]], [1.0, 2.0]), [0.5, 0.5]
    )


def test_project_row_space():
    X = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(least_squares.project_row_space(X, [3.0, 4.0, 5.0]), [3.0, 4.0, 0.0])
    X, *_ = problem(n=5, d=12)
    V = np.random.default_rng(2).normal(size=(4, 12))
    P = least_squares.project_row_space(X, V)
    assert P.shape == (4, 12)
    np.testing.assert_allclose(least_squares.project_row_space(X, P), P, atol=1e-12)  # idempotent
    np.testing.assert_allclose(X @ (V - P).T, 0.0, atol=1e-12)  # the rest is in null(X)
    np.testing.assert_allclose(np.sum(P * (V - P), axis=1), 0.0, atol=1e-12)  # orthogonal


def test_least_squares_value_and_gradient_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.array([1.0, 0.0])
    loss, grad = least_squares.least_squares(np.array([1.0, -1.0]), X, y)
    # residuals: (1 - 2) - 1 = -2 and (3 - 4) - 0 = -1; loss = (4 + 1) / 2
    assert loss == 2.5 and isinstance(loss, float)
    # grad = (2/2) X^T r = [1*-2 + 3*-1, 2*-2 + 4*-1]
    np.testing.assert_array_equal(grad, [-5.0, -8.0])


def test_least_squares_gradient_matches_finite_differences():
    X, y, *_ = problem(n=7, d=9)
    theta = np.random.default_rng(0).normal(size=9)
    error = gradcheck.check_grad(
        lambda w: least_squares.least_squares(w, X, y)[0],
        lambda w: least_squares.least_squares(w, X, y)[1],
        theta,
    )
    assert error < 1e-7


def test_least_squares_broadcasts_over_stacks():
    X, y, *_ = problem(n=7, d=9)
    thetas = np.random.default_rng(0).normal(size=(3, 9))
    losses, grads = least_squares.least_squares(thetas, X, y)
    assert losses.shape == (3,) and grads.shape == (3, 9)
    for k in range(3):
        loss, grad = least_squares.least_squares(thetas[k], X, y)
        assert losses[k] == pytest.approx(loss, rel=1e-13)
        np.testing.assert_allclose(grads[k], grad, rtol=1e-13, atol=1e-14)
    # a stack of data sets, one parameter vector each
    problems = [problem(n=7, d=9, seed=s) for s in range(4)]
    Xs, ys = np.stack([p.X for p in problems]), np.stack([p.y for p in problems])
    losses, grads = least_squares.least_squares(thetas[:1].repeat(4, 0), Xs, ys)
    assert losses.shape == (4,) and grads.shape == (4, 9)
    loss, grad = least_squares.least_squares(thetas[0], Xs[2], ys[2])
    assert losses[2] == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(grads[2], grad, rtol=1e-13, atol=1e-14)


def test_gradient_descent_from_zero_converges_to_the_min_norm_solution():
    X, y, *_ = problem(n=10, d=40, noise=0.2)
    w = Parameter(np.zeros(40))
    lam_max = 2 / 10 * np.linalg.norm(X, 2) ** 2  # largest eigenvalue of the Hessian
    opt = optim.GD([w], lr=1.0 / lam_max)
    for _ in range(3000):
        w.grad[...] = least_squares.least_squares(w.data, X, y)[1]
        opt.step()
    np.testing.assert_allclose(w.data, least_squares.min_norm_solution(X, y), atol=1e-9)


def test_bad_inputs():
    rng = np.random.default_rng(0)
    make = least_squares.underdetermined_regression
    with pytest.raises(ValueError, match="underdetermined_regression: n must be an integer"):
        make(0, 5, rng=rng)
    with pytest.raises(ValueError, match="d must be an integer"):
        make(3, 2.5, rng=rng)
    with pytest.raises(ValueError, match="n_test"):
        make(3, 5, rng=rng, n_test=0)
    with pytest.raises(ValueError, match="noise"):
        make(3, 5, -0.1, rng=rng)
    with pytest.raises(ValueError, match="noise"):
        make(3, 5, np.nan, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        make(3, 5, rng=0)
    X, y = np.ones((3, 5)), np.ones(3)
    with pytest.raises(ValueError, match=r"min_norm_solution: X must have shape \(n, d\)"):
        least_squares.min_norm_solution(np.ones(5), y)
    with pytest.raises(ValueError, match=r"min_norm_solution: y must have shape \(n,\) = \(3,\)"):
        least_squares.min_norm_solution(X, np.ones(4))
    with pytest.raises(ValueError, match="finite"):
        least_squares.min_norm_solution(X, np.array([1.0, np.inf, 0.0]))
    with pytest.raises(ValueError, match=r"project_row_space: v must have shape"):
        least_squares.project_row_space(X, np.ones(4))
    with pytest.raises(ValueError, match=r"project_row_space: X must have shape"):
        least_squares.project_row_space(np.ones(5), np.ones(5))
    with pytest.raises(ValueError, match=r"least_squares: theta must have shape \(\.\.\., d\)"):
        least_squares.least_squares(np.ones(4), X, y)
    with pytest.raises(ValueError, match=r"least_squares: y must have shape"):
        least_squares.least_squares(np.ones(5), X, np.ones(2))
    with pytest.raises(ValueError, match=r"least_squares: X must have shape"):
        least_squares.least_squares(np.ones(5), np.ones(5), y)
