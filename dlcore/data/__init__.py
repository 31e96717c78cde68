"""Data sets, generated (never downloaded) and deterministic per seed, and mini-batching.

- ``toy2d``: 2-D classification toys, ``make_spirals``, ``make_moons``, ``make_circles``
  (chapters 02, 03);
- ``regression``: ``make_noisy_sine``, ``polynomial_features``, ``random_relu_features``,
  ``train_val_test_split`` (chapter 13), ``make_sparse_linear`` (chapter 19);
- ``augment``: ``augment_jitter``, ``augment_shift`` (chapter 14);
- ``batches``: ``batch_iterator`` (the batches of one epoch) and ``sample_batch`` (one fresh
  draw) (chapters 15, 22).

Every name is importable from ``dlcore.data`` itself. See chapter 02.
"""

from dlcore.data.augment import augment_jitter, augment_shift
from dlcore.data.batches import batch_iterator, sample_batch
from dlcore.data.regression import (
    RandomReLUFeatures,
    make_noisy_sine,
    make_sparse_linear,
    polynomial_features,
    random_relu_features,
    sine_target,
    train_val_test_split,
)
from dlcore.data.toy2d import make_circles, make_moons, make_spirals

__all__ = [
    "augment_jitter",
    "augment_shift",
    "RandomReLUFeatures",
    "make_noisy_sine",
    "make_sparse_linear",
    "polynomial_features",
    "random_relu_features",
    "sine_target",
    "train_val_test_split",
    "batch_iterator",
    "make_circles",
    "make_moons",
    "make_spirals",
    "sample_batch",
]
