"""Dropout (chapter 20): gradchecks with the mask held fixed and in eval mode, values computed by
hand, train/eval propagation through Sequential, the errors bad input gets, and unit_ablation."""

import numpy as np
import pytest

from dlcore import activations, gradcheck
from dlcore.lab import ablation
from dlcore.layers import Dense, Dropout
from dlcore.nn import Sequential

TOL = 1e-7


def test_dropout_gradcheck_train_with_fixed_mask():
    rng = np.random.default_rng(0)
    layer = Dropout(0.4, rng=rng)
    x = rng.normal(size=(5, 6))
    layer.forward(x)
    layer.set_mask(layer.keep)  # every forward of the check uses this mask
    assert 0 < layer.keep.sum() < layer.keep.size
    assert gradcheck.check_layer(layer.train(), x) < TOL


def test_dropout_gradcheck_eval():
    rng = np.random.default_rng(1)
    assert gradcheck.check_layer(Dropout(0.5, rng=rng).eval(), rng.normal(size=(4, 3))) < TOL


def test_dropout_gradcheck_inside_a_network():
    rng = np.random.default_rng(2)
    drop = Dropout(0.3, rng=rng)
    net = Sequential(Dense(3, 5, rng=rng), activations.Tanh(), drop, Dense(5, 2, rng=rng))
    x = rng.normal(size=(4, 3))
    net.forward(x)
    drop.set_mask(drop.keep)
    assert gradcheck.check_layer(net, x) < TOL


def test_dropout_values_by_hand():
    layer = Dropout(0.5).set_mask(np.array([[True, False, True, False]]))
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    np.testing.assert_array_equal(layer.forward(x), [[2.0, 0.0, 6.0, 0.0]])  # kept ones x 1/(1-p)
    np.testing.assert_array_equal(layer.backward(np.ones((1, 4))), [[2.0, 0.0, 2.0, 0.0]])
    layer.eval()
    np.testing.assert_array_equal(layer.forward(x), x)  # the identity at inference
    np.testing.assert_array_equal(layer.backward(np.ones((1, 4))), np.ones((1, 4)))


def test_dropout_keeps_the_mean_and_drops_about_p():
    layer = Dropout(0.3, rng=np.random.default_rng(3))
    y = layer.forward(np.ones((200, 500)))
    assert abs(y.mean() - 1.0) < 0.01  # E[m / (1 - p)] = 1; standard error about 0.003
    assert abs((y == 0).mean() - 0.3) < 0.01
    assert set(np.unique(y)) == {0.0, 1.0 / 0.7}


def test_dropout_draws_a_new_mask_each_forward_and_backward_reuses_it():
    layer = Dropout(0.5, rng=np.random.default_rng(4))
    x = np.ones((3, 8))
    first = layer.forward(x)
    second = layer.forward(x)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), second)  # the second mask


def test_dropout_p_zero_is_the_identity():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(Dropout(0.0).forward(x), x)


def test_sequential_propagates_train_and_eval():
    drop = Dropout(0.5)
    net = Sequential(Dense(2, 3), Sequential(activations.ReLU(), drop), Dense(3, 1))
    net.eval()
    assert not drop.training
    x = np.ones((4, 2))
    np.testing.assert_array_equal(net.forward(x), net.forward(x))  # deterministic
    net.train()
    assert drop.training


@pytest.mark.parametrize("p", [1.2, 1.0, -0.1, float("nan"), "0.5"])
def test_dropout_rejects_p_outside_unit_interval(p):
    with pytest.raises(ValueError, match=r"Dropout: p must lie in \[0, 1\)"):
        Dropout(p=p)


def test_dropout_error_names_the_value():
    with pytest.raises(ValueError, match="1.2"):
        Dropout(p=1.2)


def test_dropout_fixed_mask_of_wrong_shape():
    layer = Dropout(0.5).set_mask(np.ones((2, 3), dtype=bool))
    with pytest.raises(ValueError, match=r"Dropout\(p=0.5\).*\(2, 3\).*\(4, 3\)"):
        layer.forward(np.ones((4, 3)))


def test_dropout_backward_gradient_of_wrong_shape():
    layer = Dropout(0.5)
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"Dropout\(p=0.5\).*\(4, 3\).*\(4, 2\)"):
        layer.backward(np.ones((4, 2)))


def ablation_net():
    """2 -> 2 (ReLU) -> 2 by hand: unit 0 carries class 0, unit 1 class 1, equal votes."""
    first, second = Dense(2, 2), Dense(2, 2)
    first.W.data[...] = np.eye(2)
    second.W.data[...] = np.array([[2.0, 0.0], [0.0, 1.0]])
    return Sequential(first, activations.ReLU(), Dropout(0.5), second)


def test_unit_ablation_values_by_hand():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 1])
    net = ablation_net().train()
    result = ablation.unit_ablation(net, X, y)
    assert net.training  # the mode is restored
    assert result.accuracy == 1.0
    # deleting a unit makes its example a tie (logits 0, 0), which argmax gives to class 0:
    # still right for example 0, wrong for example 1
    np.testing.assert_array_equal(result.accuracy_drop, [0.0, 0.5])
    # intact loss: mean of log(1 + e^-2) and log(1 + e^-1); a tie costs log 2
    intact = 0.5 * (np.log1p(np.exp(-2.0)) + np.log1p(np.exp(-1.0)))
    assert abs(result.loss - intact) < 1e-12
    expected = [
        0.5 * (np.log(2.0) + np.log1p(np.exp(-1.0))) - intact,
        0.5 * (np.log1p(np.exp(-2.0)) + np.log(2.0)) - intact,
    ]
    np.testing.assert_allclose(result.loss_increase, expected, rtol=1e-12)


def test_unit_ablation_accuracy_drop():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    net = ablation_net()
    net[-1].b.data[...] = [0.0, 0.5]  # ties now go to class 1
    result = ablation.unit_ablation(net, X, np.array([0, 1]))
    np.testing.assert_array_equal(result.accuracy_drop, [0.5, 0.0])


def test_unit_ablation_bad_layer():
    with pytest.raises(
        ValueError, match=r"unit_ablation: expected a hidden layer index in \[0, 0\]"
    ):
        ablation.unit_ablation(ablation_net(), np.ones((1, 2)), np.array([0]), layer=1)
