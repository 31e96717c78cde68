"""The training loop: forward, loss, backward, optimizer step, repeated, with a divergence guard.

``fit`` can also follow a learning-rate schedule and clip the gradient norm. (The learning-rate
range test, which trains while the rate grows, is ``dlcore.optim.lr_range_test``.)
See chapters 03 (the loop) and 11 (what happens when it diverges).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dlcore.data.batches import sample_batch
from dlcore.nn import Module, backward_without_input_grad
from dlcore.optim import Optimizer, clip_grad_norm


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
    """What ``fit`` records: one loss per step, and the accuracy every ``eval_every`` steps.

    Also the learning rate used at each step (``lr``) and, when ``fit`` clips, the gradient norm
    before clipping at each step (``grad_norm``).
    """

    loss: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)


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
    schedule: Callable[[int], float] | None = None,
    clip_norm: float | None = None,
    callback: Callable[[int, Module], bool] | None = None,
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
    schedule : callable t -> lr, or None
        If given, ``optimizer.lr = schedule(optimizer.t)`` before each step, where ``optimizer.t``
        counts the steps already taken (0 for the optimizer's first step), e.g.
        ``dlcore.optim.schedules.make("cosine", lr=0.1, total_steps=steps)``.
        See chapters 17 and 24.
    clip_norm : float or None
        If given, rescale the gradients so that their global L2 norm is at most ``clip_norm``
        before each step (``dlcore.optim.clip_grad_norm``); the norms before clipping go to
        ``History.grad_norm``. See chapter 11.
    callback : callable (step, model) -> bool, or None
        Called after each step (and its evaluation); returning True stops training there, e.g.
        ``dlcore.selection.EarlyStopping``. See chapter 14.

    Raises
    ------
    TrainingDivergedError
        As soon as a loss is NaN or inf, naming the step.
    """
    if clip_norm is not None and not clip_norm > 0:
        raise ValueError(f"fit: clip_norm must be > 0 or None, got {clip_norm}")
    if schedule is not None and not callable(schedule):
        raise ValueError(f"fit: schedule must be a function of the step number, got {schedule!r}")
    rng = np.random.default_rng(0) if rng is None else rng
    history = History()
    for step in range(1, steps + 1):
        xb, yb = sample_batch(X, y, batch_size, rng)
        model.train()
        optimizer.zero_grad()
        loss, dout = loss_fn(model.forward(xb), yb)
        if not np.isfinite(loss):
            raise TrainingDivergedError(step, loss)
        backward_without_input_grad(model, dout)  # the data needs no gradient
        if clip_norm is not None:
            history.grad_norm.append(clip_grad_norm(optimizer.params, clip_norm))
        if schedule is not None:
            optimizer.lr = schedule(optimizer.t)
        history.lr.append(optimizer.lr)
        optimizer.step()
        history.loss.append(loss)
        if eval_every and step % eval_every == 0:
            model.eval()
            history.eval_steps.append(step)
            history.accuracy.append(accuracy(model.forward(X), y))
        if callback is not None and callback(step, model):
            break
    model.eval()
    return history
