"""Run any ``dlcore.optim`` optimizer (or a plain update function) on a two-parameter landscape
and record its path and loss.

See chapters 10 and 16.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlcore.lab.landscapes.base import Landscape
from dlcore.nn import Parameter
from dlcore.optim import Optimizer

# ---------------------------------------------------------------------------------------------
# Running an optimizer on a landscape.


def _required_positional(fn: Callable) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds and p.default is inspect.Parameter.empty for p in params)


def run_2d(
    optimizer: Callable, landscape: Landscape, w0, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Run an optimizer on a 2-D landscape; return the path and the loss along it.

    Parameters
    ----------
    optimizer : callable, one of
        - a factory ``params -> Optimizer`` such as ``lambda ps: optim.GD(ps, lr=0.1)``,
          ``functools.partial(optim.Adam, lr=0.05)`` or an Optimizer class with defaults. The
          point w is wrapped in a ``dlcore.nn.Parameter``; each step sets ``.grad`` from
          ``landscape.grad`` and calls ``step()``, exactly as a training loop does.
        - a stepper ``(w, g) -> w_next`` taking two arguments, for update rules written by hand.
    landscape : Landscape (anything with ``value(w)`` and ``grad(w)`` for w of shape (2,))
    w0 : array of shape (2,), the starting point
    steps : int >= 0

    Returns
    -------
    path : ndarray (steps + 1, 2), path[0] = w0
    losses : ndarray (steps + 1,), losses[t] = landscape.value(path[t])

    If the point or the loss stops being finite (divergence), the run stops there and the
    remaining rows of ``path`` and ``losses`` are NaN. See chapters 10 and 16.
    """
    w0 = np.asarray(w0, dtype=np.float64)
    if w0.shape != (2,):
        raise ValueError(f"run_2d: w0 must have shape (2,), got {w0.shape}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"run_2d: steps must be a non-negative integer, got {steps}")
    steps = int(steps)
    path = np.full((steps + 1, 2), np.nan)
    losses = np.full(steps + 1, np.nan)
    path[0], losses[0] = w0, landscape.value(w0)

    is_class = isinstance(optimizer, type) and issubclass(optimizer, Optimizer)
    if is_class or _required_positional(optimizer) == 1:
        param = Parameter(w0.copy())
        opt = optimizer([param])
        if not isinstance(opt, Optimizer):
            raise TypeError(
                f"run_2d: the factory must return a dlcore.optim.Optimizer, got {type(opt)}"
            )

        def advance(w: np.ndarray) -> np.ndarray:
            opt.zero_grad()
            param.grad += landscape.grad(param.data)
            opt.step()
            return param.data.copy()

    elif _required_positional(optimizer) == 2:

        def advance(w: np.ndarray) -> np.ndarray:
            return np.asarray(optimizer(w.copy(), landscape.grad(w)), dtype=np.float64)

    else:
        raise TypeError(
            "run_2d: optimizer must be a factory params -> Optimizer or a stepper (w, g) -> w_next"
        )

    w = w0.copy()
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run may overflow; we stop
        for t in range(1, steps + 1):
            w = advance(w)
            if w.shape != (2,):
                raise ValueError(f"run_2d: the update returned shape {w.shape}, expected (2,)")
            loss = landscape.value(w)
            if not (np.all(np.isfinite(w)) and np.isfinite(loss)):
                break
            path[t], losses[t] = w, loss
    return path, losses
