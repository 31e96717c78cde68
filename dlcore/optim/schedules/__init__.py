"""Learning-rate schedules: pure functions of the step number t.

Each schedule maps ``t`` (an int, or an array of them: t = 0 is the first step) to a learning rate,
with every other argument fixed by keyword. A scalar ``t`` gives a float, an array gives an array
of the same shape, so one call draws a whole curve::

    lr = schedules.cosine(np.arange(1000), lr=0.1, total_steps=1000)

To drive training, fix the arguments and set the optimizer's learning rate before each step,
``opt.lr = schedule(opt.t)``; ``make("cosine", lr=0.1, total_steps=1000)`` returns such a function
and ``dlcore.train.fit(..., schedule=...)`` calls it for you. ``SCHEDULES`` maps names to the
functions. The schedules themselves live in ``decays`` and ``cycles``. See chapters 17, 23
and 24.
"""

from __future__ import annotations

from collections.abc import Callable

from dlcore.optim.schedules.cycles import (
    cyclic_triangular,
    linear_warmup,
    one_cycle,
    sgdr,
    warmup_cosine,
)
from dlcore.optim.schedules.decays import (
    constant,
    cosine,
    exponential_decay,
    inverse_time,
    linear_decay,
    step_decay,
)
from dlcore.registry import lookup

SCHEDULES: dict[str, Callable] = {
    "constant": constant,
    "step_decay": step_decay,
    "exponential_decay": exponential_decay,
    "linear_decay": linear_decay,
    "inverse_time": inverse_time,
    "cosine": cosine,
    "linear_warmup": linear_warmup,
    "warmup_cosine": warmup_cosine,
    "cyclic_triangular": cyclic_triangular,
    "sgdr": sgdr,
    "one_cycle": one_cycle,
}


def get(name: str) -> Callable:
    """Look up a schedule function by name; an unknown name raises ValueError listing valid ones."""
    return lookup(SCHEDULES, name, "schedule")


def make(name: str, **params) -> Callable:
    """The schedule ``name`` with its parameters fixed: a function t -> eta_t.

    ``make("cosine", lr=0.1, total_steps=1000)(t)`` equals ``cosine(t, lr=0.1, total_steps=1000)``.
    The parameters are checked at once (by evaluating t = 0), so a mistake fails here rather
    than in the middle of training. See chapter 24.
    """
    fn = get(name)
    try:
        fn(0, **params)
    except TypeError as error:
        raise ValueError(f"{name}: bad parameters {params}: {error}") from None

    def schedule(t):
        return fn(t, **params)

    schedule.__name__ = name
    schedule.__doc__ = f"{name}(t, {', '.join(f'{k}={v!r}' for k, v in params.items())})"
    return schedule
