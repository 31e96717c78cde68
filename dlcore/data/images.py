"""Small images, generated (never downloaded) and deterministic per seed, layout (N, C, H, W).

- ``render_digits`` / ``make_digits``: digits rasterised from matplotlib's own font (DejaVu Sans)
  under a random affine transform (rotation, scale, shift) plus Gaussian pixel noise;
- ``make_shapes``: filled squares, circles, triangles and crosses, labelled 0..3;
- ``bars_and_stripes``: a bar or periodic stripes, horizontal or vertical, at a given phase;
- ``place_on_canvas``: small images pasted anywhere on a larger blank canvas;
- ``load_handwritten_digits``: scikit-learn's 1,797 real 8x8 handwritten digits (shipped in its
  wheel).

Every image is float64 in [0, 1] with shape (N, 1, H, W). See chapter 26.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SHAPE_NAMES = ("square", "circle", "triangle", "cross")

_GLYPH_RES = 160  # side of the cached glyph raster, in raster pixels
_GLYPH_SPAN = 1.6  # the cached raster covers [-0.8, 0.8]^2 in glyph units (glyph height = 1)
_SUPERSAMPLE = 4  # sub-pixels per output pixel along each axis (anti-aliasing)


def _even_odd_fill(path, points: np.ndarray) -> np.ndarray:
    """Inside test by the even-odd rule: a point is inside when an odd number of the path's
    closed contours contain it, so the hole of a 0 or an 8 stays a hole."""
    from matplotlib.path import Path

    inside = np.zeros(len(points), dtype=bool)
    for polygon in path.to_polygons(closed_only=True):
        inside ^= Path(polygon).contains_points(points)
    return inside


@lru_cache(maxsize=64)
def _glyph_raster(char: str) -> np.ndarray:
    """Binary raster (_GLYPH_RES, _GLYPH_RES) of one character, centred, height scaled to 1.

    Row 0 is the top. Cached: every later rendering only resamples this array.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath
    from matplotlib.transforms import Affine2D

    path = TextPath((0.0, 0.0), char, size=1.0, prop=FontProperties(family="DejaVu Sans"))
    vertices = path.vertices
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    centre, height = (lo + hi) / 2, hi[1] - lo[1]
    path = path.transformed(Affine2D().translate(-centre[0], -centre[1]).scale(1.0 / height))
    axis = (np.arange(_GLYPH_RES) + 0.5) / _GLYPH_RES * _GLYPH_SPAN - _GLYPH_SPAN / 2
    gx, gy = np.meshgrid(axis, -axis)  # y up in the font, row 0 at the top of the image
    inside = _even_odd_fill(path, np.column_stack([gx.ravel(), gy.ravel()]))
    raster = inside.reshape(_GLYPH_RES, _GLYPH_RES).astype(np.float64)
    raster.flags.writeable = False
    return raster


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")


def render_digits(
    digits,
    size: int = 12,
    *,
    rng: np.random.Generator,
    max_rotation: float = 15.0,
    max_scale: float = 0.15,
    max_shift: float = 0.1,
    noise: float = 0.05,
    fill: float = 0.75,
) -> np.ndarray:
    """Rasterise digits under random affine transforms, with Gaussian pixel noise.

    Parameters
    ----------
    digits : array of int, shape (N,)
        Digits 0..9 to draw.
    size : int
        Side of each square image in pixels (at least 4).
    rng : numpy.random.Generator
        Source of the transforms and the noise.
    max_rotation : float
        Rotation drawn uniformly from [-max_rotation, max_rotation] degrees.
    max_scale : float
        Scale factor drawn uniformly from [1 - max_scale, 1 + max_scale].
    max_shift : float
        Shift along each axis drawn uniformly from [-max_shift, max_shift] times ``size``.
    noise : float
        Standard deviation of the Gaussian pixel noise (the result is clipped to [0, 1]).
    fill : float
        Height of an untransformed glyph as a fraction of the image height.

    Returns
    -------
    ndarray, shape (N, 1, size, size), float64 in [0, 1]
        Ink is 1, background 0; each pixel is the ink fraction of 4x4 sub-pixel samples.
    """
    _check_rng(rng)
    digits = np.asarray(digits)
    if digits.ndim != 1 or not np.issubdtype(digits.dtype, np.integer):
        raise ValueError(f"digits must be a 1-D integer array, got shape {digits.shape}")
    if digits.size and (digits.min() < 0 or digits.max() > 9):
        raise ValueError(f"digits must lie in 0..9, got {digits.min()}..{digits.max()}")
    if int(size) != size or size < 4:
        raise ValueError(f"size must be an integer >= 4, got {size}")
    if min(max_rotation, max_scale, max_shift, noise) < 0 or max_scale >= 1:
        raise ValueError("max_rotation, max_shift and noise must be >= 0, max_scale in [0, 1)")
    if not 0 < fill <= 1:
        raise ValueError(f"fill must lie in (0, 1], got {fill}")
    n, size = len(digits), int(size)
    angle = np.deg2rad(rng.uniform(-max_rotation, max_rotation, n))
    scale = rng.uniform(1 - max_scale, 1 + max_scale, n) * fill
    shift = rng.uniform(-max_shift, max_shift, (n, 2))

    # Sub-pixel centres in image units: [-0.5, 0.5], x to the right, y downwards.
    sub = size * _SUPERSAMPLE
    axis = (np.arange(sub) + 0.5) / sub - 0.5
    px, py = np.meshgrid(axis, axis)
    px = px.ravel()[None, :] - shift[:, :1]
    py = py.ravel()[None, :] - shift[:, 1:]
    # Inverse map image -> glyph: undo the shift, the rotation and the scale.
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    gx = (cos * px + sin * py) / scale[:, None]
    gy = (-sin * px + cos * py) / scale[:, None]
    col = np.floor((gx + _GLYPH_SPAN / 2) / _GLYPH_SPAN * _GLYPH_RES).astype(np.int64)
    row = np.floor((gy + _GLYPH_SPAN / 2) / _GLYPH_SPAN * _GLYPH_RES).astype(np.int64)
    valid = (col >= 0) & (col < _GLYPH_RES) & (row >= 0) & (row < _GLYPH_RES)
    glyphs = np.stack([_glyph_raster(str(d)) for d in range(10)])
    ink = np.where(
        valid,
        glyphs[digits[:, None], np.clip(row, 0, _GLYPH_RES - 1), np.clip(col, 0, _GLYPH_RES - 1)],
        0.0,
    )
    images = ink.reshape(n, size, _SUPERSAMPLE, size, _SUPERSAMPLE).mean(axis=(2, 4))
    if noise > 0:
        images = np.clip(images + rng.normal(0.0, noise, images.shape), 0.0, 1.0)
    return images[:, None]


def make_digits(
    n: int, size: int = 12, *, rng: np.random.Generator, n_classes: int = 10, **render_kwargs
) -> tuple[np.ndarray, np.ndarray]:
    """A balanced, shuffled set of rendered digits 0..n_classes-1.

    Returns X (n, 1, size, size) float64 in [0, 1] and labels y (n,) int. Keyword arguments go to
    :func:`render_digits` (``max_rotation``, ``max_scale``, ``max_shift``, ``noise``, ``fill``).
    """
    _check_rng(rng)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n}")
    if not 1 <= n_classes <= 10:
        raise ValueError(f"n_classes must lie in 1..10, got {n_classes}")
    y = rng.permutation(np.arange(int(n)) % n_classes)
    return render_digits(y, size, rng=rng, **render_kwargs), y


def make_shapes(
    n: int, size: int = 12, *, rng: np.random.Generator, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Filled shapes at random positions and sizes: 0 square, 1 circle, 2 triangle, 3 cross.

    Returns X (n, 1, size, size) float64 in [0, 1] and balanced, shuffled labels y (n,) int
    (``SHAPE_NAMES[y]`` names them). Edges are anti-aliased by 4x4 supersampling.
    """
    _check_rng(rng)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n}")
    if int(size) != size or size < 6:
        raise ValueError(f"size must be an integer >= 6, got {size}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    n, size = int(n), int(size)
    y = rng.permutation(np.arange(n) % len(SHAPE_NAMES))
    radius = rng.uniform(0.25, 0.4, n) * size  # half-width of the shape, in pixels
    centre = rng.uniform(radius[:, None], size - radius[:, None], (n, 2))
    sub = size * _SUPERSAMPLE
    axis = (np.arange(sub) + 0.5) / _SUPERSAMPLE
    px, py = np.meshgrid(axis, axis)
    dx = (px[None] - centre[:, 0, None, None]) / radius[:, None, None]
    dy = (py[None] - centre[:, 1, None, None]) / radius[:, None, None]
    inside = np.stack(
        [
            (np.abs(dx) <= 0.8) & (np.abs(dy) <= 0.8),  # square
            dx**2 + dy**2 <= 1.0,  # circle
            (dy <= 0.8) & (2 * np.abs(dx) <= dy + 1.0),  # triangle, apex up
            ((np.abs(dx) <= 0.3) | (np.abs(dy) <= 0.3)) & (np.abs(dx) <= 1) & (np.abs(dy) <= 1),
        ]
    )[y, np.arange(n)]
    images = inside.reshape(n, size, _SUPERSAMPLE, size, _SUPERSAMPLE).mean(axis=(2, 4))
    if noise > 0:
        images = np.clip(images + rng.normal(0.0, noise, images.shape), 0.0, 1.0)
    return images[:, None], y


def bars_and_stripes(
    size, period: int | None = None, *, orientation: str = "vertical", phase: int = 0, width=None
) -> np.ndarray:
    """One bar (``period=None``) or periodic stripes, as a single image (1, 1, H, W).

    A line (a column when vertical, a row when horizontal) at index ``i`` is 1 when
    ``(i - phase) mod period < width`` (stripes) or ``phase <= i < phase + width`` (a bar), else 0.
    ``size`` is an int or (H, W); ``width`` defaults to ``period // 2`` (stripes) or 1 (a bar).
    Shifting by one pixel is ``phase + 1``.
    """
    height, breadth = (size, size) if np.isscalar(size) else tuple(size)
    if min(height, breadth) < 1:
        raise ValueError(f"size must be positive, got {size}")
    if orientation not in ("vertical", "horizontal"):
        raise ValueError(f"orientation must be 'vertical' or 'horizontal', got {orientation!r}")
    if period is not None and period < 2:
        raise ValueError(f"period must be >= 2 or None, got {period}")
    if width is None:
        width = 1 if period is None else max(1, period // 2)
    if width < 1 or (period is not None and width >= period):
        raise ValueError(f"width must be >= 1 and below the period, got {width}")
    length = breadth if orientation == "vertical" else height
    index = np.arange(length)
    if period is None:
        line = ((index >= phase) & (index < phase + width)).astype(np.float64)
    else:
        line = (((index - phase) % period) < width).astype(np.float64)
    image = (
        np.tile(line, (height, 1)) if orientation == "vertical" else np.tile(line, (breadth, 1)).T
    )
    return image[None, None]


def place_on_canvas(images: np.ndarray, canvas_shape, offsets) -> np.ndarray:
    """Paste each image (N, C, h, w) on a blank canvas (H, W) with its top-left corner at offsets.

    ``offsets`` is (N, 2) integer (row, column). Returns (N, C, H, W); raises ValueError when an
    image would leave the canvas.
    """
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 4:
        raise ValueError(f"images must be (N, C, h, w), got shape {images.shape}")
    n, channels, h, w = images.shape
    height, width = canvas_shape
    offsets = np.asarray(offsets)
    if offsets.shape != (n, 2) or not np.issubdtype(offsets.dtype, np.integer):
        raise ValueError(f"offsets must be integer of shape ({n}, 2), got {offsets.shape}")
    rows, cols = offsets[:, 0], offsets[:, 1]
    if n and (
        rows.min() < 0 or cols.min() < 0 or rows.max() + h > height or cols.max() + w > width
    ):
        raise ValueError(f"an image of {h}x{w} at these offsets leaves the {height}x{width} canvas")
    canvas = np.zeros((n, channels, height, width))
    for k in range(n):
        canvas[k, :, rows[k] : rows[k] + h, cols[k] : cols[k] + w] = images[k]
    return canvas


def load_handwritten_digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 1,797 real handwritten digits (UCI, 8x8, grey levels 0..16), no download.

    Returns X (1797, 1, 8, 8) float64 in [0, 1] and labels y (1797,) int.
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.images[:, None].astype(np.float64) / 16.0, bunch.target.astype(np.int64)
