"""Activation functions: values, stability, and the name registry."""

import numpy as np
import pytest

from dlcore import activations


def test_sigmoid_is_stable_and_symmetric():
    with np.errstate(over="raise", invalid="raise"):  # an overflow would raise here
        s = activations.sigmoid(np.array([-1e4, -20.0, 0.0, 20.0, 1e4]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(s[1] + s[3], 1.0)


def test_softmax_rows_sum_to_one_for_huge_logits():
    p = activations.softmax(np.array([[1e4, 1e4 - 1.0, -1e4]]))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(), 1.0)
    np.testing.assert_allclose(p[0, 0] / p[0, 1], np.e)


def test_derivative_maxima():
    z = np.linspace(-5, 5, 1001)
    assert activations.sigmoid_grad(z).max() == pytest.approx(0.25)
    assert activations.tanh_grad(z).max() == pytest.approx(1.0)


def test_registry_names_make_layers():
    assert set(activations.ACTIVATIONS) >= {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}
    assert isinstance(activations.layer("relu"), activations.ReLU)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*relu.*sigmoid.*tanh"):
        activations.get("swish")
