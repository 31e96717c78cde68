"""Ready-made models built from dlcore layers. See chapters 01, 03, 11 and 31 (residual MLPs)."""

from __future__ import annotations

import numpy as np

from dlcore import activations
from dlcore.layers import Dense, Residual
from dlcore.nn import Sequential


def mlp(
    sizes: list[int],
    activation: str = "relu",
    *,
    init: str = "he",
    init_kwargs: dict | None = None,
    bias_std: float = 0.0,
    rng: np.random.Generator | None = None,
    residual: bool = False,
    zero_init: bool = False,
) -> Sequential:
    """A multilayer perceptron: Dense, activation, ..., Dense (no activation after the last).

    Parameters
    ----------
    sizes : list of int
        Layer widths from input to output, e.g. [2, 16, 16, 3].
    activation : str
        Name in ``dlcore.activations.ACTIVATIONS``.
    init, init_kwargs : weight initialiser name (``dlcore.init``) and its extra arguments.
    bias_std : float
        Biases are drawn from N(0, bias_std^2); 0 gives the usual zero biases.
    residual, zero_init : bool
        If ``residual``, every hidden-to-hidden layer becomes a block
        ``Residual(Sequential(activation, Dense(D, D)), zero_init=zero_init)``, so the model is
        Dense, block, ..., block, activation, Dense with as many Dense layers as the plain one.
        The hidden widths must then be equal. See chapter 31.
    """
    if len(sizes) < 2:
        raise ValueError(f"mlp needs at least input and output sizes, got {sizes}")
    activations.get(activation)  # fail early, with the list of valid names
    if residual and len(set(sizes[1:-1])) > 1:
        raise ValueError(f"mlp(residual=True) needs equal hidden widths, got {sizes}")
    if zero_init and not residual:
        raise ValueError("mlp: zero_init applies to residual blocks only; pass residual=True")
    rng = np.random.default_rng(0) if rng is None else rng
    modules = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        dense = Dense(n_in, n_out, init=init, rng=rng, init_kwargs=init_kwargs)
        if bias_std:
            dense.b.data[:] = rng.normal(0.0, bias_std, size=n_out)
        modules.append(dense)
        is_hidden_to_hidden = 0 < i < len(sizes) - 2
        if residual and is_hidden_to_hidden:
            branch = Sequential(modules.pop(-2), modules.pop())  # activation, then this Dense
            modules.append(Residual(branch, zero_init=zero_init))
        if i < len(sizes) - 2:
            modules.append(activations.layer(activation))
    return Sequential(*modules)
