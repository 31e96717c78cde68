"""Memory tasks for recurrent networks, generated and deterministic per seed.

- ``recall_first``: a sequence of random symbols; the label is the FIRST one, asked for at the
  end (many-to-one). Everything after step 0 is a distractor, so the network must carry one
  symbol across T - 1 steps (chapter 37).
- ``flag_store``: a stream of random values with a flag on one of them and a query later; the
  target is the flagged value at the query step and 0 everywhere else (many-to-many). Solving it
  takes a write (at the flag), a keep (in between) and a read (at the query): chapter 38 watches
  an LSTM's gates do each.

See chapters 37 and 38.
"""

from __future__ import annotations

import numpy as np


def recall_first(
    n: int, steps: int, *, n_symbols: int = 4, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of one-hot symbols whose label is the first symbol.

    Parameters
    ----------
    n : int
        Number of sequences.
    steps : int
        Sequence length T >= 1; the label sits T - 1 steps before the end.
    n_symbols : int
        Alphabet size K >= 2 (chance accuracy 1/K). Every step, the first included, draws
        uniformly from the same K symbols, so the last steps say nothing about the label.
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    x : ndarray (n, steps, n_symbols), one-hot float64
    labels : ndarray (n,), int, x[:, 0].argmax(axis=1)

    See chapter 37.
    """
    if n < 1 or steps < 1:
        raise ValueError(f"recall_first: n and steps must be >= 1, got n={n}, steps={steps}")
    if n_symbols < 2:
        raise ValueError(f"recall_first: n_symbols must be >= 2, got {n_symbols}")
    rng = np.random.default_rng(0) if rng is None else rng
    symbols = rng.integers(0, n_symbols, size=(n, steps))
    x = np.eye(n_symbols)[symbols]
    return x, symbols[:, 0].copy()


def flag_store(
    n: int, steps: int, *, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Store the value shown with the flag, output it when the query comes.

    Input features per step: ``[value, flag, query]``. The values are U(-1, 1) at every step;
    the flag is 1 at one step drawn from the first half [0, T // 2) and the query is 1 at one
    step drawn from the second half [T // 2, T). The target is the flagged value at the query
    step and 0 at every other step.

    Parameters
    ----------
    n : int
        Number of sequences.
    steps : int
        Sequence length T >= 2.
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    x : ndarray (n, steps, 3), float64
    y : ndarray (n, steps, 1), float64, nonzero only at the query step

    See chapter 38.
    """
    if n < 1 or steps < 2:
        raise ValueError(f"flag_store: need n >= 1 and steps >= 2, got n={n}, steps={steps}")
    rng = np.random.default_rng(0) if rng is None else rng
    rows = np.arange(n)
    values = rng.uniform(-1.0, 1.0, size=(n, steps))
    flag_at = rng.integers(0, steps // 2, size=n)
    query_at = rng.integers(steps // 2, steps, size=n)
    x = np.zeros((n, steps, 3))
    x[:, :, 0] = values
    x[rows, flag_at, 1] = 1.0
    x[rows, query_at, 2] = 1.0
    y = np.zeros((n, steps, 1))
    y[rows, query_at, 0] = values[rows, flag_at]
    return x, y
