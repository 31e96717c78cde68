"""Learning curves: the loss on the training and the validation set against the training step.

Read together they diagnose a model (see chapter 04): a high training curve means underfitting
(capacity or optimization), a low training curve under a high or rising validation curve means
overfitting, a training curve that ends above where it started means divergence.
See chapter 04.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from dlcore.viz.style import CLASS_COLORS


def plot_learning_curves(
    ax: Axes,
    steps: np.ndarray,
    train_loss: np.ndarray,
    val_loss: np.ndarray,
    *,
    log: bool = True,
    label: str = "",
):
    """Draw the training (solid) and validation (dashed) loss curves on ``ax``.

    Parameters
    ----------
    steps : (E,) training steps at which the losses were measured
    train_loss, val_loss : (E,) losses at those steps (NaN or inf entries are left out by
        matplotlib, so a diverged run simply stops)
    log : bool, log-scale loss axis
    label : str, prefixed to the legend entries ("training", "validation")

    Returns
    -------
    (train_line, val_line) : the two Line2D, so an explorer can ``set_data`` them.
    See chapter 04.
    """
    steps, train_loss, val_loss = (
        np.asarray(a, dtype=float) for a in (steps, train_loss, val_loss)
    )
    if not (steps.shape == train_loss.shape == val_loss.shape and steps.ndim == 1):
        raise ValueError(
            f"plot_learning_curves: steps, train_loss and val_loss must be 1-D of one length, got "
            f"{steps.shape}, {train_loss.shape} and {val_loss.shape}"
        )
    prefix = f"{label} " if label else ""
    (train_line,) = ax.plot(steps, train_loss, color=CLASS_COLORS[0], label=f"{prefix}training")
    (val_line,) = ax.plot(
        steps, val_loss, color=CLASS_COLORS[1], ls="--", label=f"{prefix}validation"
    )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("cross-entropy (nats)")
    return train_line, val_line
