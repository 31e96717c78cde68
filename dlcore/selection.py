"""Model selection: early stopping, grid and random search, k-fold indices, ensemble prediction.

``EarlyStopping`` watches a monitored number (usually the validation loss) during training, stops
after ``patience`` checks without an improvement larger than ``min_delta`` and can put the best
weights back. It plugs into ``dlcore.train.fit`` as its ``callback``. The search helpers and
``kfold_indices`` choose hyperparameters on held-out data; ``ensemble_predict`` averages the
predicted probabilities of several models.
See chapter 14.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from dlcore.nn import Module


class EarlyStopping:
    """Stop training when the monitored number stops improving; optionally restore the best weights.

    Parameters
    ----------
    monitor : callable model -> float
        The number to minimise, e.g. the loss of ``model`` on the validation set. (The Q&A's rule
        would pass the *training* loss here; chapter 14 measures what that does.)
    patience : int
        How many checks in a row without an improvement are tolerated; the next one stops.
    min_delta : float
        An improvement counts only if the value falls below ``best - min_delta``.
    restore_best : bool
        On stopping (and in ``restore``), copy the weights of the best check back into the model.
    every : int
        Check every ``every`` training steps (e.g. once per epoch).

    Attributes
    ----------
    values, steps : lists of the monitored values and the steps at which they were taken.
    best, best_step : the lowest value that counted as an improvement, and its step.
    stopped_step : the step at which training was stopped, or None while it runs.

    Used as ``fit(..., callback=stopper)``: ``stopper(step, model)`` returns True to stop. Or call
    ``update(value, model, step)`` by hand (``model=None`` replays a recorded curve, no weights).
    See chapter 14.
    """

    def __init__(
        self,
        monitor: Callable[[Module], float] | None,
        patience: int = 10,
        min_delta: float = 0.0,
        restore_best: bool = True,
        *,
        every: int = 1,
    ):
        if not (isinstance(patience, int | np.integer) and patience >= 1):
            raise ValueError(f"EarlyStopping: patience must be an integer >= 1, got {patience!r}")
        if not min_delta >= 0:
            raise ValueError(f"EarlyStopping: min_delta must be >= 0, got {min_delta!r}")
        if not (isinstance(every, int | np.integer) and every >= 1):
            raise ValueError(f"EarlyStopping: every must be an integer >= 1, got {every!r}")
        self.monitor, self.patience, self.min_delta = monitor, int(patience), float(min_delta)
        self.restore_best, self.every = restore_best, int(every)
        self.values: list[float] = []
        self.steps: list[int] = []
        self.best, self.best_step, self.stopped_step = np.inf, None, None
        self.wait = 0
        self._best_weights: list[np.ndarray] | None = None

    def __call__(self, step: int, model: Module) -> bool:
        """The ``fit`` callback: evaluate the monitor every ``every`` steps; True means stop."""
        if step % self.every:
            return False
        if self.monitor is None:
            raise ValueError("EarlyStopping: no monitor given; call update(value, ...) instead")
        return self.update(float(self.monitor(model)), model, step)

    def update(self, value: float, model: Module | None = None, step: int | None = None) -> bool:
        """Record one monitored ``value`` (at training ``step``); True means: stop training."""
        if self.stopped_step is not None:
            raise ValueError(f"EarlyStopping: already stopped at step {self.stopped_step}")
        step = len(self.values) + 1 if step is None else step
        self.values.append(value)
        self.steps.append(step)
        if value < self.best - self.min_delta:
            self.best, self.best_step, self.wait = value, step, 0
            if model is not None:
                self._best_weights = [p.data.copy() for p in model.parameters()]
            return False
        self.wait += 1
        if self.wait < self.patience:
            return False
        self.stopped_step = step
        if self.restore_best and model is not None:
            self.restore(model)
        return True

    def restore(self, model: Module) -> None:
        """Copy the weights of the best check back into ``model`` (in place)."""
        if self._best_weights is None:
            raise ValueError("EarlyStopping: no weights recorded yet (pass the model to update)")
        params = model.parameters()
        if len(params) != len(self._best_weights):
            raise ValueError(
                f"EarlyStopping: the model has {len(params)} parameters, "
                f"the recorded weights {len(self._best_weights)}"
            )
        for p, w in zip(params, self._best_weights):
            p.data[...] = w


def kfold_indices(
    n: int, k: int, *, rng: np.random.Generator | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split ``range(n)`` into ``k`` folds: a list of k pairs (train_indices, validation_indices).

    The validation parts are disjoint, cover every index once and differ in size by at most one;
    each training part is the rest. With ``rng`` the indices are shuffled first.

    Returns
    -------
    list of k tuples of int arrays, shapes (n - n_i,) and (n_i,), with sum of n_i = n.
    See chapter 14.
    """
    if not (isinstance(k, int | np.integer) and 2 <= k <= n):
        raise ValueError(f"kfold_indices: need an integer 2 <= k <= n = {n}, got k = {k!r}")
    order = rng.permutation(n) if rng is not None else np.arange(n)
    folds = np.array_split(order, k)
    return [
        (np.concatenate([f for j, f in enumerate(folds) if j != i]), folds[i]) for i in range(k)
    ]


def grid_search(
    score: Callable[..., float], grid: dict[str, Sequence]
) -> tuple[dict, list[tuple[dict, float]]]:
    """Evaluate ``score(**setting)`` (lower is better) at every combination of the ``grid`` values.

    Returns the best setting and every (setting, score) pair in grid order. See chapter 14.
    """
    if not grid or any(len(values) == 0 for values in grid.values()):
        raise ValueError(f"grid_search: every hyperparameter needs at least one value, got {grid}")
    names = list(grid)
    results = [
        (setting, float(score(**setting)))
        for setting in (dict(zip(names, combo)) for combo in itertools.product(*grid.values()))
    ]
    return min(results, key=lambda r: r[1])[0], results


def random_search(
    score: Callable[..., float],
    space: dict[str, Callable[[np.random.Generator], object]],
    n_trials: int,
    *,
    rng: np.random.Generator,
) -> tuple[dict, list[tuple[dict, float]]]:
    """Evaluate ``score(**setting)`` at ``n_trials`` settings drawn from ``space`` (lower wins).

    ``space`` maps each name to a sampler ``rng -> value``, e.g.
    ``{"lr": lambda r: 10 ** r.uniform(-4, -1)}``. Returns the best setting and every
    (setting, score) pair in the order drawn. See chapter 14.
    """
    if n_trials < 1 or not space:
        raise ValueError(f"random_search: need n_trials >= 1 and a non-empty space, got {n_trials}")
    results = []
    for _ in range(n_trials):
        setting = {name: sample(rng) for name, sample in space.items()}
        results.append((setting, float(score(**setting))))
    return min(results, key=lambda r: r[1])[0], results


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (N, K) logits, stable for large logits."""
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def ensemble_predict(models: Sequence[Module], X: np.ndarray) -> np.ndarray:
    """Average predicted class probabilities of ``models`` (each in eval mode) on X.

    Parameters
    ----------
    models : sequence of Module, each mapping (N, D) inputs to (N, K) logits
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray, shape (N, K): the mean of the members' softmax probabilities.
    See chapter 14.
    """
    if len(models) == 0:
        raise ValueError("ensemble_predict: need at least one model, got none")
    total = None
    for model in models:
        model.eval()
        probs = softmax(model.forward(X))
        if total is not None and probs.shape != total.shape:
            raise ValueError(
                f"ensemble_predict: members disagree on the output shape, "
                f"expected {total.shape}, received {probs.shape}"
            )
        total = probs if total is None else total + probs
    return total / len(models)
