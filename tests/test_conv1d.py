"""Conv1D and conv1d: gradchecks, hand-computed values, PyTorch parity and bad input.
See chapter 06."""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.layers import Conv1D, conv1d


def test_conv1d_matches_a_hand_computed_cross_correlation():
    x = np.array([[[1.0, 2.0, 3.0, 4.0]]])
    W = np.array([[[1.0, 0.0, -1.0]]])
    # y[i] = x[i] - x[i + 2] (cross-correlation: the kernel is not flipped)
    assert np.array_equal(conv1d(x, W), [[[-2.0, -2.0]]])
    # zero padding 1: windows [0,1,2], [1,2,3], [2,3,4], [3,4,0]
    assert np.array_equal(conv1d(x, W, padding=1), [[[-2.0, -2.0, -2.0, 3.0]]])
    # circular padding 1: windows [4,1,2], [1,2,3], [2,3,4], [3,4,1]
    circular = conv1d(x, W, padding=1, padding_mode="circular")
    assert np.array_equal(circular, [[[2.0, -2.0, -2.0, 2.0]]])
    # stride 2 and dilation 2 with a bias
    assert np.array_equal(conv1d(x, W, np.array([0.5]), stride=2, padding=1), [[[-1.5, -1.5]]])
    assert np.array_equal(conv1d(x, np.array([[[1.0, -1.0]]]), dilation=2), [[[-2.0, -2.0]]])


@pytest.mark.parametrize(
    "stride, padding, dilation, mode",
    [
        (1, 0, 1, "zeros"),
        (2, 1, 1, "zeros"),
        (1, 2, 2, "zeros"),
        (3, 2, 1, "circular"),
        (1, 1, 1, "circular"),
        (2, 3, 2, "circular"),
    ],
)
def test_conv1d_gradcheck(stride, padding, dilation, mode):
    rng = np.random.default_rng(stride + 10 * padding + 100 * dilation)
    layer = Conv1D(
        3, 4, 3, stride=stride, padding=padding, dilation=dilation, padding_mode=mode, rng=rng
    )
    layer.b.data = rng.normal(size=4)
    x = rng.normal(size=(2, 3, 9))
    assert check_layer(layer, x, rng=rng) < 1e-7
    layer.eval()  # no train/eval difference, but the protocol must hold in both modes
    assert check_layer(layer, x, rng=rng) < 1e-7


def test_conv1d_without_bias_and_without_input_gradient():
    rng = np.random.default_rng(0)
    layer = Conv1D(2, 3, 5, bias=False, padding=2, rng=rng)
    x = rng.normal(size=(4, 2, 11))
    assert layer.parameters() == [layer.W]
    assert check_layer(layer, x) < 1e-7
    dy = rng.normal(size=layer.forward(x).shape)
    layer.zero_grad()
    layer.backward(dy)
    grad = layer.W.grad.copy()
    layer.zero_grad()
    assert layer.backward(dy, need_input_grad=False) is None
    assert np.allclose(layer.W.grad, grad)


def test_conv1d_matches_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 2, 13))
    for stride, padding, dilation, mode in [
        (1, 0, 1, "zeros"),
        (2, 2, 2, "zeros"),
        (1, 3, 1, "circular"),
        (3, 1, 2, "circular"),
    ]:
        layer = Conv1D(
            2, 5, 4, stride=stride, padding=padding, dilation=dilation, padding_mode=mode, rng=rng
        )
        layer.b.data = rng.normal(size=5)
        reference = torch.nn.Conv1d(
            2, 5, 4, stride=stride, padding=padding, dilation=dilation, padding_mode=mode
        ).double()
        with torch.no_grad():
            reference.weight.copy_(torch.from_numpy(layer.W.data))
            reference.bias.copy_(torch.from_numpy(layer.b.data))
        xt = torch.from_numpy(x).requires_grad_(True)
        yt = reference(xt)
        y = layer.forward(x)
        assert np.allclose(y, yt.detach().numpy(), atol=1e-12)
        dy = rng.normal(size=y.shape)
        yt.backward(torch.from_numpy(dy))
        layer.zero_grad()
        dx = layer.backward(dy)
        assert np.allclose(dx, xt.grad.numpy(), atol=1e-12)
        assert np.allclose(layer.W.grad, reference.weight.grad.numpy(), atol=1e-12)
        assert np.allclose(layer.b.grad, reference.bias.grad.numpy(), atol=1e-12)


def test_conv1d_rejects_bad_input():
    layer = Conv1D(2, 3, 3)
    with pytest.raises(ValueError, match=r"Conv1D.*\(N, 2, L\).*\(4, 3, 10\)"):
        layer.forward(np.zeros((4, 3, 10)))  # channel mismatch
    with pytest.raises(ValueError, match=r"Conv1D.*\(N, 2, L\).*\(2, 10\)"):
        layer.forward(np.zeros((2, 10)))  # not 3-D
    with pytest.raises(ValueError, match="longer than the padded input"):
        layer.forward(np.zeros((1, 2, 2)))  # kernel larger than the input
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        Conv1D(2, 3, 3, stride=0)
    with pytest.raises(ValueError, match="padding_mode"):
        Conv1D(2, 3, 3, padding_mode="reflect")
    with pytest.raises(ValueError, match="circular padding 5 exceeds"):
        Conv1D(2, 3, 3, padding=5, padding_mode="circular").forward(np.zeros((1, 2, 4)))
    layer.forward(np.zeros((1, 2, 8)))
    with pytest.raises(ValueError, match="expected gradient of shape"):
        layer.backward(np.zeros((1, 3, 7)))
