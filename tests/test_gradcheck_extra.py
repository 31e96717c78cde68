"""check_grad and the finite-difference error that chapter 10's U-curve is built on."""

import numpy as np
import pytest

from dlcore import gradcheck


def f(x):
    return float(np.sum(np.exp(x)))


def grad_f(x):
    return np.exp(x)


def test_check_grad_passes_a_right_gradient_and_fails_a_wrong_one():
    x = np.array([0.3, -1.2, 2.0])
    assert gradcheck.check_grad(f, grad_f, x) < 1e-9
    assert gradcheck.check_grad(f, lambda x: 1.01 * np.exp(x), x) > 5e-3


def test_check_grad_leaves_the_input_alone():
    x = np.array([[0.5, 1.5]])
    before = x.copy()
    gradcheck.check_grad(f, grad_f, x)
    np.testing.assert_array_equal(x, before)


def test_forward_difference_is_first_order_and_central_second_order():
    # f = exp at x = 0: forward error ~ h/2, central error ~ h^2/6 (relative to f' = 1)
    x = np.array([0.0])
    for h in (1e-2, 1e-3):
        forward = gradcheck.finite_difference_error(f, grad_f, x, h, kind="forward")
        central = gradcheck.finite_difference_error(f, grad_f, x, h, kind="central")
        assert forward == pytest.approx(h / 2, rel=0.01)
        assert central == pytest.approx(h**2 / 6, rel=0.01)


def test_rounding_error_dominates_at_tiny_steps():
    x = np.array([1.0])
    tiny = gradcheck.finite_difference_error(f, grad_f, x, 1e-13, kind="central")
    best = gradcheck.finite_difference_error(f, grad_f, x, 1e-5, kind="central")
    assert tiny > 1e-5 > 1e-9 > best


def test_finite_difference_grad_by_hand():
    def g(x):
        return float(x[0] ** 2 + 3 * x[1])

    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(
        gradcheck.finite_difference_grad(g, x, 0.5, kind="forward"), [2.5, 3.0]
    )
    np.testing.assert_allclose(
        gradcheck.finite_difference_grad(g, x, 0.5, kind="central"), [2.0, 3.0]
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: gradcheck.finite_difference_grad(f, np.zeros(2), 1e-3, kind="backward"),
            "finite_difference_grad: kind must be 'forward' or 'central'",
        ),
        (lambda: gradcheck.finite_difference_grad(f, np.zeros(2), 0.0), "h must be > 0"),
        (
            lambda: gradcheck.check_grad(f, lambda x: np.zeros(3), np.zeros(2)),
            r"check_grad: grad_f returned shape \(3,\) for x of shape \(2,\)",
        ),
        (
            lambda: gradcheck.finite_difference_error(f, lambda x: 0.0, np.zeros(2), 1e-3),
            r"finite_difference_error: grad_f returned shape \(\)",
        ),
    ],
)
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
