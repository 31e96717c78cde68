"""Scalar reverse-mode automatic differentiation, for teaching: backprop without layers.

- ``value``: ``Value``, one scalar node that computes, defines its local backward and attaches
  it; ``as_value``; ``topo_sort``, the order ``Value.backward`` walks in reverse;
- ``tensors``: object arrays of Values (``tensor``, ``data_of``, ``grad_of``), the graph of a
  dlcore network (``model_graph``) and two losses as Values (``softmax_cross_entropy``, ``mse``).

Every name is importable from ``dlcore.autodiff`` itself. See chapter 08.
"""

from dlcore.autodiff.tensors import (
    ModelGraph,
    data_of,
    grad_of,
    model_graph,
    mse,
    softmax_cross_entropy,
    tensor,
)
from dlcore.autodiff.value import Value, as_value, topo_sort

__all__ = [
    "ModelGraph",
    "Value",
    "as_value",
    "data_of",
    "grad_of",
    "model_graph",
    "mse",
    "softmax_cross_entropy",
    "tensor",
    "topo_sort",
]
