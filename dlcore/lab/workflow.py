"""A diagnosis-first workflow: train a grid of small configurations, cache them, diagnose each.

A *configuration* is a plain dict of the levers a practitioner can pull (width and depth,
activation, optimizer, learning rate, weight decay, dropout, batch norm, batch size, gradient
clipping, amount of training data, number of steps); ``DEFAULTS`` holds the values of the
levers a configuration leaves out. ``run_config`` builds the model from ``dlcore`` layers, trains
it with ``dlcore.train.fit`` and records learning curves on the training and validation sets;
``run_grid`` runs named configurations over seeds and caches every run, so an explorer only
looks results up. ``diagnose`` reads the two final errors the way the chapter's derivation does.
See chapter 04.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from dlcore import activations, optim
from dlcore.layers import BatchNorm1d, Dense, Dropout
from dlcore.losses import softmax_cross_entropy
from dlcore.nn import Module, Sequential
from dlcore.train import TrainingDivergedError, accuracy, fit

DEFAULTS = {
    "hidden": (32, 32),  # widths of the hidden layers: depth = len(hidden)
    "activation": "relu",
    "optimizer": "adam",  # a name in dlcore.optim.OPTIMIZERS
    "lr": 0.01,
    "weight_decay": 0.0,  # the optimizer's own: L2 for SGD/Adam, decoupled for AdamW
    "dropout": 0.0,  # drop probability after every hidden activation
    "batchnorm": False,  # BatchNorm1d between every hidden Dense and its activation
    "batch_size": None,  # None: full batch
    "clip_norm": None,
    "train_size": None,  # None: every training row; else the first train_size rows
    "steps": 300,
}

DIAGNOSES = ("diverged", "underfitting", "overfitting", "fine")


class Task(NamedTuple):
    """Training, validation and test sets: X arrays (N, D), integer labels (N,)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@dataclass
class Run:
    """One trained configuration and what it measured.

    Attributes
    ----------
    config : dict, the full configuration (``DEFAULTS`` filled in)
    seed : int, seeds the initial weights, the mini-batches and the dropout masks
    eval_steps : (E,) steps at which the curves were measured
    train_loss, val_loss : (E,) cross-entropy on the training and validation sets (eval mode)
    train_error, val_error, test_error : float, final misclassified fractions (NaN if diverged)
    diverged_at : int or None, the step at which the loss became NaN or inf
    model : the trained Module (None if it diverged)
    """

    config: dict
    seed: int
    eval_steps: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_error: float
    val_error: float
    test_error: float
    diverged_at: int | None
    model: Module | None

    @property
    def diagnosis(self) -> str:
        """``diagnose`` with its default thresholds, plus the run's loss curve."""
        return diagnose(self.train_error, self.val_error, train_loss=self.train_loss)


def full_config(config: dict) -> dict:
    """``config`` with every lever it leaves out set from ``DEFAULTS``; unknown levers raise."""
    unknown = sorted(set(config) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"workflow: unknown levers {unknown}; valid levers are {sorted(DEFAULTS)}")
    return {**DEFAULTS, **config}


def build_model(config: dict, n_in: int, n_out: int, *, rng: np.random.Generator) -> Sequential:
    """Dense, [BatchNorm1d], activation, [Dropout], ..., Dense for a configuration.

    Input (N, n_in) -> logits (N, n_out). Uses the levers ``hidden``, ``activation``,
    ``batchnorm`` and ``dropout``. See chapter 04.
    """
    config = full_config(config)
    activations.get(config["activation"])  # fail early, listing the valid names
    modules: list[Module] = []
    sizes = [n_in, *config["hidden"]]
    for width_in, width_out in zip(sizes[:-1], sizes[1:]):
        modules.append(Dense(width_in, width_out, rng=rng))
        if config["batchnorm"]:
            modules.append(BatchNorm1d(width_out))
        modules.append(activations.layer(config["activation"]))
        if config["dropout"] > 0:
            modules.append(Dropout(config["dropout"], rng=rng))
    modules.append(Dense(sizes[-1], n_out, rng=rng))
    return Sequential(*modules)


def _loss_and_error(model: Module, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    model.eval()
    logits = model.forward(X)
    return softmax_cross_entropy(logits, y)[0], 1.0 - accuracy(logits, y)


def run_config(config: dict, task: Task, *, seed: int, eval_every: int = 10) -> Run:
    """Train one configuration on ``task`` and record its learning curves.

    Parameters
    ----------
    config : dict of levers (see ``DEFAULTS``)
    task : Task, inputs (N, D) and integer labels (N,) for each split
    seed : int, for the initial weights, mini-batches and dropout masks
    eval_every : int, measure both curves every ``eval_every`` steps (and at step 0)

    Returns
    -------
    Run. A run whose loss becomes NaN or inf is recorded as diverged, not raised.
    See chapter 04.
    """
    config = full_config(config)
    X, y = task.X_train, task.y_train
    if config["train_size"] is not None:
        X, y = X[: config["train_size"]], y[: config["train_size"]]
    n_classes = int(max(task.y_train.max(), task.y_val.max(), task.y_test.max())) + 1
    rng = np.random.default_rng(seed)
    model = build_model(config, X.shape[1], n_classes, rng=rng)
    extra = {"weight_decay": config["weight_decay"]} if config["weight_decay"] else {}
    optimizer = optim.get(config["optimizer"])(model.parameters(), lr=config["lr"], **extra)
    steps, train_loss, val_loss = [0], [], []

    def record(model: Module) -> None:
        train_loss.append(_loss_and_error(model, X, y)[0])
        val_loss.append(_loss_and_error(model, task.X_val, task.y_val)[0])

    def callback(step: int, model: Module) -> bool:
        if step % eval_every == 0:
            steps.append(step)
            record(model)
        return False

    record(model)
    diverged_at = None
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is recorded, not warned
            fit(
                model,
                softmax_cross_entropy,
                optimizer,
                X,
                y,
                steps=config["steps"],
                batch_size=config["batch_size"],
                rng=rng,
                clip_norm=config["clip_norm"],
                callback=callback,
            )
    except TrainingDivergedError as error:
        diverged_at = error.step
    if diverged_at is not None:
        nan = float("nan")
        return Run(config, seed, np.array(steps), np.array(train_loss), np.array(val_loss),
                   nan, nan, nan, diverged_at, None)  # fmt: skip
    errors = [_loss_and_error(model, Xs, ys)[1] for Xs, ys in
              [(X, y), (task.X_val, task.y_val), (task.X_test, task.y_test)]]  # fmt: skip
    return Run(config, seed, np.array(steps), np.array(train_loss), np.array(val_loss),
               *errors, None, model)  # fmt: skip


def run_grid(
    configs: dict[str, dict],
    task: Task,
    seeds,
    *,
    eval_every: int = 10,
    cache: dict | None = None,
) -> dict[tuple[str, int], Run]:
    """Run every named configuration with every seed; reuse runs already in ``cache``.

    Parameters
    ----------
    configs : dict name -> config (dict of levers)
    task : Task
    seeds : iterable of int
    cache : dict or None
        Runs keyed by (the full configuration, seed); two names for the same configuration
        share one run. Pass the same dict again to skip work already done.

    Returns
    -------
    dict (name, seed) -> Run. See chapter 04.
    """
    cache = {} if cache is None else cache
    runs = {}
    for name, config in configs.items():
        full = full_config(config)
        for seed in seeds:
            key = (tuple(sorted((k, repr(v)) for k, v in full.items())), int(seed))
            if key not in cache:
                cache[key] = run_config(full, task, seed=int(seed), eval_every=eval_every)
            runs[name, int(seed)] = cache[key]
    return runs


def diagnose(
    train_error: float,
    val_error: float,
    *,
    target: float = 0.1,
    gap: float = 0.1,
    train_loss: np.ndarray | None = None,
) -> str:
    """Read the final errors of a run: "diverged", "underfitting", "overfitting" or "fine".

    Diverged: the errors are NaN, or the training loss ended above where it started.
    Underfitting (a bias problem): the training error is above ``target``. Overfitting (a variance
    problem): the training error is fine but the validation error exceeds it by more than ``gap``.
    The first that applies wins. See chapter 04.
    """
    if not (target >= 0 and gap >= 0):
        raise ValueError(f"diagnose: target and gap must be >= 0, got {target} and {gap}")
    if np.isnan(train_error) or np.isnan(val_error):
        return "diverged"
    if train_loss is not None and len(train_loss) > 1 and not train_loss[-1] < train_loss[0]:
        return "diverged"
    if train_error > target:
        return "underfitting"
    if val_error - train_error > gap:
        return "overfitting"
    return "fine"
