"""Pooling layers and Flatten: gradchecks, the strided-view layers against naive loops, PyTorch
parity, and clear errors for bad input. See chapter 25."""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.layers import AvgPool2D, Flatten, GlobalAvgPool2D, GlobalMaxPool2D, MaxPool2D
from dlcore.layers.conv_reference import pool2d_naive

GEOMETRIES = [  # kernel, stride, padding, input (H, W)
    (2, None, 0, (6, 6)),
    (3, 2, 1, (7, 6)),
    ((2, 3), (1, 2), (1, 1), (5, 7)),
    (3, 1, 0, (5, 5)),
]


@pytest.mark.parametrize("kernel, stride, padding, size", GEOMETRIES)
@pytest.mark.parametrize("kind, cls", [("max", MaxPool2D), ("avg", AvgPool2D)])
def test_local_pools_gradcheck_and_naive_loops(kernel, stride, padding, size, kind, cls):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, *size))  # continuous values: no ties for the max
    layer = cls(kernel, stride, padding)
    # Average pooling is linear, so central differences are exact for any step: a larger step
    # keeps the round-off of the difference quotient below 1e-7 on entries that nearly cancel.
    assert check_layer(layer, x, h=1e-3 if kind == "avg" else 1e-5) < 1e-7
    y = layer.forward(x)
    y_ref, dx_of = pool2d_naive(x, kernel, stride, padding, kind)
    np.testing.assert_allclose(y, y_ref, rtol=0, atol=1e-12)
    dy = rng.normal(size=y.shape)
    np.testing.assert_allclose(layer.backward(dy), dx_of(dy), rtol=0, atol=1e-12)


@pytest.mark.parametrize("layer", [GlobalAvgPool2D(), GlobalMaxPool2D(), Flatten()])
def test_global_pools_and_flatten_gradcheck(layer):
    x = np.random.default_rng(1).normal(size=(3, 2, 4, 5))
    assert check_layer(layer, x) < 1e-7


def test_hand_computed_values():
    x = np.array([[[[1.0, 2.0, 5.0, 0.0], [3.0, 4.0, 1.0, 1.0]]]])  # (1, 1, 2, 4)
    np.testing.assert_array_equal(MaxPool2D(2).forward(x), [[[[4.0, 5.0]]]])
    np.testing.assert_array_equal(AvgPool2D(2).forward(x), [[[[2.5, 1.75]]]])
    np.testing.assert_array_equal(GlobalAvgPool2D().forward(x), [[17.0 / 8]])
    np.testing.assert_array_equal(GlobalMaxPool2D().forward(x), [[5.0]])
    assert Flatten().forward(x).shape == (1, 8)
    pool = MaxPool2D(2)
    pool.forward(x)
    np.testing.assert_array_equal(
        pool.backward(np.ones((1, 1, 1, 2))), [[[[0, 0, 1, 0], [0, 1, 0, 0]]]]
    )


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_bad_input_raises(cls):
    with pytest.raises(ValueError, match="4-D"):
        cls(2).forward(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        cls(5).forward(np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="stride"):
        cls(2, stride=0)
    with pytest.raises(ValueError, match="padding"):
        cls(2, padding=2)
    with pytest.raises(ValueError, match="4-D"):
        GlobalAvgPool2D().forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="4-D"):
        GlobalMaxPool2D().forward(np.zeros((2, 3, 4)))


@pytest.mark.parametrize("kernel, stride, padding, size", GEOMETRIES)
def test_pools_match_torch(kernel, stride, padding, size):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).normal(size=(2, 3, *size))
    xt = torch.from_numpy(x)
    for cls, fn in (
        (MaxPool2D, torch.nn.functional.max_pool2d),
        (AvgPool2D, torch.nn.functional.avg_pool2d),
    ):
        np.testing.assert_allclose(
            cls(kernel, stride, padding).forward(x),
            fn(xt, kernel, stride, padding).numpy(),
            rtol=0,
            atol=1e-12,
        )
