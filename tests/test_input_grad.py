"""Skipping the first layer's input gradient: same parameter gradients, no dx, defaults kept."""

import numpy as np
import pytest

from dlcore import activations, losses, models, nn, optim, train
from dlcore.layers import Dense


def _grads_after_backward(need_input_grad):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 3)), rng.integers(0, 4, size=16)
    model = models.mlp([3, 8, 8, 4], "tanh", rng=np.random.default_rng(1))
    _, dlogits = losses.softmax_cross_entropy(model.forward(X), y)
    dx = model.backward(dlogits, need_input_grad=need_input_grad)
    return dx, [p.grad.copy() for p in model.parameters()]


def test_parameter_gradients_are_identical_with_and_without_the_input_gradient():
    dx_full, with_dx = _grads_after_backward(True)
    dx_skipped, without_dx = _grads_after_backward(False)
    assert dx_full.shape == (16, 3)
    assert dx_skipped is None
    for a, b in zip(with_dx, without_dx):
        np.testing.assert_array_equal(a, b)


def test_default_backward_still_returns_the_input_gradient():
    rng = np.random.default_rng(2)
    layer = Dense(3, 2, rng=rng)
    x, dy = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    layer.forward(x)
    np.testing.assert_allclose(layer.backward(dy), dy @ layer.W.data.T)
    model = nn.Sequential(Dense(3, 2, rng=rng), activations.ReLU())
    model.forward(x)
    assert model.backward(dy).shape == (5, 3)


def test_dense_skips_dx_but_accumulates_its_gradients():
    rng = np.random.default_rng(3)
    layer = Dense(4, 2, rng=rng)
    x, dy = rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
    layer.forward(x)
    assert layer.backward(dy, need_input_grad=False) is None
    np.testing.assert_allclose(layer.W.grad, x.T @ dy)
    np.testing.assert_allclose(layer.b.grad, dy.sum(axis=0))


class Doubler(nn.Module):
    """A module written without the option, as a notebook might define one."""

    def __init__(self):
        self.w = nn.Parameter(np.ones(1))

    def forward(self, x):
        self.x = x
        return 2 * self.w.data * x

    def backward(self, dy):
        self.w.grad += np.sum(2 * dy * self.x)
        return 2 * self.w.data * dy


def test_a_first_module_without_the_option_still_gets_its_gradients():
    model = nn.Sequential(Doubler(), Dense(2, 1, rng=np.random.default_rng(4)))
    x = np.ones((3, 2))
    model.forward(x)
    assert model.backward(np.ones((3, 1)), need_input_grad=False) is None
    assert model[0].w.grad[0] != 0.0
    assert not nn.can_skip_input_grad(Doubler) and nn.can_skip_input_grad(Dense)


@pytest.mark.parametrize("first", ["dense", "activation"])
def test_fit_trains_the_same_as_a_loop_that_keeps_dx(first):
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(32, 2)), rng.integers(0, 2, size=32)

    def make():
        layers = [Dense(2, 8, rng=np.random.default_rng(6)), activations.Tanh(), Dense(8, 2)]
        return nn.Sequential(*([activations.Tanh()] if first == "activation" else []), *layers)

    fitted = make()
    train.fit(
        fitted, losses.softmax_cross_entropy, optim.SGD(fitted.parameters(), 0.1), X, y, steps=5
    )
    by_hand = make()
    opt = optim.SGD(by_hand.parameters(), 0.1)
    for _ in range(5):
        opt.zero_grad()
        _, d = losses.softmax_cross_entropy(by_hand.forward(X), y)
        assert by_hand.backward(d) is not None
        opt.step()
    for a, b in zip(fitted.parameters(), by_hand.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
