"""Ready-made models built from dlcore layers. See chapters 01, 03 and 11."""

from __future__ import annotations

import numpy as np

from dlcore import activations
from dlcore.layers import Dense
from dlcore.nn import Sequential


def mlp(
    sizes: list[int],
    activation: str = "relu",
    *,
    init: str = "he",
    init_kwargs: dict | None = None,
    bias_std: float = 0.0,
    rng: np.random.Generator | None = None,
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
    """
    if len(sizes) < 2:
        raise ValueError(f"mlp needs at least input and output sizes, got {sizes}")
    activations.get(activation)  # fail early, with the list of valid names
    rng = np.random.default_rng(0) if rng is None else rng
    modules = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        dense = Dense(n_in, n_out, init=init, rng=rng, init_kwargs=init_kwargs)
        if bias_std:
            dense.b.data[:] = rng.normal(0.0, bias_std, size=n_out)
        modules.append(dense)
        if i < len(sizes) - 2:
            modules.append(activations.layer(activation))
    return Sequential(*modules)
