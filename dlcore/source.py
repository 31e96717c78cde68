"""Show dlcore source code in a notebook, so the text never drifts from the code that runs."""

from __future__ import annotations

import inspect
import textwrap


class Source:
    """Source code of functions or classes, rendered as highlighted Python blocks."""

    def __init__(self, *objects):
        self.blocks = [
            (
                f"{obj.__module__}.{obj.__qualname__}",
                textwrap.dedent(inspect.getsource(obj)).rstrip(),
            )
            for obj in objects
        ]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"`{name}`\n\n```python\n{code}\n```\n" for name, code in self.blocks)

    def __repr__(self) -> str:
        return "\n\n".join(code for _, code in self.blocks)


def show_source(*objects) -> Source:
    """``show_source(dlcore.layers.Dense)`` as a cell's last line displays the class's code."""
    return Source(*objects)
