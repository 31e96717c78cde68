"""Probes that look inside a network: per-layer gradient norms and activation statistics.

See chapter 11.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.layers import Dense
from dlcore.losses import softmax_cross_entropy
from dlcore.nn import Sequential


@dataclass
class Probe:
    """One forward/backward pass, summarised per Dense layer (index 0 = closest to the input).

    Attributes
    ----------
    grad_norms : (L,) Frobenius norm of dL/dW^l for each of the L Dense layers: what the
        optimizer sees.
    signal_norms : (L,) norm of dL/da^{l-1}, the gradient arriving at each Dense layer's input:
        the backpropagated signal whose product of Jacobians vanishes or explodes.
    activation_std : (L - 1,) std of each hidden layer's activations (after the nonlinearity)
    loss : float
    """

    grad_norms: np.ndarray
    signal_norms: np.ndarray
    activation_std: np.ndarray
    loss: float


def dense_layers(model: Sequential) -> list[Dense]:
    return [m for m in model if isinstance(m, Dense)]


def forward_backward_probe(model: Sequential, X: np.ndarray, y: np.ndarray) -> Probe:
    """Run one softmax-cross-entropy forward and backward pass and record per-layer statistics.

    Parameters
    ----------
    model : Sequential of Dense and activation layers (e.g. from ``models.mlp``)
    X : (N, D) inputs;  y : (N,) integer labels
    """
    model.zero_grad()
    hidden_std = []
    a = X
    for module in model:
        a = module.forward(a)
        if not isinstance(module, Dense):
            hidden_std.append(float(a.std()))
    loss, grad = softmax_cross_entropy(a, y)
    signal = []
    for module in reversed(model.modules):
        grad = module.backward(grad)
        if isinstance(module, Dense):
            signal.append(float(np.linalg.norm(grad)))
    weight_grads = [np.linalg.norm(d.W.grad) for d in dense_layers(model)]
    return Probe(
        grad_norms=np.array(weight_grads),
        signal_norms=np.array(signal[::-1]),
        activation_std=np.array(hidden_std),
        loss=loss,
    )
