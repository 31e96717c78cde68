"""Gradient clipping: rescale (by the global norm) or clamp (entry by entry) the gradients in
place, between backward and the optimizer step.

See chapter 11.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from dlcore.nn import Parameter


def _grads(params: Iterable[Parameter]) -> list[np.ndarray]:
    params = list(params)
    bad = [type(p).__name__ for p in params if not isinstance(p, Parameter)]
    if bad:
        raise ValueError(f"expected Parameters (e.g. model.parameters()), got {bad[0]}")
    return [p.grad for p in params]


def clip_grad_norm(params: Iterable[Parameter], max_norm: float) -> float:
    """Rescale all gradients together so that their global L2 norm is at most ``max_norm``.

    total = sqrt(sum over every parameter of ||grad||^2); if total > max_norm, every gradient is
    multiplied by max_norm / (total + 1e-6) (PyTorch's ``clip_grad_norm_``). The direction of the
    full gradient is kept; only its length is capped.

    Parameters
    ----------
    params : iterable of Parameter, gradients modified in place
    max_norm : float > 0

    Returns
    -------
    float, the total norm before clipping.

    Raises
    ------
    ValueError
        If ``max_norm`` is not > 0.
    FloatingPointError
        If the total norm is NaN or inf: there is no finite direction to keep. See chapter 11.
    """
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm: max_norm must be > 0, got {max_norm}")
    grads = _grads(params)
    total = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if not math.isfinite(total):
        raise FloatingPointError(f"clip_grad_norm: the total gradient norm is {total}")
    scale = max_norm / (total + 1e-6)
    if scale < 1.0:
        for g in grads:
            g *= scale
    return total


def clip_grad_value(params: Iterable[Parameter], clip: float) -> None:
    """Clamp every gradient entry into [-clip, clip], in place (PyTorch's ``clip_grad_value_``).

    Unlike ``clip_grad_norm`` this changes the direction of the gradient. See chapter 11.
    """
    if not clip > 0:
        raise ValueError(f"clip_grad_value: clip must be > 0, got {clip}")
    for g in _grads(params):
        np.clip(g, -clip, clip, out=g)
