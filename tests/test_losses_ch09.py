"""Chapter 9 losses (mae, huber, hinge, logsumexp): gradients against central differences away
from kinks, exact values, stability at +-1e4, and clear errors for bad input."""

import numpy as np
import pytest

from dlcore import activations, gradcheck, losses

TOL = 1e-7


def away_from(rng, shape, kinks, gap=0.1):
    """Standard normal draws pushed at least ``gap`` away from every value in ``kinks``."""
    x = rng.normal(size=shape)
    for k in kinks:
        close = np.abs(x - k) < gap
        x = np.where(close, k + gap * np.where(x >= k, 1.0, -1.0) + (x - k), x)
    return x


# ---------------------------------------------------------------------------------- gradients


def test_mae_gradcheck_away_from_the_kink():
    rng = np.random.default_rng(0)
    y = rng.normal(size=(6, 3))
    y_hat = y + away_from(rng, (6, 3), kinks=[0.0])  # residuals at least 0.1 from 0
    assert gradcheck.check_loss(losses.mae, y_hat, y) < TOL


@pytest.mark.parametrize("delta", [0.3, 1.0, 5.0])
def test_huber_gradcheck_in_both_regions(delta):
    rng = np.random.default_rng(1)
    y = rng.normal(size=(8, 2))
    r = 2.0 * delta * away_from(rng, (8, 2), kinks=[-0.5, 0.5])  # |r| = delta is avoided
    y_hat = y + r
    assert np.any(np.abs(r) < delta) and np.any(np.abs(r) > delta)  # both pieces are checked
    loss_fn = lambda out, target: losses.huber(out, target, delta=delta)  # noqa: E731
    assert gradcheck.check_loss(loss_fn, y_hat, y) < TOL


def test_hinge_gradcheck_away_from_the_kink():
    rng = np.random.default_rng(2)
    y = rng.choice([-1.0, 1.0], size=10)
    margins = away_from(rng, (10,), kinks=[1.0])  # both sides of margin 1, never on it
    scores = y * margins
    assert np.any(margins < 1) and np.any(margins > 1)
    assert gradcheck.check_loss(losses.hinge, scores, y) < TOL


def test_logsumexp_gradcheck_along_each_axis():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 5))
    for axis in (0, 1, -1):
        value, grad_z = losses.logsumexp(z, axis=axis)
        R = rng.normal(size=value.shape)  # L = sum(value * R) checks every output

        def scalar(axis=axis, R=R):
            return float(np.sum(losses.logsumexp(z, axis=axis)[0] * R))

        analytic = grad_z * np.expand_dims(R, axis)
        assert gradcheck.relative_error(analytic, gradcheck.numerical_grad(scalar, z)) < TOL


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_every_registered_loss_returns_a_float_and_a_gradient_of_the_output_shape(name):
    rng = np.random.default_rng(4)
    output = away_from(rng, (5, 3), kinks=[-1.0, 0.0, 1.0])
    if name == "softmax_cross_entropy":
        target = rng.integers(0, 3, size=5)
    elif name == "hinge":
        target = rng.choice([-1.0, 1.0], size=(5, 3))
    else:
        target = rng.uniform(size=(5, 3))
        output = target + output  # residuals away from 0 and from +-1 (huber's default delta)
    loss, grad = losses.LOSSES[name](output, target)
    assert isinstance(loss, float) and grad.shape == output.shape
    assert gradcheck.check_loss(losses.LOSSES[name], output, target) < TOL


# ------------------------------------------------------------------------------- exact values


def test_mae_exact_value_and_subgradient_zero_at_the_kink():
    loss, grad = losses.mae(np.array([1.0, -2.0, 3.0, 4.0]), np.array([0.0, 0.0, 3.0, 6.0]))
    assert loss == pytest.approx((1 + 2 + 0 + 2) / 4)
    np.testing.assert_array_equal(grad, np.array([1.0, -1.0, 0.0, -1.0]) / 4)


def test_huber_exact_values_and_continuity_at_delta():
    # residuals -3, -0.5, 0, 2 with delta 1: 1 * (3 - 0.5), 0.125, 0, 1 * (2 - 0.5)
    y_hat = np.array([-3.0, -0.5, 0.0, 2.0])
    loss, grad = losses.huber(y_hat, np.zeros(4), delta=1.0)
    assert loss == pytest.approx((2.5 + 0.125 + 0.0 + 1.5) / 4)
    np.testing.assert_array_equal(grad, np.array([-1.0, -0.5, 0.0, 1.0]) / 4)
    # at |r| = delta both pieces give delta^2 / 2, and the slope is delta from both sides
    delta, eps = 2.0, 1e-9
    below = losses.huber(np.array([delta - eps]), np.zeros(1), delta)
    above = losses.huber(np.array([delta + eps]), np.zeros(1), delta)
    assert below[0] == pytest.approx(delta**2 / 2) and above[0] == pytest.approx(delta**2 / 2)
    assert below[1][0] == pytest.approx(delta) and above[1][0] == pytest.approx(delta)


def test_huber_with_large_delta_is_half_mse_and_with_small_delta_is_delta_times_mae():
    rng = np.random.default_rng(5)
    y_hat, y = rng.normal(size=20), rng.normal(size=20)
    big = losses.huber(y_hat, y, delta=1e6)
    mse = losses.mse(y_hat, y)
    assert big[0] == pytest.approx(mse[0] / 2, rel=1e-12)
    np.testing.assert_allclose(big[1], mse[1] / 2, rtol=1e-12)
    small = losses.huber(y_hat, y, delta=1e-9)
    mae = losses.mae(y_hat, y)
    assert small[0] == pytest.approx(1e-9 * mae[0], rel=1e-6)


def test_hinge_exact_values_and_subgradient_zero_at_margin_one():
    scores = np.array([2.0, 0.5, -1.0, 1.0, -3.0])
    y = np.array([1, 1, 1, 1, -1])  # margins 2, 0.5, -1, 1 (the kink), 3
    loss, grad = losses.hinge(scores, y)
    assert loss == pytest.approx((0 + 0.5 + 2 + 0 + 0) / 5)
    np.testing.assert_array_equal(grad, np.array([0.0, -1.0, -1.0, 0.0, 0.0]) / 5)


def test_hinge_and_base2_logistic_upper_bound_the_zero_one_loss():
    margins = np.linspace(-5, 5, 1001)
    zero_one = (margins <= 0).astype(float)
    hinge = np.array([losses.hinge(np.array([m]), np.ones(1))[0] for m in margins])
    # bce_with_logits with target 1 is log(1 + e^{-m}) in nats; divide by ln 2 for bits
    logistic = np.array([losses.bce_with_logits(np.array([m]), np.ones(1))[0] for m in margins])
    assert np.all(hinge >= zero_one) and np.all(logistic / np.log(2) >= zero_one - 1e-15)
    assert losses.bce_with_logits(np.zeros(1), np.ones(1))[0] / np.log(2) == pytest.approx(1.0)


def test_logsumexp_exact_values_shapes_and_gradient_is_softmax():
    value, grad = losses.logsumexp(np.log(np.array([1.0, 2.0, 5.0])))
    assert value.shape == () and float(value) == pytest.approx(np.log(8.0))
    np.testing.assert_allclose(grad, [1 / 8, 2 / 8, 5 / 8], rtol=1e-14)
    z = np.random.default_rng(6).normal(size=(3, 4, 5))
    value, grad = losses.logsumexp(z, axis=1)
    assert value.shape == (3, 5) and grad.shape == z.shape
    np.testing.assert_allclose(value, np.log(np.exp(z).sum(axis=1)), rtol=1e-14)
    np.testing.assert_allclose(grad, activations.softmax(z, axis=1), rtol=1e-14)
    # the log-softmax the library already uses is z - logsumexp(z)
    logits = z[0]
    np.testing.assert_allclose(
        losses.log_softmax(logits), logits - losses.logsumexp(logits)[0][:, None], atol=1e-15
    )


# --------------------------------------------------------------------------------- stability


def test_logsumexp_is_finite_and_exact_at_plus_and_minus_1e4():
    z = np.array([[1e4, 1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, -1e4, 0.0]])
    value, grad = losses.logsumexp(z)
    np.testing.assert_allclose(value, [1e4 + np.log(2), -1e4 + np.log(3), 1e4], rtol=1e-15)
    np.testing.assert_allclose(grad[0], [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_allclose(grad[1], [1 / 3] * 3, rtol=1e-15)
    np.testing.assert_array_equal(grad[2], [1.0, 0.0, 0.0])
    with np.errstate(over="ignore", divide="ignore"):  # the naive formula fails on purpose
        naive = np.log(np.exp(z).sum(axis=1))
    assert not np.isfinite(naive[0]) and not np.isfinite(naive[1])


@pytest.mark.parametrize("name", ["mae", "huber", "hinge"])
def test_piecewise_linear_losses_are_exact_at_plus_and_minus_1e4(name):
    output = np.array([1e4, -1e4])
    if name == "hinge":
        loss, grad = losses.hinge(output, np.array([-1, 1]))  # margins -1e4: loss 1 + 1e4
        assert loss == pytest.approx(1.0 + 1e4, rel=1e-15)
        np.testing.assert_array_equal(grad, [0.5, -0.5])
        return
    loss, grad = losses.LOSSES[name](output, np.zeros(2))
    expected = 1e4 if name == "mae" else 1e4 - 0.5  # huber, delta 1: |r| - 1/2
    assert loss == pytest.approx(expected, rel=1e-15)
    np.testing.assert_array_equal(grad, [0.5, -0.5])


# ------------------------------------------------------------------------------ clear errors


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: losses.mae(np.zeros((3, 2)), np.zeros((3, 1))), "mae: output and target"),
        (lambda: losses.huber(np.zeros(3), np.zeros(4)), "huber: output and target"),
        (lambda: losses.huber(np.zeros(3), np.zeros(3), delta=0.0), "huber: delta must be"),
        (lambda: losses.huber(np.zeros(3), np.zeros(3), delta=-1.0), "got -1.0"),
        (lambda: losses.huber(np.zeros(3), np.zeros(3), delta=np.inf), "finite number > 0"),
        (lambda: losses.hinge(np.zeros(3), np.ones(2)), "(3,) and (2,)"),
        (lambda: losses.hinge(np.zeros(3), np.array([0, 1, 1])), "labels must be -1 or +1"),
        (lambda: losses.hinge(np.zeros(3), np.array([0, 1, 1])), "y = 2 * y - 1"),
        (lambda: losses.hinge(np.zeros(2), np.array([1.0, 0.5])), "got [0.5]"),
        (lambda: losses.logsumexp(np.float64(3.0)), "logsumexp: axis -1"),
        (lambda: losses.logsumexp(np.zeros((2, 3)), axis=2), "shape (2, 3)"),
        (lambda: losses.logsumexp(np.zeros((2, 0))), "is empty"),
        (lambda: losses.logsumexp(np.array([0.0, np.inf])), "must be finite"),
        (lambda: losses.logsumexp(np.array([0.0, np.nan])), "must be finite"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)
