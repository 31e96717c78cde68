"""The LSTM layer: gated cell state, BPTT backward, and the gate values kept for plotting.

- ``LSTM``: the standard cell (PyTorch's layout and gate order), (N, T, D) -> (N, T, H);
- ``HiddenForgetLSTM``: the same cell wired as a common textual description has it, with the
  forget gate acting on the hidden state h_{t-1} instead of the cell state c_{t-1} (chapter 38's
  counter-example);
- ``GateTrace``: i, f, g, o, c, h of the last forward, each (N, T, H).

See chapter 37 (gradient flow) and chapter 38 (the gates one by one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.nn import Module, Parameter


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function as (1 + tanh(z / 2)) / 2: equal to 1 / (1 + exp(-z)), and tanh never
    overflows, so it is stable for any z."""
    return 0.5 * np.tanh(0.5 * z) + 0.5


@dataclass
class GateTrace:
    """The gate and state values of an LSTM's last forward pass, each of shape (N, T, H).

    i : input gate, how much of the candidate is written into the cell, in (0, 1)
    f : forget gate, how much of the previous cell state is kept, in (0, 1)
    g : cell candidate, the value offered for writing, in (-1, 1)
    o : output gate, how much of tanh(c) is read out into h, in (0, 1)
    c : cell state
    h : hidden state (the layer's output)

    See chapter 38.
    """

    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


class LSTM(Module):
    """Long short-term memory layer, run over a whole sequence, with h0 = c0 = 0.

    For each step t, with z_t = x_t W_x + h_{t-1} W_h + b split into four blocks of H:

        i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o)
        c_t = f * c_{t-1} + i * g,    h_t = o * tanh(c_t)

    Parameters
    ----------
    input_size, hidden_size : int
        D and H.
    forget_bias : float
        Added to the forget block of ``b`` at initialisation, so that f starts near
        sigmoid(forget_bias) (1 and above is the usual advice).
    bptt_truncation : int or None
        Truncated BPTT with k = ``bptt_truncation``: the backward pass cuts the gradient
        between chunks of k steps ([0, k), [k, 2k), ...), as ``RNN`` does. None (the default)
        backpropagates through every step.
    rng : np.random.Generator
        Weights are drawn from U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch; defaults to
        ``np.random.default_rng(0)``.

    Attributes
    ----------
    W_x : Parameter (D, 4H), W_h : Parameter (H, 4H), b : Parameter (4H,)
        Gate blocks in PyTorch's order: input, forget, cell candidate, output. PyTorch's
        ``weight_ih_l0`` is ``W_x.T``, ``weight_hh_l0`` is ``W_h.T``, ``bias_ih_l0 + bias_hh_l0``
        is ``b``.
    trace : GateTrace or None
        The gate values of the last forward, for plotting.

    Shapes
    ------
    forward: x (N, T, D) -> h (N, T, H), all hidden states.
    backward: dy (N, T, H) -> dx (N, T, D); accumulates the gradients of W_x, W_h and b.

    See chapters 37 and 38.
    """

    forget_acts_on = "cell"  # which state the forget gate scales: c_{t-1} (the real LSTM)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        forget_bias: float = 0.0,
        bptt_truncation: int | None = None,
        rng: np.random.Generator | None = None,
    ):
        if bptt_truncation is not None and bptt_truncation < 1:
            raise ValueError(
                f"{type(self).__name__}: bptt_truncation must be None or >= 1, "
                f"got {bptt_truncation}"
            )
        rng = np.random.default_rng(0) if rng is None else rng
        D, H = self.input_size, self.hidden_size = input_size, hidden_size
        bound = 1.0 / np.sqrt(H)
        self.W_x = Parameter(rng.uniform(-bound, bound, size=(D, 4 * H)))
        self.W_h = Parameter(rng.uniform(-bound, bound, size=(H, 4 * H)))
        b = np.zeros(4 * H)
        b[H : 2 * H] = forget_bias
        self.b = Parameter(b)
        self.forget_bias, self.bptt_truncation = forget_bias, bptt_truncation
        self.trace: GateTrace | None = None
        self.x = None  # the input cached by forward

    def _check_input(self, x: np.ndarray) -> None:
        if x.ndim != 3:
            raise ValueError(
                f"{self!r}: expected a sequence of shape (N, T, {self.input_size}), got {x.shape}"
            )
        if x.shape[2] != self.input_size:
            raise ValueError(
                f"{self!r}: expected feature size {self.input_size}, i.e. input of shape "
                f"(N, T, {self.input_size}), got {x.shape}"
            )

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._check_input(x)
        N, T, _ = x.shape
        H = self.hidden_size
        self.x = x
        x_part = (x.reshape(N * T, -1) @ self.W_x.data).reshape(N, T, 4 * H) + self.b.data
        act = np.empty((N, T, 4 * H))  # i, f, g, o side by side, as the blocks of z
        cs, hs = np.empty((N, T, H)), np.empty((N, T, H))
        h, c = np.zeros((N, H)), np.zeros((N, H))
        for t in range(T):
            z = x_part[:, t] + h @ self.W_h.data
            a = act[:, t]
            a[:] = _sigmoid(z)
            a[:, 2 * H : 3 * H] = np.tanh(z[:, 2 * H : 3 * H])  # the candidate g
            i, f, g, o = a[:, :H], a[:, H : 2 * H], a[:, 2 * H : 3 * H], a[:, 3 * H :]
            kept = c if self.forget_acts_on == "cell" else h
            c = f * kept + i * g
            h = o * np.tanh(c)
            cs[:, t], hs[:, t] = c, h
        i, f, g, o = (act[..., k * H : (k + 1) * H] for k in range(4))
        self.trace = GateTrace(i=i, f=f, g=g, o=o, c=cs, h=hs)
        return hs.copy()

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self.x is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        N, T, _ = self.x.shape
        H = self.hidden_size
        if dy.shape != (N, T, H):
            raise ValueError(
                f"{self!r}: expected gradient of shape {(N, T, H)} (hidden size {H}), "
                f"got {dy.shape}"
            )
        i, f, g, o, c, h = (getattr(self.trace, name) for name in "ifgoch")
        zeros = np.zeros((N, 1, H))
        h_prev = np.concatenate([zeros, h[:, :-1]], axis=1)  # h_{t-1}, with h_{-1} = 0
        c_prev = np.concatenate([zeros, c[:, :-1]], axis=1)
        kept_prev = c_prev if self.forget_acts_on == "cell" else h_prev
        tanh_c = np.tanh(c)
        # Local derivatives, for all steps at once: dz = [dc, dc, dc, dh] * local, blockwise
        # (sigmoid' = s (1 - s), tanh' = 1 - tanh^2), and dc gets dh * o * tanh'(c).
        local = np.concatenate(
            [g * i * (1 - i), kept_prev * f * (1 - f), i * (1 - g**2), tanh_c * o * (1 - o)],
            axis=2,
        )
        read = o * (1 - tanh_c**2)
        dz_all = np.empty((N, T, 4 * H))
        dh_next, dc_next = np.zeros((N, H)), np.zeros((N, H))
        W_h_T = self.W_h.data.T
        for t in reversed(range(T)):
            if self.bptt_truncation is not None and (t + 1) % self.bptt_truncation == 0:
                dh_next, dc_next = 0.0 * dh_next, 0.0 * dc_next  # cut at the chunk boundary
            dh = dy[:, t] + dh_next
            dc = dc_next + dh * read[:, t]  # through h_t = o tanh(c_t)
            dz = dz_all[:, t]
            dz[:] = np.concatenate([dc, dc, dc, dh], axis=1) * local[:, t]
            dh_next = dz @ W_h_T  # the paths through the gates and W_h
            if self.forget_acts_on == "cell":
                dc_next = dc * f[:, t]  # the additive path: dc_t/dc_{t-1} = diag(f_t)
            else:
                dh_next += dc * f[:, t]  # this forget gate scaled h_{t-1}
        flat_dz = dz_all.reshape(N * T, 4 * H)
        self.W_x.grad += self.x.reshape(N * T, -1).T @ flat_dz
        self.W_h.grad += h_prev.reshape(N * T, H).T @ flat_dz
        self.b.grad += flat_dz.sum(axis=0)
        if not need_input_grad:
            return None
        return (flat_dz @ self.W_x.data.T).reshape(self.x.shape)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.input_size} -> {self.hidden_size})"


class HiddenForgetLSTM(LSTM):
    """An LSTM mis-wired as the Q&A describes it: the forget gate scales h_{t-1}, not c_{t-1}.

        c_t = f * h_{t-1} + i * g,    h_t = o * tanh(c_t)

    Same parameters, shapes and trace as ``LSTM``; only the kept state differs, so the cell
    state no longer carries itself from step to step (it passes through tanh and o each step).
    See chapter 38.
    """

    forget_acts_on = "hidden"
