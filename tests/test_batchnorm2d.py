"""BatchNorm2d: gradcheck in train and eval mode, hand-computed statistics, running averages,
PyTorch parity, bad input. See chapter 25."""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.layers import BatchNorm2d


def make_layer(rng, channels=3):
    layer = BatchNorm2d(channels)
    layer.gamma.data = rng.normal(size=channels)
    layer.beta.data = rng.normal(size=channels)
    return layer


def test_gradcheck_train_and_eval():
    # not seed 0: check_layer draws its output weights R from default_rng(0), and an x drawn
    # from the same stream makes R nearly parallel to x_hat, where dx cancels to ~1e-8
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 3, 2)) * 2.0 + 1.0
    layer = make_layer(rng)
    assert check_layer(layer, x) < 1e-7
    layer.running_mean, layer.running_var = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    layer.eval()
    assert check_layer(layer, x) < 1e-7


def test_per_channel_statistics_and_running_averages_by_hand():
    x = np.zeros((2, 2, 1, 2))
    x[:, 0] = [[[1.0, 3.0]], [[5.0, 7.0]]]  # channel 0: mean 4, biased var 5, unbiased 20 / 3
    x[:, 1] = [[[2.0, 2.0]], [[0.0, 0.0]]]  # channel 1: mean 1, biased var 1, unbiased 4 / 3
    layer = BatchNorm2d(2, eps=0.0)
    y = layer.forward(x)
    np.testing.assert_allclose(y[:, 0].ravel(), (np.array([1, 3, 5, 7]) - 4) / np.sqrt(5))
    np.testing.assert_allclose(layer.running_mean, [0.4, 0.1])
    np.testing.assert_allclose(layer.running_var, [0.9 + 0.1 * 20 / 3, 0.9 + 0.1 * 4 / 3])


def test_bad_input_raises():
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3\).*\(N, 3, H, W\).*\(2, 4, 5, 5\)"):
        BatchNorm2d(3).forward(np.zeros((2, 4, 5, 5)))
    with pytest.raises(ValueError, match="expected input of shape"):
        BatchNorm2d(3).forward(np.zeros((2, 3)))


def test_matches_torch_train_then_eval():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    layer = make_layer(rng)
    ref = torch.nn.BatchNorm2d(3).double()
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(layer.gamma.data))
        ref.bias.copy_(torch.from_numpy(layer.beta.data))
    for step in range(3):
        x = rng.normal(size=(4, 3, 5, 2)) + step
        xt = torch.from_numpy(x).requires_grad_(True)
        yt = ref(xt)
        y = layer.forward(x)
        np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=1e-12)
        dy = rng.normal(size=y.shape)
        yt.backward(torch.from_numpy(dy))
        np.testing.assert_allclose(layer.backward(dy), xt.grad.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(layer.running_mean, ref.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.running_var, ref.running_var.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.gamma.grad, ref.weight.grad.numpy(), rtol=0, atol=1e-11)
    layer.eval()
    ref.eval()
    x = rng.normal(size=(2, 3, 3, 3))
    np.testing.assert_allclose(
        layer.forward(x), ref(torch.from_numpy(x)).detach().numpy(), rtol=0, atol=1e-12
    )
