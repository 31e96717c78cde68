"""Pooling layers and Flatten: MaxPool2D, AvgPool2D (local windows), GlobalAvgPool2D and
GlobalMaxPool2D ((N, C, H, W) -> (N, C)), Flatten ((N, ...) -> (N, D)). No parameters.

The windows are strided views (``sliding_window_view``); each backward loops over the kh * kw
offsets of the window at most, never over output pixels. See chapter 25 (and chapters 29, 30).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlcore.layers.conv import as_pair, conv2d_output_size
from dlcore.nn import Module


class _Pool2D(Module):
    """Shared bookkeeping of the local pools: window geometry, input checks, the windows view."""

    pad_value = 0.0

    def __init__(self, kernel_size, stride=None, padding=0):
        name = type(self).__name__
        self.kernel_size = as_pair(kernel_size, "kernel_size", name, 1)
        self.stride = as_pair(kernel_size if stride is None else stride, "stride", name, 1)
        self.padding = as_pair(padding, "padding", name, 0)
        if any(2 * p > k for p, k in zip(self.padding, self.kernel_size)):
            raise ValueError(
                f"{name}: expected padding <= kernel_size / 2 (as PyTorch), got padding "
                f"{self.padding} for kernel {self.kernel_size}"
            )
        self._cache = None

    def _windows(self, x: np.ndarray):
        """x (N, C, H, W) -> padded input shape, windows view (N, C, H_out, W_out, kh, kw)."""
        if np.ndim(x) != 4:
            raise ValueError(
                f"{self!r}: expected a 4-D input (N, C, H, W), got shape {np.shape(x)}"
            )
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        h_out = conv2d_output_size(x.shape[2], kh, sh, ph)
        w_out = conv2d_output_size(x.shape[3], kw, sw, pw)
        if min(h_out, w_out) < 1:
            raise ValueError(
                f"{self!r}: kernel {self.kernel_size} is larger than the padded input "
                f"{(x.shape[2] + 2 * ph, x.shape[3] + 2 * pw)} (input shape {x.shape})"
            )
        x = np.asarray(x, dtype=np.float64)
        if ph or pw:
            x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=self.pad_value)
        windows = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
        return x.shape, windows[:, :, :h_out, :w_out]

    def _scatter(self, per_offset, padded_shape, out_shape) -> np.ndarray:
        """Sum per_offset(u, v) (N, C, H_out, W_out) into the padded input cells the window
        offset (u, v) read, then cut the padding off."""
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        h_out, w_out = out_shape[2:]
        dx = np.zeros(padded_shape)
        for u in range(kh):
            for v in range(kw):
                dx[:, :, u : u + sh * (h_out - 1) + 1 : sh, v : v + sw * (w_out - 1) + 1 : sw] += (
                    per_offset(u, v)
                )
        return dx[:, :, ph : padded_shape[2] - ph, pw : padded_shape[3] - pw]

    def _check_dy(self, dy: np.ndarray, out_shape) -> None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != out_shape:
            raise ValueError(f"{self!r}: expected gradient of shape {out_shape}, got {dy.shape}")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(kernel={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding})"
        )


class MaxPool2D(_Pool2D):
    """Max pooling: y[n, c, i, j] = max over the window at (i S, j S) of the input padded with -inf.

    Parameters
    ----------
    kernel_size, stride, padding : int or pair; stride defaults to kernel_size; padding <= k / 2

    Shapes
    ------
    forward: x (N, C, H, W) -> y (N, C, H_out, W_out)
    backward: dy like y -> dx like x; each dy goes to the window's (first) maximum.
    """

    pad_value = -np.inf

    def forward(self, x: np.ndarray) -> np.ndarray:
        padded_shape, windows = self._windows(x)
        flat = windows.reshape(*windows.shape[:4], -1)
        argmax = flat.argmax(axis=-1)  # the first maximum wins a tie, as in PyTorch
        y = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]
        self._cache = (argmax, padded_shape, y.shape)
        return y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        self._check_dy(dy, None if self._cache is None else self._cache[2])
        argmax, padded_shape, out_shape = self._cache
        kw = self.kernel_size[1]
        return self._scatter(lambda u, v: dy * (argmax == u * kw + v), padded_shape, out_shape)


class AvgPool2D(_Pool2D):
    """Average pooling: y = mean over the window (zero padding counts, as PyTorch's default
    ``count_include_pad=True``).

    Parameters
    ----------
    kernel_size, stride, padding : int or pair; stride defaults to kernel_size; padding <= k / 2

    Shapes
    ------
    forward: x (N, C, H, W) -> y (N, C, H_out, W_out)
    backward: dy like y -> dx like x; each dy spread evenly, dy / (kh kw), over its window.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        padded_shape, windows = self._windows(x)
        y = windows.mean(axis=(-2, -1))
        self._cache = (padded_shape, y.shape)
        return y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        self._check_dy(dy, None if self._cache is None else self._cache[1])
        padded_shape, out_shape = self._cache
        share = dy / (self.kernel_size[0] * self.kernel_size[1])
        return self._scatter(lambda u, v: share, padded_shape, out_shape)


def _check_4d(layer: Module, x) -> None:
    if np.ndim(x) != 4:
        raise ValueError(f"{layer!r}: expected a 4-D input (N, C, H, W), got shape {np.shape(x)}")


class GlobalAvgPool2D(Module):
    """Global average pooling: z[n, c] = mean over (H, W) of x[n, c].

    Shapes: forward x (N, C, H, W) -> z (N, C); backward dz (N, C) -> dx = dz / (H W) everywhere.
    """

    def __init__(self):
        self._shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        _check_4d(self, x)
        self._shape = np.shape(x)
        return np.asarray(x, dtype=np.float64).mean(axis=(2, 3))

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._shape is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != self._shape[:2]:
            raise ValueError(
                f"{self!r}: expected gradient of shape {self._shape[:2]}, got {dy.shape}"
            )
        h, w = self._shape[2:]
        return np.broadcast_to(dy[:, :, None, None] / (h * w), self._shape).copy()

    def __repr__(self) -> str:
        return "GlobalAvgPool2D()"


class GlobalMaxPool2D(Module):
    """Global max pooling: z[n, c] = max over (H, W) of x[n, c].

    Shapes: forward x (N, C, H, W) -> z (N, C); backward dz (N, C) -> dx, dz at each map's
    (first) maximum, 0 elsewhere.
    """

    def __init__(self):
        self._cache = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        _check_4d(self, x)
        flat = np.asarray(x, dtype=np.float64).reshape(*np.shape(x)[:2], -1)
        argmax = flat.argmax(axis=-1)
        self._cache = (argmax, np.shape(x))
        return np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        argmax, shape = self._cache
        if dy.shape != shape[:2]:
            raise ValueError(f"{self!r}: expected gradient of shape {shape[:2]}, got {dy.shape}")
        dx = np.zeros((*shape[:2], shape[2] * shape[3]))
        np.put_along_axis(dx, argmax[..., None], dy[..., None], axis=-1)
        return dx.reshape(shape)

    def __repr__(self) -> str:
        return "GlobalMaxPool2D()"


class Flatten(Module):
    """Flatten every axis but the batch: x (N, d1, d2, ...) -> (N, d1 d2 ...); backward reshapes
    the gradient back."""

    def __init__(self):
        self._shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if np.ndim(x) < 2:
            raise ValueError(f"{self!r}: expected an input of shape (N, ...), got {np.shape(x)}")
        self._shape = np.shape(x)
        return np.reshape(x, (self._shape[0], -1))

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._shape is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        expected = (self._shape[0], int(np.prod(self._shape[1:])))
        if dy.shape != expected:
            raise ValueError(f"{self!r}: expected gradient of shape {expected}, got {dy.shape}")
        return dy.reshape(self._shape)

    def __repr__(self) -> str:
        return "Flatten()"
