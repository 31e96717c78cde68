"""Activation functions, their derivatives, and the matching layers, in one registry.

Each activation is declared once in ``ACTIVATIONS`` (name -> function, derivative, layer), so
widgets, tests and text share one list. Derivatives are written in terms of the pre-activation
``z``. See chapters 01 (the functions) and 11 (their derivatives and gradient flow).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from dlcore.nn import Module
from dlcore.registry import lookup


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + e^{-z}), stable for large |z|: no overflow at z = -1e4."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z)(1 - sigma(z)), at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def tanh_grad(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2, at most 1 (at z = 0)."""
    return 1.0 - np.tanh(z) ** 2


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def relu_grad(z: np.ndarray) -> np.ndarray:
    """1 where z > 0, else 0 (the subgradient 0 is used at z = 0)."""
    return (np.asarray(z) > 0).astype(np.float64)


def leaky_relu(z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    return np.where(np.asarray(z) > 0, 1.0, slope)


def identity(z: np.ndarray) -> np.ndarray:
    return np.asarray(z, dtype=np.float64)


def identity_grad(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z, dtype=np.float64)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``; subtracting the max keeps it finite for logits of 1e4."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


class Activation(Module):
    """An elementwise activation layer: caches z in forward, returns dy * phi'(z) in backward.

    Subclasses set ``fn`` and ``grad`` (functions of z).
    """

    fn: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]

    def forward(self, z: np.ndarray) -> np.ndarray:
        self.z = z
        return type(self).fn(z)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        z = getattr(self, "z", None)
        if z is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        if dy.shape != z.shape:
            raise ValueError(f"{self!r}: expected gradient of shape {z.shape}, got {dy.shape}")
        return dy * type(self).grad(z) if need_input_grad else None  # no parameters of its own

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    fn, grad = staticmethod(sigmoid), staticmethod(sigmoid_grad)


class Tanh(Activation):
    fn, grad = staticmethod(tanh), staticmethod(tanh_grad)


class ReLU(Activation):
    fn, grad = staticmethod(relu), staticmethod(relu_grad)


class LeakyReLU(Activation):
    fn, grad = staticmethod(leaky_relu), staticmethod(leaky_relu_grad)


class Identity(Activation):
    fn, grad = staticmethod(identity), staticmethod(identity_grad)


class ActivationSpec(NamedTuple):
    fn: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    layer: type[Activation]


ACTIVATIONS: dict[str, ActivationSpec] = {
    "sigmoid": ActivationSpec(sigmoid, sigmoid_grad, Sigmoid),
    "tanh": ActivationSpec(tanh, tanh_grad, Tanh),
    "relu": ActivationSpec(relu, relu_grad, ReLU),
    "leaky_relu": ActivationSpec(leaky_relu, leaky_relu_grad, LeakyReLU),
    "identity": ActivationSpec(identity, identity_grad, Identity),
}


def get(name: str) -> ActivationSpec:
    """Look up an activation by name; an unknown name raises ValueError listing valid ones."""
    return lookup(ACTIVATIONS, name, "activation")


def layer(name: str) -> Activation:
    """A fresh activation layer for ``name``, e.g. ``layer("relu")`` -> ReLU()."""
    return get(name).layer()
