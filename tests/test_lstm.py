"""The LSTM layer (chapters 37 and 38): gradchecks through 20 steps of BPTT, truncation, the gate
trace, the mis-wired HiddenForgetLSTM, bad input, and parity with PyTorch."""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer, numerical_grad
from dlcore.layers import LSTM, GateTrace, HiddenForgetLSTM


# The entrywise relative error of central differences is dominated by round-off on the few
# gradient entries that happen to be near zero (about 1e-11 absolute over 20 steps), so the
# entrywise check uses one fixed case each and the normwise check below covers several seeds.
@pytest.mark.parametrize("cls, seed", [(LSTM, 2), (HiddenForgetLSTM, 0)])
def test_gradcheck_through_20_steps(cls, seed):
    x = np.random.default_rng(seed).normal(size=(2, 20, 3))
    layer = cls(3, 4, forget_bias=1.0, rng=np.random.default_rng(seed + 1))
    assert check_layer(layer, x) < 1e-7
    layer.eval()  # no dropout or statistics: eval mode computes the same function
    assert check_layer(layer, x) < 1e-7


@pytest.mark.parametrize("cls", [LSTM, HiddenForgetLSTM])
@pytest.mark.parametrize("seed", range(4))
def test_gradient_normwise_over_seeds(cls, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, 24, 3))
    layer = cls(3, 5, forget_bias=float(seed), rng=rng)
    R = rng.normal(size=(2, 24, 5))

    def scalar():
        return float(np.sum(layer.forward(x) * R))

    layer.zero_grad()
    layer.forward(x)
    dx = layer.backward(R)
    pairs = [(dx, numerical_grad(scalar, x))]
    pairs += [(p.grad.copy(), numerical_grad(scalar, p.data)) for p in layer.parameters()]
    for analytic, numeric in pairs:
        assert np.linalg.norm(analytic - numeric) < 1e-7 * np.linalg.norm(numeric)


def test_shapes_layout_and_forget_bias():
    layer = LSTM(3, 4, forget_bias=2.0, rng=np.random.default_rng(0))
    assert layer.W_x.shape == (3, 16) and layer.W_h.shape == (4, 16) and layer.b.shape == (16,)
    np.testing.assert_array_equal(layer.b.data, np.r_[np.zeros(4), 2 * np.ones(4), np.zeros(8)])
    bound = 1 / np.sqrt(4)
    assert np.abs(layer.W_x.data).max() <= bound and np.abs(layer.W_h.data).max() <= bound
    y = layer(np.zeros((5, 7, 3)))
    assert y.shape == (5, 7, 4)
    # zero input, zero state: z = b, so every gate equals its bias's sigmoid and c stays 0
    assert isinstance(layer.trace, GateTrace)
    np.testing.assert_allclose(layer.trace.f, 1 / (1 + np.exp(-2.0)))
    np.testing.assert_allclose(layer.trace.i, 0.5)
    np.testing.assert_array_equal(layer.trace.c, 0.0)
    np.testing.assert_array_equal(y, 0.0)


def test_one_step_by_hand():
    layer = LSTM(1, 1, rng=np.random.default_rng(0))
    layer.W_x.data[:] = [[1.0, 0.0, 2.0, 0.0]]  # i, f, g, o
    layer.W_h.data[:] = 0.0
    layer.b.data[:] = [0.0, 0.0, 0.0, np.log(3.0)]  # o = sigmoid(log 3) = 0.75
    y = layer(np.array([[[0.5], [0.0]]]))
    i = 1 / (1 + np.exp(-0.5))
    c1 = i * np.tanh(1.0)
    c2 = 0.5 * c1 + 0.5 * 0.0  # second step: f = 0.5, i = 0.5, g = tanh(0) = 0
    np.testing.assert_allclose(y[0, :, 0], [0.75 * np.tanh(c1), 0.75 * np.tanh(c2)])
    np.testing.assert_allclose(layer.trace.c[0, :, 0], [c1, c2])


def test_hidden_forget_variant_keeps_h_not_c():
    layer = HiddenForgetLSTM(1, 1, rng=np.random.default_rng(0))
    layer.W_x.data[:] = [[1.0, 0.0, 2.0, 0.0]]
    layer.W_h.data[:] = 0.0
    layer.b.data[:] = [0.0, 0.0, 0.0, np.log(3.0)]
    layer(np.array([[[0.5], [0.0]]]))
    c1 = layer.trace.c[0, 0, 0]
    h1 = 0.75 * np.tanh(c1)
    np.testing.assert_allclose(layer.trace.c[0, 1, 0], 0.5 * h1)  # f * h_{t-1}, not f * c_{t-1}


def test_truncation_cuts_the_gradient_between_chunks():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 12, 3))
    full = LSTM(3, 4, rng=np.random.default_rng(1))
    cut = LSTM(3, 4, bptt_truncation=5, rng=np.random.default_rng(1))
    dy = np.zeros((2, 12, 4))
    dy[:, -1] = 1.0  # loss on the last step only (chunk [10, 12))
    full(x)
    cut(x)
    dx_full, dx_cut = full.backward(dy), cut.backward(dy)
    np.testing.assert_array_equal(dx_cut[:, :10], 0.0)
    np.testing.assert_allclose(dx_cut[:, 10:], dx_full[:, 10:])
    assert np.abs(dx_full[:, :10]).max() > 0
    long_cut = LSTM(3, 4, bptt_truncation=12, rng=np.random.default_rng(1))
    long_cut(x)
    np.testing.assert_allclose(long_cut.backward(dy), dx_full)


def test_need_input_grad_false_gives_same_parameter_grads():
    x = np.random.default_rng(0).normal(size=(2, 6, 3))
    a, b = LSTM(3, 4, rng=np.random.default_rng(1)), LSTM(3, 4, rng=np.random.default_rng(1))
    dy = np.ones((2, 6, 4))
    a(x)
    b(x)
    a.backward(dy)
    assert b.backward(dy, need_input_grad=False) is None
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(p.grad, q.grad)


def test_sequence_that_is_not_n_t_d():
    layer = LSTM(3, 4)
    with pytest.raises(ValueError, match=r"LSTM\(3 -> 4\).*\(N, T, 3\).*\(5, 3\)"):
        layer(np.zeros((5, 3)))


def test_feature_size_that_does_not_match():
    layer = LSTM(3, 4)
    with pytest.raises(ValueError, match=r"LSTM\(3 -> 4\).*feature size 3.*\(2, 6, 5\)"):
        layer(np.zeros((2, 6, 5)))


def test_hidden_size_that_does_not_match_in_backward():
    layer = LSTM(3, 4)
    layer(np.zeros((2, 6, 3)))
    with pytest.raises(ValueError, match=r"LSTM\(3 -> 4\).*\(2, 6, 4\).*\(2, 6, 5\)"):
        layer.backward(np.zeros((2, 6, 5)))


def test_bad_truncation():
    with pytest.raises(ValueError, match="bptt_truncation"):
        LSTM(3, 4, bptt_truncation=0)


def test_parity_with_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    N, T, D, H = 3, 21, 4, 5
    layer = LSTM(D, H, forget_bias=1.0, rng=rng)
    x = rng.normal(size=(N, T, D))
    R = rng.normal(size=(N, T, H))
    ref = torch.nn.LSTM(D, H, batch_first=True).double()
    with torch.no_grad():
        ref.weight_ih_l0.copy_(torch.from_numpy(layer.W_x.data.T))
        ref.weight_hh_l0.copy_(torch.from_numpy(layer.W_h.data.T))
        ref.bias_ih_l0.copy_(torch.from_numpy(layer.b.data))
        ref.bias_hh_l0.zero_()
    xt = torch.from_numpy(x).requires_grad_(True)
    yt, _ = ref(xt)
    (yt * torch.from_numpy(R)).sum().backward()
    y = layer(x)
    layer.zero_grad()
    dx = layer.backward(R)
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(layer.W_x.grad, ref.weight_ih_l0.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(layer.W_h.grad, ref.weight_hh_l0.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(layer.b.grad, ref.bias_ih_l0.grad.numpy(), atol=1e-12)
