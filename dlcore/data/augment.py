"""Data augmentation: random transformations that leave the label unchanged, with explicit rng.

- ``augment_jitter``: add Gaussian noise to every input feature (for small noise, training on
  jittered inputs acts like a Tikhonov penalty on the model's input gradient, Bishop 1995);
- ``augment_shift``: translate images by a random whole number of pixels, filling with zeros.

See chapter 14.
"""

from __future__ import annotations

import numpy as np


def augment_jitter(X: np.ndarray, std: float, *, rng: np.random.Generator) -> np.ndarray:
    """Return a copy of X with independent N(0, std^2) noise added to every entry.

    Parameters
    ----------
    X : ndarray, shape (N, D) (any shape works: the noise has X's shape)
    std : float >= 0

    Returns
    -------
    ndarray, the same shape as X. See chapter 14.
    """
    if not std >= 0:
        raise ValueError(f"augment_jitter: std must be >= 0, got {std!r}")
    X = np.asarray(X, dtype=np.float64)
    return X + rng.normal(scale=std, size=X.shape)


def shift_image(image: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Translate the last two axes (H, W) of ``image`` by (dy, dx) pixels, filling with zeros."""
    out = np.zeros_like(image)
    H, W = image.shape[-2:]
    if abs(dy) >= H or abs(dx) >= W:
        return out
    src_y = slice(max(0, -dy), H - max(0, dy))
    src_x = slice(max(0, -dx), W - max(0, dx))
    dst_y = slice(max(0, dy), H - max(0, -dy))
    dst_x = slice(max(0, dx), W - max(0, -dx))
    out[..., dst_y, dst_x] = image[..., src_y, src_x]
    return out


def augment_shift(images: np.ndarray, max_shift: int, *, rng: np.random.Generator) -> np.ndarray:
    """Shift each image by its own random (dy, dx), each uniform in {-max_shift, ..., max_shift}.

    Parameters
    ----------
    images : ndarray, shape (N, C, H, W)
    max_shift : int >= 0

    Returns
    -------
    ndarray, shape (N, C, H, W); pixels shifted in from outside are 0. See chapter 14.
    """
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 4:
        raise ValueError(
            f"augment_shift: expected images of shape (N, C, H, W), received shape {images.shape}"
        )
    if not (isinstance(max_shift, int | np.integer) and max_shift >= 0):
        raise ValueError(f"augment_shift: max_shift must be an integer >= 0, got {max_shift!r}")
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    return np.stack([shift_image(img, int(dy), int(dx)) for img, (dy, dx) in zip(images, shifts)])
