"""The vanilla recurrent layer (Elman RNN) with backpropagation through time.

``RNN`` maps a batch of sequences (N, T, D) to all its hidden states (N, T, H) with one set of
weights shared by every time step; its backward pass is BPTT, through every step or truncated.
``TimeDistributed`` applies a (N, F) module to every step of a sequence and ``LastStep`` keeps
the last hidden state (a many-to-one head). See chapter 35 (dynamics, BPTT) and chapter 36
(the shared matrices and the sequence architectures).
"""

from __future__ import annotations

import numpy as np

from dlcore.nn import Module, Parameter, backward_without_input_grad

NONLINEARITIES = ("tanh", "relu")


class RNN(Module):
    """Elman RNN: h_t = phi(x_t W_xh + h_{t-1} W_hh + b_h), h_{-1} = h0 (zeros by default).

    Parameters
    ----------
    input_size, hidden_size : int
        D and H.
    nonlinearity : {"tanh", "relu"}
        phi, as ``torch.nn.RNN``'s argument of the same name.
    bptt_truncation : int or None
        None: backward is full BPTT, through every step. An int k: truncated BPTT in chunks of
        k steps (steps 0..k-1, k..2k-1, ...): the gradient through the hidden state stops at
        the start of each chunk, as if h were detached there, which is what training a long
        sequence chunk by chunk does. The input gradient of every step is still returned.
    rng : np.random.Generator
        For the initial weights; defaults to ``np.random.default_rng(0)``. Every weight and the
        bias are drawn from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's default.

    Attributes
    ----------
    W_xh : Parameter (D, H); W_hh : Parameter (H, H); b_h : Parameter (H,)
    hidden_grads : ndarray (N, T, H) or None
        dL/dh_t of the last backward (through the later steps as well), kept for plotting
        gradient against lag.
    dh0 : ndarray (N, H) or None
        dL/dh0 of the last backward (zeros under truncation: step 0 starts a chunk).

    Shapes
    ------
    forward: x (N, T, D), optional h0 (N, H) -> h (N, T, H)
    backward: dy = dL/dh (N, T, H) -> dx (N, T, D); accumulates the three gradients.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        nonlinearity: str = "tanh",
        bptt_truncation: int | None = None,
        rng: np.random.Generator | None = None,
    ):
        if nonlinearity not in NONLINEARITIES:
            raise ValueError(
                f"RNN: nonlinearity must be one of {list(NONLINEARITIES)}, got {nonlinearity!r}"
            )
        if bptt_truncation is not None and int(bptt_truncation) < 1:
            raise ValueError(f"RNN: bptt_truncation must be None or >= 1, got {bptt_truncation}")
        rng = np.random.default_rng(0) if rng is None else rng
        bound = 1.0 / np.sqrt(hidden_size)
        self.input_size, self.hidden_size = input_size, hidden_size
        self.nonlinearity = nonlinearity
        self.bptt_truncation = None if bptt_truncation is None else int(bptt_truncation)
        self.W_xh = Parameter(rng.uniform(-bound, bound, size=(input_size, hidden_size)))
        self.W_hh = Parameter(rng.uniform(-bound, bound, size=(hidden_size, hidden_size)))
        self.b_h = Parameter(rng.uniform(-bound, bound, size=hidden_size))
        self.x = self.h = self.h0 = None  # cached by forward
        self.hidden_grads = self.dh0 = None  # kept by backward

    def _phi(self, a: np.ndarray) -> np.ndarray:
        return np.tanh(a) if self.nonlinearity == "tanh" else np.maximum(a, 0.0)

    def _phi_grad(self, h: np.ndarray) -> np.ndarray:
        """phi'(a) written with h = phi(a): 1 - h^2 for tanh, [h > 0] for ReLU."""
        return 1.0 - h * h if self.nonlinearity == "tanh" else (h > 0).astype(np.float64)

    def forward(self, x: np.ndarray, h0: np.ndarray | None = None) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3:
            raise ValueError(
                f"{self!r}: expected a sequence of shape (N, T, {self.input_size}), got {x.shape}"
            )
        n, steps, features = x.shape
        if features != self.input_size:
            raise ValueError(
                f"{self!r}: expected input of shape (N, T, {self.input_size}), got {x.shape}"
            )
        if h0 is None:
            h0 = np.zeros((n, self.hidden_size))
        h0 = np.asarray(h0, dtype=np.float64)
        if h0.shape != (n, self.hidden_size):
            raise ValueError(
                f"{self!r}: expected h0 of shape {(n, self.hidden_size)}, got {h0.shape}"
            )
        input_part = x @ self.W_xh.data + self.b_h.data  # (N, T, H): every step in one matmul
        h = np.empty((n, steps, self.hidden_size))
        h_prev = h0
        for t in range(steps):
            h_prev = self._phi(input_part[:, t] + h_prev @ self.W_hh.data)
            h[:, t] = h_prev
        self.x, self.h, self.h0 = x, h, h0
        return h

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self.h is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != self.h.shape:
            raise ValueError(f"{self!r}: expected gradient of shape {self.h.shape}, got {dy.shape}")
        n, steps, _ = self.h.shape
        k = self.bptt_truncation
        W_hh = self.W_hh.data
        da = np.empty_like(self.h)  # dL/da_t, a_t the pre-activation of step t
        self.hidden_grads = np.empty_like(self.h)
        dh_later = np.zeros((n, self.hidden_size))  # dL/dh_t through the steps after t
        for t in range(steps - 1, -1, -1):
            dh = dy[:, t] + dh_later
            self.hidden_grads[:, t] = dh
            da[:, t] = dh * self._phi_grad(self.h[:, t])
            h_prev = self.h[:, t - 1] if t > 0 else self.h0
            self.W_hh.grad += h_prev.T @ da[:, t]  # dL/dW_hh = sum_t h_{t-1}^T delta_t
            cut = k is not None and t % k == 0  # step t starts a chunk: h_{t-1} is a constant
            dh_later = np.zeros_like(dh_later) if cut else da[:, t] @ W_hh.T
        self.dh0 = dh_later
        da_flat = da.reshape(n * steps, self.hidden_size)
        self.W_xh.grad += self.x.reshape(n * steps, self.input_size).T @ da_flat
        self.b_h.grad += da_flat.sum(axis=0)
        if not need_input_grad:
            return None
        return da @ self.W_xh.data.T  # dL/dx_t = delta_t W_xh^T

    def __repr__(self) -> str:
        extra = "" if self.bptt_truncation is None else f", bptt_truncation={self.bptt_truncation}"
        return f"RNN({self.input_size} -> {self.hidden_size}, {self.nonlinearity}{extra})"


class TimeDistributed(Module):
    """Applies a module made for (N, F) inputs to every time step of (N, T, F).

    The steps are folded into the batch, (N, T, F) -> (N*T, F), so the wrapped module's weights
    are shared across time, as W_hy and b_y are in an RNN's output layer.

    Shapes
    ------
    forward: x (N, T, F) -> y (N, T, F_out); backward: dy (N, T, F_out) -> dx (N, T, F).
    """

    def __init__(self, module: Module):
        self.module = module
        self.shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 3:
            raise ValueError(f"{self!r}: expected a sequence of shape (N, T, F), got {x.shape}")
        self.shape = x.shape
        y = self.module.forward(x.reshape(x.shape[0] * x.shape[1], x.shape[2]))
        return y.reshape(x.shape[0], x.shape[1], -1)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        n, steps, features = self.shape
        dy_flat = dy.reshape(n * steps, -1)
        if not need_input_grad:
            backward_without_input_grad(self.module, dy_flat)
            return None
        return self.module.backward(dy_flat).reshape(n, steps, features)

    def __repr__(self) -> str:
        return f"TimeDistributed({self.module!r})"


class LastStep(Module):
    """Keeps the last time step, (N, T, H) -> (N, H): the many-to-one head of a sequence model.

    backward puts dy at the last step and zeros elsewhere.
    """

    def __init__(self):
        self.shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 3:
            raise ValueError(f"{self!r}: expected a sequence of shape (N, T, H), got {x.shape}")
        self.shape = x.shape
        return x[:, -1]

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        dx = np.zeros(self.shape)
        dx[:, -1] = dy
        return dx

    def __repr__(self) -> str:
        return "LastStep()"
