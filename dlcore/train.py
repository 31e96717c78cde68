"""The training loop: forward, loss, backward, optimizer step, repeated, with a divergence guard.

``fit`` can also follow a learning-rate schedule and clip the gradient norm; ``lr_range_test``
sweeps the learning rate exponentially to find where training starts and stops working.
See chapters 03 (the loop), 11 (what happens when it diverges) and 17 (the range test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dlcore.nn import Module
from dlcore.optim import Optimizer, clip_grad_norm
from dlcore.optim import get as get_optimizer


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


def sample_batch(
    X: np.ndarray, y: np.ndarray, batch_size: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A mini-batch drawn without replacement, or all of (X, y) when ``batch_size`` is None or
    at least N. A fresh draw each call; ``data.batch_iterator`` walks through epochs instead."""
    if batch_size is None or batch_size >= len(X):
        return X, y
    idx = rng.choice(len(X), size=batch_size, replace=False)
    return X[idx], y[idx]


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
        ``dlcore.schedules.make("cosine", lr=0.1, total_steps=steps)``. See chapters 17 and 24.
    clip_norm : float or None
        If given, rescale the gradients so that their global L2 norm is at most ``clip_norm``
        before each step (``dlcore.optim.clip_grad_norm``); the norms before clipping go to
        ``History.grad_norm``. See chapter 11.

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
        model.backward(dout)
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
    model.eval()
    return history


def lr_range_test(
    model_factory: Callable[[], Module],
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    X: np.ndarray,
    y: np.ndarray,
    lr_min: float,
    lr_max: float,
    steps: int,
    *,
    optimizer: str | Callable[..., Optimizer] = "sgd",
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    diverge_factor: float = 4.0,
    smoothing: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The learning-rate range test: train one fresh model while the rate grows exponentially.

    Step k (k = 0 .. K, K = steps - 1) uses

        eta_k = lr_min * (lr_max / lr_min) ** (k / K)

    and records the loss of its batch before the update. The sweep stops early at divergence:
    the first loss that is NaN or inf (not recorded), or the first loss above
    ``diverge_factor`` times the best so far (recorded, so the blow-up shows on the plot).
    A good rate lies somewhat below the one where the loss falls fastest.

    Parameters
    ----------
    model_factory : callable () -> Module, builds the (fresh, seeded) model to sweep
    loss_fn : the loss, ``loss_fn(output, target) -> (loss, doutput)``
    X : ndarray, shape (N, D);  y : targets, shape (N,) or (N, K)
    lr_min, lr_max : float, 0 < lr_min < lr_max
    steps : int >= 2, the number of rates tried (K + 1)
    optimizer : name in ``dlcore.optim.OPTIMIZERS`` or callable (params, lr) -> Optimizer
    batch_size : int or None (full batch), sampled without replacement each step
    rng : np.random.Generator for the batches (default: seed 0)
    diverge_factor : float > 1
    smoothing : float in [0, 1); if > 0, losses are replaced by a bias-corrected exponential
        moving average with this factor (e.g. 0.9) before the divergence test and the return,
        which steadies mini-batch curves

    Returns
    -------
    lrs : ndarray, shape (M,), M <= steps, the rates tried
    losses : ndarray, shape (M,), the (smoothed) loss at each

    See chapter 17.
    """
    if not 0 < lr_min < lr_max:
        raise ValueError(f"lr_range_test: need 0 < lr_min < lr_max, got {lr_min} and {lr_max}")
    if not (int(steps) == steps and steps >= 2):
        raise ValueError(f"lr_range_test: steps must be an integer >= 2, got {steps}")
    if not diverge_factor > 1:
        raise ValueError(f"lr_range_test: diverge_factor must be > 1, got {diverge_factor}")
    if not 0 <= smoothing < 1:
        raise ValueError(f"lr_range_test: smoothing must lie in [0, 1), got {smoothing}")
    make_optimizer = get_optimizer(optimizer) if isinstance(optimizer, str) else optimizer
    K = int(steps) - 1
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(K + 1) / K)
    rng = np.random.default_rng(0) if rng is None else rng
    model = model_factory()
    opt = make_optimizer(model.parameters(), lr=lr_min)
    losses: list[float] = []
    best, average = np.inf, 0.0
    # the sweep is meant to reach divergence, where overflow is expected and detected below
    with np.errstate(over="ignore", invalid="ignore"):
        for k, lr in enumerate(lrs):
            xb, yb = sample_batch(X, y, batch_size, rng)
            model.train()
            opt.zero_grad()
            loss, dout = loss_fn(model.forward(xb), yb)
            if not np.isfinite(loss):
                break
            if smoothing:
                average = smoothing * average + (1 - smoothing) * loss
                loss = average / (1 - smoothing ** (k + 1))
            losses.append(float(loss))
            best = min(best, loss)
            if loss > diverge_factor * best:
                break
            model.backward(dout)
            opt.lr = lr
            opt.step()
    model.eval()
    return lrs[: len(losses)], np.array(losses)
