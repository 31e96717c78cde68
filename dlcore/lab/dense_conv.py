"""Fully connected layers and convolutions as one another, and what each kind of head costs.

- ``dense_as_conv``: a dense layer on a flattened (C, H, W) map is a convolution with an H x W
  kernel and C input channels, whose output is (N, out, 1, 1).
- ``conv_as_dense``: the way back; and a 1 x 1 convolution is a dense layer applied at every pixel.
- ``per_pixel``: apply a dense layer at every pixel of a map, (N, C, H, W) -> (N, M, H, W).
- ``dense_cost`` / ``head_costs``: parameters and floating-point operations (FLOPs, counted as
  2 per multiply-add) of a dense layer and of two classifier heads on a feature map.

See chapter 28.
"""

from __future__ import annotations

import numpy as np

from dlcore.layers import Conv2D, Dense


def _check_map_shape(map_shape, owner: str) -> tuple[int, int, int]:
    shape = tuple(map_shape)
    if len(shape) != 3 or any(int(s) != s or s < 1 for s in shape):
        raise ValueError(f"{owner}: expected map_shape (C, H, W) of positive ints, got {shape}")
    return int(shape[0]), int(shape[1]), int(shape[2])


def dense_as_conv(dense: Dense, map_shape) -> Conv2D:
    """The convolution that computes ``dense`` on a flattened feature map.

    Parameters
    ----------
    dense : Dense
        ``W`` of shape (C * H * W, M), reading its input in ``Flatten``'s order (channel, row,
        column), and an optional bias (M,).
    map_shape : (C, H, W)
        The feature map, without the batch dimension.

    Returns
    -------
    Conv2D
        ``Conv2D(C, M, (H, W))`` with ``W_conv[m, c, i, j] = dense.W[c H W + i W + j, m]`` and the
        same bias: on an (N, C, H, W) input it returns (N, M, 1, 1), equal to
        ``dense(x.reshape(N, -1))``. On a larger map it slides the dense layer over every
        H x W window (a fully convolutional network).

    Raises
    ------
    ValueError
        If C * H * W differs from ``dense.in_features``.
    """
    c, h, w = _check_map_shape(map_shape, "dense_as_conv")
    if c * h * w != dense.in_features:
        raise ValueError(
            f"dense_as_conv: {dense!r} expects {dense.in_features} inputs, but a map of shape "
            f"{(c, h, w)} flattens to {c * h * w}"
        )
    conv = Conv2D(c, dense.out_features, (h, w), bias=dense.b is not None)
    conv.W.data = dense.W.data.T.reshape(dense.out_features, c, h, w).copy()
    if dense.b is not None:
        conv.b.data = dense.b.data.copy()
    return conv


def conv_as_dense(conv: Conv2D, map_shape=None) -> Dense:
    """The dense layer that a convolution is, in one of two cases.

    Parameters
    ----------
    conv : Conv2D
        Stride, padding and dilation must not move the kernel: padding 0 and dilation 1.
    map_shape : (C, H, W) or None
        None: ``conv`` must be 1 x 1 with stride 1; the result is ``Dense(C_in, C_out)``, the
        layer that ``conv`` applies at every pixel (use it with ``per_pixel``).
        (C, H, W): the kernel must cover the whole map, (kh, kw) = (H, W); the result is
        ``Dense(C H W, C_out)`` on the flattened map, the inverse of ``dense_as_conv``.

    Returns
    -------
    Dense
        Weights copied (W of shape (in, out)), bias copied if ``conv`` has one.

    Raises
    ------
    ValueError
        If the convolution is not of the form the case needs.
    """
    c_out, c_in, kh, kw = conv.W.data.shape
    if conv.padding != (0, 0) or conv.dilation != (1, 1):
        raise ValueError(
            f"conv_as_dense: {conv!r} must have padding 0 and dilation 1, got padding "
            f"{conv.padding} and dilation {conv.dilation}"
        )
    if map_shape is None:
        if (kh, kw) != (1, 1) or conv.stride != (1, 1):
            raise ValueError(
                f"conv_as_dense: without map_shape, expected a 1 x 1 kernel with stride 1, got "
                f"kernel {(kh, kw)} and stride {conv.stride} (give map_shape for a kernel that "
                f"covers the whole map)"
            )
        n_in = c_in
    else:
        shape = _check_map_shape(map_shape, "conv_as_dense")
        if shape != (c_in, kh, kw):
            raise ValueError(
                f"conv_as_dense: {conv!r} covers a whole map only of shape {(c_in, kh, kw)}, "
                f"got map_shape {shape}"
            )
        n_in = c_in * kh * kw
    dense = Dense(n_in, c_out, bias=conv.b is not None)
    dense.W.data = conv.W.data.reshape(c_out, n_in).T.copy()
    if conv.b is not None:
        dense.b.data = conv.b.data.copy()
    return dense


def per_pixel(dense: Dense, x: np.ndarray) -> np.ndarray:
    """Apply ``dense`` to the channel vector of every pixel.

    Parameters
    ----------
    dense : Dense, in_features = C
    x : ndarray, shape (N, C, H, W)

    Returns
    -------
    ndarray, shape (N, M, H, W)
        ``out[n, :, i, j] = dense(x[n, :, i, j])``: what a 1 x 1 convolution computes.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4 or x.shape[1] != dense.in_features:
        raise ValueError(
            f"per_pixel: {dense!r} expects input of shape (N, {dense.in_features}, H, W), "
            f"got {x.shape}"
        )
    n, c, h, w = x.shape
    pixels = x.transpose(0, 2, 3, 1).reshape(-1, c)  # one row per pixel
    return dense.forward(pixels).reshape(n, h, w, -1).transpose(0, 3, 1, 2)


def dense_cost(n_in: int, n_out: int, bias: bool = True) -> tuple[int, int]:
    """Parameters and FLOPs per example of ``Dense(n_in, n_out)``.

    Returns
    -------
    (params, flops) : (int, int)
        ``n_in n_out + n_out`` parameters (without bias: ``n_in n_out``) and ``2 n_in n_out``
        FLOPs (one multiply and one add per weight; the bias's n_out additions are not counted,
        as is customary). A batch of B examples costs B times the FLOPs, the same parameters.
    """
    if min(n_in, n_out) < 1:
        raise ValueError(f"dense_cost: expected n_in, n_out >= 1, got {(n_in, n_out)}")
    return n_in * n_out + (n_out if bias else 0), 2 * n_in * n_out


def head_costs(channels: int, size: int, hidden: int, classes: int = 10) -> dict:
    """Parameters and FLOPs per example of two classifier heads on a (channels, size, size) map.

    Parameters
    ----------
    channels, size : int
        The feature map the head reads, C x S x S.
    hidden, classes : int
        A hidden dense layer of ``hidden`` units, then ``classes`` outputs.

    Returns
    -------
    dict name -> (params, flops)
        ``"flatten + FC"``: Flatten, Dense(C S^2, hidden), Dense(hidden, classes);
        ``"GAP + FC"``: GlobalAvgPool2D (C S^2 FLOPs of averaging), Dense(C, hidden),
        Dense(hidden, classes).
    """
    if min(channels, size, hidden, classes) < 1:
        raise ValueError(
            f"head_costs: expected positive sizes, got channels={channels}, size={size}, "
            f"hidden={hidden}, classes={classes}"
        )
    top = dense_cost(hidden, classes)
    flat = dense_cost(channels * size * size, hidden)
    gap = dense_cost(channels, hidden)
    return {
        "flatten + FC": (flat[0] + top[0], flat[1] + top[1]),
        "GAP + FC": (gap[0] + top[0], channels * size * size + gap[1] + top[1]),
    }
