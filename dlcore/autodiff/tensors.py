"""Arrays of ``Value`` nodes, and the graph of a dlcore network built from them scalar by scalar.

``tensor`` wraps a float array as leaves, so numpy arithmetic on object arrays builds the graph of
``X @ W + b``; ``model_graph`` does this for a whole ``Sequential``, and the two losses give the
graph a scalar root, so the tests and chapter 08 can compare it with the layers' hand-written
backward passes. See chapter 08.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore import activations
from dlcore.autodiff.value import Value
from dlcore.layers import Dense
from dlcore.losses import check_class_labels
from dlcore.nn import Module, Sequential


def tensor(array, name: str = "") -> np.ndarray:
    """Wrap a float array as an object array of leaf Values labelled ``name[i,j]``.

    Numpy arithmetic on object arrays calls the Values' own operators scalar by scalar, so
    ``X @ W + b`` on such arrays builds the computational graph of a dense layer.
    See chapter 08.
    """
    array = np.asarray(array, dtype=np.float64)
    out = np.empty(array.shape, dtype=object)
    for index in np.ndindex(array.shape):
        out[index] = Value(array[index], label=f"{name}[{','.join(map(str, index))}]")
    return out


def data_of(values: np.ndarray) -> np.ndarray:
    """The forward values of an object array of Values, as a float array of the same shape."""
    return _field(values, "data")


def grad_of(values: np.ndarray) -> np.ndarray:
    """The adjoints of an object array of Values, as a float array of the same shape."""
    return _field(values, "grad")


def _field(values: np.ndarray, name: str) -> np.ndarray:
    values = np.asarray(values, dtype=object)
    flat = [getattr(v, name) for v in values.flat]
    return np.array(flat, dtype=np.float64).reshape(values.shape)


# Activation layers that have a scalar Value method of the same name.
_ACTIVATION_METHODS = {
    activations.Tanh: "tanh",
    activations.ReLU: "relu",
    activations.Sigmoid: "sigmoid",
    activations.Identity: None,
}


@dataclass
class ModelGraph:
    """The computational graph of a dlcore model on one batch, as object arrays of Values.

    Attributes
    ----------
    inputs : (N, D) object array, leaves for the input batch X
    parameters : list of object arrays of leaves, aligned with ``model.parameters()``
    output : (N, C) object array, the model's output, e.g. the logits
    """

    inputs: np.ndarray
    parameters: list[np.ndarray]
    output: np.ndarray


def model_graph(model: Module, X: np.ndarray) -> ModelGraph:
    """Build the scalar graph of ``model.forward(X)`` from copies of its parameters.

    Parameters
    ----------
    model : Sequential of Dense and Tanh / ReLU / Sigmoid / Identity layers (or one of them)
    X : ndarray, shape (N, in_features)

    Returns
    -------
    ModelGraph; the model itself is not changed. See chapter 08.
    """
    modules = list(model) if isinstance(model, Sequential) else [model]
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"model_graph: X must be (N, features), got shape {X.shape}")
    inputs = tensor(X, "x")
    h, parameters = inputs, []
    for module in modules:
        if isinstance(module, Dense):
            if h.shape[1] != module.in_features:
                raise ValueError(
                    f"model_graph: {module!r} expects (N, {module.in_features}), got {h.shape}"
                )
            W = tensor(module.W.data, "W")
            parameters.append(W)
            h = h @ W
            if module.b is not None:
                b = tensor(module.b.data, "b")
                parameters.append(b)
                h = h + b
        elif type(module) in _ACTIVATION_METHODS:
            method = _ACTIVATION_METHODS[type(module)]
            if method is not None:
                h = np.vectorize(lambda v, m=method: getattr(v, m)(), otypes=[object])(h)
        else:
            supported = ", ".join(["Dense", *(cls.__name__ for cls in _ACTIVATION_METHODS)])
            raise ValueError(
                f"model_graph: no scalar version of {module!r}; supported layers: {supported}"
            )
    return ModelGraph(inputs, parameters, h)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> Value:
    """Mean cross-entropy of softmax(logits) against integer labels, as one Value.

    Per row, L_n = log sum_k exp(z_k - m) + m - z_{y_n} with the constant m = max_k z_k (a
    number, not a node: shifting by any constant leaves value and gradient unchanged, and keeps
    exp from overflowing). Same convention as ``dlcore.losses.softmax_cross_entropy``.

    Parameters
    ----------
    logits : (N, C) object array of Values
    labels : (N,) ints in [0, C)

    See chapter 08.
    """
    logits = np.asarray(logits, dtype=object)
    labels = check_class_labels("softmax_cross_entropy", logits.shape, labels)
    n = len(labels)
    total = Value(0.0)
    for row, label in zip(logits, labels):
        m = max(z.data for z in row)
        total = total + (sum((z - m).exp() for z in row).log() + m - row[label])
    return total / n


def mse(y_hat: np.ndarray, y: np.ndarray) -> Value:
    """Mean over every element of (y_hat - y)^2, as one Value (as ``dlcore.losses.mse``).

    Parameters
    ----------
    y_hat : object array of Values, any shape; y : float array of the same shape

    See chapter 08.
    """
    y_hat = np.asarray(y_hat, dtype=object)
    y = np.asarray(y, dtype=np.float64)
    if y_hat.shape != y.shape:
        raise ValueError(
            f"mse: output and target must have the same shape, got {y_hat.shape} and {y.shape}"
        )
    return sum(((p - t) ** 2 for p, t in zip(y_hat.flat, y.flat)), Value(0.0)) / y.size
