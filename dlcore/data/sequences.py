"""Sequence data sets, generated and deterministic per seed: sine mixtures for next-step
prediction and the counting task ("how many ones?") for a many-to-one RNN.

See chapter 35 (sine sequences) and chapter 36 (the counting task).
"""

from __future__ import annotations

import numpy as np


def sine_sequences(
    n: int,
    steps: int,
    *,
    n_waves: int = 2,
    periods: tuple[float, float] = (8.0, 32.0),
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of sines with random periods, amplitudes and phases, for next-step prediction.

    Each series is s_t = sum_k a_k sin(2 pi t / p_k + phi_k) / n_waves (+ Gaussian noise), with
    p_k ~ U(periods), a_k ~ U(0.5, 1), phi_k ~ U(0, 2 pi), over steps + 1 time points.

    Parameters
    ----------
    n, steps : int
        Number of series and their length T (the series itself has T + 1 points).
    n_waves : int
        Sines per series.
    periods : (float, float)
        Range of the periods, in steps.
    noise : float
        Standard deviation of Gaussian noise added to every point.
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    x : ndarray (n, steps, 1), the series s_0..s_{T-1}
    y : ndarray (n, steps, 1), the next values s_1..s_T (y[:, t] = x[:, t + 1])
    """
    if n < 1 or steps < 1 or n_waves < 1:
        raise ValueError(
            f"sine_sequences: n, steps and n_waves must be >= 1, got {n}, {steps}, {n_waves}"
        )
    if not 0 < periods[0] <= periods[1]:
        raise ValueError(f"sine_sequences: periods must satisfy 0 < low <= high, got {periods}")
    rng = np.random.default_rng(0) if rng is None else rng
    period = rng.uniform(periods[0], periods[1], size=(n, 1, n_waves))
    amplitude = rng.uniform(0.5, 1.0, size=(n, 1, n_waves))
    phase = rng.uniform(0.0, 2.0 * np.pi, size=(n, 1, n_waves))
    t = np.arange(steps + 1)[None, :, None]
    series = (amplitude * np.sin(2.0 * np.pi * t / period + phase)).sum(axis=2) / n_waves
    if noise > 0:
        series = series + rng.normal(0.0, noise, size=series.shape)
    return series[:, :-1, None], series[:, 1:, None]


def counting_task(
    n: int, steps: int, *, p_one: float = 0.5, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Random 0/1 sequences and how many ones each holds: a many-to-one regression task.

    Every sequence in one call has the same length; to train on several lengths, draw one batch
    per length. (Padding a 0/1 sequence with zeros would not change its count.)

    Parameters
    ----------
    n, steps : int
        Number of sequences and their length T.
    p_one : float
        Probability that a symbol is 1.
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    x : ndarray (n, steps, 1) of 0.0 and 1.0
    counts : ndarray (n,), float, the number of ones in each sequence
    """
    if n < 1 or steps < 1:
        raise ValueError(f"counting_task: n and steps must be >= 1, got {n}, {steps}")
    if not 0.0 <= p_one <= 1.0:
        raise ValueError(f"counting_task: p_one must lie in [0, 1], got {p_one}")
    rng = np.random.default_rng(0) if rng is None else rng
    x = (rng.random(size=(n, steps, 1)) < p_one).astype(np.float64)
    return x, x.sum(axis=(1, 2))
