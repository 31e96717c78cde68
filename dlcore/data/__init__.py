"""Data sets, generated (never downloaded) and deterministic per seed, and mini-batching.

- ``toy2d``: 2-D classification toys, ``make_spirals``, ``make_moons``, ``make_circles``
  (chapters 02, 03);
- ``batches``: ``batch_iterator`` (the batches of one epoch) and ``sample_batch`` (one fresh
  draw) (chapters 15, 22).

Every name is importable from ``dlcore.data`` itself. See chapter 02.
"""

from dlcore.data.batches import batch_iterator, sample_batch
from dlcore.data.toy2d import make_circles, make_moons, make_spirals

__all__ = ["batch_iterator", "make_circles", "make_moons", "make_spirals", "sample_batch"]
