"""dlcore.lab.pooling (chapters 29 and 30): shifts, the invariance score, blur pooling, the max of
normals, L^p pooling and the bar-detection task, against hand-computed values."""

import math

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.lab import pooling
from dlcore.layers import GlobalMaxPool2D


def test_translate_shifts_circularly_by_whole_pixels():
    x = np.arange(4.0)[None, None, None]  # (1, 1, 1, 4)
    assert pooling.translate(x, 1)[0, 0, 0].tolist() == [3.0, 0.0, 1.0, 2.0]
    assert pooling.translate(x, -1)[0, 0, 0].tolist() == [1.0, 2.0, 3.0, 0.0]
    with pytest.raises(ValueError, match="whole number"):
        pooling.translate(x, 0.5)


def test_invariance_score_hand_values():
    x = np.array([0.0, 1.0, 0.0, 0.0])[None, None, None]
    assert pooling.invariance_score(lambda z: z, x, 0) == 1.0
    # the shifted single pixel differs from the original by sqrt(2) times its norm
    assert np.isclose(pooling.invariance_score(lambda z: z, x, 1), 1 - math.sqrt(2))
    assert pooling.invariance_score(GlobalMaxPool2D().forward, x, 1) == 1.0
    with pytest.raises(ValueError, match="all zero"):
        pooling.invariance_score(lambda z: z, np.zeros((1, 1, 1, 4)), 1)


def test_binomial_filter():
    assert pooling.binomial_filter(1).tolist() == [1.0]
    assert pooling.binomial_filter(2).tolist() == [0.5, 0.5]
    assert pooling.binomial_filter(3).tolist() == [0.25, 0.5, 0.25]
    assert np.allclose(pooling.binomial_filter(5), np.array([1, 4, 6, 4, 1]) / 16)
    with pytest.raises(ValueError, match="binomial_filter"):
        pooling.binomial_filter(0)


def stripes(period: int, phase: int, size: int = 8) -> np.ndarray:
    line = (((np.arange(size) - phase) % period) < period // 2).astype(float)
    return np.tile(line, (size, 1))[None, None]


@pytest.mark.parametrize("shape,kernel,stride", [((2, 3, 7, 6), 3, 2), ((1, 2, 8, 8), 5, 3)])
def test_blurpool_gradcheck(shape, kernel, stride):
    x = np.random.default_rng(0).normal(size=shape)
    assert check_layer(pooling.BlurPool2D(kernel, stride), x) < 1e-7


def test_blurpool_hand_values_shape_and_shift_commutation():
    blur = pooling.BlurPool2D(3, stride=2)
    assert blur.parameters() == []
    assert np.allclose(blur.forward(stripes(2, 0)), 0.5)  # period 2 is removed, not aliased
    assert np.allclose(blur.forward(stripes(2, 1)), 0.5)
    assert blur.forward(stripes(4, 0))[0, 0, 0].tolist() == [0.75, 0.25, 0.75, 0.25]
    assert blur.forward(np.zeros((1, 1, 7, 5))).shape == (1, 1, 4, 3)  # ceil(H / stride)
    x = np.random.default_rng(1).normal(size=(2, 2, 8, 8))
    shifted_then_pooled = blur.forward(pooling.translate(x, 2))
    assert np.allclose(shifted_then_pooled, pooling.translate(blur.forward(x), 1))


def test_blurpool_bad_input():
    with pytest.raises(ValueError, match=r"BlurPool2D.*\(N, C, H, W\).*\(3, 8, 8\)"):
        pooling.BlurPool2D().forward(np.zeros((3, 8, 8)))
    with pytest.raises(ValueError, match="BlurPool2D.*kernel_size 3"):
        pooling.BlurPool2D().forward(np.zeros((1, 1, 2, 8)))
    with pytest.raises(ValueError, match="BlurPool2D.*stride"):
        pooling.BlurPool2D(3, stride=0)
    blur = pooling.BlurPool2D()
    blur.forward(np.zeros((1, 1, 8, 8)))
    with pytest.raises(ValueError, match=r"BlurPool2D.*\(1, 1, 4, 4\).*\(1, 1, 8, 8\)"):
        blur.backward(np.zeros((1, 1, 8, 8)))


def test_max_blur_pool_on_stripes():
    assert pooling.max_blur_pool2d(stripes(4, 0))[0, 0, 0].tolist() == [1.0, 0.5, 1.0, 0.5]
    assert pooling.max_blur_pool2d(stripes(4, 1))[0, 0, 0].tolist() == [0.75] * 4
    with pytest.raises(ValueError, match="max_blur_pool2d"):
        pooling.max_blur_pool2d(np.zeros((8, 8)))


def test_max_of_normals_hand_values():
    assert np.allclose(pooling.max_of_normals(1), (0.0, 1.0), atol=1e-9)
    mean, var = pooling.max_of_normals(2)  # E max(X, Y) = 1/sqrt(pi), E max^2 = 1
    assert np.isclose(mean, 1 / math.sqrt(math.pi), atol=1e-9)
    assert np.isclose(var, 1 - 1 / math.pi, atol=1e-9)
    assert np.isclose(pooling.max_of_normals(4)[0], 1.0293753730, atol=1e-8)
    with pytest.raises(ValueError, match="max_of_normals"):
        pooling.max_of_normals(0)


def test_lp_pool_hand_values_and_limits():
    x = np.array([3.0, 4.0, 0.0, 0.0]).reshape(1, 1, 2, 2)
    assert np.isclose(pooling.lp_pool2d(x, 1)[0, 0], 1.75)
    assert np.isclose(pooling.lp_pool2d(x, 2)[0, 0], math.sqrt(25 / 4))
    assert pooling.lp_pool2d(x, np.inf)[0, 0] == 4.0
    big = np.full((1, 1, 3, 3), 1e3)
    assert np.isclose(pooling.lp_pool2d(big, 1000)[0, 0], 1e3)  # no overflow
    assert np.allclose(pooling.lp_pool2d(np.zeros((2, 3, 4, 4)), 3), 0.0)


def test_lp_pool_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        pooling.lp_pool2d(-np.ones((1, 1, 2, 2)), 2)
    with pytest.raises(ValueError, match="p >= 1"):
        pooling.lp_pool2d(np.ones((1, 1, 2, 2)), 0.5)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        pooling.lp_pool2d(np.ones((2, 2)), 2)


def test_bar_detection_task():
    X, y = pooling.bar_detection_task(40, 10, noise=0.0, rng=np.random.default_rng(0))
    assert X.shape == (40, 1, 10, 10) and y.shape == (40,) and y.sum() == 20
    assert np.all(X[y == 0] == 0.0)
    assert np.all(X[y == 1].sum(axis=(1, 2, 3)) == 3.0)  # one bar of 3 pixels of value 1
    with pytest.raises(ValueError, match="np.random.Generator"):
        pooling.bar_detection_task(4, 8, rng=0)
    with pytest.raises(ValueError, match="bar_length"):
        pooling.bar_detection_task(4, 8, bar_length=9, rng=np.random.default_rng(0))


def test_roc_auc_hand_values():
    labels = np.array([0, 0, 1, 1])
    assert pooling.roc_auc(np.array([0.1, 0.2, 0.3, 0.4]), labels) == 1.0
    assert pooling.roc_auc(np.array([0.4, 0.3, 0.2, 0.1]), labels) == 0.0
    # pairs (positive, negative): 0.3 > 0.1, 0.3 < 0.35, 0.2 > 0.1, 0.2 < 0.35 -> 2 of 4
    assert pooling.roc_auc(np.array([0.1, 0.35, 0.3, 0.2]), labels) == 0.5
    assert pooling.roc_auc(np.ones(4), labels) == 0.5  # all ties
    with pytest.raises(ValueError, match="at least one of each"):
        pooling.roc_auc(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="one shape"):
        pooling.roc_auc(np.ones(3), np.ones(4))
