"""dlcore throughput against the BLAS bound, with PyTorch as a reference where it is installed.

The bound is the time of the matrix multiplications the step needs, run back to back on arrays
of the same shapes: whatever else the step does (activations, the loss, the optimizer, Python)
comes on top, so the ratio step / matmuls says how close the teaching code is to what numpy could
do at best. "Needs" is literal: the first layer's input gradient dy W^T is not in the bound,
because nothing upstream of the input uses it (PyTorch skips it for inputs that need no gradient,
and so does dlcore, ``backward(dy, need_input_grad=False)``).

Timings are medians over many repetitions after a warm-up, every contender timed in turn within
each repetition (round robin), so a busy moment of a shared machine slows all of them alike.
"""

from __future__ import annotations

import os
import time

import numpy as np

from dlcore import losses, models, optim
from dlcore.layers import Dense


def round_robin_ms(fns: dict, repeats: int = 200, warmup: int = 20) -> dict:
    """Median milliseconds of each function, timed in turn within every repetition.

    Timing the step and its bound in alternation, rather than one after the other, exposes both
    to the same moments of a shared machine: another process that slows one slows the other, so
    their ratio holds where two separate medians would not.
    """
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: 1e3 * float(np.median(t)) for name, t in times.items()}


def torch_or_none():
    """PyTorch if the optional benchmark extra is installed (``pip install -e .[bench]``)."""
    # PyTorch's OpenMP threads spin after each call by default, taking the cores from whatever
    # is timed next (dlcore, or the bound); told to sleep instead, they leave them alone. This
    # must be set before the first import.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
    except ImportError:
        return None
    return torch


def mlp_step(sizes=(784, 256, 256, 10), batch: int = 128, seed: int = 0) -> dict:
    """An MLP training step (softmax cross-entropy, Adam), phase by phase, against the matmuls it
    needs: per Dense layer x W forward and x^T dy backward, and dy W^T for every layer but the
    first. PyTorch's float64 step on the same shapes, if installed, is timed against the same
    bound in the same run (``torch_reference``)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, sizes[0]))
    y = rng.integers(0, sizes[-1], size=batch)
    model = models.mlp(list(sizes), "relu", rng=rng)
    adam = optim.Adam(model.parameters(), lr=1e-3)
    sgd = optim.SGD(model.parameters(), lr=1e-3)

    def forward():
        model.forward(X)

    def forward_backward():
        model.zero_grad()
        _, dlogits = losses.softmax_cross_entropy(model.forward(X), y)
        model.backward(dlogits, need_input_grad=False)  # as train.fit: X needs no gradient

    def step():
        forward_backward()
        adam.step()

    def sgd_step():
        forward_backward()
        sgd.step()

    dense = [m for m in model if isinstance(m, Dense)]
    inputs = [rng.normal(size=(batch, d.in_features)) for d in dense]
    grads = [rng.normal(size=(batch, d.out_features)) for d in dense]

    def matmuls():
        for i, (d, x, dy) in enumerate(zip(dense, inputs, grads)):
            x @ d.W.data  # forward
            x.T @ dy  # dW
            if i:  # dx, except for the input
                dy @ d.W.data.T

    ms = round_robin_ms(
        {"step": step, "fb": forward_backward, "fwd": forward, "mm": matmuls, "sgd": sgd_step}
    )
    mm = ms["mm"]
    result = {
        "shape": "-".join(map(str, sizes)),
        "batch": batch,
        "matmul_ms": mm,
        "forward_ms": ms["fwd"],
        "backward_ms": ms["fb"] - ms["fwd"],
        "update_ms": ms["step"] - ms["fb"],
        "step_ms": ms["step"],
        "forward_backward_ms": ms["fb"],
        "sgd_step_ms": ms["sgd"],
        "step_ratio": ms["step"] / mm,
        "forward_backward_ratio": ms["fb"] / mm,
        "sgd_step_ratio": ms["sgd"] / mm,
    }
    torch = torch_or_none()
    if torch is not None:
        result.update(torch_reference(torch, _torch_mlp_step(torch, X, y, dense), matmuls))
    return result


def torch_reference(torch, torch_step, bound) -> dict:
    """PyTorch's step against the same bound, in a round robin of their own: PyTorch's OpenMP
    threads keep spinning for a while after each call, and timed in turn with dlcore they would
    slow whatever runs next."""
    ms = round_robin_ms({"torch": torch_step, "bound": bound}, repeats=100, warmup=10)
    return {
        "torch_step_ms": ms["torch"],
        "torch_step_ratio": ms["torch"] / ms["bound"],
        "torch_version": torch.__version__,
    }


def _torch_mlp_step(torch, X, y, dense):
    """PyTorch's float64 training step on the same shapes and weights (Adam, fused off)."""
    layers = []
    for i, d in enumerate(dense):
        linear = torch.nn.Linear(d.in_features, d.out_features, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(d.W.data.T))
            linear.bias.zero_()
        layers.append(linear)
        if i < len(dense) - 1:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss_fn(net(x_t), y_t).backward()
        opt.step()

    return step
