"""Explorers: interactive figures built from a plain update function and declared controls.

- ``controls``: ``Slider`` and ``Choice``, independent of ipywidgets;
- ``explorer``: ``figure``, ``Explorer``, ``explore`` and the ``REGISTRY`` of every explorer;
- ``static``: the explorer as precomputed frames for the web book (it receives the explorer it
  renders and imports nothing of ``explorer``).

Every name is importable from ``dlcore.widgets`` itself, e.g. ``dlcore.widgets.explore``.
See chapter 11.
"""

from dlcore.widgets.controls import Choice, Slider
from dlcore.widgets.explorer import DPI, MAX_FRAMES, REGISTRY, Explorer, explore, figure

__all__ = ["DPI", "MAX_FRAMES", "REGISTRY", "Choice", "Explorer", "Slider", "explore", "figure"]
