"""dlcore throughput against the BLAS bound.

The bound is the time of the same step's matrix multiplications alone, run back to back on
arrays of the same shapes: whatever else the step does (activations, the loss, the optimizer,
Python) comes on top, so the ratio step / matmuls says how close the teaching code is to what
numpy could do at best. Timings are medians over many repetitions after a warm-up, the step and
its bound timed in turn within each repetition (round robin).
"""

from __future__ import annotations

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


def mlp_step(sizes=(784, 256, 256, 10), batch: int = 128, seed: int = 0) -> dict:
    """An MLP training step (softmax cross-entropy, Adam) and its forward/backward alone,
    against the matmuls they perform: per Dense layer x W forward, and x^T dy and dy W^T backward
    (the bound keeps the first layer's dy W^T, which dlcore's step now skips as train.fit does)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, sizes[0]))
    y = rng.integers(0, sizes[-1], size=batch)
    model = models.mlp(list(sizes), "relu", rng=rng)
    optimizer = optim.Adam(model.parameters(), lr=1e-3)

    def forward_backward():
        model.zero_grad()
        _, dlogits = losses.softmax_cross_entropy(model.forward(X), y)
        model.backward(dlogits, need_input_grad=False)  # as train.fit: X needs no gradient

    def step():
        forward_backward()
        optimizer.step()

    sgd = optim.SGD(model.parameters(), lr=1e-3)

    def sgd_step():
        forward_backward()
        sgd.step()

    dense = [m for m in model if isinstance(m, Dense)]
    inputs = [rng.normal(size=(batch, d.in_features)) for d in dense]
    grads = [rng.normal(size=(batch, d.out_features)) for d in dense]

    def matmuls():
        for d, x, dy in zip(dense, inputs, grads):
            x @ d.W.data
            x.T @ dy
            dy @ d.W.data.T

    ms = round_robin_ms({"step": step, "fb": forward_backward, "matmuls": matmuls, "sgd": sgd_step})
    step_ms, fb_ms, mm_ms, sgd_ms = ms["step"], ms["fb"], ms["matmuls"], ms["sgd"]
    return {
        "shape": "-".join(map(str, sizes)),
        "batch": batch,
        "step_ms": step_ms,
        "forward_backward_ms": fb_ms,
        "matmul_ms": mm_ms,
        "step_ratio": step_ms / mm_ms,
        "sgd_step_ms": sgd_ms,
        "sgd_step_ratio": sgd_ms / mm_ms,
        "forward_backward_ratio": fb_ms / mm_ms,
    }
