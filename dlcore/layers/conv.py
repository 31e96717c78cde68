"""The 2-D convolution layer (a cross-correlation, as in every deep-learning library), computed as
im2col + one matrix product, with padding modes and a col2im backward.

- ``conv2d_output_size``: H_out = floor((H + 2P - D(K - 1) - 1) / S) + 1.
- ``pad`` / ``pad_backward``: zero, reflect, replicate and circular padding, as PyTorch's
  ``padding_mode``, and the adjoint that folds a padded gradient back onto the input.
- ``im2col`` / ``col2im``: every receptive field as one column of a matrix (a strided view, no loop
  over pixels), and its adjoint, which loops over the kh * kw kernel offsets only.
- ``conv2d``: the functional forward;  ``Conv2D``: the layer.

See chapter 25.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlcore import init as initializers
from dlcore.nn import Module, Parameter

PADDING_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def as_pair(value, name: str, owner: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints as a pair, each checked to be >= ``minimum``."""
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or any(int(v) != v or v < minimum for v in pair):
        raise ValueError(
            f"{owner}: expected {name} to be an int >= {minimum} or a pair of them, got {value!r}"
        )
    return int(pair[0]), int(pair[1])


def conv2d_output_size(
    size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Output length along one axis: floor((size + 2 padding - dilation (kernel - 1) - 1) / stride)
    + 1. The same formula serves the pools (dilation 1). Returns an int (< 1 if the kernel does
    not fit)."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def pad(x: np.ndarray, padding, mode: str = "zeros") -> np.ndarray:
    """Pad the two last axes of x (N, C, H, W) by (ph, pw) on each side.

    mode: "zeros" (0), "reflect" (mirror without repeating the edge, needs ph < H), "replicate"
    (repeat the edge), "circular" (wrap around, needs ph <= H). Returns (N, C, H + 2ph, W + 2pw).
    """
    if mode not in PADDING_MODES:
        raise ValueError(f"pad: unknown mode {mode!r}; valid modes: {sorted(PADDING_MODES)}")
    ph, pw = as_pair(padding, "padding", "pad", 0)
    h, w = x.shape[-2:]
    limit = {"reflect": (h - 1, w - 1), "circular": (h, w)}.get(mode)
    if limit is not None and (ph > limit[0] or pw > limit[1]):
        raise ValueError(
            f"pad: {mode} padding needs padding <= {limit} for an input of {(h, w)}, got {(ph, pw)}"
        )
    if ph == pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode=PADDING_MODES[mode])


def _source_index(size: int, width: int, mode: str) -> np.ndarray:
    """For each padded position along one axis, the input index it copies (-1 for a zero)."""
    if mode == "zeros":
        return np.pad(np.arange(size), width, constant_values=-1)
    return np.pad(np.arange(size), width, mode=PADDING_MODES[mode])


def pad_backward(d_padded: np.ndarray, padding, mode: str = "zeros") -> np.ndarray:
    """Adjoint of ``pad``: the gradient of the padded array (N, C, H + 2ph, W + 2pw) folded onto
    the input (N, C, H, W); a border cell adds its gradient to the input cell it copied. The loop
    runs over the border rows and columns only."""
    ph, pw = as_pair(padding, "padding", "pad_backward", 0)
    h, w = d_padded.shape[2] - 2 * ph, d_padded.shape[3] - 2 * pw
    if mode == "zeros" or ph == pw == 0:
        return d_padded[:, :, ph : ph + h, pw : pw + w]
    rows = d_padded[:, :, ph : ph + h, :].copy()
    source = _source_index(h, ph, mode)
    for r in [*range(ph), *range(ph + h, h + 2 * ph)]:
        rows[:, :, source[r], :] += d_padded[:, :, r, :]
    dx = rows[:, :, :, pw : pw + w].copy()
    source = _source_index(w, pw, mode)
    for c in [*range(pw), *range(pw + w, w + 2 * pw)]:
        dx[:, :, :, source[c]] += rows[:, :, :, c]
    return dx


def _geometry(kernel, stride, dilation, owner):
    return tuple(
        as_pair(a, n, owner, 1)
        for a, n in ((kernel, "kernel"), (stride, "stride"), (dilation, "dilation"))
    )


def im2col(x_padded: np.ndarray, kernel, stride=1, dilation=1, out=None) -> np.ndarray:
    """Every receptive field of an (already padded) input as one column.

    x_padded (N, C, Hp, Wp) -> cols (C * kh * kw, N * H_out * W_out): rows in (c, u, v) order,
    columns in (n, i, j) order, so that W.reshape(C_out, -1) @ cols is the convolution. The
    windows are a strided view (``sliding_window_view``), copied once into ``cols`` (or into
    ``out``, a reusable buffer of that shape). Column-major in the patches keeps every GEMM of
    the layer a single 2-D product with the long N * H_out * W_out axis inside.
    """
    (kh, kw), (sh, sw), (dh, dw) = _geometry(kernel, stride, dilation, "im2col")
    span = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
    windows = sliding_window_view(x_padded, span, axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    n, c, h_out, w_out = windows.shape[:4]
    if out is None:
        out = np.empty((c * kh * kw, n * h_out * w_out))
    out.reshape(c, kh, kw, n, h_out, w_out)[...] = windows.transpose(1, 4, 5, 0, 2, 3)
    return out


def col2im(cols: np.ndarray, padded_shape, kernel, stride=1, dilation=1) -> np.ndarray:
    """Adjoint of ``im2col``: add each column's entries back onto the input cells they were read
    from. cols (C * kh * kw, N * H_out * W_out) -> (N, C, Hp, Wp). A pixel read by several
    windows gets the sum of their gradients. One vectorised addition per kernel offset (u, v):
    kh * kw in all, never a loop over pixels.
    """
    (kh, kw), (sh, sw), (dh, dw) = _geometry(kernel, stride, dilation, "col2im")
    n, c, hp, wp = padded_shape
    h_out = conv2d_output_size(hp, kh, sh, 0, dh)
    w_out = conv2d_output_size(wp, kw, sw, 0, dw)
    blocks = cols.reshape(c, kh, kw, n, h_out, w_out)
    out = np.zeros(padded_shape)
    out_cn = out.transpose(1, 0, 2, 3)  # a (C, N, Hp, Wp) view, to match the blocks' order
    for u in range(kh):
        for v in range(kw):
            rows = slice(u * dh, u * dh + sh * (h_out - 1) + 1, sh)
            columns = slice(v * dw, v * dw + sw * (w_out - 1) + 1, sw)
            out_cn[:, :, rows, columns] += blocks[:, u, v]
    return out


def conv2d(
    x: np.ndarray,
    W: np.ndarray,
    b: np.ndarray | None = None,
    stride=1,
    padding=0,
    dilation=1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Functional 2-D cross-correlation, as ``torch.nn.functional.conv2d`` (with a padding mode).

    y[n, o, i, j] = b[o] + sum_{c, u, v} W[o, c, u, v] x_pad[n, c, i S + u D, j S + v D]

    Shapes: x (N, C, H, W), W (C_out, C, kh, kw), b (C_out,) -> y (N, C_out, H_out, W_out).
    """
    layer = Conv2D(
        W.shape[1],
        W.shape[0],
        W.shape[2:],
        stride=stride,
        padding=padding,
        dilation=dilation,
        bias=b is not None,
        padding_mode=padding_mode,
    )
    return forward_with_weights(layer, W, b, x)


def forward_with_weights(layer: Module, W: np.ndarray, b: np.ndarray | None, x: np.ndarray):
    """The functional form of a layer: ``layer``'s forward on ``x`` with the weights ``W`` (and
    bias ``b``) given rather than learned. ``conv2d`` and ``conv1d`` build their layer, then
    call this."""
    layer.W.data = np.asarray(W, dtype=np.float64)
    if b is not None:
        layer.b.data = np.asarray(b, dtype=np.float64)
    return layer.forward(x)


class Conv2D(Module):
    """2-D convolution layer (cross-correlation), computed as im2col followed by one GEMM.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size, stride, padding, dilation : int or pair of ints (kh, kw) ...
    bias : bool, whether to add one learnable bias per output channel
    padding_mode : "zeros", "reflect", "replicate" or "circular" (as PyTorch)
    init : name in ``dlcore.init.INITIALIZERS``; fan_in = in_channels * kh * kw
    rng : np.random.Generator for W; defaults to ``np.random.default_rng(0)``

    Shapes
    ------
    forward: x (N, C_in, H, W) -> y (N, C_out, H_out, W_out), H_out = ``conv2d_output_size``
    W: (C_out, C_in, kh, kw);  b: (C_out,)
    backward: dy like y -> dx like x; accumulates W.grad = dY cols^T and b.grad.
        ``backward(dy, need_input_grad=False)`` skips dcols and col2im and returns None.

    Raises
    ------
    ValueError
        A non-4-D input, a channel mismatch, a kernel larger than the padded input, a stride,
        kernel size or dilation below 1, a negative padding, or an unknown padding mode.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        *,
        stride=1,
        padding=0,
        dilation=1,
        bias: bool = True,
        padding_mode: str = "zeros",
        init: str = "he",
        rng: np.random.Generator | None = None,
    ):
        name = f"Conv2D({in_channels} -> {out_channels})"
        self.kernel_size = as_pair(kernel_size, "kernel_size", name, 1)
        self.stride = as_pair(stride, "stride", name, 1)
        self.padding = as_pair(padding, "padding", name, 0)
        self.dilation = as_pair(dilation, "dilation", name, 1)
        if padding_mode not in PADDING_MODES:
            raise ValueError(
                f"{name}: unknown padding_mode {padding_mode!r}; valid: {sorted(PADDING_MODES)}"
            )
        self.padding_mode = padding_mode
        self.in_channels, self.out_channels = in_channels, out_channels
        rng = np.random.default_rng(0) if rng is None else rng
        kh, kw = self.kernel_size
        fan_in = in_channels * kh * kw
        W = initializers.initialize(init, fan_in, out_channels, rng)  # (fan_in, out)
        self.W = Parameter(W.T.reshape(out_channels, in_channels, kh, kw))
        self.b = Parameter(np.zeros(out_channels)) if bias else None
        self._cache = None  # (cols, padded input shape, output shape) of the last forward
        self._cols = None  # im2col buffer, reused from one forward to the next

    def output_shape(self, input_shape) -> tuple[int, int, int, int]:
        """(N, C_out, H_out, W_out) for an input of ``input_shape``; checks the input."""
        if len(input_shape) != 4:
            raise ValueError(
                f"{self!r}: expected a 4-D input (N, {self.in_channels}, H, W), got shape "
                f"{tuple(input_shape)}"
            )
        n, c, h, w = input_shape
        if c != self.in_channels:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.in_channels}, H, W), got "
                f"{tuple(input_shape)} ({c} channels)"
            )
        out = [
            conv2d_output_size(s, k, st, p, d)
            for s, k, st, p, d in zip(
                (h, w), self.kernel_size, self.stride, self.padding, self.dilation
            )
        ]
        if min(out) < 1:
            span = tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation))
            padded = (h + 2 * self.padding[0], w + 2 * self.padding[1])
            raise ValueError(
                f"{self!r}: kernel span {span} is larger than the padded input {padded} "
                f"(input shape {tuple(input_shape)})"
            )
        return n, self.out_channels, out[0], out[1]

    def forward(self, x: np.ndarray) -> np.ndarray:
        n, c_out, h_out, w_out = self.output_shape(np.shape(x))
        x_padded = pad(np.asarray(x, dtype=np.float64), self.padding, self.padding_mode)
        cols_shape = (self.W.data[0].size, n * h_out * w_out)
        if self._cols is None or self._cols.shape != cols_shape:
            self._cols = np.empty(cols_shape)  # reused while the shapes stay the same
        cols = im2col(x_padded, self.kernel_size, self.stride, self.dilation, out=self._cols)
        y = self.W.data.reshape(c_out, -1) @ cols  # (C_out, N H_out W_out): the one GEMM
        if self.b is not None:
            y += self.b.data[:, None]
        self._cache = (cols, x_padded.shape, (n, c_out, h_out, w_out))
        return y.reshape(c_out, n, h_out, w_out).transpose(1, 0, 2, 3)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        cols, padded_shape, y_shape = self._cache
        if dy.shape != y_shape:
            raise ValueError(f"{self!r}: expected gradient of shape {y_shape}, got {dy.shape}")
        dy_mat = dy.transpose(1, 0, 2, 3).reshape(self.out_channels, -1)  # (C_out, N H_out W_out)
        self.W.grad += (dy_mat @ cols.T).reshape(self.W.shape)  # dW = dY cols^T
        if self.b is not None:
            self.b.grad += dy_mat.sum(axis=1)
        if not need_input_grad:
            return None
        dcols = self.W.data.reshape(self.out_channels, -1).T @ dy_mat  # dcols = W^T dY
        d_padded = col2im(dcols, padded_shape, self.kernel_size, self.stride, self.dilation)
        return pad_backward(d_padded, self.padding, self.padding_mode)

    def __repr__(self) -> str:
        return (
            f"Conv2D({self.in_channels} -> {self.out_channels}, kernel={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, dilation={self.dilation})"
        )
