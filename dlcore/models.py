"""Ready-made models built from dlcore layers.

See chapters 01, 03, 11, 31 (residual MLPs), 07 and 34 (``tiny_cnn``).
"""

from __future__ import annotations

import numpy as np

from dlcore import activations
from dlcore.layers import (
    AvgPool2D,
    BatchNorm2d,
    Conv2D,
    Dense,
    Flatten,
    GlobalAvgPool2D,
    GlobalMaxPool2D,
    MaxPool2D,
    Residual,
)
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


CNN_POOLS = ("max", "avg", None)
CNN_HEADS = ("flatten", "gap", "gmp")


def tiny_cnn(
    in_channels: int = 1,
    n_classes: int = 10,
    *,
    channels: tuple[int, ...] = (8, 16),
    kernel_size: int = 3,
    activation: str | None = "relu",
    pool: str | None = "max",
    head: str = "flatten",
    input_size: tuple[int, int] = (8, 8),
    batchnorm: bool = False,
    rng: np.random.Generator | None = None,
) -> Sequential:
    """A small CNN: one block per entry of ``channels``, then a classifier head.

    Each block is Conv2D(k x k, padding k // 2, so the size is kept), [BatchNorm2d], activation,
    [2 x 2 pool of stride 2]. The head is Flatten + Dense ("flatten"), or a global average or max
    pool + Dense ("gap", "gmp"). Every switch removes or swaps one component, for ablations.

    Parameters
    ----------
    in_channels, n_classes : int
        Input channels (1 for grey images) and logits out.
    channels : tuple of int
        Output channels of each conv block, e.g. (8, 16); (8,) is a single conv block.
    kernel_size : int
        Odd kernel size of every convolution.
    activation : str or None
        Name in ``dlcore.activations.ACTIVATIONS`` after every conv (and norm); None for none.
    pool : "max", "avg" or None
        The 2 x 2 pool closing each block, or no pooling.
    head : "flatten", "gap" or "gmp"
    input_size : (H, W)
        The input's spatial size; the flatten head's Dense layer needs it.
    batchnorm : bool
        Put a BatchNorm2d after each conv (the conv then has no bias).
    rng : np.random.Generator
        For every weight; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    Sequential
        Input (N, in_channels, H, W) -> logits (N, n_classes).

    See chapters 07 and 34.
    """
    channels = tuple(channels)
    if not channels or any(int(c) != c or c < 1 for c in channels):
        raise ValueError(f"tiny_cnn: channels must be positive ints, e.g. (8, 16); got {channels}")
    if pool not in CNN_POOLS:
        raise ValueError(f"tiny_cnn: unknown pool {pool!r}; valid: {list(CNN_POOLS)}")
    if head not in CNN_HEADS:
        raise ValueError(f"tiny_cnn: unknown head {head!r}; valid: {list(CNN_HEADS)}")
    if kernel_size < 1 or kernel_size % 2 == 0:
        raise ValueError(f"tiny_cnn: kernel_size must be odd and positive, got {kernel_size}")
    if activation is not None:
        activations.get(activation)  # fail early, with the list of valid names
    rng = np.random.default_rng(0) if rng is None else rng
    height, width = input_size
    modules, c_in = [], in_channels
    for c_out in channels:
        modules.append(
            Conv2D(c_in, c_out, kernel_size, padding=kernel_size // 2, bias=not batchnorm, rng=rng)
        )
        if batchnorm:
            modules.append(BatchNorm2d(c_out))
        if activation is not None:
            modules.append(activations.layer(activation))
        if pool is not None:
            modules.append(MaxPool2D(2) if pool == "max" else AvgPool2D(2))
            height, width = height // 2, width // 2
            if min(height, width) < 1:
                raise ValueError(
                    f"tiny_cnn: {len(channels)} 2x2 pools shrink the input {input_size} to nothing"
                )
        c_in = c_out
    if head == "flatten":
        modules += [Flatten(), Dense(c_in * height * width, n_classes, rng=rng)]
    else:
        global_pool = GlobalAvgPool2D() if head == "gap" else GlobalMaxPool2D()
        modules += [global_pool, Dense(c_in, n_classes, rng=rng)]
    return Sequential(*modules)
