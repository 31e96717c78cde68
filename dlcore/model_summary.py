"""A model's anatomy as a table: each layer's output shape, parameters and multiply-adds.

``summary(model, input_shape)`` runs one forward pass on a zero batch of one example and records,
for every layer of a ``Sequential`` (nested ones are opened), the shape it outputs, the parameters
it holds and the multiply-adds its weights cost per example. ``layer_outputs(model, x)`` keeps the
outputs themselves, for plotting feature maps. See chapter 07.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.nn import Module, Sequential, count_params


@dataclass(frozen=True)
class SummaryRow:
    """One layer of a ``summary``.

    Attributes
    ----------
    name : str
        Position and layer, e.g. ``"2 Conv2D"`` (``"3.1 Dense"`` inside a nested Sequential).
    output_shape : tuple of int
        The layer's output for one example, without the batch dimension, e.g. (8, 8, 8).
    params : int
        Scalar parameters the layer holds.
    mult_adds : int
        Multiply-adds of its weights per example: ``in * out`` for a dense layer, the kernel's
        size times the output's positions for a convolution, 0 for layers without a weight
        array ``W`` (activations, pooling, flattening, normalisation).
    """

    name: str
    output_shape: tuple[int, ...]
    params: int
    mult_adds: int


class ModelSummary:
    """The rows of ``summary`` and their totals; ``str()`` is the printed table.

    Attributes
    ----------
    rows : list of SummaryRow
    input_shape : tuple of int
    total_params, total_mult_adds : int
    """

    def __init__(self, rows: list[SummaryRow], input_shape: tuple[int, ...]):
        self.rows, self.input_shape = rows, input_shape
        self.total_params = sum(r.params for r in rows)
        self.total_mult_adds = sum(r.mult_adds for r in rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index: int) -> SummaryRow:
        return self.rows[index]

    def __str__(self) -> str:
        header = f"{'layer':<22}{'output shape':>16}{'parameters':>13}{'multiply-adds':>16}"
        lines = [header, "-" * len(header)]
        lines.append(f"{'input':<22}{_shape(self.input_shape):>16}{'':>13}{'':>16}")
        for r in self.rows:
            lines.append(
                f"{r.name:<22}{_shape(r.output_shape):>16}{r.params:>13,}{r.mult_adds:>16,}"
            )
        lines.append("-" * len(header))
        lines.append(f"{'total':<22}{'':>16}{self.total_params:>13,}{self.total_mult_adds:>16,}")
        return "\n".join(lines)

    __repr__ = __str__


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _leaves(model: Module, prefix: str = "") -> list[tuple[str, Module]]:
    """(name, module) for every layer, opening nested Sequentials."""
    if not isinstance(model, Sequential):
        return [(f"{prefix or '0'} {type(model).__name__}", model)]
    found = []
    for i, module in enumerate(model):
        position = f"{prefix}.{i}" if prefix else str(i)
        if isinstance(module, Sequential):
            found += _leaves(module, position)
        else:
            found.append((f"{position} {type(module).__name__}", module))
    return found


def mult_adds(module: Module, output_shape: tuple[int, ...]) -> int:
    """Multiply-adds of ``module``'s weight array ``W`` per example.

    Parameters
    ----------
    module : Module
    output_shape : tuple of int
        Its output for one example, without the batch dimension.

    Returns
    -------
    int
        ``W.size`` for a 2-D weight (a dense layer: in * out); for a convolution's weight
        (out, in, *kernel) the kernel's size times the output's positions, ``W.size *
        prod(output_shape[1:])``; 0 if the module has no ``W``.
    """
    weight = getattr(module, "W", None)
    data = getattr(weight, "data", None)
    if not isinstance(data, np.ndarray):
        return 0
    if data.ndim <= 2:
        return int(data.size)
    return int(data.size * np.prod(output_shape[1:], dtype=np.int64))


def _check_shape(input_shape) -> tuple[int, ...]:
    valid = isinstance(input_shape, (tuple, list)) and len(input_shape) > 0
    valid = valid and all(isinstance(s, (int, np.integer)) and s >= 1 for s in input_shape)
    if not valid:
        raise ValueError(
            f"summary: input_shape must be a tuple of positive ints without the batch "
            f"dimension, e.g. (1, 8, 8); got {input_shape!r}"
        )
    return tuple(int(s) for s in input_shape)


def layer_outputs(model: Module, x: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Run ``x`` through ``model`` layer by layer and keep every output.

    Parameters
    ----------
    model : Module
        A Sequential (nested ones are opened) or a single layer.
    x : ndarray, shape (N, ...)
        A batch, as ``model.forward`` takes it.

    Returns
    -------
    list of (name, output)
        One entry per layer, in order; ``output`` has shape (N, ...), e.g. (N, C, H, W) feature
        maps after a convolution. The model's mode (train or eval) is left as it is.
    """
    outputs = []
    for name, module in _leaves(model):
        try:
            x = module.forward(x)
        except ValueError as error:
            raise ValueError(
                f"layer {name} rejected its input of shape {x.shape}: {error}"
            ) from None
        outputs.append((name, x))
    return outputs


def summary(model: Module, input_shape: tuple[int, ...]) -> ModelSummary:
    """The table of a model's layers: output shape, parameters, multiply-adds per example.

    Parameters
    ----------
    model : Module
        A Sequential (nested ones are opened, other containers are one row) or a single layer.
    input_shape : tuple of int
        One example's shape, without the batch dimension: (C, H, W) for images, (D,) for vectors.

    Returns
    -------
    ModelSummary
        ``.rows`` (SummaryRow each), ``.total_params``, ``.total_mult_adds``; ``print`` it for
        the table. The forward pass runs in eval mode on a zero batch of one example, and the
        model's train/eval mode is restored afterwards.

    Raises
    ------
    ValueError
        If ``input_shape`` is not a tuple of positive ints, or a layer rejects the shape it
        receives (the message names the layer).
    """
    shape = _check_shape(input_shape)
    was_training = model.training
    model.eval()
    try:
        outputs = layer_outputs(model, np.zeros((1, *shape)))
    finally:
        model.train() if was_training else model.eval()
    modules = dict(_leaves(model))
    rows = []
    for name, out in outputs:
        module = modules[name]
        out_shape = tuple(int(s) for s in out.shape[1:])
        rows.append(SummaryRow(name, out_shape, count_params(module), mult_adds(module, out_shape)))
    return ModelSummary(rows, shape)
