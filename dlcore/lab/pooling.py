"""Pooling as an instrument: shifts, an invariance score, aliasing, blur pooling, noise statistics.

- ``translate``: a circular shift of images by whole pixels (exact, no interpolation);
- ``invariance_score``: how little a function's output changes when its input is shifted;
- ``binomial_filter``: the low-pass filter [1, 2, 1] / 4 and its relatives;
- ``BlurPool2D``: a fixed binomial blur followed by subsampling (Zhang 2019), a module with
  forward and backward and no parameters; ``max_blur_pool2d``: a dense max, then ``BlurPool2D``;
- ``max_of_normals``: mean and variance of the max of n i.i.d. N(0, 1): max pooling on noise;
- ``lp_pool2d``: global L^p (power-mean) pooling, average at p = 1, max as p grows;
- ``bar_detection_task``: "is there a small bright bar anywhere?" on noisy images of any size;
  ``roc_auc``: how well a score ranks the images with a bar above those without.

See chapter 29 (local pooling) and chapter 30 (global pooling).
"""

from __future__ import annotations

import math

import numpy as np

from dlcore.lab import equivariance
from dlcore.nn import Module


def translate(x: np.ndarray, shift: int, axis: int = -1) -> np.ndarray:
    """Shift ``x`` circularly by ``shift`` pixels along ``axis`` (positive: towards higher index).

    Parameters
    ----------
    x : ndarray, e.g. images (N, C, H, W)
    shift : int
    axis : int, default -1 (the width)

    Returns
    -------
    ndarray, the same shape. For objects that keep off the border by at least ``|shift|``
    pixels, this is an exact translation: chapter 06's ``equivariance.shift``, restricted to
    whole pixels along one axis. See chapter 29.
    """
    if int(shift) != shift:
        raise ValueError(f"translate: expected a whole number of pixels, got {shift!r}")
    return equivariance.shift(x, int(shift), axis=axis, mode="circular")


def invariance_score(fn, x: np.ndarray, shift: int, axis: int = -1) -> float:
    """1 - the mean relative change of ``fn``'s output when its input is shifted by ``shift``.

    score = 1 - mean_i ||fn(T x)_i - fn(x)_i|| / ||fn(x)_i||, the norms over each example's
    output. 1 means the output did not change (invariant); 0 means it changed by as much as its
    own size; it is negative when it changed by more.

    Parameters
    ----------
    fn : callable, ndarray (N, ...) -> ndarray (N, ...), e.g. a pooling layer's ``forward``
    x : ndarray (N, ...), inputs whose outputs are nonzero
    shift : int, pixels, along ``axis`` (circular, see ``translate``)

    See chapter 29.
    """
    before = np.asarray(fn(x), dtype=np.float64).reshape(len(x), -1)
    after = np.asarray(fn(translate(x, shift, axis)), dtype=np.float64).reshape(len(x), -1)
    size = np.linalg.norm(before, axis=1)
    if np.any(size == 0):
        raise ValueError(
            "invariance_score: an output is all zero; its relative change is undefined"
        )
    return float(1.0 - np.mean(np.linalg.norm(after - before, axis=1) / size))


def binomial_filter(size: int = 3) -> np.ndarray:
    """Normalised binomial low-pass filter: size 2 -> [1, 1]/2, 3 -> [1, 2, 1]/4, ... (size,)."""
    if int(size) != size or size < 1:
        raise ValueError(f"binomial_filter: expected a size >= 1, got {size!r}")
    coefficients = np.array([math.comb(size - 1, k) for k in range(size)], dtype=np.float64)
    return coefficients / coefficients.sum()


class BlurPool2D(Module):
    """Anti-aliased downsampling: a fixed binomial blur, then keep every ``stride``-th pixel.

    y[n, c, i, j] = sum_{u, v} f[u] f[v] x[n, c, (s i + u - p) mod H, (s j + v - p) mod W],
    with f = ``binomial_filter(kernel_size)`` and p = (kernel_size - 1) // 2: each channel is
    blurred on its own, with circular padding, so the layer commutes with circular shifts by
    multiples of the stride. No parameters. Zhang (2019) puts it after a stride-1 max pool
    ("MaxBlurPool").

    Parameters
    ----------
    kernel_size : int, default 3
    stride : int, default 2

    Input (N, C, H, W) -> output (N, C, ceil(H / stride), ceil(W / stride)). See chapter 29.
    """

    def __init__(self, kernel_size: int = 3, stride: int = 2):
        for name, value in (("kernel_size", kernel_size), ("stride", stride)):
            if int(value) != value or value < 1:
                raise ValueError(f"BlurPool2D: expected {name} to be an int >= 1, got {value!r}")
        self.kernel_size, self.stride = int(kernel_size), int(stride)
        self.filter = binomial_filter(self.kernel_size)

    def _check(self, x: np.ndarray) -> None:
        if x.ndim != 4:
            raise ValueError(f"BlurPool2D: expected input (N, C, H, W), got shape {x.shape}")
        if min(x.shape[2:]) < self.kernel_size:
            raise ValueError(
                f"BlurPool2D: expected H, W >= kernel_size {self.kernel_size}, got shape {x.shape}"
            )

    def _offsets(self):
        p = (self.kernel_size - 1) // 2
        for u, fu in enumerate(self.filter):
            for v, fv in enumerate(self.filter):
                yield u - p, v - p, fu * fv

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._check(x)
        self.input_shape = x.shape
        s = self.stride
        blurred = np.zeros_like(x)
        for du, dv, weight in self._offsets():
            blurred += weight * np.roll(x, (-du, -dv), axis=(2, 3))
        return blurred[:, :, ::s, ::s]

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        n, c, h, w = self.input_shape
        s = self.stride
        expected = (n, c, -(-h // s), -(-w // s))
        if dy.shape != expected:
            raise ValueError(f"BlurPool2D: expected dy of shape {expected}, got {dy.shape}")
        if not need_input_grad:
            return None
        d_blurred = np.zeros(self.input_shape)
        d_blurred[:, :, ::s, ::s] = dy
        dx = np.zeros(self.input_shape)
        for du, dv, weight in self._offsets():  # the adjoint of a roll is the opposite roll
            dx += weight * np.roll(d_blurred, (du, dv), axis=(2, 3))
        return dx

    def __repr__(self) -> str:
        return f"BlurPool2D(kernel_size={self.kernel_size}, stride={self.stride})"


def max_blur_pool2d(x: np.ndarray, size: int = 2) -> np.ndarray:
    """MaxBlurPool (Zhang 2019): a size x size max at every pixel (stride 1, circular), then
    ``BlurPool2D(3, stride=size)``. (N, C, H, W) -> (N, C, ceil(H / size), ceil(W / size)).

    Compare ``MaxPool2D(size)``, which takes the same maxima but keeps only every size-th one
    without blurring first. Forward only. See chapter 29.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"max_blur_pool2d: expected input (N, C, H, W), got shape {x.shape}")
    dense_max = x.copy()
    for du in range(size):
        for dv in range(size):
            dense_max = np.maximum(dense_max, np.roll(x, (-du, -dv), axis=(2, 3)))
    return BlurPool2D(3, stride=size).forward(dense_max)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.vectorize(math.erf)(z / math.sqrt(2.0)))


def max_of_normals(n: int) -> tuple[float, float]:
    """Mean and variance of the max of n i.i.d. N(0, 1), by numerical integration of the max's
    density n phi(z) Phi(z)^(n-1).

    n = 1: (0, 1);  n = 2: (1/sqrt(pi), 1 - 1/pi) = (0.5642, 0.6817);  n = 4 (a 2x2 window):
    (1.0294, 0.4917). For N(0, sigma^2) multiply the mean by sigma and the variance by sigma^2.
    The mean grows like sqrt(2 ln n). See chapter 29.
    """
    if int(n) != n or n < 1:
        raise ValueError(f"max_of_normals: expected n >= 1, got {n!r}")
    z = np.linspace(-12.0, 12.0, 24001)
    density = n * np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi) * _normal_cdf(z) ** (n - 1)

    def integral(values: np.ndarray) -> float:
        return float(np.sum((values[1:] + values[:-1]) / 2) * (z[1] - z[0]))

    mean = integral(z * density)
    return mean, integral(z**2 * density) - mean**2


def lp_pool2d(x: np.ndarray, p: float) -> np.ndarray:
    """Global L^p (power-mean) pooling of non-negative maps: (N, C, H, W) -> (N, C).

    y[n, c] = (mean over H, W of x[n, c]^p)^(1/p).

    p = 1 is global average pooling; as p grows it tends to global max pooling (p = inf is
    accepted and gives the max). See chapter 30.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"lp_pool2d: expected input (N, C, H, W), got shape {x.shape}")
    if np.any(x < 0):
        raise ValueError("lp_pool2d: expected non-negative maps (e.g. after a ReLU)")
    if not p >= 1:
        raise ValueError(f"lp_pool2d: expected p >= 1, got {p!r}")
    if np.isinf(p):
        return x.max(axis=(2, 3))
    top = x.max(axis=(2, 3), keepdims=True)  # scale by the max so x^p cannot overflow
    scale = np.where(top > 0, top, 1.0)
    return (np.mean((x / scale) ** p, axis=(2, 3)) ** (1.0 / p)) * scale[:, :, 0, 0]


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: P(score of a positive > score of a negative), ties counting 1/2.

    Threshold-free: it measures how well ``scores`` rank the positives above the negatives,
    whatever the decision threshold. scores (N,), labels (N,) of 0 and 1. See chapter 30.
    """
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels)
    if scores.shape != labels.shape or scores.ndim != 1:
        raise ValueError(
            f"roc_auc: expected scores and labels of one shape (N,), got "
            f"{scores.shape} and {labels.shape}"
        )
    positive, negative = scores[labels == 1], scores[labels == 0]
    if len(positive) == 0 or len(negative) == 0 or len(positive) + len(negative) != len(labels):
        raise ValueError("roc_auc: expected labels of 0 and 1 with at least one of each")
    diff = positive[:, None] - negative[None, :]
    return float(np.mean(diff > 0) + 0.5 * np.mean(diff == 0))


def bar_detection_task(
    n: int, size: int, *, bar_length: int = 3, noise: float = 0.2, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy images, half of which hold one short bright bar somewhere: "is there a bar?".

    Every image is Gaussian noise N(0, noise^2). Label 1 adds a bar of value 1 and length
    ``bar_length``, horizontal or vertical with equal probability, at a uniformly random
    position (fully inside the image). Any ``size`` works, so a network trained at one size can
    be tested at another.

    Returns
    -------
    X : ndarray (n, 1, size, size) float64
    y : ndarray (n,) int, 0 (noise only) or 1 (a bar). See chapter 30.
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"bar_detection_task: expected rng to be a np.random.Generator, got {rng!r}"
        )
    if not 1 <= bar_length <= size:
        raise ValueError(
            f"bar_detection_task: expected 1 <= bar_length <= size {size}, got {bar_length}"
        )
    X = noise * rng.normal(size=(n, 1, size, size))
    y = rng.permutation(np.arange(n) % 2)
    for i in np.flatnonzero(y):
        long, short = rng.integers(0, size - bar_length + 1), rng.integers(0, size)
        if rng.random() < 0.5:
            X[i, 0, short, long : long + bar_length] += 1.0
        else:
            X[i, 0, long : long + bar_length, short] += 1.0
    return X, y
