"""Optimizers: each turns the gradients in ``Parameter.grad`` into an update of ``Parameter.data``.

Backprop computes gradients; the optimizer decides the step. Keeping them apart is what lets one
backward pass serve SGD, momentum or Adam alike. Every optimizer keeps its learning rate in the
attribute ``lr``, which a schedule may change between steps (``opt.lr = schedule(opt.t)``; see
``dlcore.optim.schedules``), and its per-parameter memory (velocities, moment estimates) in
``state``.
Gradient clipping (``dlcore.optim.clip``) acts on the gradients before a step.
See chapters 03, 21 and 22.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from dlcore.nn import Parameter
from dlcore.registry import lookup


class Optimizer:
    """Holds the parameters, a learning rate, and per-parameter state (e.g. velocities).

    Subclasses implement ``update(p, state)`` for one parameter; ``step()`` applies it to all.

    Attributes
    ----------
    params : list of Parameter
    lr : float
        The learning rate of the next step. Must be > 0 at construction; a schedule may set it to
        any finite value >= 0 between steps (a warmup or a decay may start or end at 0).
    state : list of dict, one per parameter (moment estimates, velocities, ...)
    t : int
        Number of steps taken so far (Adam's bias correction uses it).
    """

    def __init__(self, params: Iterable[Parameter], lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        if not lr > 0:
            raise ValueError(f"{type(self).__name__}: learning rate must be > 0, got {lr}")
        self.lr = lr
        self.state: list[dict] = [{} for _ in self.params]
        self.t = 0  # number of steps taken
        self._scratch: dict[int, np.ndarray] = {}  # see scratch()

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(
                f"{type(self).__name__}: learning rate must be finite and >= 0, got {value}"
            )
        self._lr = value

    def step(self) -> None:
        self.t += 1
        for p, state in zip(self.params, self.state):
            self.update(p, state)

    def update(self, p: Parameter, state: dict) -> None:
        raise NotImplementedError

    def scratch(self, p: Parameter) -> np.ndarray:
        """Working memory shaped like ``p``, reused every step: updates are elementwise and
        memory-bound, so they write into it instead of allocating temporaries. It is not state:
        it carries nothing from one step to the next."""
        buffer = self._scratch.get(id(p))
        if buffer is None:
            buffer = self._scratch[id(p)] = np.empty_like(p.data)
        return buffer

    def zero_grad(self) -> None:
        for p in self.params:
            p.zero_grad()


def _check_unit_interval(owner: str, name: str, value: float) -> None:
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{owner}: {name} must lie in [0, 1), got {value}")


def _check_non_negative(owner: str, name: str, value: float) -> None:
    if not value >= 0.0:
        raise ValueError(f"{owner}: {name} must be >= 0, got {value}")


class SGD(Optimizer):
    """Stochastic gradient descent with optional (heavy-ball or Nesterov) momentum.

    g = grad + weight_decay * w;  v <- momentum * v + g;
    w <- w - lr * v            (heavy ball)
    w <- w - lr * (g + momentum * v)   (Nesterov, PyTorch's formulation)

    The first step sets v = g. See chapter 22.
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
        _check_unit_interval("SGD", "momentum", momentum)
        _check_non_negative("SGD", "weight_decay", weight_decay)
        if nesterov and momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs momentum > 0")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def update(self, p: Parameter, state: dict) -> None:
        g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
        step = self.scratch(p)
        if self.momentum == 0.0:
            p.data -= np.multiply(g, self.lr, out=step)  # w <- w - lr g
            return
        v = state.get("velocity")
        if v is None:
            v = state["velocity"] = g.copy()
        else:
            v *= self.momentum
            v += g  # v <- momentum v + g
        if self.nesterov:
            np.multiply(v, self.momentum, out=step)
            step += g
            step *= self.lr  # lr (g + momentum v)
        else:
            np.multiply(v, self.lr, out=step)  # lr v
        p.data -= step


class GD(SGD):
    """Plain gradient descent, w <- w - lr * grad: SGD with no momentum and no weight decay.

    Whether it is "stochastic" depends only on the batch the gradient came from. See chapter 16.
    """

    def __init__(self, params: Iterable[Parameter], lr: float):
        super().__init__(params, lr)


class AdaGrad(Optimizer):
    """AdaGrad: each coordinate's step is divided by the root of its summed squared gradients.

    G <- G + g^2;  w <- w - lr * g / (sqrt(G) + eps)

    G only grows, so the effective step lr / sqrt(G) only shrinks: good for sparse gradients,
    too timid for long non-convex runs (RMSProp forgets old gradients instead). The first step
    is lr * sign(g). See chapter 22.
    """

    def __init__(self, params: Iterable[Parameter], lr: float, eps: float = 1e-10):
        super().__init__(params, lr)
        _check_non_negative("AdaGrad", "eps", eps)
        self.eps = eps

    def update(self, p: Parameter, state: dict) -> None:
        if not state:
            state["sum_sq"] = np.zeros_like(p.data)
        state["sum_sq"] += p.grad**2
        p.data -= self.lr * p.grad / (np.sqrt(state["sum_sq"]) + self.eps)


class RMSProp(Optimizer):
    """RMSProp: divide by the root of an exponential moving average of squared gradients.

    v <- alpha v + (1 - alpha) g^2;  d = g / (sqrt(v) + eps)
    w <- w - lr * d                          (momentum = 0)
    b <- momentum * b + d;  w <- w - lr * b  (momentum > 0, PyTorch's formulation)

    v starts at 0 with no bias correction (as in PyTorch), so the first step is
    lr * sign(g) / sqrt(1 - alpha), 10 lr for alpha = 0.99. See chapter 22.
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
    ):
        super().__init__(params, lr)
        _check_unit_interval("RMSProp", "alpha", alpha)
        _check_unit_interval("RMSProp", "momentum", momentum)
        _check_non_negative("RMSProp", "eps", eps)
        self.alpha, self.eps, self.momentum = alpha, eps, momentum

    def update(self, p: Parameter, state: dict) -> None:
        if not state:
            state["square_avg"] = np.zeros_like(p.data)
            if self.momentum:
                state["buffer"] = np.zeros_like(p.data)
        v = state["square_avg"]
        v *= self.alpha
        v += (1.0 - self.alpha) * p.grad**2
        direction = p.grad / (np.sqrt(v) + self.eps)
        if self.momentum:
            state["buffer"] *= self.momentum
            state["buffer"] += direction
            direction = state["buffer"]
        p.data -= self.lr * direction


class Adam(Optimizer):
    """Adam: momentum on g (first moment) scaled per coordinate by an EMA of g^2 (second moment).

    g = grad + weight_decay * w  (L2 added to the gradient, as in PyTorch's Adam; default 0)
    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
    w <- w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).

    With ``bias_correction=False``, m_hat = m and v_hat = v: the first step is then
    lr (1 - b1) / sqrt(1 - b2) sign(g), about 3.16 lr for the default betas, instead of
    lr sign(g). See chapter 22.
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        bias_correction: bool = True,
    ):
        super().__init__(params, lr)
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"{type(self).__name__}: betas must lie in [0, 1), got {betas}")
        _check_non_negative(type(self).__name__, "eps", eps)
        _check_non_negative(type(self).__name__, "weight_decay", weight_decay)
        self.betas, self.eps = tuple(betas), eps
        self.weight_decay, self.bias_correction = weight_decay, bias_correction

    def update(self, p: Parameter, state: dict) -> None:
        g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
        self._adam_step(p, state, g)

    def _adam_step(self, p: Parameter, state: dict, g: np.ndarray) -> None:
        b1, b2 = self.betas
        if not state:
            state["m"], state["v"] = np.zeros_like(p.data), np.zeros_like(p.data)
        m, v = state["m"], state["v"]
        scratch = self.scratch(p)
        # The update is elementwise and memory-bound, so every operation works in place.
        m *= b1
        m += np.multiply(g, 1.0 - b1, out=scratch)  # m <- b1 m + (1 - b1) g
        v *= b2
        np.multiply(g, g, out=scratch)
        scratch *= 1.0 - b2
        v += scratch  # v <- b2 v + (1 - b2) g^2
        c1, c2 = (1.0 - b1**self.t, 1.0 - b2**self.t) if self.bias_correction else (1.0, 1.0)
        # lr m_hat / (sqrt(v_hat) + eps) = (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)
        np.sqrt(v, out=scratch)
        scratch *= 1.0 / math.sqrt(c2)
        scratch += self.eps
        np.divide(m, scratch, out=scratch)
        scratch *= self.lr / c1
        p.data -= scratch


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), as in PyTorch.

    w <- w - lr * weight_decay * w, then the Adam step on the raw gradient.

    With plain Adam an L2 term in the gradient is divided by sqrt(v_hat) like everything else,
    so weights with large gradients are barely decayed; decoupling shrinks every weight by the
    same factor (1 - lr * weight_decay). See chapters 19 and 22.
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        bias_correction: bool = True,
    ):
        super().__init__(params, lr, betas, eps, weight_decay, bias_correction)

    def update(self, p: Parameter, state: dict) -> None:
        p.data *= 1.0 - self.lr * self.weight_decay
        self._adam_step(p, state, p.grad)


OPTIMIZERS = {
    "gd": GD,
    "sgd": SGD,
    "adagrad": AdaGrad,
    "rmsprop": RMSProp,
    "adam": Adam,
    "adamw": AdamW,
}


def get(name: str) -> type[Optimizer]:
    """Look up an optimizer class by name; an unknown name raises ValueError listing valid ones."""
    return lookup(OPTIMIZERS, name, "optimizer")
