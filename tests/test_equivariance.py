"""Toeplitz matrices, shifts, equivariance errors and class activation maps. See chapters 06, 33."""

import numpy as np
import pytest

from dlcore.lab import cam, equivariance
from dlcore.layers import conv1d


def test_toeplitz_matrix_by_hand():
    T = equivariance.toeplitz_matrix(np.array([1.0, 2.0, 3.0]), 4, padding=1)
    expected = [[2, 3, 0, 0], [1, 2, 3, 0], [0, 1, 2, 3], [0, 0, 1, 2]]
    assert np.array_equal(T, expected)
    circulant = equivariance.toeplitz_matrix(
        np.array([1.0, 2.0, 3.0]), 4, padding=1, padding_mode="circular"
    )
    assert np.array_equal(circulant, [[2, 3, 0, 1], [1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2]])
    strided = equivariance.toeplitz_matrix(np.array([1.0, -1.0]), 5, stride=2)
    assert np.array_equal(strided, [[1, -1, 0, 0, 0], [0, 0, 1, -1, 0]])


@pytest.mark.parametrize(
    "padding, stride, mode",
    [(0, 1, "zeros"), (2, 1, "zeros"), (1, 2, "zeros"), (2, 1, "circular"), (3, 3, "circular")],
)
def test_toeplitz_matrix_equals_conv1d(padding, stride, mode):
    rng = np.random.default_rng(0)
    kernel, x = rng.normal(size=5), rng.normal(size=12)
    T = equivariance.toeplitz_matrix(kernel, 12, padding=padding, stride=stride, padding_mode=mode)
    y = conv1d(
        x[None, None], kernel[None, None], stride=stride, padding=padding, padding_mode=mode
    )[0, 0]
    assert np.allclose(T @ x, y, atol=1e-13)


def test_toeplitz_matrix_rejects_bad_input():
    with pytest.raises(ValueError, match="kernel of shape"):
        equivariance.toeplitz_matrix(np.ones((2, 2)), 5)
    with pytest.raises(ValueError, match="longer than the padded input"):
        equivariance.toeplitz_matrix(np.ones(7), 5)
    with pytest.raises(ValueError, match="padding_mode"):
        equivariance.toeplitz_matrix(np.ones(3), 5, padding_mode="reflect")


def test_shift_by_hand():
    x = np.array([1, 2, 3, 4])
    assert np.array_equal(equivariance.shift(x, 1), [4, 1, 2, 3])
    assert np.array_equal(equivariance.shift(x, 1, mode="zeros"), [0, 1, 2, 3])
    assert np.array_equal(equivariance.shift(x, -2, mode="zeros"), [3, 4, 0, 0])
    image = np.arange(9).reshape(3, 3)
    moved = equivariance.shift(image, (1, -1), axis=(0, 1), mode="zeros")
    assert np.array_equal(moved, [[0, 0, 0], [1, 2, 0], [4, 5, 0]])
    with pytest.raises(ValueError, match="mode"):
        equivariance.shift(x, 1, mode="reflect")
    with pytest.raises(ValueError, match="2 shifts for 1 axes"):
        equivariance.shift(x, (1, 2), axis=0)


def test_equivariance_error_of_circular_conv_is_zero_and_of_stride_is_not():
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(1, 1, 32)), rng.normal(size=(1, 1, 5))

    def conv(v):
        return conv1d(v, kernel, padding=2, padding_mode="circular")

    def strided(v):
        return conv1d(v, kernel, padding=2, stride=2, padding_mode="circular")

    assert equivariance.equivariance_error(conv, x, 3) < 1e-14
    assert equivariance.equivariance_error(strided, x, 2, output_shift=1) < 1e-14
    assert equivariance.equivariance_error(strided, x, 2, output_shift="best") < 1e-14
    assert equivariance.equivariance_error(strided, x, 1, output_shift="best") > 0.1

    # zero padding: exact away from the borders only
    def zero_padded(v):
        return conv1d(v, kernel, padding=2)

    assert equivariance.equivariance_error(zero_padded, x, 3, mode="zeros") > 1e-3
    assert equivariance.equivariance_error(zero_padded, x, 3, mode="zeros", border=5) < 1e-14


def test_equivariance_error_of_a_non_equivariant_map():
    x = np.array([0.0, 1.0, 0.0, 0.0])
    weights = np.array([1.0, 2.0, 3.0, 4.0])  # a position-dependent gain

    def gain(v):
        return weights * v

    # f(T x) = [0, 0, 3, 0], T f(x) = [0, 0, 2, 0]: error |3 - 2| / |2| = 0.5
    assert equivariance.equivariance_error(gain, x, 1) == pytest.approx(0.5)


def test_class_activation_map_by_hand():
    A = np.zeros((1, 2, 2, 3))
    A[0, 0, 1, 2] = 1.0
    A[0, 1, 0, 0] = 2.0
    head = np.array([[1.0, -1.0], [0.5, 3.0]])  # (K=2, classes=2)
    maps = cam.class_activation_map(A, head, [0])
    assert np.array_equal(maps[0], [[1.0, 0, 0], [0, 0, 1.0]])
    maps1 = cam.class_activation_map(A, head, 1, upsample=2)
    assert maps1.shape == (1, 4, 6)
    assert maps1[0, 0, 0] == 6.0 and maps1[0, 3, 5] == -1.0
    # the mean of the map is the pooled features times the head: the logit without bias
    assert np.isclose(maps[0].mean(), A.mean(axis=(2, 3)) @ head[:, 0])
    assert np.array_equal(cam.map_peak(maps1), [[0, 0]])
    assert np.allclose(cam.map_centroid(maps), [[0.5, 1.0]])


def test_class_activation_map_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(N, K, H, W\)"):
        cam.class_activation_map(np.zeros((2, 3, 4)), np.zeros((3, 2)), 0)
    with pytest.raises(ValueError, match=r"\(3, n_classes\)"):
        cam.class_activation_map(np.zeros((1, 3, 4, 4)), np.zeros((2, 2)), 0)
    with pytest.raises(ValueError, match="classes must lie"):
        cam.class_activation_map(np.zeros((1, 3, 4, 4)), np.zeros((3, 2)), 2)
