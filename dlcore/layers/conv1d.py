"""One-dimensional convolution (cross-correlation, as in PyTorch) on sequences (N, C, L).

``conv1d`` is the function, ``Conv1D`` the layer with hand-written backward. Windows are gathered
with an index array (im2col in one dimension), so forward and backward are a few ``einsum`` calls.
Padding is zeros or circular; circular padding makes the layer exactly equivariant to circular
shifts. See chapter 06.
"""

from __future__ import annotations

import numpy as np

from dlcore import init as initializers
from dlcore.layers.conv import forward_with_weights, pad, pad_backward
from dlcore.nn import Module, Parameter

PADDING_MODES = ("zeros", "circular")


def _check_positive(name: str, value: int, minimum: int = 1) -> int:
    if int(value) != value or value < minimum:
        raise ValueError(f"Conv1D: {name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def output_length(length: int, kernel_size: int, stride=1, padding=0, dilation=1) -> int:
    """L_out = floor((L + 2p - d (k - 1) - 1) / s) + 1, as PyTorch's Conv1d.

    Raises ValueError if the (dilated) kernel is longer than the padded input. See chapter 06.
    """
    span = dilation * (kernel_size - 1) + 1
    if span > length + 2 * padding:
        raise ValueError(
            f"Conv1D: kernel of span {span} (kernel_size {kernel_size}, dilation {dilation}) is "
            f"longer than the padded input of length {length + 2 * padding}"
        )
    return (length + 2 * padding - span) // stride + 1


def _pad(x: np.ndarray, padding: int, mode: str) -> np.ndarray:
    """Conv2D's ``pad`` along the length only: (N, C, L) -> (N, C, L + 2 padding)."""
    return pad(x[:, :, None, :], (0, padding), mode)[:, :, 0, :]


def _unpad(dx_padded: np.ndarray, padding: int, mode: str) -> np.ndarray:
    """Adjoint of ``_pad``: gradients that reached padded positions go back where they came from
    (Conv2D's ``pad_backward`` along the length)."""
    return pad_backward(dx_padded[:, :, None, :], (0, padding), mode)[:, :, 0, :]


def _window_index(length_out: int, kernel_size: int, stride: int, dilation: int) -> np.ndarray:
    """(L_out, k) positions in the padded input: window i, tap j reads i s + j d."""
    return stride * np.arange(length_out)[:, None] + dilation * np.arange(kernel_size)[None, :]


def conv1d(
    x: np.ndarray,
    W: np.ndarray,
    b: np.ndarray | None = None,
    *,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """y[n, o, i] = b[o] + sum_{c, j} W[o, c, j] x_pad[n, c, i s + j d] (cross-correlation).

    Parameters
    ----------
    x : ndarray (N, C_in, L)
    W : ndarray (C_out, C_in, k)
    b : ndarray (C_out,) or None
    stride, padding, dilation : int
    padding_mode : "zeros" or "circular"

    Returns
    -------
    y : ndarray (N, C_out, L_out), as ``torch.nn.functional.conv1d``. See chapter 06.
    """
    layer = Conv1D(
        W.shape[1],
        W.shape[0],
        W.shape[2],
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
        bias=b is not None,
    )
    return forward_with_weights(layer, W, b, x)


class Conv1D(Module):
    """1-D convolution layer (cross-correlation, as ``torch.nn.Conv1d``).

    Parameters
    ----------
    in_channels, out_channels, kernel_size : int
    stride, padding, dilation : int
    padding_mode : "zeros" or "circular" (circular needs padding <= L)
    bias : bool
    init : str
        Name in ``dlcore.init.INITIALIZERS``, with fan_in = in_channels * kernel_size.
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Shapes
    ------
    forward: x (N, in_channels, L) -> y (N, out_channels, L_out), see ``output_length``
    backward: dy (N, out_channels, L_out) -> dx (N, in_channels, L); accumulates W.grad
        (out_channels, in_channels, kernel_size) and b.grad (out_channels,).
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        *,
        stride: int = 1,
        padding: int = 0,
        dilation: int = 1,
        padding_mode: str = "zeros",
        bias: bool = True,
        init: str = "he",
        rng: np.random.Generator | None = None,
    ):
        self.in_channels = _check_positive("in_channels", in_channels)
        self.out_channels = _check_positive("out_channels", out_channels)
        self.kernel_size = _check_positive("kernel_size", kernel_size)
        self.stride = _check_positive("stride", stride)
        self.padding = _check_positive("padding", padding, minimum=0)
        self.dilation = _check_positive("dilation", dilation)
        if padding_mode not in PADDING_MODES:
            raise ValueError(
                f"Conv1D: padding_mode must be one of {PADDING_MODES}, got {padding_mode!r}"
            )
        self.padding_mode = padding_mode
        rng = np.random.default_rng(0) if rng is None else rng
        fan_in = in_channels * kernel_size
        W = initializers.initialize(init, fan_in, out_channels, rng)  # (fan_in, out)
        self.W = Parameter(W.T.reshape(out_channels, in_channels, kernel_size))
        self.b = Parameter(np.zeros(out_channels)) if bias else None
        self.cache = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.in_channels}, L), got {x.shape}"
            )
        if self.padding_mode == "circular" and self.padding > x.shape[2]:
            raise ValueError(
                f"{self!r}: circular padding {self.padding} exceeds the input length {x.shape[2]}"
            )
        length_out = output_length(
            x.shape[2], self.kernel_size, self.stride, self.padding, self.dilation
        )
        index = _window_index(length_out, self.kernel_size, self.stride, self.dilation)
        windows = _pad(x, self.padding, self.padding_mode)[:, :, index]  # (N, C, L_out, k)
        self.cache = (x.shape, windows)
        y = np.einsum("nclk,ock->nol", windows, self.W.data, optimize=True)
        return y + self.b.data[None, :, None] if self.b is not None else y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self.cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        x_shape, windows = self.cache
        expected = (x_shape[0], self.out_channels, windows.shape[2])
        if dy.shape != expected:
            raise ValueError(f"{self!r}: expected gradient of shape {expected}, got {dy.shape}")
        self.W.grad += np.einsum("nol,nclk->ock", dy, windows, optimize=True)
        if self.b is not None:
            self.b.grad += dy.sum(axis=(0, 2))
        if not need_input_grad:
            return None
        dwindows = np.einsum("nol,ock->nclk", dy, self.W.data, optimize=True)
        dx_padded = np.zeros(x_shape[:2] + (x_shape[2] + 2 * self.padding,))
        last = self.stride * (windows.shape[2] - 1) + 1
        for j in range(self.kernel_size):  # tap j of every window reads a strided slice
            start = j * self.dilation
            dx_padded[:, :, start : start + last : self.stride] += dwindows[:, :, :, j]
        return _unpad(dx_padded, self.padding, self.padding_mode)

    def __repr__(self) -> str:
        return (
            f"Conv1D({self.in_channels} -> {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, dilation={self.dilation}, "
            f"padding_mode={self.padding_mode!r})"
        )
