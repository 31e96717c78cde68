"""Conv2D, pad and im2col/col2im: gradchecks over random geometries and padding modes, the fast
im2col layer against naive loops, PyTorch parity, and clear errors for bad input. See chapter 25."""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.layers import Conv2D, conv2d, conv2d_output_size, pad
from dlcore.layers.conv import col2im, im2col, pad_backward
from dlcore.layers.conv_reference import conv2d_naive, conv2d_naive_backward

MODES = ["zeros", "reflect", "replicate", "circular"]


def random_geometry(rng):
    """A small random geometry: kernel, stride, padding, dilation (pairs), mode, input size."""
    kernel = tuple(int(k) for k in rng.integers(1, 4, size=2))
    stride = tuple(int(s) for s in rng.integers(1, 3, size=2))
    dilation = tuple(int(d) for d in rng.integers(1, 3, size=2))
    padding = tuple(int(p) for p in rng.integers(0, 3, size=2))
    mode = MODES[int(rng.integers(len(MODES)))]
    size = tuple(
        int(d * (k - 1) + 1 + s) for k, d, s in zip(kernel, dilation, rng.integers(1, 4, 2))
    )
    return kernel, stride, padding, dilation, mode, size


@pytest.mark.parametrize("seed", range(8))
def test_conv2d_gradcheck_random_geometry(seed):
    rng = np.random.default_rng(seed)
    kernel, stride, padding, dilation, mode, (h, w) = random_geometry(rng)
    layer = Conv2D(
        2, 3, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=mode, rng=rng
    )
    layer.b.data = rng.normal(size=3)
    # The conv is linear in x and in each parameter, and check_layer perturbs one entry at a
    # time: central differences have no truncation error, so a larger step only cuts round-off.
    assert check_layer(layer, rng.normal(size=(2, 2, h, w)), h=1e-3) < 1e-7


@pytest.mark.parametrize("seed", range(10))
def test_conv2d_matches_naive_loops(seed):
    rng = np.random.default_rng(100 + seed)
    kernel, stride, padding, dilation, mode, (h, w) = random_geometry(rng)
    x = rng.normal(size=(2, 3, h, w))
    layer = Conv2D(
        3, 2, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=mode, rng=rng
    )
    layer.b.data = rng.normal(size=2)
    y = layer.forward(x)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    np.testing.assert_allclose(
        y, conv2d_naive(x, layer.W.data, layer.b.data, **kwargs), rtol=0, atol=1e-12
    )
    dy = rng.normal(size=y.shape)
    dx = layer.backward(dy)
    dx_ref, dW_ref, db_ref = conv2d_naive_backward(x, layer.W.data, dy, **kwargs)
    for fast, ref in ((dx, dx_ref), (layer.W.grad, dW_ref), (layer.b.grad, db_ref)):
        np.testing.assert_allclose(fast, ref, rtol=0, atol=1e-12)


def test_need_input_grad_false_gives_the_same_parameter_gradients():
    rng = np.random.default_rng(1)
    x, layer = rng.normal(size=(2, 2, 6, 5)), Conv2D(2, 3, 3, padding=1, rng=rng)
    dy = rng.normal(size=layer.forward(x).shape)
    layer.backward(dy)
    W_grad = layer.W.grad.copy()
    layer.zero_grad()
    layer.forward(x)
    assert layer.backward(dy, need_input_grad=False) is None
    np.testing.assert_array_equal(layer.W.grad, W_grad)


def test_hand_computed_cross_correlation_and_output_size():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    W = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[i, j] - x[i+1, j+1] = -5 everywhere
    np.testing.assert_array_equal(conv2d(x, W), np.full((1, 1, 3, 3), -5.0))
    assert conv2d_output_size(16, 3, 1, 1) == 16
    assert conv2d_output_size(7, 3, 2, 0) == 3
    assert conv2d_output_size(10, 3, 1, 0, dilation=2) == 6


def test_pad_modes_by_hand_and_the_adjoint():
    row = np.array([[[[1.0, 2.0, 3.0]]]])
    expected = {
        "zeros": [0, 0, 1, 2, 3, 0, 0],
        "reflect": [3, 2, 1, 2, 3, 2, 1],
        "replicate": [1, 1, 1, 2, 3, 3, 3],
        "circular": [2, 3, 1, 2, 3, 1, 2],
    }
    for mode, values in expected.items():
        np.testing.assert_array_equal(pad(row, (0, 2), mode)[0, 0, 0], values)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 2, 4, 5))
    for mode in MODES:  # <pad(x), g> == <x, pad_backward(g)>
        g = rng.normal(size=pad(x, (2, 3), mode).shape)
        assert np.isclose(
            np.sum(pad(x, (2, 3), mode) * g), np.sum(x * pad_backward(g, (2, 3), mode))
        )


def test_col2im_is_the_adjoint_of_im2col():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 9, 8))
    cols = im2col(x, (3, 2), (2, 1), (1, 2))
    g = rng.normal(size=cols.shape)
    assert np.isclose(np.sum(cols * g), np.sum(x * col2im(g, x.shape, (3, 2), (2, 1), (1, 2))))


@pytest.mark.parametrize(
    "make, shape, words",
    [
        (lambda: Conv2D(1, 1, 5), (1, 1, 3, 3), ["larger than the padded input", "(3, 3)"]),
        (lambda: Conv2D(3, 2, 3), (1, 2, 8, 8), ["Conv2D(3 -> 2", "(N, 3, H, W)", "(1, 2, 8, 8)"]),
        (lambda: Conv2D(1, 2, 3), (8, 8), ["4-D", "(8, 8)"]),
    ],
)
def test_bad_input_raises_a_clear_error(make, shape, words):
    with pytest.raises(ValueError) as err:
        make().forward(np.zeros(shape))
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(stride=0), "stride"),
        (dict(padding=-1), "padding"),
        (dict(dilation=0), "dilation"),
        (dict(padding_mode="mirror"), "padding_mode"),
    ],
)
def test_bad_hyperparameters_raise(kwargs, word):
    with pytest.raises(ValueError, match=word):
        Conv2D(1, 1, 3, **kwargs)


def test_reflect_padding_wider_than_the_input_raises():
    with pytest.raises(ValueError, match="reflect"):
        pad(np.zeros((1, 1, 2, 2)), 2, "reflect")


@pytest.mark.parametrize("seed", range(4))
def test_conv2d_matches_torch(seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(200 + seed)
    kernel, stride, padding, dilation, mode, (h, w) = random_geometry(rng)
    x = rng.normal(size=(2, 3, h, w))
    layer = Conv2D(
        3, 4, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=mode, rng=rng
    )
    layer.b.data = rng.normal(size=4)
    ref = torch.nn.Conv2d(
        3, 4, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=mode
    ).double()
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(layer.W.data))
        ref.bias.copy_(torch.from_numpy(layer.b.data))
    xt = torch.from_numpy(x).requires_grad_(True)
    yt = ref(xt)
    y = layer.forward(x)
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=1e-12)
    dy = rng.normal(size=y.shape)
    yt.backward(torch.from_numpy(dy))
    dx = layer.backward(dy)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(layer.W.grad, ref.weight.grad.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(layer.b.grad, ref.bias.grad.numpy(), rtol=0, atol=1e-12)
