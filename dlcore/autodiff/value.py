"""Scalar reverse-mode automatic differentiation: a computational graph of ``Value`` nodes.

Every arithmetic operation on a ``Value`` does three things, always in the same order: it
computes its result, defines how to send an adjoint back to its inputs (its *local* backward),
and attaches that function to the result. ``Value.backward()`` then visits the graph in reverse
topological order, so that each node's adjoint

    v_bar_i = sum over children j of  v_bar_j * dv_j/dv_i

is complete before it is passed on. This is backpropagation with nothing specific to neural
networks in it; ``dlcore.autodiff.tensors`` builds the graph of a dlcore ``Sequential`` scalar by
scalar, so the tests and chapter 08 can compare it with the layers' hand-written backward passes.
Used for teaching only: one Python object per scalar is far too slow for training. See chapter 08.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from dlcore import activations


class Value:
    """One scalar node of a computational graph: its value, its adjoint, and where it came from.

    Parameters
    ----------
    data : real number (a Python or numpy scalar), finite
    parents : tuple of Value, the operands this node was computed from (empty for a leaf)
    op : str, the operation's symbol, e.g. "*" or "tanh" ("" for a leaf)
    label : str, a name for drawings, e.g. "w1" (optional)

    Attributes
    ----------
    data : float, the forward value v_i
    grad : float, the adjoint v_bar_i = dL/dv_i, filled in by ``L.backward()``

    See chapter 08.
    """

    __slots__ = ("data", "grad", "parents", "op", "label", "_backward")

    def __init__(self, data, parents: tuple[Value, ...] = (), op: str = "", label: str = ""):
        if type(data) is not float:
            data = _to_float(data)
        if not math.isfinite(data):
            raise ValueError(f"Value: data must be finite, got {data} (from op {op!r})")
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.op = op
        self.label = label
        self._backward = _no_backward

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # Binary operations: compute, define the local backward, attach.

    def __add__(self, other) -> Value:
        other = as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad  # d(a + b)/da = 1
            other.grad += out.grad  # d(a + b)/db = 1

        out._backward = _backward
        return out

    def __sub__(self, other) -> Value:
        other = as_value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad  # d(a - b)/db = -1

        out._backward = _backward
        return out

    def __mul__(self, other) -> Value:
        other = as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad  # d(ab)/da = b
            other.grad += self.data * out.grad  # d(ab)/db = a

        out._backward = _backward
        return out

    def __truediv__(self, other) -> Value:
        other = as_value(other)
        if other.data == 0.0:
            raise ValueError(f"Value.__truediv__: division by zero ({self.data} / 0)")
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data  # d(a/b)/da = 1/b
            other.grad -= out.data / other.data * out.grad  # d(a/b)/db = -a/b^2

        out._backward = _backward
        return out

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise ValueError(
                f"Value.__pow__: the exponent must be a constant real number, got "
                f"{type(exponent).__name__}"
            )
        k = float(exponent)
        if self.data == 0.0 and k < 0:
            raise ValueError(f"Value.__pow__: 0 ** {k} is undefined")
        if self.data < 0.0 and not k.is_integer():
            raise ValueError(f"Value.__pow__: {self.data} ** {k} is not a real number")
        out = Value(self.data**k, (self,), f"^{k:g}")

        def _backward():
            self.grad += k * self.data ** (k - 1.0) * out.grad  # d(a^k)/da = k a^(k-1)

        out._backward = _backward
        return out

    # Unary operations.

    def __neg__(self) -> Value:
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        if self.data > _EXP_MAX:
            raise ValueError(f"Value.exp: exp({self.data}) overflows float64")
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad  # d e^a/da = e^a

        out._backward = _backward
        return out

    def log(self) -> Value:
        if self.data <= 0.0:
            raise ValueError(f"Value.log: the argument must be > 0, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data  # d log a/da = 1/a

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data**2) * out.grad  # tanh' = 1 - tanh^2

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        out = Value(float(activations.sigmoid(self.data)), (self,), "σ")

        def _backward():
            self.grad += out.data * (1.0 - out.data) * out.grad  # sigma' = sigma (1 - sigma)

        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            if self.data > 0.0:  # subgradient 0 at the kink, as activations.relu_grad
                self.grad += out.grad

        out._backward = _backward
        return out

    # Reflected operations, so a plain number may stand on the left: 2 * x, 1 - x, 1 / x.

    def __radd__(self, other) -> Value:
        return as_value(other) + self

    def __rsub__(self, other) -> Value:
        return as_value(other) - self

    def __rmul__(self, other) -> Value:
        return as_value(other) * self

    def __rtruediv__(self, other) -> Value:
        return as_value(other) / self

    # The backward pass.

    def backward(self) -> list[Value]:
        """Fill in ``grad`` = d(self)/d(node) for every node of the graph that ends in ``self``.

        Adjoints start from zero on every call (the seed is d self/d self = 1), then each node,
        in reverse topological order, adds its contribution to its parents' adjoints. No
        ``data`` is changed. Returns the nodes in topological order (leaves first).
        """
        order = topo_sort(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        return order


_EXP_MAX = math.log(np.finfo(np.float64).max)


def _no_backward() -> None:
    """A leaf has no parents to pass its adjoint to."""


def _to_float(data) -> float:
    if isinstance(data, Value):
        raise ValueError("Value: data must be a number; the argument is already a Value")
    if np.ndim(data) != 0:
        raise ValueError(
            f"Value: data must be a real scalar, got an array of shape {np.shape(data)}"
        )
    if not isinstance(data, (Real, np.number, np.ndarray)) or np.iscomplexobj(data):
        raise ValueError(f"Value: data must be a real scalar, got {type(data).__name__}")
    return float(data)


def as_value(x) -> Value:
    """``x`` itself if it is a Value, otherwise a constant leaf labelled with its value."""
    if isinstance(x, Value):
        return x
    data = _to_float(x)
    return Value(data, label=f"{data:g}")


def topo_sort(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, each once, every node after all its parents.

    Parameters
    ----------
    root : Value, the output of the graph (usually the loss)

    Returns
    -------
    list of Value, leaves first and ``root`` last: the order of the forward computation, which
    backward walks in reverse. Iterative depth-first search, so deep graphs do not hit Python's
    recursion limit. See chapter 08.
    """
    if not isinstance(root, Value):
        raise ValueError(f"topo_sort: root must be a Value, got {type(root).__name__}")
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)  # all of its parents are already in `order`
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(node.parents) if id(p) not in visited)
    return order
