"""The convolutional residual block of ResNet (basic and pre-activation) and a tiny ResNet.

``ResidualBlock`` wraps two 3x3 convolutions in a shortcut: y = ReLU(F(x) + S(x)) (He et al.
2016a) or, pre-activated, y = F(x) + S(x) with BN and ReLU moved inside F (He et al. 2016b). S is
the identity, or a 1x1 convolution (+ BN) when the block changes the channel count or the stride.
``tiny_resnet`` stacks them for 8x8 images. Chapter 12's ``Residual`` is the dense special case.

See chapter 32.
"""

from __future__ import annotations

import numpy as np

from dlcore.activations import ReLU
from dlcore.layers.conv import Conv2D
from dlcore.layers.dense import Dense
from dlcore.layers.norm import BatchNorm2d
from dlcore.layers.pool import GlobalAvgPool2D
from dlcore.nn import Module, Sequential


class ResidualBlock(Module):
    """A ResNet basic block on images (N, C, H, W).

    basic (``preact=False``), He et al. 2016a::

        F(x) = BN(conv3x3(ReLU(BN(conv3x3_stride(x)))))        y = ReLU(F(x) + S(x))

    pre-activation (``preact=True``), He et al. 2016b; a = ReLU(BN(x)) is shared::

        F(x) = conv3x3(ReLU(BN(conv3x3_stride(a))))            y = F(x) + S(x)

    S(x) = x when the shape is kept; otherwise the projection conv1x1_stride(x) followed by BN
    (basic) or conv1x1_stride(a) (pre-activation, as in the paper).

    Parameters
    ----------
    in_channels, out_channels : int
    stride : int, stride of the first 3x3 conv (and of the projection); 2 halves H and W
    preact : bool, the pre-activation ordering (no ReLU after the sum)
    zero_init : bool
        Start F at zero, so the block starts as ReLU(S(x)) (basic) or S(x) (pre-activation): the
        last BN's scale gamma is set to 0 (basic with BN, Goyal et al. 2017), else the last
        conv's weights and bias.
    batchnorm : bool, False drops every BN (the convolutions then have biases)
    shortcut : bool, False drops S: a plain two-conv block, the control of an experiment
    rng : np.random.Generator for the conv weights (He init); default ``np.random.default_rng(0)``

    Shapes
    ------
    forward: x (N, in_channels, H, W) -> y (N, out_channels, H_out, W_out),
        H_out = floor((H - 1) / stride) + 1 (padding 1 keeps the size at stride 1)
    backward: dy like y -> dx like x; dx = d(through F) + d(through S), S's part being dy itself
        for the identity shortcut.

    Raises
    ------
    ValueError
        Input not (N, in_channels, H, W); channels or stride below 1.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        *,
        stride: int = 1,
        preact: bool = False,
        zero_init: bool = False,
        batchnorm: bool = True,
        shortcut: bool = True,
        rng: np.random.Generator | None = None,
    ):
        if min(in_channels, out_channels) < 1 or stride < 1:
            raise ValueError(
                f"ResidualBlock: channels and stride must be >= 1, got in_channels="
                f"{in_channels}, out_channels={out_channels}, stride={stride}"
            )
        rng = np.random.default_rng(0) if rng is None else rng
        self.in_channels, self.out_channels, self.stride = in_channels, out_channels, stride
        self.preact, self.zero_init, self.batchnorm = preact, zero_init, batchnorm

        def norm(channels: int) -> list[Module]:
            return [BatchNorm2d(channels)] if batchnorm else []

        bias = not batchnorm  # a BN right after a conv cancels its bias
        conv1 = Conv2D(in_channels, out_channels, 3, stride=stride, padding=1, bias=bias, rng=rng)
        conv2 = Conv2D(out_channels, out_channels, 3, padding=1, bias=bias, rng=rng)
        if preact:  # a = ReLU(BN(x)) feeds the branch (and the projection)
            self.pre = Sequential(*norm(in_channels), ReLU())
            self.branch = Sequential(conv1, *norm(out_channels), ReLU(), conv2)
        else:
            self.pre = None
            self.branch = Sequential(conv1, *norm(out_channels), ReLU(), conv2, *norm(out_channels))
        self.projection = shortcut and (stride != 1 or in_channels != out_channels)
        self.shortcut = None
        if self.projection:
            conv_s = Conv2D(in_channels, out_channels, 1, stride=stride, bias=bias, rng=rng)
            self.shortcut = Sequential(conv_s, *([] if preact else norm(out_channels)))
        self.has_shortcut = shortcut
        self.post = None if preact else ReLU()
        if zero_init:
            last = self.branch[-1]
            if isinstance(last, BatchNorm2d):
                last.gamma.data[...] = 0.0
            else:
                last.W.data[...] = 0.0
                if last.b is not None:
                    last.b.data[...] = 0.0

    def forward(self, x: np.ndarray) -> np.ndarray:
        if np.ndim(x) != 4 or np.shape(x)[1] != self.in_channels:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.in_channels}, H, W), got "
                f"{np.shape(x)}"
            )
        a = self.pre.forward(x) if self.pre is not None else x
        out = self.branch.forward(a)  # F(x)
        if self.shortcut is not None:  # projection: S(x) = conv1x1(x) [+ BN], or of a if preact
            out = out + self.shortcut.forward(a if self.preact else x)
        elif self.has_shortcut:  # identity: S(x) = x
            out = out + x
        return self.post.forward(out) if self.post is not None else out

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        d_sum = self.post.backward(dy) if self.post is not None else dy  # dL/d(F + S)
        d_a = self.branch.backward(d_sum)  # through F
        d_x_shortcut = d_sum if self.has_shortcut and not self.projection else 0.0
        if self.shortcut is not None:
            d_s = self.shortcut.backward(d_sum)
            if self.preact:  # the projection read a, so its gradient joins F's
                d_a = d_a + d_s
            else:
                d_x_shortcut = d_s
        d_x = self.pre.backward(d_a) if self.pre is not None else d_a
        return d_x + d_x_shortcut if need_input_grad else None

    def __repr__(self) -> str:
        kind = "preact" if self.preact else "basic"
        short = "projection" if self.projection else "identity" if self.has_shortcut else "none"
        return (
            f"ResidualBlock({self.in_channels} -> {self.out_channels}, stride={self.stride}, "
            f"{kind}, shortcut={short}, batchnorm={self.batchnorm}, zero_init={self.zero_init})"
        )


def tiny_resnet(
    in_channels: int = 1,
    n_classes: int = 10,
    *,
    channels: tuple[int, ...] = (8, 16),
    blocks_per_stage: int = 2,
    preact: bool = False,
    zero_init: bool = False,
    batchnorm: bool = True,
    shortcut: bool = True,
    rng: np.random.Generator | None = None,
) -> Sequential:
    """A small ResNet for 8x8 images: stem, stages of residual blocks, global pool, Dense.

    stem = conv3x3 (in_channels -> channels[0]) [+ BN] + ReLU; stage s has ``blocks_per_stage``
    blocks of ``channels[s]`` channels, the first of each later stage with stride 2 and a
    projection shortcut; a pre-activation network ends with BN + ReLU before the pool. With
    ``shortcut=False`` the same layers without any shortcut: the equal-depth plain CNN.

    Returns
    -------
    Sequential: (N, in_channels, H, W) -> logits (N, n_classes); its conv layers number
    1 + 2 * len(channels) * blocks_per_stage (plus the projections).

    See chapter 32.
    """
    if not channels or blocks_per_stage < 1:
        raise ValueError(
            f"tiny_resnet: need at least one stage and one block per stage, got channels="
            f"{channels}, blocks_per_stage={blocks_per_stage}"
        )
    rng = np.random.default_rng(0) if rng is None else rng
    stem_norm = [BatchNorm2d(channels[0])] if batchnorm and not preact else []
    modules: list[Module] = [
        Conv2D(in_channels, channels[0], 3, padding=1, bias=not batchnorm, rng=rng),
        *stem_norm,
        *([] if preact else [ReLU()]),
    ]
    c_in = channels[0]
    for stage, c_out in enumerate(channels):
        for block in range(blocks_per_stage):
            stride = 2 if stage > 0 and block == 0 else 1
            modules.append(
                ResidualBlock(
                    c_in,
                    c_out,
                    stride=stride,
                    preact=preact,
                    zero_init=zero_init,
                    batchnorm=batchnorm,
                    shortcut=shortcut,
                    rng=rng,
                )
            )
            c_in = c_out
    if preact:  # the last block's sum has not been normalised or rectified yet
        modules += [*([BatchNorm2d(c_in)] if batchnorm else []), ReLU()]
    modules += [GlobalAvgPool2D(), Dense(c_in, n_classes, rng=rng)]
    return Sequential(*modules)
