"""Parameters, modules and containers: the skeleton every layer hangs on.

See chapter 03.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np


class Parameter:
    """A learnable array and the gradient that backward accumulates into it.

    Parameters
    ----------
    data : ndarray
        The value, any shape; stored as float64.

    Attributes
    ----------
    data : ndarray
    grad : ndarray, same shape as ``data``; backward adds into it with ``+=``, so call
        ``zero_grad()`` before each backward pass.
    """

    def __init__(self, data: np.ndarray):
        self.data = np.asarray(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def zero_grad(self) -> None:
        self.grad[...] = 0.0

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape})"


class Module:
    """Base class: ``forward(x)`` caches what ``backward(dy)`` needs; ``backward`` returns dx.

    Subclasses register parameters and sub-modules simply by assigning them as attributes;
    ``parameters()`` finds them in attribute order.
    """

    training: bool = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Accumulate the parameters' gradients and return dx = dL/dx.

        With ``need_input_grad=False`` nothing needs dx (the module is first in its network, as
        PyTorch's inputs without ``requires_grad``): a module may then skip computing it and
        return None. The parameter gradients must be the same either way.
        """
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def children(self) -> list[Module]:
        found = []
        for value in vars(self).values():
            if isinstance(value, Module):
                found.append(value)
            elif isinstance(value, (list, tuple)):
                found.extend(v for v in value if isinstance(v, Module))
        return found

    def parameters(self) -> list[Parameter]:
        """Every Parameter of this module and its children, each once, in definition order."""
        params, seen = [], set()
        for value in vars(self).values():
            if isinstance(value, Parameter) and id(value) not in seen:
                params.append(value)
                seen.add(id(value))
        for child in self.children():
            for p in child.parameters():
                if id(p) not in seen:
                    params.append(p)
                    seen.add(id(p))
        return params

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.zero_grad()

    def train(self) -> Module:
        self.training = True
        for child in self.children():
            child.train()
        return self

    def eval(self) -> Module:
        self.training = False
        for child in self.children():
            child.eval()
        return self


class Sequential(Module):
    """Modules applied in order; backward runs them in reverse.

    Parameters
    ----------
    *modules : Module
    """

    def __init__(self, *modules: Module):
        self.modules = list(modules)

    def forward(self, x: np.ndarray) -> np.ndarray:
        for module in self.modules:
            x = module.forward(x)
        return x

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Backward through every module in reverse; returns dx, or None if not
        ``need_input_grad``, in which case the first module may skip its input gradient (a
        Dense layer then saves the matmul dy W^T, a third of its backward work)."""
        for module in reversed(self.modules[1:]):
            dy = module.backward(dy)
        if not self.modules:
            return dy if need_input_grad else None
        if need_input_grad:
            return self.modules[0].backward(dy)
        backward_without_input_grad(self.modules[0], dy)
        return None

    def __getitem__(self, index: int) -> Module:
        return self.modules[index]

    def __len__(self) -> int:
        return len(self.modules)

    def __iter__(self):
        return iter(self.modules)

    def __repr__(self) -> str:
        inner = ",\n".join(f"  {m!r}" for m in self.modules)
        return f"Sequential(\n{inner}\n)"


@functools.cache
def can_skip_input_grad(module_type: type) -> bool:
    """Whether ``module_type.backward`` takes ``need_input_grad`` (modules written before the
    option, e.g. in a notebook, do not)."""
    return "need_input_grad" in inspect.signature(module_type.backward).parameters


def backward_without_input_grad(module: Module, dy: np.ndarray) -> None:
    """``module.backward(dy)`` for the parameter gradients alone, when nothing needs dL/dx (the
    training loop: the data has no gradient). Skips dx where the module offers
    ``need_input_grad=False``; a module written without the option computes dx, which is dropped.
    """
    if can_skip_input_grad(type(module)):
        module.backward(dy, need_input_grad=False)
    else:
        module.backward(dy)


def count_params(module: Module) -> int:
    """Number of scalar parameters in ``module``."""
    return int(sum(p.data.size for p in module.parameters()))
