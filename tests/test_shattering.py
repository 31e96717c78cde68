"""Residual MLPs and the shattering / lesion instruments of chapter 31."""

import numpy as np
import pytest

from dlcore import activations, models
from dlcore.gradcheck import check_layer
from dlcore.lab import shattering
from dlcore.layers import Dense, Residual
from dlcore.nn import Sequential


def residual_mlp(depth=5, width=4, seed=0, **kwargs):
    sizes = [3] + [width] * (depth - 1) + [2]
    return models.mlp(sizes, "tanh", rng=np.random.default_rng(seed), residual=True, **kwargs)


def test_mlp_residual_layout_and_default_unchanged():
    plain = models.mlp([3, 4, 4, 4, 2], rng=np.random.default_rng(0))
    again = models.mlp([3, 4, 4, 4, 2], rng=np.random.default_rng(0), residual=False)
    kinds = [type(m).__name__ for m in plain]
    assert kinds == ["Dense", "ReLU", "Dense", "ReLU", "Dense", "ReLU", "Dense"]
    assert [type(m).__name__ for m in again] == kinds
    res = models.mlp([3, 4, 4, 4, 2], rng=np.random.default_rng(0), residual=True)
    assert [type(m).__name__ for m in res] == ["Dense", "Residual", "Residual", "ReLU", "Dense"]
    # same Dense layers, same draws, in the same order
    dense_plain = [m for m in plain if isinstance(m, Dense)]
    dense_res = [p for p in res.parameters() if p.data.ndim == 2]
    assert len(dense_plain) == len(dense_res) == 4
    for d, w in zip(dense_plain, dense_res):
        np.testing.assert_array_equal(d.W.data, w.data)


def test_residual_mlp_gradcheck():
    x = np.random.default_rng(1).normal(size=(5, 3))
    assert check_layer(residual_mlp(), x) < 1e-7
    model = residual_mlp(seed=2, bias_std=0.3)
    assert check_layer(model, x) < 1e-7


def test_zero_init_residual_mlp_is_shallow_at_init():
    model = residual_mlp(depth=6, zero_init=True)
    x = np.random.default_rng(0).normal(size=(4, 3))
    shallow = Sequential(model[0], *list(model)[-2:])  # first Dense, activation, last Dense
    np.testing.assert_allclose(model.forward(x), shallow.forward(x), rtol=0, atol=1e-15)


def test_mlp_residual_bad_input():
    with pytest.raises(ValueError, match="equal hidden widths"):
        models.mlp([3, 4, 5, 2], residual=True)
    with pytest.raises(ValueError, match="residual=True"):
        models.mlp([3, 4, 4, 2], zero_init=True)


def test_input_gradient_autocorr_hand_computed():
    # f(x) = x^3 / 3 on a line: the gradient is x^2, g = [0, 1, 4, 9] at x = 0..3
    class Cube:
        def forward(self, x):
            self.x = x
            return x**3 / 3

        def backward(self, dy):
            return dy * self.x**2

    X = np.arange(4.0)[:, None]
    c = np.array([0, 1, 4, 9]) - 3.5
    var = np.sum(c**2) / 4
    expected_1 = np.sum(c[:3] * c[1:]) / 3 / var
    r = shattering.input_gradient_autocorr(Cube(), X, [0, 1])
    np.testing.assert_allclose(r, [1.0, expected_1])
    np.testing.assert_allclose(shattering.input_gradients(Cube(), X)[:, 0], [0, 1, 4, 9])


def test_input_gradient_autocorr_bad_input():
    model = residual_mlp()
    X = np.zeros((10, 3))
    with pytest.raises(ValueError, match="lags"):
        shattering.input_gradient_autocorr(model, X, [10])
    with pytest.raises(ValueError, match="lags"):
        shattering.input_gradient_autocorr(model, X, [-1])
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        shattering.input_gradients(model, np.zeros(10))
    linear = Dense(3, 1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="constant"):
        shattering.input_gradient_autocorr(linear, np.random.default_rng(0).normal(size=(8, 3)), 1)


def test_hidden_blocks_and_lesions():
    plain = models.mlp([2, 4, 4, 4, 3], rng=np.random.default_rng(0))
    assert shattering.hidden_blocks(plain) == [(1, 2), (3, 4)]
    res = models.mlp([2, 4, 4, 4, 3], rng=np.random.default_rng(0), residual=True)
    assert shattering.hidden_blocks(res) == [(1,), (2,)]
    smaller = shattering.without_block(res, 1)
    assert [type(m).__name__ for m in smaller] == ["Dense", "Residual", "ReLU", "Dense"]
    # deleting a zero-initialised block changes nothing
    zero = models.mlp([2, 4, 4, 4, 3], rng=np.random.default_rng(0), residual=True, zero_init=True)
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = np.argmax(zero.forward(X), axis=1)
    np.testing.assert_array_equal(shattering.lesion_accuracies(zero, X, y), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"block must be in \[0, 1\]"):
        shattering.without_block(res, 2)


def test_identity_padded_and_scale_branches():
    model = models.mlp([2, 5, 5, 3], rng=np.random.default_rng(0), bias_std=0.5)
    padded = shattering.identity_padded(model, 3)
    assert sum(isinstance(m, Dense) for m in padded) == 6
    X = np.random.default_rng(1).normal(size=(7, 2))
    np.testing.assert_allclose(padded.forward(X), model.forward(X), rtol=0, atol=1e-13)
    with pytest.raises(ValueError, match="identity_padded"):
        shattering.identity_padded(model, -1)
    res = models.mlp([2, 4, 4, 3], rng=np.random.default_rng(0), residual=True, bias_std=0.2)
    branch_dense = res[1].branch[1]
    W, b = branch_dense.W.data.copy(), branch_dense.b.data.copy()
    shattering.scale_branches(res, 0.5)
    np.testing.assert_array_equal(branch_dense.W.data, 0.5 * W)
    np.testing.assert_array_equal(branch_dense.b.data, 0.5 * b)
    assert isinstance(res[1], Residual) and isinstance(res[2], activations.ReLU)
