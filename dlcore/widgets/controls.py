"""The controls of an explorer, declared independently of ipywidgets: ``Slider`` and ``Choice``.

Each control knows its default, how to sample its range for a sweep (tests, benchmarks), which
values the static web book precomputes, and how to build its ipywidgets counterpart.
See chapter 11.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Slider:
    """A numeric control; ``log=True`` moves in equal steps of log10 (learning rates, scales)."""

    min: float
    max: float
    value: float
    step: float | None = None
    label: str = ""
    log: bool = False
    integer: bool = False
    frames: list | None = None  # values precomputed for the static web book (None: default only)

    def samples(self, n: int) -> list:
        grid = (
            np.geomspace(self.min, self.max, n) if self.log else np.linspace(self.min, self.max, n)
        )
        if self.integer:
            return sorted({int(round(v)) for v in grid})
        return [float(v) for v in grid]

    def static_values(self) -> list:
        values = sorted(set(self.frames or []) | {self.value})
        outside = [v for v in values if not self.min <= v <= self.max]
        if outside:
            raise ValueError(f"Slider: frames {outside} lie outside [{self.min}, {self.max}]")
        return values

    def widget(self, name: str):
        import ipywidgets as w

        description = self.label or name
        style = {"description_width": "initial"}
        if self.integer:
            return w.IntSlider(
                value=int(self.value),
                min=int(self.min),
                max=int(self.max),
                step=int(self.step or 1),
                description=description,
                style=style,
            )
        if self.log:
            return w.FloatLogSlider(
                value=self.value,
                base=10,
                min=np.log10(self.min),
                max=np.log10(self.max),
                step=self.step or 0.05,
                description=description,
                style=style,
                readout_format=".3g",
            )
        return w.FloatSlider(
            value=self.value,
            min=self.min,
            max=self.max,
            step=self.step or (self.max - self.min) / 100,
            description=description,
            style=style,
            readout_format=".3g",
        )


@dataclass
class Choice:
    """A dropdown over named options."""

    options: list
    value: Any = None
    label: str = ""
    frames: list | None = None  # options precomputed for the static web book (None: default only)

    def __post_init__(self):
        if self.value is None:
            self.value = self.options[0]
        if self.value not in self.options:
            raise ValueError(f"Choice: default {self.value!r} is not among {self.options}")

    def samples(self, n: int) -> list:
        return list(self.options)

    def static_values(self) -> list:
        values = self.frames or [self.value]
        unknown = [v for v in values if v not in self.options]
        if unknown:
            raise ValueError(f"Choice: frames {unknown} are not among {self.options}")
        return values if self.value in values else [self.value, *values]

    def widget(self, name: str):
        import ipywidgets as w

        return w.Dropdown(options=self.options, value=self.value, description=self.label or name)
