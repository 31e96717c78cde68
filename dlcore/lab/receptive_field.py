"""Receptive fields of a stack of convolution and pooling layers: by arithmetic and by gradient.

- ``receptive_field``: the recurrence r_l = r_{l-1} + (K_l - 1) D_l j_{l-1}, j_l = j_{l-1} S_l
  (r_0 = j_0 = 1), layer by layer, with the input position the first output pixel is centred on;
- ``receptive_field_size``: the last layer's r;
- ``empirical_receptive_field``: |d y[c, i, j] / d x| of one output pixel, from one backward pass;
- ``support_extent``: the height and width of the nonzero region of such a map.

The arithmetic reads the attributes ``kernel_size``, ``stride``, ``padding`` and ``dilation``
(pairs, as ``Conv2D`` and the pools hold them); a layer without ``kernel_size`` (an activation, a
batch norm, dropout) is pointwise and leaves r and j unchanged. See chapter 26.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# Layers after which one output pixel sees the whole input: the arithmetic stops there.
_GLOBAL_LAYERS = ("Flatten", "GlobalAvgPool2D", "GlobalMaxPool2D", "Dense")
_SPEC_KEYS = (("kernel_size", 1), ("stride", 1), ("padding", 0), ("dilation", 1))


class FieldRow(NamedTuple):
    """One layer's receptive-field arithmetic along one axis (all in input pixels)."""

    name: str
    kernel: int
    stride: int
    padding: int
    dilation: int
    size: int  # r_l: input pixels one output pixel of this layer depends on
    jump: int  # j_l: input pixels between neighbouring output pixels
    start: float  # centre, in input coordinates, of the first output pixel's field


def _layers(model) -> list:
    """A flat list of layers: a Sequential (anything with ``.modules``) is unpacked."""
    if hasattr(model, "modules") and isinstance(model.modules, list):
        return [layer for module in model.modules for layer in _layers(module)]
    if isinstance(model, (list, tuple)):
        return [layer for module in model for layer in _layers(module)]
    return [model]


def _geometry(layer, axis: int) -> tuple[int, int, int, int] | None:
    """(K, S, P, D) of a layer along ``axis``, or None for a pointwise layer."""
    if isinstance(layer, dict):
        return tuple(int(layer.get(key, default)) for key, default in _SPEC_KEYS)
    if not hasattr(layer, "kernel_size"):
        if type(layer).__name__ in _GLOBAL_LAYERS:
            raise ValueError(
                f"receptive_field: {type(layer).__name__} mixes every input position; the "
                "receptive field of what follows is the whole input"
            )
        return None
    values = []
    for key, default in _SPEC_KEYS:
        value = getattr(layer, key, default)
        value = value if np.isscalar(value) else value[axis]
        values.append(int(value))
    return tuple(values)


def receptive_field(model, *, axis: int = 0) -> list[FieldRow]:
    """The receptive-field recurrence over the layers of ``model``, one row per layer.

    Parameters
    ----------
    model : Sequential, list of layers, or list of dicts
        Layers with ``kernel_size``, ``stride``, ``padding``, ``dilation`` attributes (ints or
        pairs), or dicts with those keys (missing keys default to 1, 1, 0, 1).
    axis : int
        0 for the height, 1 for the width (they differ only for non-square kernels).

    Returns
    -------
    list of FieldRow
        With r_0 = j_0 = 1 and start_0 = 0 (the centre of input pixel 0):
        r_l = r_{l-1} + (K_l - 1) D_l j_{l-1},  j_l = j_{l-1} S_l,
        start_l = start_{l-1} + ((K_l - 1) D_l / 2 - P_l) j_{l-1}.
        Pointwise layers are skipped.

    Raises
    ------
    ValueError
        A global layer (Flatten, global pooling, Dense), or a kernel, stride or dilation below 1.
    """
    if axis not in (0, 1):
        raise ValueError(f"receptive_field: axis must be 0 or 1, got {axis}")
    size, jump, start = 1, 1, 0.0
    rows = []
    for layer in _layers(model):
        geometry = _geometry(layer, axis)
        if geometry is None:
            continue
        kernel, stride, padding, dilation = geometry
        if min(kernel, stride, dilation) < 1 or padding < 0:
            raise ValueError(
                f"receptive_field: {layer!r} needs kernel, stride, dilation >= 1 and padding >= 0"
            )
        start += ((kernel - 1) * dilation / 2 - padding) * jump
        size += (kernel - 1) * dilation * jump
        jump *= stride
        name = layer.get("name", "layer") if isinstance(layer, dict) else type(layer).__name__
        rows.append(FieldRow(name, kernel, stride, padding, dilation, size, jump, start))
    return rows


def receptive_field_size(model, *, axis: int = 0) -> int:
    """r of the last layer (1 for a model with no spatial layer). See :func:`receptive_field`."""
    rows = receptive_field(model, axis=axis)
    return rows[-1].size if rows else 1


def empirical_receptive_field(
    model, input_shape, position=None, *, channel: int = 0, rng: np.random.Generator
) -> np.ndarray:
    """|d y[0, channel, i, j] / d x|, summed over input channels, from one backward pass.

    Parameters
    ----------
    model : Module with forward and backward (e.g. a Sequential of Conv2D and pools)
    input_shape : tuple (C, H, W)
        One input image's shape; the image itself is drawn N(0, 1) from ``rng``.
    position : pair (i, j) of ints or None
        The output pixel; None picks the centre of the output map.
    channel : int
        The output channel.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (H, W)
        Nonzero exactly where the output pixel depends on the input (for a generic input and
        weights; a ReLU that is off hides the pixels behind it).
    """
    if len(input_shape) != 3:
        raise ValueError(
            f"empirical_receptive_field: input_shape must be (C, H, W), got {input_shape}"
        )
    x = rng.normal(size=(1, *input_shape))
    y = model.forward(x)
    if y.ndim != 4:
        raise ValueError(
            f"empirical_receptive_field: the model must output (N, C, H, W), got shape {y.shape}"
        )
    _, n_channels, h_out, w_out = y.shape
    i, j = (h_out // 2, w_out // 2) if position is None else position
    if not (0 <= channel < n_channels and 0 <= i < h_out and 0 <= j < w_out):
        raise ValueError(
            f"empirical_receptive_field: output pixel {(channel, i, j)} lies outside the output "
            f"of shape {y.shape[1:]}"
        )
    dy = np.zeros_like(y)
    dy[0, channel, i, j] = 1.0
    dx = model.backward(dy)
    return np.abs(dx[0]).sum(axis=0)


def support_extent(grad_map: np.ndarray, tol: float = 0.0) -> tuple[int, int]:
    """(height, width) of the bounding box of the entries of ``grad_map`` (H, W) above ``tol``."""
    rows, cols = np.nonzero(np.asarray(grad_map) > tol)
    if rows.size == 0:
        return 0, 0
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)
