"""WeightNormDense and lasso_ista (chapter 19): gradchecks, the same function as Dense, values
computed by hand, and the errors bad input gets."""

import numpy as np
import pytest

from dlcore import gradcheck
from dlcore.layers import Dense, WeightNormDense
from dlcore.regularization import lasso_ista, soft_threshold

TOL = 1e-7


@pytest.mark.parametrize("bias", [True, False])
def test_weightnorm_gradcheck(bias):
    rng = np.random.default_rng(0)
    layer = WeightNormDense(4, 3, bias=bias, rng=rng)
    layer.g.data[:] = rng.normal(size=3)  # scales away from the column norms, some negative
    if bias:
        layer.b.data[:] = rng.normal(size=3)
    assert gradcheck.check_layer(layer, rng.normal(size=(5, 4))) < TOL


def test_weightnorm_gradcheck_eval_mode_is_the_same_layer():
    rng = np.random.default_rng(1)
    layer = WeightNormDense(3, 2, rng=rng).eval()
    assert gradcheck.check_layer(layer, rng.normal(size=(4, 3))) < TOL


def test_weightnorm_starts_as_the_dense_layer_with_the_same_rng():
    x = np.random.default_rng(2).normal(size=(6, 5))
    wn = WeightNormDense(5, 4, rng=np.random.default_rng(3))
    dense = Dense(5, 4, rng=np.random.default_rng(3))
    assert np.allclose(wn.weight, dense.W.data, rtol=0, atol=1e-14)
    assert np.allclose(wn.forward(x), dense.forward(x), rtol=0, atol=1e-13)


def test_weightnorm_values_by_hand():
    layer = WeightNormDense(2, 1, rng=np.random.default_rng(0))
    layer.v.data[:] = [[3.0], [4.0]]  # ||v|| = 5
    layer.g.data[:] = [10.0]
    layer.b.data[:] = [1.0]
    assert np.allclose(layer.weight, [[6.0], [8.0]])
    y = layer.forward(np.array([[1.0, 1.0]]))
    assert np.allclose(y, [[15.0]])
    dx = layer.backward(np.array([[1.0]]))
    assert np.allclose(dx, [[6.0, 8.0]])
    # dW = x^T dy = (1, 1); c = (0.6, 0.8); dg = 1.4; dv = (g/||v||)(dW - c dg) = 2 (0.16, -0.12)
    assert np.allclose(layer.g.grad, [1.4])
    assert np.allclose(layer.v.grad, [[0.32], [-0.24]])
    # the gradient of v is orthogonal to v: weight normalisation moves v only sideways
    assert abs(float(layer.v.grad[:, 0] @ layer.v.data[:, 0])) < 1e-12


def test_weightnorm_bad_input_shape():
    layer = WeightNormDense(3, 2)
    with pytest.raises(ValueError, match=r"WeightNormDense.*\(N, 3\).*\(4, 5\)"):
        layer.forward(np.zeros((4, 5)))


def test_weightnorm_bad_gradient_shape():
    layer = WeightNormDense(3, 2)
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"WeightNormDense.*\(4, 2\).*\(4, 3\)"):
        layer.backward(np.zeros((4, 3)))


def test_weightnorm_zero_direction_is_an_error():
    layer = WeightNormDense(3, 2)
    layer.v.data[:, 1] = 0.0
    with pytest.raises(ValueError, match="norm 0"):
        layer.forward(np.ones((1, 3)))


def test_lasso_ista_one_feature_by_hand():
    # one orthonormal column: the lasso solution is the soft-threshold of x . y by lam / 2
    X = np.array([[1.0], [0.0]])
    y = np.array([3.0, 5.0])
    assert np.allclose(lasso_ista(X, y, 2.0, steps=50), [2.0])  # soft_threshold(3, 1)
    assert lasso_ista(X, y, 6.0, steps=50)[0] == 0.0  # exactly zero once lam / 2 >= 3


def test_lasso_ista_orthonormal_design_is_soft_threshold():
    Q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(8, 4)))
    y = np.random.default_rng(1).normal(size=8)
    w = lasso_ista(Q, y, 0.6, steps=200)
    assert np.allclose(w, soft_threshold(Q.T @ y, 0.3), atol=1e-12)


def test_lasso_ista_without_penalty_is_least_squares():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    w = lasso_ista(X, y, 0.0, steps=2000)
    assert np.allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((np.zeros((3, 2)), np.zeros(3), -1.0), {}, "lam must be"),
        ((np.zeros((3, 2)), np.zeros(4), 1.0), {}, r"y of shape \(3,\)"),
        ((np.zeros(3), np.zeros(3), 1.0), {}, r"X of shape \(n, d\)"),
        ((np.zeros((3, 2)), np.zeros(3), 1.0), {"steps": 0}, "steps"),
        ((np.zeros((3, 2)), np.zeros(3), 1.0), {"w0": np.zeros(3)}, r"w0 of shape \(2,\)"),
    ],
)
def test_lasso_ista_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        lasso_ista(*args, **kwargs)
