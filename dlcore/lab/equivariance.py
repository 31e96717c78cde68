"""Convolution as a matrix, shifts, and how far a map is from commuting with them.

- ``toeplitz_matrix``: the (L_out, L) matrix of a single-channel 1-D convolution, banded
  (Toeplitz) with zero padding, circulant with circular padding;
- ``shift``: translate an array along one or more axes, circularly or filling with zeros;
- ``equivariance_error``: ||f(shift(x)) - shift(f(x))|| / ||f(x)||, exactly zero for a map that
  commutes with the shift.

See chapter 06.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def toeplitz_matrix(
    kernel: np.ndarray,
    length: int,
    *,
    padding: int = 0,
    stride: int = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Matrix T with ``T @ x == conv1d(x[None, None], kernel[None, None])[0, 0]``.

    Row i holds the kernel at columns i s + j - p (j = 0..k-1): the same k numbers on every row,
    shifted by the stride. Columns outside [0, L) are dropped (zero padding) or wrapped modulo L
    (circular padding).

    Parameters
    ----------
    kernel : ndarray (k,)
    length : int, L
    padding, stride : int
    padding_mode : "zeros" or "circular"

    Returns
    -------
    T : ndarray (L_out, L), L_out = floor((L + 2p - k) / s) + 1. See chapter 06.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 1:
        raise ValueError(f"toeplitz_matrix: expected a kernel of shape (k,), got {kernel.shape}")
    if padding_mode not in ("zeros", "circular"):
        raise ValueError(
            f"toeplitz_matrix: padding_mode must be 'zeros' or 'circular', got {padding_mode!r}"
        )
    k = kernel.size
    if k > length + 2 * padding:
        raise ValueError(
            f"toeplitz_matrix: kernel of size {k} is longer than the padded input "
            f"of length {length + 2 * padding}"
        )
    length_out = (length + 2 * padding - k) // stride + 1
    T = np.zeros((length_out, length))
    for i in range(length_out):
        for j in range(k):
            column = i * stride + j - padding
            if padding_mode == "circular":
                T[i, column % length] += kernel[j]
            elif 0 <= column < length:
                T[i, column] += kernel[j]
    return T


def shift(x: np.ndarray, by, *, axis=-1, mode: str = "circular") -> np.ndarray:
    """Translate ``x`` by ``by`` samples along ``axis`` (ints or tuples of the same length).

    (T_s x)[i] = x[i - s]: a positive shift moves the content towards higher indices.
    mode="circular" wraps what leaves at one end back in at the other (``np.roll``);
    mode="zeros" lets it fall off and fills the vacated samples with zeros. See chapter 06.
    """
    if mode not in ("circular", "zeros"):
        raise ValueError(f"shift: mode must be 'circular' or 'zeros', got {mode!r}")
    x = np.asarray(x)
    shifts = (by,) if np.ndim(by) == 0 else tuple(by)
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    if len(shifts) != len(axes):
        raise ValueError(f"shift: {len(shifts)} shifts for {len(axes)} axes")
    out = np.roll(x, shifts, axis=axes)
    if mode == "zeros":
        for s, ax in zip(shifts, axes):
            index = [slice(None)] * x.ndim
            s = int(s)
            index[ax] = slice(0, s) if s >= 0 else slice(x.shape[ax] + s, None)
            out[tuple(index)] = 0
    return out


def equivariance_error(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    by,
    *,
    axis=-1,
    output_shift=None,
    mode: str = "circular",
    border: int = 0,
) -> float:
    """Relative error ||f(T_s x) - T_s' f(x)|| / ||f(x)|| of equivariance to a shift.

    Parameters
    ----------
    f : callable, array -> array (the shifted axes keep their meaning in the output)
    x : ndarray, any shape
    by : int or tuple, the input shift s along ``axis``
    output_shift : int, tuple, "best" or None
        The shift s' expected in the output: None means s' = s; "best" takes the smallest error
        over every circular shift of the output (the most charitable comparison, for maps with
        a stride, whose output moves by s / stride when that is an integer).
    mode : "circular" or "zeros", how ``shift`` treats the ends
    border : int
        Samples ignored at each end of the shifted output axes (zero padding is exactly
        equivariant only away from the borders).

    Returns
    -------
    float, 0 for an exactly equivariant map (up to round-off). See chapter 06.
    """
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    fx = np.asarray(f(x))
    f_shifted = np.asarray(f(shift(x, by, axis=axis, mode=mode)))
    interior = [slice(None)] * fx.ndim
    for ax in axes:
        interior[ax] = slice(border, fx.shape[ax] - border)
    interior = tuple(interior)
    scale = np.linalg.norm(fx[interior])
    scale = scale if scale > 0 else 1.0

    def error(s) -> float:
        expected = shift(fx, s, axis=axis, mode=mode)
        return float(np.linalg.norm((f_shifted - expected)[interior]) / scale)

    if output_shift == "best":
        candidates = np.ndindex(*[fx.shape[ax] for ax in axes])
        return min(error(s if len(axes) > 1 else s[0]) for s in candidates)
    return error(by if output_shift is None else output_shift)
