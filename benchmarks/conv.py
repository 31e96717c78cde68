"""Conv2D forward + backward against its im2col GEMM bound, with PyTorch as a reference.

im2col turns a convolution into three matrix products on the unfolded input ``cols``
(N*H_out*W_out rows, C_in*kh*kw columns): the forward ``cols @ W``, the weight gradient
``cols^T @ dY`` and the gradient of the columns ``dY @ W^T`` (col2im then folds it back onto the
input). Those three GEMMs, timed alone on arrays of the same shapes, are the bound: unfolding,
folding, the bias and Python come on top. See chapter 25.
"""

from __future__ import annotations

import numpy as np

from benchmarks.throughput import round_robin_ms, torch_or_none, torch_reference
from dlcore.layers import Conv2D

SHAPES = [
    # (batch, in_channels, out_channels, kernel, padding, height = width)
    (32, 16, 32, 3, 1, 16),
    (64, 3, 16, 5, 0, 28),
]


def conv_step(n, c_in, c_out, k, padding, size, seed: int = 0) -> dict:
    """Median ms of one forward + backward (input gradient included) and of its three GEMMs."""
    rng = np.random.default_rng(seed)
    layer = Conv2D(c_in, c_out, k, padding=padding, rng=rng)
    x = rng.normal(size=(n, c_in, size, size))
    out = size + 2 * padding - k + 1
    dy = rng.normal(size=(n, c_out, out, out))

    def step():
        layer.zero_grad()
        layer.forward(x)
        layer.backward(dy)

    rows, depth = n * out * out, c_in * k * k
    cols, w = rng.normal(size=(rows, depth)), rng.normal(size=(depth, c_out))
    dy_2d = rng.normal(size=(rows, c_out))

    def gemms():
        cols @ w  # forward
        cols.T @ dy_2d  # dW
        dy_2d @ w.T  # dcols, folded back by col2im

    ms = round_robin_ms({"step": step, "gemms": gemms}, repeats=60, warmup=5)
    result = {
        "shape": f"N={n}, {c_in}->{c_out}, {k}x{k}, padding {padding}, {size}x{size}",
        "step_ms": ms["step"],
        "gemm_ms": ms["gemms"],
        "step_ratio": ms["step"] / ms["gemms"],
    }
    torch = torch_or_none()
    if torch is not None:
        torch_step = _torch_conv_step(torch, layer, x, dy, padding)
        result.update(torch_reference(torch, torch_step, gemms))
    return result


def _torch_conv_step(torch, layer, x, dy, padding):
    weight = torch.from_numpy(layer.W.data.copy()).requires_grad_()
    bias = torch.from_numpy(layer.b.data.copy()).requires_grad_()
    x_t = torch.from_numpy(x).requires_grad_()
    dy_t = torch.from_numpy(dy)

    def step():
        weight.grad = bias.grad = x_t.grad = None
        torch.nn.functional.conv2d(x_t, weight, bias, padding=padding).backward(dy_t)

    return step


def all_shapes() -> list[dict]:
    return [conv_step(*shape) for shape in SHAPES]
