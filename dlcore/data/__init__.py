"""Data sets, generated (never downloaded) and deterministic per seed, and mini-batching.

- ``toy2d``: 2-D classification toys, ``make_spirals``, ``make_moons``, ``make_circles``
  (chapters 02, 03);
- ``regression``: ``make_noisy_sine``, ``polynomial_features``, ``random_relu_features``,
  ``train_val_test_split`` (chapter 13), ``make_sparse_linear`` (chapter 19);
- ``augment``: ``augment_jitter``, ``augment_shift`` (chapter 14);
- ``images``: ``render_digits``, ``make_digits``, ``make_shapes``, ``bars_and_stripes``,
  ``place_on_canvas``, ``load_handwritten_digits`` (chapter 26);
- ``batches``: ``batch_iterator`` (the batches of one epoch) and ``sample_batch`` (one fresh
  draw) (chapters 15, 22);
- ``sequences``: ``sine_sequences``, ``counting_task``; ``text``: ``toy_text``, ``CharVocab``,
  ``sample`` with a temperature (chapters 35, 36).

Every name is importable from ``dlcore.data`` itself. See chapter 02.
"""

from dlcore.data.augment import augment_jitter, augment_shift
from dlcore.data.batches import batch_iterator, sample_batch
from dlcore.data.images import (
    SHAPE_NAMES,
    bars_and_stripes,
    load_handwritten_digits,
    make_digits,
    make_shapes,
    place_on_canvas,
    render_digits,
)
from dlcore.data.memory_tasks import flag_store, recall_first  # chapters 37, 38
from dlcore.data.mixtures import (  # chapter 39
    gaussian_mixture_1d,
    gaussian_mixture_1d_pdf,
    mode_counts,
    ring_centers,
    ring_of_gaussians,
)
from dlcore.data.regression import (
    RandomReLUFeatures,
    make_noisy_sine,
    make_sparse_linear,
    polynomial_features,
    random_relu_features,
    sine_target,
    train_val_test_split,
)
from dlcore.data.sequences import counting_task, sine_sequences  # chapters 35, 36
from dlcore.data.text import CharVocab, sample, softmax_with_temperature, toy_text  # ch 35
from dlcore.data.toy2d import make_circles, make_moons, make_spirals

__all__ = [
    "counting_task",
    "sine_sequences",
    "CharVocab",
    "sample",
    "softmax_with_temperature",
    "toy_text",
    "gaussian_mixture_1d",
    "gaussian_mixture_1d_pdf",
    "mode_counts",
    "ring_centers",
    "ring_of_gaussians",
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
__all__ += [  # chapter 26
    "SHAPE_NAMES",
    "bars_and_stripes",
    "load_handwritten_digits",
    "make_digits",
    "make_shapes",
    "place_on_canvas",
    "render_digits",
]
__all__ += ["flag_store", "recall_first"]  # chapters 37, 38
