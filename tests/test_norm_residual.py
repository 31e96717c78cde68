"""BatchNorm1d, LayerNorm and Residual (chapter 12): gradchecks in train and eval mode, values
computed by hand, PyTorch's running statistics, and the errors bad input gets."""

import numpy as np
import pytest

from dlcore import activations, gradcheck
from dlcore.layers import BatchNorm1d, Dense, LayerNorm, Residual
from dlcore.nn import Sequential

TOL = 1e-7


def test_batchnorm_gradcheck_train():
    rng = np.random.default_rng(0)
    bn = BatchNorm1d(3)
    bn.gamma.data[:] = rng.normal(size=3)
    bn.beta.data[:] = rng.normal(size=3)
    assert gradcheck.check_layer(bn.train(), rng.normal(2.0, 3.0, size=(6, 3))) < TOL


def test_batchnorm_gradcheck_eval():
    rng = np.random.default_rng(1)
    bn = BatchNorm1d(4)
    bn.forward(rng.normal(1.0, 2.0, size=(8, 4)))  # running statistics away from 0 and 1
    bn.gamma.data[:] = rng.normal(size=4)
    assert gradcheck.check_layer(bn.eval(), rng.normal(size=(5, 4))) < TOL


def test_batchnorm_values_by_hand():
    bn = BatchNorm1d(1, eps=0.0)
    x = np.array([[1.0], [3.0]])  # mean 2, biased variance 1, unbiased variance 2
    np.testing.assert_allclose(bn.forward(x), [[-1.0], [1.0]])
    np.testing.assert_allclose(bn.running_mean, [0.9 * 0.0 + 0.1 * 2.0])
    np.testing.assert_allclose(bn.running_var, [0.9 * 1.0 + 0.1 * 2.0])  # unbiased, as PyTorch
    bn.eval()
    expected = (np.array([[2.0]]) - 0.2) / np.sqrt(1.1)
    np.testing.assert_allclose(bn.forward(np.array([[2.0]])), expected)  # a batch of one is fine


def test_batchnorm_train_output_is_standardised():
    x = np.random.default_rng(2).normal(5.0, 3.0, size=(64, 3))
    y = BatchNorm1d(3).forward(x)
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 1.0, rtol=1e-5)


def test_batchnorm_wrong_number_of_features():
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\).*\(N, 3\).*\(4, 5\)"):
        BatchNorm1d(3).forward(np.zeros((4, 5)))


def test_batchnorm_batch_of_one_in_training_mode():
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\).*at least 2.*\(1, 3\)"):
        BatchNorm1d(3).forward(np.zeros((1, 3)))


def test_layernorm_gradcheck():
    rng = np.random.default_rng(3)
    ln = LayerNorm(4)
    ln.gamma.data[:] = rng.normal(size=4)
    ln.beta.data[:] = rng.normal(size=4)
    assert gradcheck.check_layer(ln, rng.normal(1.0, 2.0, size=(5, 4))) < TOL


def test_layernorm_gradcheck_two_trailing_axes():
    rng = np.random.default_rng(4)
    ln = LayerNorm((3, 2))
    ln.gamma.data[:] = rng.normal(size=(3, 2))
    assert gradcheck.check_layer(ln, rng.normal(size=(2, 4, 3, 2))) < TOL


def test_layernorm_values_by_hand():
    ln = LayerNorm(2, eps=0.0)
    np.testing.assert_allclose(ln.forward(np.array([[1.0, 3.0], [0.0, -4.0]])), [[-1, 1], [1, -1]])


def test_layernorm_shape_mismatch():
    with pytest.raises(ValueError, match=r"LayerNorm\(\(4,\)\).*got \(5, 3\)"):
        LayerNorm(4).forward(np.zeros((5, 3)))


def test_residual_gradcheck():
    rng = np.random.default_rng(5)
    block = Residual(Sequential(Dense(3, 3, rng=rng), activations.Tanh(), Dense(3, 3, rng=rng)))
    assert gradcheck.check_layer(block, rng.normal(size=(4, 3))) < TOL


def test_residual_with_batchnorm_gradcheck_train_and_eval():
    rng = np.random.default_rng(6)
    # no bias before BN: in train mode its exact gradient is 0, which central differences only
    # approximate to round-off
    dense = Dense(3, 3, bias=False, rng=rng)
    block = Residual(Sequential(dense, BatchNorm1d(3), activations.Tanh()))
    x = rng.normal(size=(6, 3))
    assert gradcheck.check_layer(block.train(), x) < TOL
    assert gradcheck.check_layer(block.eval(), x) < TOL


def test_residual_zero_init_is_identity():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(4, 3))
    dense_last = Residual(Sequential(activations.ReLU(), Dense(3, 3, rng=rng)), zero_init=True)
    np.testing.assert_array_equal(dense_last.forward(x), x)
    norm_last = Residual(Sequential(Dense(3, 3, rng=rng), BatchNorm1d(3)), zero_init=True)
    np.testing.assert_array_equal(norm_last.forward(x), x)
    assert np.all(norm_last.branch[0].W.data != 0)  # only the last layer is zeroed


def test_residual_need_input_grad_false_gives_same_parameter_grads():
    rng = np.random.default_rng(8)
    block = Residual(Sequential(Dense(3, 3, rng=rng), activations.Tanh()))
    x, dy = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    block.forward(x)
    block.backward(dy)
    with_dx = [p.grad.copy() for p in block.parameters()]
    block.zero_grad()
    block.forward(x)
    assert block.backward(dy, need_input_grad=False) is None
    for g, p in zip(with_dx, block.parameters()):
        np.testing.assert_array_equal(g, p.grad)


def test_residual_branch_that_changes_shape():
    with pytest.raises(ValueError, match=r"Residual.*expected \(2, 3\), got \(2, 4\)"):
        Residual(Dense(3, 4)).forward(np.zeros((2, 3)))


def test_residual_zero_init_without_parameters():
    with pytest.raises(ValueError, match="zero_init"):
        Residual(activations.ReLU(), zero_init=True)
