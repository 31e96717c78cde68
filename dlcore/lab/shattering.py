"""Instruments for why residual networks train: shattered gradients, lesions, identity padding.

- ``input_gradient_autocorr``: how correlated the input gradient stays along a line of inputs
  (Balduzzi et al. 2017: in deep plain networks it decorrelates, like white noise);
- ``hidden_blocks``, ``without_block``, ``lesion_accuracies``: delete one block of an MLP at test
  time and measure what is left (Veit et al. 2016's lesion study);
- ``scale_branches``: down-scale every residual branch (variance growth 1 + s^2 per block);
- ``identity_padded``: a deeper plain ReLU MLP computing exactly the same function as a shallower
  one (He et al. 2016's argument that depth alone cannot raise the best training error).

See chapter 31.
"""

from __future__ import annotations

import numpy as np

from dlcore import activations
from dlcore.layers import Dense, Residual
from dlcore.layers.residual import last_parametrised_layer
from dlcore.nn import Module, Sequential


def input_gradients(model: Module, X: np.ndarray) -> np.ndarray:
    """Gradient of the sum of the model's outputs with respect to each input row.

    Parameters
    ----------
    model : Module mapping (N, D) to (N, K)
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray, shape (N, D): row i is d(sum_k f_k(x_i)) / dx_i (rows do not interact, as long as
    the model has no batch statistics).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"input_gradients: expected X of shape (N, D), got {X.shape}")
    out = model.forward(X)
    return model.backward(np.ones_like(out))


def input_gradient_autocorr(model: Module, X: np.ndarray, lags) -> np.ndarray:
    """Autocorrelation of the input gradient along an ordered line of inputs, at each lag.

    With g_i the gradient at x_i (``input_gradients``) and c_i = g_i - mean(g),

        r(k) = [ sum_{i < N-k} <c_i, c_{i+k}> / (N - k) ] / [ sum_i |c_i|^2 / N ].

    r(0) = 1; r(k) near 1 means a smooth gradient, near 0 a shattered one (white noise).

    Parameters
    ----------
    model : Module mapping (N, D) to (N, K)
    X : ndarray, shape (N, D), points in order along a line (e.g. equally spaced)
    lags : int or sequence of int, each in [0, N - 1]

    Returns
    -------
    ndarray, shape (len(lags),) (a 0-d array for a single int lag)
    """
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0] if X.ndim == 2 else 0
    lags_arr = np.asarray(lags)
    if lags_arr.dtype.kind not in "iu" or np.any(lags_arr < 0) or np.any(lags_arr >= max(n, 1)):
        raise ValueError(
            f"input_gradient_autocorr: lags must be integers in [0, N - 1] = [0, {n - 1}], "
            f"got {lags!r}"
        )
    g = input_gradients(model, X)
    centred = g - g.mean(axis=0)
    variance = np.sum(centred**2) / n
    if variance <= 1e-24 * np.mean(g**2):  # constant up to round-off
        raise ValueError(
            "input_gradient_autocorr: the gradient is constant along the line (a linear model?); "
            "its autocorrelation is undefined"
        )

    def r(k: int) -> float:
        return float(np.sum(centred[: n - k] * centred[k:]) / (n - k) / variance)

    return np.array([r(int(k)) for k in lags_arr.ravel()]).reshape(lags_arr.shape)


def hidden_blocks(model: Sequential) -> list[tuple[int, ...]]:
    """Indices (in ``model``) of the modules forming each deletable hidden block.

    A block maps the hidden width to itself: a ``Residual`` module, or in a plain MLP
    (Dense, activation, Dense, ..., Dense) an activation followed by a square Dense layer that is
    not the last module. Deleting one leaves a model with the same input and output shapes.

    Returns
    -------
    list of tuples of int, in forward order: ``(i,)`` for a Residual, ``(i, i + 1)`` for a pair.
    """
    modules = list(model)
    blocks = []
    for i, module in enumerate(modules):
        if isinstance(module, Residual):
            blocks.append((i,))
        elif (
            i + 2 < len(modules)
            and not isinstance(module, (Dense, Residual, Sequential))
            and isinstance(modules[i + 1], Dense)
            and modules[i + 1].W.data.shape[0] == modules[i + 1].W.data.shape[1]
        ):
            blocks.append((i, i + 1))
    return blocks


def without_block(model: Sequential, block: int) -> Sequential:
    """A Sequential sharing every module of ``model`` except hidden block number ``block``.

    The modules are shared, not copied: use the result for evaluation only.
    """
    blocks = hidden_blocks(model)
    if not 0 <= block < len(blocks):
        raise ValueError(
            f"without_block: block must be in [0, {len(blocks) - 1}] for a model with "
            f"{len(blocks)} hidden blocks, got {block}"
        )
    dropped = set(blocks[block])
    return Sequential(*[m for i, m in enumerate(model) if i not in dropped])


def lesion_accuracies(model: Sequential, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Accuracy on (X, y) after deleting each hidden block in turn, shape (n_blocks,)."""
    accuracies = []
    for block in range(len(hidden_blocks(model))):
        logits = without_block(model, block).forward(X)
        accuracies.append(float(np.mean(np.argmax(logits, axis=1) == y)))
    return np.array(accuracies)


def identity_padded(model: Sequential, extra_layers: int, activation: str = "relu") -> Sequential:
    """``model`` with ``extra_layers`` (Dense(I, 0), activation) pairs inserted after its last
    activation: for ReLU the result computes exactly the same function, since relu(h) I = h
    for the non-negative h that a ReLU layer outputs.

    Parameters
    ----------
    model : plain MLP (Dense, activation, ..., Dense) whose last module is a Dense layer
    extra_layers : int >= 0
    """
    if extra_layers < 0 or not isinstance(model[len(model) - 1], Dense):
        raise ValueError(
            f"identity_padded: expected a model ending in Dense and extra_layers >= 0, got "
            f"{model!r} and {extra_layers}"
        )
    modules = list(model)
    width = modules[-1].W.data.shape[0]
    padding = []
    for _ in range(extra_layers):
        identity = Dense(width, width, rng=np.random.default_rng(0))
        identity.W.data[...] = np.eye(width)
        identity.b.data[...] = 0.0
        padding += [identity, activations.layer(activation)]
    return Sequential(*modules[:-1], *padding, modules[-1])


def scale_branches(model: Sequential, factor: float) -> Sequential:
    """Multiply the last parametrised layer (``W`` and ``b``) of every Residual branch of
    ``model`` by ``factor``, in place, and return the model.

    A ReLU branch at He scale has the variance of its input, so each block doubles the signal's
    variance; a factor s makes it grow by 1 + s^2 per block instead.
    """
    for module in model:
        if isinstance(module, Residual):
            last = last_parametrised_layer(module.branch)
            last.W.data *= factor
            if getattr(last, "b", None) is not None:
                last.b.data *= factor
    return model
