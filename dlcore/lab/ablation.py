"""Unit ablation: how much a trained network relies on each single hidden unit.

Deleting hidden unit j means setting its activation to 0 for every input (equivalently, zeroing
row j of the next Dense layer's weights). A network whose units co-adapt (each one correcting the
others' mistakes) loses more when one of them is deleted. See chapter 20.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.layers import Dense
from dlcore.losses import softmax_cross_entropy
from dlcore.nn import Sequential


@dataclass
class Ablation:
    """The effect of deleting each unit of one hidden layer, one at a time.

    Attributes
    ----------
    accuracy : float, accuracy of the intact network
    loss : float, its mean cross-entropy
    accuracy_drop : (H,) accuracy minus the accuracy without unit j (positive: the unit helped)
    loss_increase : (H,) cross-entropy without unit j minus the intact cross-entropy
    """

    accuracy: float
    loss: float
    accuracy_drop: np.ndarray
    loss_increase: np.ndarray


def unit_ablation(model: Sequential, X: np.ndarray, y: np.ndarray, *, layer: int = 0) -> Ablation:
    """Delete each unit of hidden layer ``layer`` in turn and measure accuracy and loss on (X, y).

    The hidden layer ``layer`` (0 = the first) is the output of everything before the
    (``layer`` + 1)-th Dense layer: its activation, and any Dropout, which ``eval()`` makes the
    identity. The model runs in eval mode, and its mode is restored afterwards.

    Parameters
    ----------
    model : Sequential classifier with at least ``layer`` + 2 Dense layers, producing logits
    X : (N, D) inputs;  y : (N,) integer labels
    layer : int, which hidden layer

    Returns
    -------
    Ablation with arrays of shape (H,), H the width of that hidden layer.

    Raises
    ------
    ValueError
        If the model has no hidden layer of that index.
    """
    dense_at = [i for i, module in enumerate(model) if isinstance(module, Dense)]
    if not 0 <= layer < len(dense_at) - 1:
        raise ValueError(
            f"unit_ablation: expected a hidden layer index in [0, {len(dense_at) - 2}] "
            f"(the model has {len(dense_at)} Dense layers), got layer={layer}"
        )
    was_training = model.training
    model.eval()
    split = dense_at[layer + 1]
    try:
        hidden = np.asarray(X, dtype=np.float64)
        for module in model.modules[:split]:
            hidden = module.forward(hidden)
        rest = Sequential(*model.modules[split:])

        def score(h):
            logits = rest.forward(h)
            loss, _ = softmax_cross_entropy(logits, y)
            return float(np.mean(np.argmax(logits, axis=1) == y)), loss

        accuracy, loss = score(hidden)
        width = hidden.shape[1]
        drops, increases = np.zeros(width), np.zeros(width)
        for j in range(width):
            lesioned = hidden.copy()
            lesioned[:, j] = 0.0
            acc_j, loss_j = score(lesioned)
            drops[j], increases[j] = accuracy - acc_j, loss_j - loss
    finally:
        if was_training:
            model.train()
    return Ablation(accuracy, loss, drops, increases)
