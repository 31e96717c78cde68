"""Naive nested-loop convolution and pooling, forward and backward: slow, readable, and written
independently of the fast im2col code, which the tests compare against these loops.

Padding is read through ``padded_index`` (the input cell a padded position copies, or None for a
zero), so no padded array is built and no code is shared with ``dlcore.layers.conv``.
See chapter 25.
"""

from __future__ import annotations

import numpy as np


def padded_index(position: int, size: int, mode: str) -> int | None:
    """Input index that padded position ``position`` (relative to the unpadded start, so -1 is
    the first border cell) copies along an axis of ``size`` cells; None for a zero."""
    if 0 <= position < size:
        return position
    if mode == "zeros":
        return None
    if mode == "replicate":
        return min(max(position, 0), size - 1)
    if mode == "circular":
        return position % size
    if mode == "reflect":
        return -position if position < 0 else 2 * (size - 1) - position
    raise ValueError(f"padded_index: unknown mode {mode!r}")


def _pair(value) -> tuple[int, int]:
    return (value, value) if np.isscalar(value) else tuple(value)


def conv2d_naive(x, W, b=None, stride=1, padding=0, dilation=1, padding_mode="zeros"):
    """y[n, o, i, j] = b[o] + sum_{c, u, v} W[o, c, u, v] x_pad[n, c, i S + u D, j S + v D], with
    seven nested loops. Shapes: x (N, C, H, W), W (O, C, kh, kw) -> (N, O, H_out, W_out)."""
    n_batch, channels, h, w = x.shape
    n_out, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    h_out = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    w_out = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n_batch, n_out, h_out, w_out))
    for n in range(n_batch):
        for o in range(n_out):
            for i in range(h_out):
                for j in range(w_out):
                    total = 0.0 if b is None else b[o]
                    for c in range(channels):
                        for u in range(kh):
                            for v in range(kw):
                                r = padded_index(i * sh + u * dh - ph, h, padding_mode)
                                s = padded_index(j * sw + v * dw - pw, w, padding_mode)
                                if r is not None and s is not None:
                                    total += W[o, c, u, v] * x[n, c, r, s]
                    y[n, o, i, j] = total
    return y


def conv2d_naive_backward(x, W, dy, stride=1, padding=0, dilation=1, padding_mode="zeros"):
    """(dx, dW, db) of ``conv2d_naive`` for the output gradient dy, by the same loops: each term
    W[o, c, u, v] x[n, c, r, s] of y[n, o, i, j] sends dy W to dx[r, s] and dy x to dW."""
    n_batch, channels, h, w = x.shape
    n_out, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    dx, dW = np.zeros_like(x, dtype=float), np.zeros_like(W, dtype=float)
    for n in range(n_batch):
        for o in range(n_out):
            for i in range(dy.shape[2]):
                for j in range(dy.shape[3]):
                    for c in range(channels):
                        for u in range(kh):
                            for v in range(kw):
                                r = padded_index(i * sh + u * dh - ph, h, padding_mode)
                                s = padded_index(j * sw + v * dw - pw, w, padding_mode)
                                if r is not None and s is not None:
                                    dx[n, c, r, s] += dy[n, o, i, j] * W[o, c, u, v]
                                    dW[o, c, u, v] += dy[n, o, i, j] * x[n, c, r, s]
    return dx, dW, dy.sum(axis=(0, 2, 3))


def pool2d_naive(x, kernel_size, stride=None, padding=0, kind="max"):
    """Max or average pooling by loops (max pads with -inf, average counts the zero padding).
    Returns (y, dx_of) where dx_of(dy) is the backward for that forward."""
    n_batch, channels, h, w = x.shape
    (kh, kw) = _pair(kernel_size)
    (sh, sw) = _pair(kernel_size if stride is None else stride)
    (ph, pw) = _pair(padding)
    h_out, w_out = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    y = np.zeros((n_batch, channels, h_out, w_out))
    routes = {}  # (n, c, i, j) -> list of (input cell, weight) the output depends on
    for n in range(n_batch):
        for c in range(channels):
            for i in range(h_out):
                for j in range(w_out):
                    cells = [
                        (r, s)
                        for u in range(kh)
                        for v in range(kw)
                        for r, s in [(i * sh + u - ph, j * sw + v - pw)]
                    ]
                    inside = [(r, s) for r, s in cells if 0 <= r < h and 0 <= s < w]
                    if kind == "max":
                        best = max(inside, key=lambda rs: x[n, c, rs[0], rs[1]])  # first max
                        y[n, c, i, j] = x[n, c, best[0], best[1]]
                        routes[n, c, i, j] = [(best, 1.0)]
                    else:
                        y[n, c, i, j] = sum(x[n, c, r, s] for r, s in inside) / (kh * kw)
                        routes[n, c, i, j] = [(rs, 1.0 / (kh * kw)) for rs in inside]

    def dx_of(dy):
        dx = np.zeros_like(x, dtype=float)
        for (n, c, i, j), terms in routes.items():
            for (r, s), weight in terms:
                dx[n, c, r, s] += weight * dy[n, c, i, j]
        return dx

    return y, dx_of
