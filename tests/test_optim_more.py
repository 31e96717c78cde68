"""AdaGrad, RMSProp, AdamW, Adam's options, learning-rate changes and gradient clipping, each
checked against a step worked out by hand on one or two scalar weights."""

import math

import numpy as np
import pytest
from optim_steps import scalar_param, take_steps

from dlcore import optim
from dlcore.nn import Parameter


def test_adagrad_two_steps():
    # step 1: G = 0.25 -> w = 1 - 0.1 * 0.5 / (0.5 + 1e-10)
    # step 2 (g = -1): G = 1.25 -> w = w1 + 0.1 * 1 / (sqrt(1.25) + 1e-10)
    p = scalar_param()
    w1 = 1 - 0.1 * 0.5 / (0.5 + 1e-10)
    w2 = w1 + 0.1 / (math.sqrt(1.25) + 1e-10)
    assert take_steps(optim.AdaGrad([p], lr=0.1), p, [0.5, -1.0]) == pytest.approx(
        [w1, w2], rel=1e-12
    )
    assert w1 == pytest.approx(0.9) and w2 == pytest.approx(0.98944272)


def test_adagrad_keeps_one_sum_per_parameter():
    # a sees g = 2 then 0: G_a = 4 -> step 1 moves it by 0.1, step 2 not at all.
    # b sees g = 0 then 3: G_b = 0 then 9 -> step 1 leaves it, step 2 moves it by 0.1.
    a, b = scalar_param(0.0), scalar_param(0.0)
    opt = optim.AdaGrad([a, b], lr=0.1)
    a.grad[:], b.grad[:] = 2.0, 0.0
    opt.step()
    a.grad[:], b.grad[:] = 0.0, 3.0
    opt.step()
    assert float(a.data[0]) == pytest.approx(-0.1)
    assert float(b.data[0]) == pytest.approx(-0.1)


def test_rmsprop_two_steps():
    # step 1: v = 0.01 * 0.25 = 0.0025, d = 0.5 / 0.05 = 10 -> w = 1 - 0.01 * 10 = 0.9
    # step 2: v = 0.99 * 0.0025 + 0.0025 = 0.004975, d = 0.5 / sqrt(0.004975)
    p = scalar_param()
    w1 = 1 - 0.01 * 0.5 / (0.05 + 1e-8)
    d2 = 0.5 / (math.sqrt(0.004975) + 1e-8)
    assert take_steps(optim.RMSProp([p], lr=0.01), p, [0.5, 0.5]) == pytest.approx(
        [w1, w1 - 0.01 * d2], rel=1e-12
    )
    assert d2 == pytest.approx(7.08881, rel=1e-5)


def test_rmsprop_first_step_is_lr_over_sqrt_one_minus_alpha():
    # no bias correction: v1 = (1 - alpha) g^2, so the step is lr * sign(g) / sqrt(1 - alpha)
    p = Parameter(np.zeros(3))
    p.grad[:] = [1e-3, -2.0, 300.0]
    optim.RMSProp([p], lr=0.01, alpha=0.99).step()
    np.testing.assert_allclose(p.data, [-0.1, 0.1, -0.1], rtol=1e-4)


def test_rmsprop_with_momentum():
    # b1 = d1 = 10 -> w = 0.9;  b2 = 0.9 * 10 + d2 -> w = 0.9 - 0.01 * (9 + d2)
    p = scalar_param()
    d1 = 0.5 / (0.05 + 1e-8)
    d2 = 0.5 / (math.sqrt(0.004975) + 1e-8)
    opt = optim.RMSProp([p], lr=0.01, momentum=0.9)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx(
        [1 - 0.01 * d1, 1 - 0.01 * d1 - 0.01 * (0.9 * d1 + d2)], rel=1e-12
    )


def test_adam_without_bias_correction():
    # m = 0.05, v = 0.00025 used as they are: w1 = 1 - 0.1 * 0.05 / (sqrt(0.00025) + 1e-8)
    # step 2 (g = 0.5): m = 0.095, v = 0.00049975
    p = scalar_param()
    opt = optim.Adam([p], lr=0.1, bias_correction=False)
    w1 = 1 - 0.1 * 0.05 / (math.sqrt(0.00025) + 1e-8)
    w2 = w1 - 0.1 * 0.095 / (math.sqrt(0.00049975) + 1e-8)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx([w1, w2], rel=1e-12)
    assert 1 - w1 == pytest.approx(0.31623, rel=1e-4)


def test_uncorrected_adam_first_step_is_lr_times_one_minus_b1_over_sqrt_one_minus_b2():
    p = Parameter(np.zeros(3))
    p.grad[:] = [0.1, -2.0, 300.0]
    optim.Adam([p], lr=0.01, bias_correction=False).step()
    expected = 0.01 * 0.1 / math.sqrt(0.001)  # = 0.0316...
    np.testing.assert_allclose(p.data, [-expected, expected, -expected], rtol=1e-4)


def test_adam_l2_weight_decay_goes_through_the_moments():
    # g1 = 0.5 + 0.1 * 1 = 0.6: first step is lr * sign (up to eps) -> 0.9
    # g2 = 0.5 + 0.1 * 0.9 = 0.59: m = 0.9 * 0.06 + 0.1 * 0.59 = 0.113,
    #   v = 0.999 * 0.00036 + 0.001 * 0.3481 = 0.00070774
    # (the hand arithmetic rounds w1 to 0.9, an error of 2e-9 that eps causes)
    p = scalar_param()
    opt = optim.Adam([p], lr=0.1, weight_decay=0.1)
    w2 = 0.9 - 0.1 * (0.113 / 0.19) / math.sqrt(0.00070774 / 0.001999)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx([0.9, w2], rel=1e-8)
    assert 0.9 - w2 == pytest.approx(0.09995, rel=1e-4)


def test_adamw_two_steps():
    # step 1: w = 1 * (1 - 0.1 * 0.1) = 0.99, then Adam's first step -0.1 -> 0.89
    # step 2: w = 0.89 * 0.99 = 0.8811; m_hat = 0.095 / 0.19 = 0.5,
    #   v_hat = 0.00049975 / 0.001999 = 0.25 -> step 0.1 * 0.5 / 0.5 = 0.1 -> 0.7811
    p = scalar_param()
    opt = optim.AdamW([p], lr=0.1, weight_decay=0.1)
    assert take_steps(opt, p, [0.5, 0.5]) == pytest.approx([0.89, 0.7811], rel=1e-7)


def test_adamw_decay_is_decoupled_from_the_gradient_scale():
    # With a zero gradient AdamW only shrinks: w <- w (1 - lr * wd) per step, here 0.99^3.
    # Adam's L2 instead feeds wd * w through m / sqrt(v): its first step is a full lr * sign(w).
    p, q = scalar_param(), scalar_param()
    take_steps(optim.AdamW([p], lr=0.1, weight_decay=0.1), p, [0.0, 0.0, 0.0])
    take_steps(optim.Adam([q], lr=0.1, weight_decay=0.1), q, [0.0])
    assert float(p.data[0]) == pytest.approx(0.99**3, rel=1e-12)
    assert float(q.data[0]) == pytest.approx(0.9, rel=1e-7)


def test_adamw_defaults_follow_pytorch():
    opt = optim.AdamW([scalar_param()])
    assert (opt.lr, opt.betas, opt.eps, opt.weight_decay) == (1e-3, (0.9, 0.999), 1e-8, 1e-2)


def test_learning_rate_can_change_between_steps():
    # a schedule sets lr before each step: w = 1 - 0.1 * 1 - 0.2 * 1 - 0 * 1 = 0.7
    p = scalar_param()
    opt = optim.SGD([p], lr=0.1)
    values = []
    for lr in [0.1, 0.2, 0.0]:
        opt.lr = lr
        p.grad[:] = 1.0
        opt.step()
        values.append(float(p.data[0]))
    assert values == pytest.approx([0.9, 0.7, 0.7])
    assert opt.t == 3


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_learning_rate_setter_rejects_bad_values(bad):
    opt = optim.Adam([scalar_param()])
    with pytest.raises(ValueError, match="Adam: learning rate must be finite and >= 0"):
        opt.lr = bad


def test_clip_grad_norm_rescales_the_global_norm():
    # grads 3 and 4: total norm 5 > 1, so both are scaled by 1 / (5 + 1e-6)
    a, b = scalar_param(), scalar_param()
    a.grad[:], b.grad[:] = 3.0, -4.0
    total = optim.clip_grad_norm([a, b], max_norm=1.0)
    assert total == 5.0
    scale = 1.0 / (5.0 + 1e-6)
    assert (a.grad[0], b.grad[0]) == pytest.approx((3.0 * scale, -4.0 * scale), rel=1e-15)


def test_clip_grad_norm_leaves_small_gradients_alone():
    p = Parameter(np.zeros((2, 2)))
    p.grad[:] = [[0.1, -0.2], [0.2, 0.0]]  # norm 0.3
    before = p.grad.copy()
    assert optim.clip_grad_norm([p], max_norm=1.0) == pytest.approx(0.3)
    np.testing.assert_array_equal(p.grad, before)


def test_clip_grad_value_clamps_each_entry():
    p = Parameter(np.zeros(4))
    p.grad[:] = [-3.0, 0.5, 2.0, -1.0]
    optim.clip_grad_value([p], clip=1.0)
    np.testing.assert_array_equal(p.grad, [-1.0, 0.5, 1.0, -1.0])


def test_clipping_errors():
    p = scalar_param()
    with pytest.raises(ValueError, match="clip_grad_norm: max_norm must be > 0, got 0"):
        optim.clip_grad_norm([p], 0)
    with pytest.raises(ValueError, match="clip_grad_value: clip must be > 0, got -1"):
        optim.clip_grad_value([p], -1)
    with pytest.raises(ValueError, match="expected Parameters"):
        optim.clip_grad_norm([np.zeros(3)], 1.0)
    p.grad[:] = np.inf
    with pytest.raises(FloatingPointError, match="total gradient norm is inf"):
        optim.clip_grad_norm([p], 1.0)


def test_registry_and_lookup():
    assert set(optim.OPTIMIZERS) == {"gd", "sgd", "adagrad", "rmsprop", "adam", "adamw"}
    assert optim.get("rmsprop") is optim.RMSProp
    with pytest.raises(ValueError, match="unknown optimizer 'lbfgs'; valid names: adagrad, adam"):
        optim.get("lbfgs")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: optim.AdaGrad([p], lr=-0.1), "AdaGrad: learning rate must be > 0"),
        (lambda p: optim.AdaGrad([p], lr=0.1, eps=-1.0), "AdaGrad: eps must be >= 0"),
        (lambda p: optim.RMSProp([p], lr=0.1, alpha=1.0), "RMSProp: alpha must lie in"),
        (lambda p: optim.RMSProp([p], lr=0.1, momentum=-0.5), "RMSProp: momentum must lie"),
        (lambda p: optim.AdamW([p], betas=(1.0, 0.999)), "AdamW: betas must lie"),
        (lambda p: optim.AdamW([p], betas=(0.9, 0.99, 0.9)), "AdamW: betas"),
        (lambda p: optim.AdamW([p], weight_decay=-0.1), "AdamW: weight_decay must be >= 0"),
        (lambda p: optim.Adam([p], eps=-1e-8), "Adam: eps must be >= 0"),
        (lambda p: optim.SGD([p], lr=0.1, weight_decay=-1.0), "SGD: weight_decay must be"),
        (lambda p: optim.RMSProp([], lr=0.1), "RMSProp: got an empty parameter list"),
    ],
)
def test_bad_optimizer_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make(scalar_param())
