"""Optimizer steps against values worked out by hand on a single scalar weight."""

import math

import numpy as np
import pytest
from optim_steps import scalar_param, take_steps

from dlcore import optim
from dlcore.nn import Parameter


def test_plain_sgd():
    p = scalar_param()
    assert take_steps(optim.SGD([p], lr=0.1), p, [0.5, 0.5]) == pytest.approx([0.95, 0.90])


def test_gd_is_plain_gradient_descent():
    p = scalar_param()
    assert take_steps(optim.GD([p], lr=0.5), p, [0.5, -1.0]) == pytest.approx([0.75, 1.25])


def test_sgd_heavy_ball_momentum():
    # v1 = 0.5, w1 = 1 - 0.1*0.5 = 0.95;  v2 = 0.9*0.5 + 0.5 = 0.95, w2 = 0.95 - 0.095 = 0.855
    p = scalar_param()
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx([0.95, 0.855])


def test_sgd_nesterov():
    # step uses g + 0.9 v: 0.5 + 0.45 = 0.95 -> 0.905;  v2 = 0.95, 0.5 + 0.855 = 1.355 -> 0.7695
    p = scalar_param()
    opt = optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx([0.905, 0.7695])


def test_sgd_weight_decay():
    # g = 0.5 + 0.1 * 1.0 = 0.6 -> w = 1 - 0.1 * 0.6 = 0.94
    p = scalar_param()
    assert take_steps(optim.SGD([p], lr=0.1, weight_decay=0.1), p, [0.5]) == pytest.approx([0.94])


def test_adam_two_steps():
    # step 1: m = 0.05, v = 0.00025, m_hat = 0.5, v_hat = 0.25 -> w = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
    # step 2 (g = -1): m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975
    #   m_hat = -0.055 / 0.19, v_hat = 0.00124975 / 0.001999
    p = scalar_param()
    opt = optim.Adam([p], lr=0.1)
    w1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
    w2 = w1 + 0.1 * (0.055 / 0.19) / (math.sqrt(0.00124975 / 0.001999) + 1e-8)
    assert take_steps(opt, p, [0.5, -1.0]) == pytest.approx([w1, w2], rel=1e-12)


def test_adam_first_step_is_lr_times_sign_whatever_the_gradient_scale():
    p = Parameter(np.array([0.0, 0.0, 0.0]))
    p.grad[:] = [1e-4, -3.0, 250.0]
    optim.Adam([p], lr=0.01).step()
    np.testing.assert_allclose(p.data, [-0.01, 0.01, -0.01], rtol=1e-3)


def test_zero_grad_clears_every_parameter():
    a, b = scalar_param(), scalar_param()
    a.grad[:], b.grad[:] = 3.0, 4.0
    optim.SGD([a, b], lr=0.1).zero_grad()
    assert a.grad[0] == 0.0 and b.grad[0] == 0.0


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: optim.SGD([], lr=0.1), "empty parameter list"),
        (lambda p: optim.SGD([p], lr=0.0), "learning rate must be > 0"),
        (lambda p: optim.SGD([p], lr=0.1, momentum=1.0), "momentum"),
        (lambda p: optim.SGD([p], lr=0.1, nesterov=True), "nesterov"),
        (lambda p: optim.Adam([p], betas=(0.9, 1.0)), "betas"),
    ],
)
def test_bad_optimizer_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make(scalar_param())
