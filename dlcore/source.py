"""Show dlcore source code in a notebook, so the text never drifts from the code that runs.

Each block is headed by the object's public name: the shortest package path that exports it
(``dlcore.layers.Dense``, not the file it lives in, ``dlcore.layers.dense.Dense``).
See chapter 03.
"""

from __future__ import annotations

import inspect
import sys
import textwrap


def public_name(obj) -> str:
    """``package.qualname`` for the shortest enclosing package that exports ``obj``'s top-level
    name as the same object; the defining module otherwise."""
    module, qualname = obj.__module__, obj.__qualname__
    head = qualname.split(".")[0]
    defined = getattr(sys.modules.get(module), head, None)
    parts = module.split(".")
    for end in range(1, len(parts)):
        package = sys.modules.get(".".join(parts[:end]))
        if defined is not None and getattr(package, head, None) is defined:
            return f"{'.'.join(parts[:end])}.{qualname}"
    return f"{module}.{qualname}"


class Source:
    """Source code of functions or classes, rendered as highlighted Python blocks."""

    def __init__(self, *objects):
        self.blocks = [
            (public_name(obj), textwrap.dedent(inspect.getsource(obj)).rstrip()) for obj in objects
        ]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"`{name}`\n\n```python\n{code}\n```\n" for name, code in self.blocks)

    def __repr__(self) -> str:
        return "\n\n".join(code for _, code in self.blocks)


def show_source(*objects) -> Source:
    """``show_source(dlcore.layers.Dense)`` as a cell's last line displays the class's code."""
    return Source(*objects)
