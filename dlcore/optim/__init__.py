"""Optimization: optimizers, gradient clipping and learning-rate schedules.

- ``optimizers``: ``SGD`` (momentum, Nesterov, weight decay), ``GD``, ``AdaGrad``, ``RMSProp``,
  ``Adam``, ``AdamW``, and ``OPTIMIZERS`` / ``get`` by name (chapters 03, 21, 22);
- ``clip``: ``clip_grad_norm`` and ``clip_grad_value`` (chapter 11);
- ``range_test``: ``lr_range_test``, the learning-rate range test (chapter 17);
- ``schedules``: learning rate as a function of the step number (chapters 17, 23, 24); import it
  as ``from dlcore.optim import schedules``.

Every optimizer, clipping function and the range test are importable from ``dlcore.optim`` itself.
See chapter 21.
"""

from dlcore.optim import schedules
from dlcore.optim.clip import clip_grad_norm, clip_grad_value
from dlcore.optim.optimizers import (
    GD,
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Optimizer,
    RMSProp,
    get,
)
from dlcore.optim.range_test import lr_range_test

__all__ = [
    "GD",
    "OPTIMIZERS",
    "SGD",
    "AdaGrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSProp",
    "clip_grad_norm",
    "clip_grad_value",
    "get",
    "lr_range_test",
    "schedules",
]
