"""Weight initialisers, each a function ``(fan_in, fan_out, rng, ...) -> (fan_in, fan_out)``.

Declared once in ``INITIALIZERS``. The variance rules come from keeping the variance of
activations (forward) or of gradients (backward) constant across layers:
Xavier/Glorot Var[w] = 2 / (fan_in + fan_out), He Var[w] = 2 / fan_in, LeCun Var[w] = 1 / fan_in.
See chapters 11 and 12.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore.registry import lookup


def zeros(fan_in: int, fan_out: int, rng: np.random.Generator | None = None) -> np.ndarray:
    return np.zeros((fan_in, fan_out))


def normal(fan_in: int, fan_out: int, rng: np.random.Generator, std: float = 0.01) -> np.ndarray:
    """N(0, std^2) with a fixed std that ignores the layer's width."""
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def xavier(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """Glorot normal: std = sqrt(2 / (fan_in + fan_out)); suited to tanh and sigmoid."""
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))


def he(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """He/Kaiming normal: std = sqrt(2 / fan_in); the 2 compensates ReLU zeroing half the signal."""
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def lecun(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """LeCun normal: std = sqrt(1 / fan_in)."""
    return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))


def orthogonal(
    fan_in: int, fan_out: int, rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    """A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, times ``gain``."""
    a = rng.normal(size=(max(fan_in, fan_out), min(fan_in, fan_out)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))  # makes the distribution uniform (Haar), not biased by QR's signs
    return gain * (q if fan_in >= fan_out else q.T)


INITIALIZERS: dict[str, Callable[..., np.ndarray]] = {
    "zeros": zeros,
    "normal": normal,
    "xavier": xavier,
    "he": he,
    "lecun": lecun,
    "orthogonal": orthogonal,
}


def get(name: str) -> Callable[..., np.ndarray]:
    """Look up an initialiser by name; an unknown name raises ValueError listing valid ones."""
    return lookup(INITIALIZERS, name, "init")


def initialize(
    name: str, fan_in: int, fan_out: int, rng: np.random.Generator, **kwargs
) -> np.ndarray:
    """``initialize("he", 64, 32, rng)`` -> a (64, 32) weight matrix."""
    fn = get(name)
    if name == "zeros":
        return fn(fan_in, fan_out)
    return fn(fan_in, fan_out, rng, **kwargs)
