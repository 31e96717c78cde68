"""The training loop: forward, loss, backward, optimizer step, repeated, with a divergence guard.

See chapter 03 (the loop) and 11 (what happens when it diverges).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dlcore.nn import Module
from dlcore.optim import Optimizer


class TrainingDivergedError(FloatingPointError):
    """Raised by ``fit`` when the loss becomes NaN or infinite; says at which step."""

    def __init__(self, step: int, loss: float):
        self.step, self.loss = step, loss
        super().__init__(
            f"training diverged: the loss became {loss} at step {step}; try a smaller learning "
            f"rate, gradient clipping, or a better initialisation"
        )


@dataclass
class History:
    """What ``fit`` records: one loss per step, and the accuracy every ``eval_every`` steps."""

    loss: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of rows whose largest logit is at the true label."""
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def fit(
    model: Module,
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    optimizer: Optimizer,
    X: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    eval_every: int = 0,
) -> History:
    """Train ``model`` for ``steps`` optimizer steps and return the History.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,) integer labels or (N, K) targets, whatever ``loss_fn`` takes
    batch_size : int or None
        Mini-batch size, sampled without replacement each step; None means full batch.
    eval_every : int
        If > 0, record the full-data accuracy every ``eval_every`` steps (classification).

    Raises
    ------
    TrainingDivergedError
        As soon as a loss is NaN or inf, naming the step.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    history = History()
    n = len(X)
    for step in range(1, steps + 1):
        if batch_size is None or batch_size >= n:
            xb, yb = X, y
        else:
            idx = rng.choice(n, size=batch_size, replace=False)
            xb, yb = X[idx], y[idx]
        model.train()
        optimizer.zero_grad()
        loss, dout = loss_fn(model.forward(xb), yb)
        if not np.isfinite(loss):
            raise TrainingDivergedError(step, loss)
        model.backward(dout)
        optimizer.step()
        history.loss.append(loss)
        if eval_every and step % eval_every == 0:
            model.eval()
            history.eval_steps.append(step)
            history.accuracy.append(accuracy(model.forward(X), y))
    model.eval()
    return history
