"""Layers with hand-written forward and backward passes, one module per family.

- ``dense``: ``Dense``, the fully connected layer (chapter 03).

Convolution, pooling, normalisation, dropout, recurrent and residual layers will each get their
own module here (``conv.py``, ``pool.py``, ``norm.py``, ``dropout.py``, ``recurrent.py``,
``residual.py``) and be re-exported below, so every layer is importable as ``dlcore.layers.X``.
Activation layers live in ``dlcore.activations``. See chapter 03.
"""

from dlcore.layers.dense import Dense
from dlcore.layers.dropout import Dropout
from dlcore.layers.norm import BatchNorm1d, LayerNorm
from dlcore.layers.residual import Residual
from dlcore.layers.weightnorm import WeightNormDense

__all__ = ["Dense"]
__all__ += ["BatchNorm1d", "LayerNorm", "Residual"]  # chapter 12
__all__ += ["Dropout"]  # chapter 20
__all__ += ["WeightNormDense"]  # chapter 19
