"""dlcore: the from-scratch numpy library behind the book.

Every chapter imports it as ``import dlcore``. Layers have hand-written ``forward`` and
``backward`` methods, arrays are float64 and batch-first, and everything random takes an
explicit ``rng: np.random.Generator``.

The engine every chapter uses sits at the top: ``nn`` (Parameter, Module, Sequential),
``activations``, ``init``, ``losses``, ``autodiff``, ``gradcheck``, ``registry``, ``models``,
``train`` and ``show_source``. The families that grow are sub-packages: ``layers``, ``optim``
(with ``optim.schedules``), ``data``, ``viz`` and ``widgets``. Instruments of particular chapters
(probes, loss landscapes, expressivity, least squares) live apart, in ``lab``.
See chapter 03.
"""

from dlcore import (  # noqa: I001
    activations,
    autodiff,
    data,
    gradcheck,
    init,
    lab,
    layers,
    losses,
    models,
    nn,
    optim,
    selection,
    regularization,
    train,
    viz,
    widgets,
)
from dlcore.source import show_source
from dlcore import gan  # chapters 39, 40
from dlcore.model_summary import summary  # chapter 07

__version__ = "0.1.0"

__all__ = [
    "activations",
    "autodiff",
    "data",
    "gradcheck",
    "init",
    "lab",
    "layers",
    "losses",
    "models",
    "nn",
    "optim",
    "selection",
    "regularization",
    "train",
    "viz",
    "widgets",
    "show_source",
    "gan",
    "summary",
]
