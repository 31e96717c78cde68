"""Losses: gradients against central differences, exact values, and numerical stability."""

import numpy as np
import pytest

from dlcore import gradcheck, losses

TOL = 1e-7


def test_mse_gradcheck_and_value():
    rng = np.random.default_rng(0)
    y_hat, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    assert gradcheck.check_loss(losses.mse, y_hat, y) < TOL
    assert losses.mse(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))[0] == pytest.approx(2.5)


def test_softmax_cross_entropy_gradcheck_and_value():
    rng = np.random.default_rng(1)
    logits, labels = rng.normal(size=(6, 4)), rng.integers(0, 4, size=6)
    assert gradcheck.check_loss(losses.softmax_cross_entropy, logits, labels) < TOL
    loss, _ = losses.softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]))
    assert loss == pytest.approx(np.log(4))


def test_bce_with_logits_gradcheck_and_value():
    rng = np.random.default_rng(2)
    logits, y = rng.normal(size=(7, 1)), rng.integers(0, 2, size=(7, 1)).astype(float)
    assert gradcheck.check_loss(losses.bce_with_logits, logits, y) < TOL
    assert losses.bce_with_logits(np.zeros(3), np.ones(3))[0] == pytest.approx(np.log(2))


def test_cross_entropy_gradient_is_p_minus_y_over_n():
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    _, grad = losses.softmax_cross_entropy(logits, np.array([0, 2]))
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(grad, (p - np.eye(3)[[0, 2]]) / 2, rtol=1e-12)


def test_extreme_logits_stay_finite():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0]])
    loss, grad = losses.softmax_cross_entropy(logits, np.array([2, 1]))
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert loss == pytest.approx(1e4)  # first row: -log p_2 = 2e4, second row: 0
    loss, grad = losses.bce_with_logits(np.array([1e4, -1e4]), np.array([0.0, 0.0]))
    assert np.isfinite(loss) and loss == pytest.approx(5e3)
    assert np.all(np.isfinite(grad))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: losses.mse(np.zeros((3, 2)), np.zeros((3, 1))), "same shape"),
        (lambda: losses.softmax_cross_entropy(np.zeros((3, 2)), np.zeros(4, int)), "shape (3,)"),
        (lambda: losses.softmax_cross_entropy(np.zeros((3, 2)), np.zeros(3)), "integers"),
        (lambda: losses.softmax_cross_entropy(np.zeros((3, 2)), np.array([0, 1, 2])), "[0, 2)"),
        (lambda: losses.softmax_cross_entropy(np.zeros(3), np.zeros(3, int)), "(N, C)"),
        (lambda: losses.bce_with_logits(np.zeros(3), np.zeros(2)), "same shape"),
    ],
)
def test_bad_loss_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=None) as info:
        call()
    assert message in str(info.value)
