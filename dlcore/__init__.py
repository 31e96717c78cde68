"""dlcore: the from-scratch numpy library behind the book.

Every chapter imports it as ``import dlcore``. Layers have hand-written ``forward`` and
``backward`` methods, arrays are float64 and batch-first, and everything random takes an
explicit ``rng: np.random.Generator``.
"""

from dlcore import (  # noqa: I001
    activations,
    autodiff,
    data,
    diagnostics,
    expressivity,
    gradcheck,
    init,
    layers,
    losses,
    models,
    nn,
    optim,
    regression,
    schedules,
    toys,
    train,
    viz,
    widgets,
)
from dlcore.source import show_source

__version__ = "0.1.0"

__all__ = [
    "activations",
    "autodiff",
    "data",
    "diagnostics",
    "expressivity",
    "gradcheck",
    "init",
    "layers",
    "losses",
    "models",
    "nn",
    "optim",
    "regression",
    "schedules",
    "toys",
    "train",
    "viz",
    "widgets",
    "show_source",
]
