"""The RNN layer (chapters 35, 36): BPTT against central differences, truncation, PyTorch parity,
the sequence heads and the errors on bad input."""

import numpy as np
import pytest

from dlcore import gradcheck, init
from dlcore.layers import RNN, Dense, LastStep, TimeDistributed
from dlcore.nn import Sequential

TOL = 1e-7


def well_conditioned(layer, rng):
    """W_hh orthogonal (spectral radius 1) and b_h = 0: with small inputs, the gradient 20 steps
    back stays of order 1. A relative error is only meaningful for gradients well above
    round-off, and a default RNN's gradient 20 steps back is ~1e-9 (chapter 35), where the
    finite differences' own error (~1e-12) would dominate it."""
    layer.W_hh.data = init.orthogonal(layer.hidden_size, layer.hidden_size, rng)
    layer.b_h.data[:] = 0.0
    return layer


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_gradcheck_through_20_steps(nonlinearity):
    rng = np.random.default_rng(0)
    layer = well_conditioned(RNN(3, 4, nonlinearity=nonlinearity, rng=rng), rng)
    x = 0.3 * rng.normal(size=(2, 20, 3))
    assert layer.forward(x).shape == (2, 20, 4)
    assert gradcheck.check_layer(layer, x) < TOL


def test_rnn_default_init_gradient_matches_to_round_off():
    """At the default init the early steps' gradients are tiny; they still match central
    differences to round-off (absolute error far below the largest gradient)."""
    rng = np.random.default_rng(10)
    layer = RNN(2, 4, rng=rng)
    x, R = rng.normal(size=(2, 25, 2)), rng.normal(size=(2, 25, 4))
    layer.forward(x)
    dx = layer.backward(R)
    numeric = gradcheck.numerical_grad(lambda: float(np.sum(layer.forward(x) * R)), x)
    assert np.max(np.abs(dx - numeric)) < 1e-9 * np.max(np.abs(dx))


def test_rnn_gradcheck_in_eval_mode():
    rng = np.random.default_rng(1)
    layer = well_conditioned(RNN(2, 3, rng=rng), rng).eval()
    assert gradcheck.check_layer(layer, 0.3 * rng.normal(size=(3, 21, 2))) < TOL


def test_rnn_h0_gradient():
    rng = np.random.default_rng(2)
    layer = RNN(2, 3, rng=rng)
    x, h0 = rng.normal(size=(2, 20, 2)), rng.normal(size=(2, 3))
    R = rng.normal(size=(2, 20, 3))
    layer.forward(x, h0)
    layer.backward(R)
    numeric = gradcheck.numerical_grad(lambda: float(np.sum(layer.forward(x, h0) * R)), h0)
    assert gradcheck.relative_error(layer.dh0, numeric) < TOL


def test_rnn_hidden_grads_are_dL_dh():
    """hidden_grads[:, t] is dL/dh_t: with dy only at the last step, it is the product of the
    step Jacobians, computed here by finite differences of h_T against a perturbed h_t."""
    rng = np.random.default_rng(3)
    layer = RNN(2, 3, rng=rng)
    x = rng.normal(size=(1, 6, 2))
    h = layer.forward(x)
    u = rng.normal(size=3)
    dy = np.zeros_like(h)
    dy[:, -1] = u
    layer.backward(dy)
    t, eps = 2, 1e-6
    numeric = np.zeros(3)
    for j in range(3):
        shifted = []
        for sign in (1, -1):
            h_t = h[:, t].copy()
            h_t[0, j] += sign * eps
            shifted.append(layer.forward(x[:, t + 1 :], h0=h_t)[0, -1] @ u)
        numeric[j] = (shifted[0] - shifted[1]) / (2 * eps)
    np.testing.assert_allclose(layer.hidden_grads[0, t], numeric, rtol=1e-7)


def test_truncated_bptt_equals_detached_chunks():
    """Truncation k = the exact gradient of running the chunks one by one, each starting from the
    previous chunk's last state taken as a constant."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 23, 3))
    R = rng.normal(size=(2, 23, 4))
    truncated = RNN(3, 4, bptt_truncation=5, rng=np.random.default_rng(7))
    chunked = RNN(3, 4, rng=np.random.default_rng(7))
    h_full = truncated.forward(x)
    dx_truncated = truncated.backward(R)
    h_prev, dx_chunks, h_chunks = None, [], []
    for start in range(0, 23, 5):
        stop = min(start + 5, 23)
        h_chunk = chunked.forward(x[:, start:stop], h0=h_prev)
        dx_chunks.append(chunked.backward(R[:, start:stop]))
        h_chunks.append(h_chunk)
        h_prev = h_chunk[:, -1].copy()
    np.testing.assert_allclose(h_full, np.concatenate(h_chunks, axis=1), rtol=1e-12)
    np.testing.assert_allclose(dx_truncated, np.concatenate(dx_chunks, axis=1), rtol=1e-10)
    for p, q in zip(truncated.parameters(), chunked.parameters()):
        np.testing.assert_allclose(p.grad, q.grad, rtol=1e-10, atol=1e-14)
    assert np.all(truncated.dh0 == 0)


def test_truncation_longer_than_sequence_is_full_bptt():
    rng = np.random.default_rng(5)
    x, R = rng.normal(size=(2, 8, 2)), rng.normal(size=(2, 8, 3))
    grads = []
    for k in (None, 8, 100):
        layer = RNN(2, 3, bptt_truncation=k, rng=np.random.default_rng(1))
        layer.forward(x)
        grads.append(layer.backward(R))
    np.testing.assert_array_equal(grads[0], grads[1])
    np.testing.assert_array_equal(grads[0], grads[2])


def test_need_input_grad_false_gives_same_parameter_grads():
    rng = np.random.default_rng(6)
    x, R = rng.normal(size=(2, 7, 2)), rng.normal(size=(2, 7, 3))
    a, b = RNN(2, 3, rng=np.random.default_rng(1)), RNN(2, 3, rng=np.random.default_rng(1))
    a.forward(x)
    a.backward(R)
    b.forward(x)
    assert b.backward(R, need_input_grad=False) is None
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)


def test_time_distributed_and_last_step_gradcheck():
    rng = np.random.default_rng(8)
    rnn = well_conditioned(RNN(2, 4, rng=rng), rng)
    model = Sequential(rnn, TimeDistributed(Dense(4, 3, rng=rng)))
    assert gradcheck.check_layer(model, 0.3 * rng.normal(size=(2, 20, 2))) < TOL
    many_to_one = Sequential(rnn, LastStep(), Dense(4, 1, rng=rng))
    assert gradcheck.check_layer(many_to_one, 0.3 * rng.normal(size=(3, 20, 2))) < TOL


def test_parameter_count_does_not_depend_on_length():
    layer = RNN(3, 5)
    assert sum(p.data.size for p in layer.parameters()) == 3 * 5 + 5 * 5 + 5
    for steps in (1, 10, 100):
        assert layer.forward(np.zeros((1, steps, 3))).shape == (1, steps, 5)


@pytest.mark.parametrize("shape", [(4, 3), (2, 5, 3, 1), (3,)])
def test_rnn_rejects_a_sequence_that_is_not_N_T_D(shape):
    with pytest.raises(ValueError, match=r"RNN.*\(N, T, 3\).*got"):
        RNN(3, 4).forward(np.zeros(shape))


def test_rnn_rejects_a_wrong_feature_size():
    with pytest.raises(
        ValueError, match=r"RNN.*expected input of shape \(N, T, 3\), got \(2, 5, 4\)"
    ):
        RNN(3, 4).forward(np.zeros((2, 5, 4)))


def test_rnn_rejects_a_wrong_hidden_size():
    with pytest.raises(ValueError, match=r"RNN.*h0 of shape \(2, 4\), got \(2, 5\)"):
        RNN(3, 4).forward(np.zeros((2, 5, 3)), h0=np.zeros((2, 5)))
    layer = RNN(3, 4)
    layer.forward(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"RNN.*gradient of shape \(2, 5, 4\), got \(2, 5, 3\)"):
        layer.backward(np.zeros((2, 5, 3)))


def test_rnn_rejects_bad_options():
    with pytest.raises(ValueError, match="tanh"):
        RNN(2, 3, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="bptt_truncation"):
        RNN(2, 3, bptt_truncation=0)
    with pytest.raises(RuntimeError, match="before forward"):
        RNN(2, 3).backward(np.zeros((1, 2, 3)))


def test_sequence_heads_reject_non_sequences():
    with pytest.raises(ValueError, match="TimeDistributed"):
        TimeDistributed(Dense(2, 2)).forward(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="LastStep"):
        LastStep().forward(np.zeros((3, 2)))


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_matches_pytorch(nonlinearity):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    layer = RNN(3, 5, nonlinearity=nonlinearity, rng=rng)
    x, R = rng.normal(size=(2, 21, 3)), rng.normal(size=(2, 21, 5))
    ref = torch.nn.RNN(3, 5, nonlinearity=nonlinearity, batch_first=True).double()
    with torch.no_grad():
        ref.weight_ih_l0.copy_(torch.from_numpy(layer.W_xh.data.T))
        ref.weight_hh_l0.copy_(torch.from_numpy(layer.W_hh.data.T))
        ref.bias_ih_l0.copy_(torch.from_numpy(layer.b_h.data))
        ref.bias_hh_l0.zero_()  # torch has two biases; dlcore has one
    xt = torch.from_numpy(x).requires_grad_(True)
    out, h_last = ref(xt)
    (out * torch.from_numpy(R)).sum().backward()
    h = layer.forward(x)
    dx = layer.backward(R)
    np.testing.assert_allclose(h, out.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h[:, -1], h_last[0].detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(layer.W_xh.grad, ref.weight_ih_l0.grad.numpy().T, rtol=1e-10)
    np.testing.assert_allclose(layer.W_hh.grad, ref.weight_hh_l0.grad.numpy().T, rtol=1e-10)
    np.testing.assert_allclose(layer.b_h.grad, ref.bias_ih_l0.grad.numpy(), rtol=1e-10)
