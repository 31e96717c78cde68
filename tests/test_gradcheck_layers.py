"""Every layer's backward pass against central differences (relative error < 1e-7, float64)."""

import numpy as np
import pytest

from dlcore import activations, gradcheck, models
from dlcore.layers import Dense
from dlcore.nn import Sequential

TOL = 1e-7


def away_from_kinks(rng, shape):
    """Inputs with |x| >= 0.1, so finite differences never straddle ReLU's kink at 0."""
    x = rng.normal(size=shape)
    return np.where(np.abs(x) < 0.1, 0.1 * np.sign(x) + x, x)


@pytest.mark.parametrize("bias", [True, False])
def test_dense_gradcheck(bias):
    rng = np.random.default_rng(1)
    layer = Dense(4, 3, bias=bias, rng=rng)
    assert gradcheck.check_layer(layer, rng.normal(size=(5, 4))) < TOL


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_activation_layer_gradcheck(name):
    rng = np.random.default_rng(2)
    assert gradcheck.check_layer(activations.layer(name), away_from_kinks(rng, (6, 3))) < TOL


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_activation_derivative_matches_function(name):
    spec = activations.get(name)
    z = away_from_kinks(np.random.default_rng(3), (50,))
    h = 1e-6
    numeric = (spec.fn(z + h) - spec.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(spec.grad(z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_mlp_gradcheck(activation):
    rng = np.random.default_rng(4)
    model = models.mlp([3, 5, 4, 2], activation, bias_std=0.3, rng=rng)
    assert gradcheck.check_layer(model, rng.normal(size=(4, 3))) < TOL


def test_gradcheck_catches_a_wrong_backward():
    """The checker itself must fail on a broken layer, or the tests above prove nothing."""

    class BrokenDense(Dense):
        def backward(self, dy):
            dx = super().backward(dy)
            self.W.grad *= 1.01
            return dx

    rng = np.random.default_rng(5)
    assert gradcheck.check_layer(BrokenDense(3, 2, rng=rng), rng.normal(size=(4, 3))) > 1e-3


def test_sequential_backward_runs_in_reverse_order():
    rng = np.random.default_rng(6)
    first, second = Dense(2, 3, rng=rng), Dense(3, 1, rng=rng)
    model = Sequential(first, activations.Tanh(), second)
    x = rng.normal(size=(5, 2))
    model.forward(x)
    dx = model.backward(np.ones((5, 1)))
    expected = ((np.ones((5, 1)) @ second.W.data.T) * activations.tanh_grad(x @ first.W.data)) @ (
        first.W.data.T
    )
    np.testing.assert_allclose(dx, expected, rtol=1e-12)
