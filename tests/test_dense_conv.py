"""Dense layers as convolutions and back (chapter 28): the equivalences, the costs, bad shapes."""

import numpy as np
import pytest

from dlcore import layers, summary
from dlcore.gradcheck import check_layer
from dlcore.lab import dense_conv
from dlcore.nn import Sequential


def random_dense(n_in, n_out, seed=0, bias=True):
    rng = np.random.default_rng(seed)
    dense = layers.Dense(n_in, n_out, bias=bias, rng=rng)
    if bias:
        dense.b.data = rng.normal(size=n_out)
    return dense


@pytest.mark.parametrize("shape", [(3, 4, 5), (1, 8, 8), (6, 1, 1), (2, 3, 7)])
@pytest.mark.parametrize("bias", [True, False])
def test_dense_as_conv_equals_dense_on_flattened_map(shape, bias):
    dense = random_dense(int(np.prod(shape)), 7, bias=bias)
    x = np.random.default_rng(1).normal(size=(4, *shape))
    conv = dense_conv.dense_as_conv(dense, shape)
    assert conv.W.shape == (7, *shape)
    y_conv = conv(x)
    assert y_conv.shape == (4, 7, 1, 1)
    assert np.abs(y_conv[:, :, 0, 0] - dense(x.reshape(4, -1))).max() < 1e-12


def test_gradients_agree_too():
    shape = (3, 4, 4)
    dense = random_dense(48, 5)
    conv = dense_conv.dense_as_conv(dense, shape)
    x = np.random.default_rng(2).normal(size=(6, *shape))
    dy = np.random.default_rng(3).normal(size=(6, 5))
    dense(x.reshape(6, -1))
    dx_dense = dense.backward(dy).reshape(x.shape)
    conv(x)
    dx_conv = conv.backward(dy[:, :, None, None])
    assert np.abs(dx_dense - dx_conv).max() < 1e-12
    assert np.abs(dense.W.grad.T.reshape(conv.W.shape) - conv.W.grad).max() < 1e-12
    assert np.abs(dense.b.grad - conv.b.grad).max() < 1e-12


def test_round_trip_is_exact():
    shape = (2, 3, 5)
    dense = random_dense(30, 4)
    back = dense_conv.conv_as_dense(dense_conv.dense_as_conv(dense, shape), shape)
    assert np.array_equal(back.W.data, dense.W.data)
    assert np.array_equal(back.b.data, dense.b.data)


def test_converted_conv_slides_the_dense_layer_over_a_larger_map():
    shape = (2, 3, 3)
    dense = random_dense(18, 4)
    conv = dense_conv.dense_as_conv(dense, shape)
    x = np.random.default_rng(4).normal(size=(2, 2, 5, 6))
    y = conv(x)
    assert y.shape == (2, 4, 3, 4)
    for i in range(3):
        for j in range(4):
            window = x[:, :, i : i + 3, j : j + 3].reshape(2, -1)
            assert np.abs(y[:, :, i, j] - dense(window)).max() < 1e-12


@pytest.mark.parametrize("bias", [True, False])
def test_one_by_one_conv_is_a_per_pixel_dense_layer(bias):
    rng = np.random.default_rng(5)
    conv = layers.Conv2D(3, 6, 1, bias=bias, rng=rng)
    if bias:
        conv.b.data = rng.normal(size=6)
    x = rng.normal(size=(2, 3, 5, 4))
    dense = dense_conv.conv_as_dense(conv)
    assert (dense.in_features, dense.out_features) == (3, 6)
    assert np.abs(conv(x) - dense_conv.per_pixel(dense, x)).max() < 1e-12
    # the per-pixel values, by hand, for one pixel
    expected = conv.W.data[:, :, 0, 0] @ x[1, :, 2, 3] + (conv.b.data if bias else 0.0)
    assert np.abs(conv(x)[1, :, 2, 3] - expected).max() < 1e-12


def test_converted_layers_pass_gradcheck():
    rng = np.random.default_rng(6)
    conv = dense_conv.dense_as_conv(random_dense(12, 3), (3, 2, 2))
    assert check_layer(conv, rng.normal(size=(2, 3, 2, 2))) < 1e-7
    dense = dense_conv.conv_as_dense(layers.Conv2D(4, 2, 1, rng=rng))
    assert check_layer(dense, rng.normal(size=(3, 4))) < 1e-7


def test_costs_by_hand():
    assert dense_conv.dense_cost(64, 10) == (650, 1280)
    assert dense_conv.dense_cost(64, 10, bias=False) == (640, 1280)
    assert dense_conv.dense_cost(25088, 4096) == (102_764_544, 205_520_896)  # VGG-16's fc6
    costs = dense_conv.head_costs(channels=2, size=3, hidden=4, classes=5)
    assert costs["flatten + FC"] == (18 * 4 + 4 + 4 * 5 + 5, 2 * (18 * 4 + 4 * 5))
    assert costs["GAP + FC"] == (2 * 4 + 4 + 4 * 5 + 5, 18 + 2 * (2 * 4 + 4 * 5))


def test_head_costs_match_summary():
    c, s, hidden = 4, 5, 6
    flat = Sequential(layers.Flatten(), layers.Dense(c * s * s, hidden), layers.Dense(6, 10))
    gap = Sequential(layers.GlobalAvgPool2D(), layers.Dense(c, hidden), layers.Dense(6, 10))
    costs = dense_conv.head_costs(c, s, hidden)
    for model, name in ((flat, "flatten + FC"), (gap, "GAP + FC")):
        table = summary(model, (c, s, s))
        assert table.total_params == costs[name][0]
    assert 2 * summary(flat, (c, s, s)).total_mult_adds == costs["flatten + FC"][1]


def test_wrong_map_shape_is_refused():
    dense = random_dense(48, 5)
    with pytest.raises(ValueError, match=r"dense_as_conv.*48.*\(3, 4, 5\).*60"):
        dense_conv.dense_as_conv(dense, (3, 4, 5))
    with pytest.raises(ValueError, match="map_shape"):
        dense_conv.dense_as_conv(dense, (48,))
    with pytest.raises(ValueError, match="map_shape"):
        dense_conv.dense_as_conv(dense, (0, 6, 8))


def test_conv_as_dense_refuses_convs_that_are_not_dense():
    with pytest.raises(ValueError, match=r"1 x 1 kernel.*\(3, 3\)"):
        dense_conv.conv_as_dense(layers.Conv2D(2, 3, 3))
    with pytest.raises(ValueError, match="stride"):
        dense_conv.conv_as_dense(layers.Conv2D(2, 3, 1, stride=2))
    with pytest.raises(ValueError, match="padding 0"):
        dense_conv.conv_as_dense(layers.Conv2D(2, 3, 1, padding=1))
    with pytest.raises(ValueError, match=r"whole map only of shape \(2, 3, 3\)"):
        dense_conv.conv_as_dense(layers.Conv2D(2, 3, 3), (2, 4, 4))


def test_per_pixel_refuses_wrong_channels():
    with pytest.raises(ValueError, match=r"per_pixel.*\(N, 3, H, W\).*\(2, 4, 5, 5\)"):
        dense_conv.per_pixel(random_dense(3, 2), np.zeros((2, 4, 5, 5)))
    with pytest.raises(ValueError, match="per_pixel"):
        dense_conv.per_pixel(random_dense(3, 2), np.zeros((2, 3)))


def test_costs_refuse_non_positive_sizes():
    with pytest.raises(ValueError, match="dense_cost"):
        dense_conv.dense_cost(0, 3)
    with pytest.raises(ValueError, match="head_costs"):
        dense_conv.head_costs(8, 0, 16)
