"""Two-parameter loss landscapes with analytic values and gradients, and a runner for optimizers.

Every landscape is an object with ``value(w)`` and ``grad(w)``. Both accept one point, ``w`` of
shape (2,), or any stack of points, shape (..., 2), such as a grid for a contour plot:
``value`` returns shape (...) (a float for one point) and ``grad`` returns shape (..., 2).
``run_2d`` drives any ``dlcore.optim`` optimizer over a landscape and records the path.

- ``base``: the ``Landscape`` protocol;
- ``quadratics``: quadratic bowls, with or without gradient noise (chapters 16, 23);
- ``surfaces``: double well, logistic regression, Rosenbrock, saddle, Beale (chapters 10, 21, 22);
- ``runner``: ``run_2d``.

Import it as ``from dlcore.lab import landscapes``; every name is available at this level.
See chapters 10 (gradients, double well, logistic regression) and 16 (quadratics, learning rate);
the optimizer chapters (21, 22, 23) use the other landscapes.
"""

from dlcore.lab.landscapes.base import Landscape
from dlcore.lab.landscapes.quadratics import (
    NoisyQuadratic,
    Quadratic,
    hessian_from_eigenvalues,
    ill_conditioned,
    noisy_quadratic,
    quadratic,
    rotation,
    sgd_stationary_variance,
)
from dlcore.lab.landscapes.runner import run_2d
from dlcore.lab.landscapes.surfaces import (
    LANDSCAPES,
    Beale,
    DoubleWell,
    Logistic2Param,
    Rosenbrock,
    Saddle,
    beale,
    double_well,
    logistic_2param,
    rosenbrock,
    saddle,
)

__all__ = [
    "LANDSCAPES",
    "Beale",
    "DoubleWell",
    "Landscape",
    "Logistic2Param",
    "NoisyQuadratic",
    "Quadratic",
    "Rosenbrock",
    "Saddle",
    "beale",
    "double_well",
    "hessian_from_eigenvalues",
    "ill_conditioned",
    "logistic_2param",
    "noisy_quadratic",
    "quadratic",
    "rosenbrock",
    "rotation",
    "run_2d",
    "saddle",
    "sgd_stationary_variance",
]
