"""Name registries: every knob of the book (activations, initialisers, optimizers, schedules) is
declared once in a dict from name to object, so widgets, tests and text share one list.

See chapter 02.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def lookup(registry: Mapping[str, T], name: str, kind: str) -> T:
    """``registry[name]``, or a ValueError that lists the valid names, e.g.
    "unknown activation 'swish'; valid names: identity, leaky_relu, relu, sigmoid, tanh"."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(registry))
        raise ValueError(f"unknown {kind} {name!r}; valid names: {valid}") from None
