"""Instruments of particular chapters, kept apart from the engine that every chapter uses.

- ``probes``: forward/backward probes, per-example gradients, gradient noise, activation memory
  (chapters 11 and 15);
- ``landscapes``: two-parameter loss landscapes and a runner for optimizers
  (chapters 10, 16, 21-23);
- ``expressivity``: ReLU networks built by hand and counts of their linear pieces (chapter 01);
- ``least_squares``: under-determined regression and its minimum-norm solution (chapters 21, 23);
- ``shattering``: input-gradient autocorrelation, lesions, identity padding (chapter 31);
- ``ablation``: the accuracy and loss lost when single hidden units are deleted (chapter 20);
- ``equivariance``: convolution as a Toeplitz matrix, shifts, equivariance errors (chapter 06);
- ``cam``: class activation maps and their peaks (chapter 33);
- ``receptive_field``: receptive-field arithmetic and its empirical check by gradient (chapter 26);
- ``dense_conv``: dense layers as convolutions and back, the costs of classifier heads
  (chapter 28);
- ``pooling``: shift invariance scores, aliasing, blur pooling, L^p pooling (chapters 29, 30);
- ``tuning``: ridge validation and k-fold curves, a toy response surface (chapter 5).

Import them by name, e.g. ``from dlcore.lab import landscapes, probes``.
See chapter 10.
"""

from dlcore.lab import (
    ablation,
    cam,
    dense_conv,
    equivariance,
    expressivity,
    landscapes,
    least_squares,
    pooling,
    probes,
    receptive_field,
    shattering,
    tuning,
    workflow,
)

__all__ = [
    "ablation",
    "cam",
    "equivariance",
    "expressivity",
    "landscapes",
    "least_squares",
    "probes",
    "shattering",
    "tuning",
    "workflow",
]
__all__ += ["receptive_field"]  # chapter 26
__all__ += ["pooling"]  # chapters 29, 30
__all__ += ["dense_conv"]  # chapter 28
