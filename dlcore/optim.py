"""Optimizers: each turns the gradients in ``Parameter.grad`` into an update of ``Parameter.data``.

Backprop computes gradients; the optimizer decides the step. Keeping them apart is what lets one
backward pass serve SGD, momentum or Adam alike. See chapters 03, 21 and 22.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlcore.nn import Parameter


class Optimizer:
    """Holds the parameters, a learning rate, and per-parameter state (e.g. velocities).

    Subclasses implement ``update(p, state)`` for one parameter; ``step()`` applies it to all.
    """

    def __init__(self, params: Iterable[Parameter], lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        if lr <= 0:
            raise ValueError(f"{type(self).__name__}: learning rate must be > 0, got {lr}")
        self.lr = lr
        self.state: list[dict] = [{} for _ in self.params]
        self.t = 0  # number of steps taken

    def step(self) -> None:
        self.t += 1
        for p, state in zip(self.params, self.state):
            self.update(p, state)

    def update(self, p: Parameter, state: dict) -> None:
        raise NotImplementedError

    def zero_grad(self) -> None:
        for p in self.params:
            p.zero_grad()


class SGD(Optimizer):
    """Stochastic gradient descent with optional (heavy-ball or Nesterov) momentum.

    g = grad + weight_decay * w;  v <- momentum * v + g;
    w <- w - lr * v            (heavy ball)
    w <- w - lr * (g + momentum * v)   (Nesterov, PyTorch's formulation)
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ):
        super().__init__(params, lr)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"SGD: momentum must lie in [0, 1), got {momentum}")
        if nesterov and momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs momentum > 0")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def update(self, p: Parameter, state: dict) -> None:
        g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
        if self.momentum == 0.0:
            p.data -= self.lr * g
            return
        v = state.get("velocity")
        v = g.copy() if v is None else self.momentum * v + g
        state["velocity"] = v
        p.data -= self.lr * (g + self.momentum * v if self.nesterov else v)


class GD(SGD):
    """Plain gradient descent, w <- w - lr * grad: SGD with no momentum and no weight decay.

    Whether it is "stochastic" depends only on the batch the gradient came from. See chapter 16.
    """

    def __init__(self, params: Iterable[Parameter], lr: float):
        super().__init__(params, lr)


class Adam(Optimizer):
    """Adam: momentum on g (first moment) scaled per coordinate by an EMA of g^2 (second moment).

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
    w <- w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ):
        super().__init__(params, lr)
        if not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"Adam: betas must lie in [0, 1), got {betas}")
        self.betas, self.eps = betas, eps

    def update(self, p: Parameter, state: dict) -> None:
        b1, b2 = self.betas
        if not state:
            state["m"], state["v"] = np.zeros_like(p.data), np.zeros_like(p.data)
        m, v = state["m"], state["v"]
        m *= b1
        m += (1.0 - b1) * p.grad
        v *= b2
        v += (1.0 - b2) * p.grad**2
        m_hat = m / (1.0 - b1**self.t)
        v_hat = v / (1.0 - b2**self.t)
        p.data -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {"gd": GD, "sgd": SGD, "adam": Adam}
