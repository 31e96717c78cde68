"""Schedules that rise as well as fall: linear warmup, warmup then cosine, the triangular cycle,
SGDR (cosine with warm restarts) and the one-cycle policy.

See chapters 23 and 24.
"""

from __future__ import annotations

import numpy as np

from dlcore.optim.schedules.checks import (
    _cosine_between,
    _lr_min,
    _out,
    _steps,
)


def linear_warmup(t, lr: float, warmup_steps: int):
    """Warmup: rise linearly from 0 at t = 0 to ``lr`` at t = warmup_steps, then hold ``lr``.

    eta_t = lr * min(1, t / T_w)

    Warmup starts SMALL and increases (it is not a decay). The first step has eta_0 = 0 and
    moves nothing; it still updates Adam's moment estimates. ``warmup_steps = 0`` is a
    constant rate.

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0, the peak rate
    warmup_steps : int >= 0

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 17 (and 24).
    """
    steps = _steps("linear_warmup", t, lr=lr)
    if not warmup_steps >= 0:
        raise ValueError(f"linear_warmup: warmup_steps must be >= 0, got {warmup_steps}")
    if warmup_steps == 0:
        return _out(t, np.full(steps.shape, float(lr)))
    return _out(t, lr * np.minimum(1.0, steps / warmup_steps))


def warmup_cosine(t, lr: float, warmup_steps: int, total_steps: int, lr_min: float = 0.0):
    """Linear warmup to ``lr`` over ``warmup_steps``, then cosine decay to ``lr_min`` at
    ``total_steps`` (then constant).

    eta_t = lr * t / T_w                                                  for t < T_w
    eta_t = lr_min + (lr - lr_min) (1 + cos(pi (min(t, T) - T_w) / (T - T_w))) / 2  for t >= T_w

    The two pieces meet at t = T_w with eta = lr.

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0, the peak rate
    warmup_steps : int, 0 <= warmup_steps < total_steps
    total_steps : int >= 1
    lr_min : float in [0, lr]

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 17 (and 24).
    """
    steps = _steps("warmup_cosine", t, lr=lr, total_steps=total_steps)
    _lr_min("warmup_cosine", lr_min, lr)
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(
            f"warmup_cosine: warmup_steps must lie in [0, total_steps) = [0, {total_steps}), "
            f"got {warmup_steps}"
        )
    warm = lr * steps / max(warmup_steps, 1)
    fraction = (np.minimum(steps, total_steps) - warmup_steps) / (total_steps - warmup_steps)
    decay = _cosine_between(lr, lr_min, np.clip(fraction, 0.0, 1.0))
    return _out(t, np.where(steps < warmup_steps, warm, decay))


def cyclic_triangular(t, lr_min: float, lr_max: float, step_size: int):
    """Smith's triangular cyclical learning rate (CLR): up for ``step_size`` steps, down for as
    many, repeat.

    cycle = floor(1 + t / (2 s)),  x = |t / s - 2 cycle + 1|,
    eta_t = lr_min + (lr_max - lr_min) * max(0, 1 - x)

    so eta = lr_min at t = 0, 2s, 4s, ... and eta = lr_max at t = s, 3s, ...

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr_min, lr_max : float, 0 <= lr_min < lr_max
    step_size : int >= 1, half a cycle (s)

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 24.
    """
    steps = _steps("cyclic_triangular", t, lr_max=lr_max, step_size=step_size)
    if not 0 <= lr_min < lr_max:
        raise ValueError(
            f"cyclic_triangular: need 0 <= lr_min < lr_max, got lr_min={lr_min}, lr_max={lr_max}"
        )
    cycle = np.floor(1.0 + steps / (2 * step_size))
    x = np.abs(steps / step_size - 2.0 * cycle + 1.0)
    return _out(t, lr_min + (lr_max - lr_min) * np.maximum(0.0, 1.0 - x))


def sgdr(t, lr: float, T_0: int, T_mult: int = 1, lr_min: float = 0.0):
    """Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter; PyTorch's
    CosineAnnealingWarmRestarts).

    Cycle i lasts T_i = T_0 * T_mult ** i steps and starts at S_i = T_0 + T_0 T_mult + ... (i
    terms). Within it, with t_cur = t - S_i,

    eta_t = lr_min + (lr - lr_min) * (1 + cos(pi * t_cur / T_i)) / 2

    so the rate jumps back to ``lr`` at every restart t = S_i.

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr : float > 0, the rate at each restart
    T_0 : int >= 1, length of the first cycle
    T_mult : int >= 1, growth factor of the cycle length
    lr_min : float in [0, lr]

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 24.
    """
    steps = _steps("sgdr", t, lr=lr)
    _lr_min("sgdr", lr_min, lr)
    if int(T_0) != T_0 or T_0 < 1 or int(T_mult) != T_mult or T_mult < 1:
        raise ValueError(f"sgdr: T_0 and T_mult must be integers >= 1, got {T_0} and {T_mult}")
    if T_mult == 1:
        start, length = np.floor(steps / T_0) * T_0, np.full(steps.shape, float(T_0))
    else:
        # cycle index from the geometric series, then fixed up where rounding put it off by one
        i = np.floor(np.log1p(steps * (T_mult - 1) / T_0) / np.log(T_mult))

        def cycle_start(i):
            return T_0 * (T_mult**i - 1) / (T_mult - 1)

        i = np.where(cycle_start(i) > steps, i - 1, i)
        i = np.where(cycle_start(i + 1) <= steps, i + 1, i)
        start, length = cycle_start(i), T_0 * T_mult**i
    return _out(t, _cosine_between(lr, lr_min, (steps - start) / length))


def one_cycle(
    t,
    lr_max: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
):
    """The one-cycle policy with cosine annealing (PyTorch's OneCycleLR, two phases).

    Start at lr_0 = lr_max / div_factor, rise to lr_max at step t_1 = pct_start * T - 1, then fall
    to lr_end = lr_0 / final_div_factor at step T - 1 (and stay there), each phase a half cosine:

    eta_t = b + (a - b) (1 + cos(pi (t - t_a) / (t_b - t_a))) / 2   going from a at t_a to b at t_b

    Parameters
    ----------
    t : int or ndarray of int, shape (...)
    lr_max : float > 0
    total_steps : int >= 2, T
    pct_start : float in (0, 1), fraction of the steps spent rising
    div_factor, final_div_factor : float >= 1

    Returns
    -------
    float, or ndarray of shape (...)

    See chapter 24.
    """
    steps = _steps("one_cycle", t, lr_max=lr_max)
    if not total_steps >= 2:
        raise ValueError(f"one_cycle: total_steps must be >= 2, got {total_steps}")
    peak = pct_start * total_steps - 1
    if not 0 < peak < total_steps - 1:
        raise ValueError(
            f"one_cycle: pct_start = {pct_start} leaves no room for both phases over "
            f"{total_steps} steps (need 0 < pct_start * total_steps - 1 < total_steps - 1)"
        )
    if not (div_factor >= 1 and final_div_factor >= 1):
        raise ValueError(
            f"one_cycle: div_factor and final_div_factor must be >= 1, got {div_factor} and "
            f"{final_div_factor}"
        )
    lr_start = lr_max / div_factor
    lr_end = lr_start / final_div_factor
    end = total_steps - 1
    rising = _cosine_between(lr_start, lr_max, np.minimum(steps, peak) / peak)
    falling = _cosine_between(lr_max, lr_end, (np.clip(steps, peak, end) - peak) / (end - peak))
    return _out(t, np.where(steps <= peak, rising, falling))
