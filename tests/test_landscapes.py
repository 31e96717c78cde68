"""2-D landscapes: analytic gradients against finite differences, known minima, the optimizer
runner against closed forms, and SGD's stationary variance against a long simulation."""

import functools

import numpy as np
import pytest

from dlcore import gradcheck, optim
from dlcore.lab import landscapes

TOL = 1e-7


def sample_points(landscape, n, seed):
    lo1, hi1, lo2, hi2 = landscape.extent
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(lo1, hi1, n), rng.uniform(lo2, hi2, n)])


@pytest.mark.parametrize("name", sorted(landscapes.LANDSCAPES))
def test_gradient_matches_finite_differences(name):
    landscape = landscapes.LANDSCAPES[name]()
    for w in sample_points(landscape, 5, seed=0):
        assert gradcheck.check_grad(landscape.value, landscape.grad, w) < TOL, w


@pytest.mark.parametrize("name", sorted(landscapes.LANDSCAPES))
def test_grids_agree_with_single_points(name):
    landscape = landscapes.LANDSCAPES[name]()
    W = sample_points(landscape, 12, seed=1).reshape(3, 4, 2)
    values, grads = landscape.value(W), landscape.grad(W)
    assert values.shape == (3, 4) and grads.shape == (3, 4, 2)
    for i in np.ndindex(3, 4):
        assert values[i] == pytest.approx(landscape.value(W[i]), rel=1e-13, abs=1e-13)
        np.testing.assert_allclose(grads[i], landscape.grad(W[i]), rtol=1e-13, atol=1e-13)
    assert isinstance(landscape.value(W[0, 0]), float)
    Z, extent = landscape.grid(resolution=7)
    assert Z.shape == (7, 7) and extent == landscape.extent
    assert Z[0, 0] == pytest.approx(landscape.value([extent[0], extent[2]]))
    assert Z[-1, 0] == pytest.approx(landscape.value([extent[0], extent[3]]))


def test_known_minima():
    rosenbrock, beale = landscapes.rosenbrock(), landscapes.beale()
    assert rosenbrock.value([1.0, 1.0]) == 0.0
    np.testing.assert_array_equal(rosenbrock.grad([1.0, 1.0]), [0.0, 0.0])
    assert rosenbrock.value([0.0, 0.0]) == 1.0  # (1 - 0)^2 + 100 (0 - 0)^2
    assert beale.value([3.0, 0.5]) == 0.0
    np.testing.assert_allclose(beale.grad([3.0, 0.5]), [0.0, 0.0], atol=1e-15)
    # Beale at the origin: 1.5^2 + 2.25^2 + 2.625^2
    assert beale.value([0.0, 0.0]) == pytest.approx(14.203125)
    np.testing.assert_array_equal(landscapes.rosenbrock(a=2.0).minimum, [2.0, 4.0])


def test_quadratic_values_and_hessian_helpers():
    H = landscapes.hessian_from_eigenvalues([4.0, 1.0], np.pi / 2)  # steep direction along w2
    np.testing.assert_allclose(H, [[1.0, 0.0], [0.0, 4.0]], atol=1e-15)
    q = landscapes.quadratic(H, center=[1.0, -1.0])
    assert q.value([1.0, -1.0]) == 0.0
    assert q.value([2.0, 0.0]) == pytest.approx(0.5 * (1.0 + 4.0))
    np.testing.assert_allclose(q.grad([2.0, 0.0]), [1.0, 4.0])
    np.testing.assert_allclose(q.eigenvalues, [1.0, 4.0])
    np.testing.assert_array_equal(q.minimum, [1.0, -1.0])
    ill = landscapes.ill_conditioned(50.0, angle=0.3, lam_max=2.0)
    np.testing.assert_allclose(ill.eigenvalues, [0.04, 2.0])
    assert np.linalg.cond(ill.H) == pytest.approx(50.0)
    steep = landscapes.rotation(0.3) @ np.array([1.0, 0.0])
    np.testing.assert_allclose(ill.H @ steep, 2.0 * steep)


def test_double_well_stationary_points():
    well = landscapes.double_well(tilt=0.3)
    points = well.stationary_points()
    assert [kind for _, kind in points] == ["minimum", "saddle", "minimum"]
    for w, _ in points:
        np.testing.assert_allclose(well.grad(w), [0.0, 0.0], atol=1e-14)
    left, right = points[0][0], points[2][0]
    assert well.value(left) < well.value(right)  # tilt > 0 lowers the left well
    np.testing.assert_array_equal(well.minimum, left)
    untilted = landscapes.double_well(tilt=0.0).stationary_points()
    np.testing.assert_allclose([w[0] for w, _ in untilted], [-1.0, 0.0, 1.0], atol=1e-15)


def test_logistic_2param_is_the_mean_bce():
    landscape = landscapes.logistic_2param()
    w = np.array([1.5, -0.5])
    p = 1.0 / (1.0 + np.exp(-(w[0] * landscape.x + w[1])))
    y = landscape.y
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert landscape.value(w) == pytest.approx(expected, rel=1e-12)
    assert landscape.value([0.0, 0.0]) == pytest.approx(np.log(2.0))
    assert np.isfinite(landscape.value([1e4, 1e4]))  # stable softplus, no overflow


def test_run_2d_gd_on_a_quadratic_matches_the_closed_form():
    q = landscapes.ill_conditioned(10.0, angle=0.4, center=(0.5, -0.2))
    lr, steps, w0 = 0.7, 25, np.array([2.0, 1.0])
    path, losses = landscapes.run_2d(lambda ps: optim.GD(ps, lr=lr), q, w0, steps)
    assert path.shape == (steps + 1, 2) and losses.shape == (steps + 1,)
    e0 = w0 - q.center
    M = np.eye(2) - lr * q.H
    for t in (0, 1, 7, steps):
        expected = q.center + np.linalg.matrix_power(M, t) @ e0
        np.testing.assert_allclose(path[t], expected, rtol=1e-12, atol=1e-14)
        assert losses[t] == pytest.approx(q.value(path[t]))


def test_run_2d_accepts_classes_partials_and_steppers():
    q = landscapes.quadratic(np.diag([1.0, 2.0]))
    w0 = [1.0, 1.0]
    # Adam's first step moves every coordinate by lr, whatever the gradient's size
    path, _ = landscapes.run_2d(functools.partial(optim.Adam, lr=0.1), q, w0, 1)
    np.testing.assert_allclose(path[1], [0.9, 0.9], rtol=1e-7)
    path, _ = landscapes.run_2d(optim.Adam, q, w0, 1)  # the class itself, default lr = 1e-3
    np.testing.assert_allclose(path[1], [0.999, 0.999], rtol=1e-7)
    path, _ = landscapes.run_2d(lambda w, g: w - 0.25 * g, q, w0, 2)  # hand-written stepper
    np.testing.assert_allclose(path[2], [0.75**2, 0.5**2])


def test_run_2d_stops_at_divergence():
    q = landscapes.quadratic(np.diag([1.0, 1.0]))
    path, losses = landscapes.run_2d(lambda ps: optim.GD(ps, lr=3.0), q, [1.0, 0.0], 2000)
    # |1 - lr| = 2: w_t = (-2)^t, and the loss w^2 / 2 = 2^(2t - 1) overflows at t = 512
    finite = np.isfinite(losses)
    assert finite[:512].all() and not finite[512:].any()
    assert np.isnan(path[512:]).all()
    assert path[10, 0] == (-2.0) ** 10


def test_sgd_stationary_variance_matches_simulation():
    lr, lam, sigma = 0.1, 2.0, 0.5
    predicted = landscapes.sgd_stationary_variance(lr, lam, sigma)
    assert predicted == pytest.approx(0.1 * 0.25 / (2.0 * 1.8))
    noisy = landscapes.noisy_quadratic(np.diag([lam, lam]), sigma, np.random.default_rng(0))
    path, _ = landscapes.run_2d(lambda ps: optim.SGD(ps, lr=lr), noisy, [0.0, 0.0], 40_000)
    measured = path[1000:].var(axis=0)  # both coordinates, after the burn-in
    np.testing.assert_allclose(measured, predicted, rtol=0.05)
    np.testing.assert_array_equal(noisy.exact_grad([1.0, 0.0]), [lam, 0.0])


def test_noisy_quadratic_is_reproducible_per_seed():
    H = np.eye(2)
    a = landscapes.noisy_quadratic(H, 1.0, np.random.default_rng(3)).grad([0.0, 0.0])
    b = landscapes.noisy_quadratic(H, 1.0, np.random.default_rng(3)).grad([0.0, 0.0])
    np.testing.assert_array_equal(a, b)
    noiseless = landscapes.noisy_quadratic(H, 0.0, np.random.default_rng(3))
    assert noiseless.grad([1.0, 2.0]).tolist() == [1.0, 2.0]  # sigma = 0: the exact gradient


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: landscapes.double_well().value(np.zeros(3)), r"double well.*\(3,\)"),
        (lambda: landscapes.rosenbrock().grad(np.zeros((4, 3))), r"Rosenbrock.*\(4, 3\)"),
        (lambda: landscapes.beale().value(1.0), r"Beale.*\(\)"),
        (lambda: landscapes.quadratic(np.eye(3)), r"quadratic.*\(2, 2\).*\(3, 3\)"),
        (lambda: landscapes.quadratic([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
        (lambda: landscapes.quadratic(np.eye(2), center=[0.0, 0.0, 0.0]), r"center.*\(3,\)"),
        (lambda: landscapes.hessian_from_eigenvalues([1.0, 2.0, 3.0]), "2 eigenvalues"),
        (lambda: landscapes.ill_conditioned(0.5), "kappa"),
        (lambda: landscapes.double_well(tilt=2.0), "tilt"),
        (lambda: landscapes.saddle(a=-1.0), "saddle"),
        (lambda: landscapes.noisy_quadratic(np.eye(2), -1.0, np.random.default_rng(0)), "sigma"),
        (lambda: landscapes.noisy_quadratic(np.eye(2), 1.0, 0), "Generator"),
        (lambda: landscapes.sgd_stationary_variance(1.0, 2.5, 1.0), "diverges"),
        (lambda: landscapes.sgd_stationary_variance(0.1, 0.0, 1.0), "lam > 0"),
        (
            lambda: landscapes.run_2d(optim.Adam, landscapes.saddle(), np.zeros(3), 5),
            r"run_2d: w0 must have shape \(2,\), got \(3,\)",
        ),
        (lambda: landscapes.run_2d(optim.Adam, landscapes.saddle(), np.zeros(2), -1), "steps"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_run_2d_rejects_things_that_are_not_optimizers():
    with pytest.raises(TypeError, match="Optimizer"):
        landscapes.run_2d(lambda ps: "not an optimizer", landscapes.saddle(), [1.0, 1.0], 3)
    with pytest.raises(TypeError, match="stepper"):
        landscapes.run_2d(lambda a, b, c: a, landscapes.saddle(), [1.0, 1.0], 3)
