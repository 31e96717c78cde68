"""Layers with hand-written forward and backward passes, one module per family, all importable
as ``dlcore.layers.X``:

- ``dense``: ``Dense`` (chapter 03); ``weightnorm``: ``WeightNormDense`` (chapter 19);
- ``norm``: ``BatchNorm1d``, ``BatchNorm2d``, ``LayerNorm`` (chapters 12 and 25);
- ``dropout``: ``Dropout`` (chapter 20);
- ``residual``: ``Residual`` (chapter 12); ``resblock``: ``ResidualBlock`` (chapter 32);
- ``conv``: ``Conv2D`` as im2col + GEMM (chapter 25), with ``conv_reference``, the naive loops
  the tests compare it with; ``conv1d``: ``Conv1D`` (chapter 06);
- ``pool``: ``MaxPool2D``, ``AvgPool2D``, the global pools and ``Flatten`` (chapters 25, 29, 30);
- ``recurrent``: ``RNN`` and the sequence helpers (chapters 35 and 36); ``lstm``: ``LSTM``
  (chapters 37 and 38).

Activation layers live in ``dlcore.activations``. See chapter 03.
"""

from dlcore.layers.conv import Conv2D, conv2d, conv2d_output_size, pad
from dlcore.layers.conv1d import Conv1D, conv1d
from dlcore.layers.dense import Dense
from dlcore.layers.dropout import Dropout
from dlcore.layers.lstm import LSTM, GateTrace, HiddenForgetLSTM
from dlcore.layers.norm import BatchNorm1d, BatchNorm2d, LayerNorm
from dlcore.layers.pool import AvgPool2D, Flatten, GlobalAvgPool2D, GlobalMaxPool2D, MaxPool2D
from dlcore.layers.recurrent import RNN, LastStep, TimeDistributed
from dlcore.layers.resblock import ResidualBlock, tiny_resnet
from dlcore.layers.residual import Residual
from dlcore.layers.weightnorm import WeightNormDense

__all__ = ["Dense"]
__all__ += ["BatchNorm1d", "LayerNorm", "Residual"]  # chapter 12
__all__ += ["Dropout"]  # chapter 20
__all__ += ["LSTM", "GateTrace", "HiddenForgetLSTM"]  # chapters 37, 38
__all__ += ["WeightNormDense"]  # chapter 19
__all__ += ["RNN", "TimeDistributed", "LastStep"]  # chapters 35, 36
__all__ += ["Conv1D", "conv1d"]  # chapter 06
__all__ += ["Conv2D", "conv2d", "conv2d_output_size", "pad"]  # chapter 25
__all__ += ["MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "GlobalMaxPool2D", "Flatten"]  # chapter 25
__all__ += ["BatchNorm2d"]  # chapter 25
__all__ += ["ResidualBlock", "tiny_resnet"]  # chapter 32
