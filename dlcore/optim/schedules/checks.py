"""What every schedule shares: the step numbers as an array, the argument checks, the return type
(a float for a scalar t) and the half-cosine between two rates.

See chapter 24.
"""

from __future__ import annotations

import numpy as np


def _steps(name: str, t, **positive: float) -> np.ndarray:
    """``t`` as a float array, checked finite and >= 0; the keyword arguments are checked > 0."""
    _positive(name, **positive)
    steps = np.asarray(t, dtype=np.float64)
    if not np.all(np.isfinite(steps)) or np.any(steps < 0):
        shown = t if steps.ndim == 0 else f"an array with min {np.min(steps)}"
        raise ValueError(f"{name}: step t must be finite and >= 0, got {shown}")
    return steps


def _out(t, values: np.ndarray):
    """A float for a scalar t, an array of t's shape otherwise."""
    return float(values) if np.ndim(t) == 0 else values


def _positive(name: str, **values: float) -> None:
    for key, value in values.items():
        if not value > 0:
            raise ValueError(f"{name}: {key} must be > 0, got {value}")


def _decay_factor(name: str, gamma: float) -> None:
    if not 0 < gamma <= 1:
        raise ValueError(f"{name}: gamma must lie in (0, 1], got {gamma}")


def _lr_min(name: str, lr_min: float, lr: float) -> None:
    if not 0 <= lr_min <= lr:
        raise ValueError(f"{name}: lr_min must lie in [0, lr] = [0, {lr}], got {lr_min}")


def _cosine_between(lr_max, lr_min, fraction):
    """lr_min + (lr_max - lr_min) (1 + cos(pi * fraction)) / 2, fraction in [0, 1]."""
    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + np.cos(np.pi * fraction))
