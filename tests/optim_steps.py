"""Helpers shared by the optimizer tests: one scalar weight, stepped with given gradients."""

import numpy as np

from dlcore.nn import Parameter


def scalar_param(value=1.0):
    return Parameter(np.array([value]))


def take_steps(opt, p, grads):
    """Set p.grad to each gradient in turn, take a step, and return the weight after each."""
    values = []
    for g in grads:
        p.grad[:] = g
        opt.step()
        values.append(float(p.data[0]))
    return values
