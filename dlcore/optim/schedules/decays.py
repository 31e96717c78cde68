"""Schedules that only decay: constant, step, exponential, linear, inverse-time and cosine.

See chapters 17 and 24.
"""

from __future__ import annotations

import numpy as np

from dlcore.optim.schedules.checks import (
    _cosine_between,
    _decay_factor,
    _lr_min,
    _out,
    _steps,
)


def constant(t, lr: float):
    """A constant learning rate, eta_t = lr.

    Parameters
    ----------
    t : int or ndarray of int, shape (...), the step number (>= 0)
    lr : float > 0

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 17.
    """
    steps = _steps("constant", t, lr=lr)
    return _out(t, np.full(steps.shape, float(lr)))


def step_decay(t, lr: float, step_size: int, gamma: float = 0.1):
    """Multiply the rate by ``gamma`` every ``step_size`` steps (PyTorch's StepLR).

    eta_t = lr * gamma ** floor(t / step_size)

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0, the rate for steps 0 .. step_size - 1
    step_size : int >= 1
    gamma : float in (0, 1]

    Returns
    -------
    float, or ndarray of shape (...)

    See chapters 23 and 24.
    """
    steps = _steps("step_decay", t, lr=lr, step_size=step_size)
    _decay_factor("step_decay", gamma)
    return _out(t, lr * gamma ** np.floor(steps / step_size))


def exponential_decay(t, lr: float, gamma: float):
    """Multiply the rate by ``gamma`` every step (PyTorch's ExponentialLR).

    eta_t = lr * gamma ** t

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0
    gamma : float in (0, 1], e.g. 0.999 halves the rate in about 693 steps

    Returns
    -------
    float, or ndarray of shape (...)

    See chapters 23 and 24.
    """
    steps = _steps("exponential_decay", t, lr=lr)
    _decay_factor("exponential_decay", gamma)
    return _out(t, lr * gamma**steps)


def linear_decay(t, lr: float, total_steps: int, lr_end: float = 0.0):
    """Go linearly from ``lr`` at t = 0 to ``lr_end`` at t = total_steps, then stay there.

    eta_t = lr + (lr_end - lr) * min(t, T) / T,  T = total_steps

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0
    total_steps : int >= 1
    lr_end : float in [0, lr]

    Returns
    -------
    float, or ndarray of shape (...)

    See chapters 23 and 24.
    """
    steps = _steps("linear_decay", t, lr=lr, total_steps=total_steps)
    if not 0 <= lr_end <= lr:
        raise ValueError(f"linear_decay: lr_end must lie in [0, lr] = [0, {lr}], got {lr_end}")
    return _out(t, lr + (lr_end - lr) * np.minimum(steps, total_steps) / total_steps)


def inverse_time(t, lr: float, decay: float, power: float = 1.0):
    """Inverse-time decay, the Robbins-Monro schedule.

    eta_t = lr / (1 + decay * t) ** power

    With power in (1/2, 1], sum eta_t = inf and sum eta_t^2 < inf: SGD's noise is averaged away
    while the iterates can still travel any distance.

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0
    decay : float > 0, e.g. 0.01 halves the rate (power 1) at t = 100
    power : float > 0

    Returns
    -------
    float, or ndarray of shape (...)

    See chapters 23 and 24.
    """
    steps = _steps("inverse_time", t, lr=lr, decay=decay, power=power)
    return _out(t, lr / (1.0 + decay * steps) ** power)


def cosine(t, lr: float, total_steps: int, lr_min: float = 0.0):
    """Cosine annealing from ``lr`` at t = 0 to ``lr_min`` at t = total_steps, then constant.

    eta_t = lr_min + (lr - lr_min) * (1 + cos(pi * min(t, T) / T)) / 2,  T = total_steps

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0
    total_steps : int >= 1
    lr_min : float in [0, lr]

    Returns
    -------
    float, or ndarray of shape (...)

    See chapters 23 and 24.
    """
    steps = _steps("cosine", t, lr=lr, total_steps=total_steps)
    _lr_min("cosine", lr_min, lr)
    return _out(t, _cosine_between(lr, lr_min, np.minimum(steps, total_steps) / total_steps))
