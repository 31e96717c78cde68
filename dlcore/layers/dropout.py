"""Dropout: multiplicative Bernoulli noise on activations in training, the identity at inference.

See chapter 20.
"""

from __future__ import annotations

import numpy as np

from dlcore.nn import Module


class Dropout(Module):
    """Inverted dropout: in ``train()`` mode each entry is kept with probability 1 - p and
    scaled by 1 / (1 - p), else set to 0; in ``eval()`` mode the layer is the identity.

    y = x * m / (1 - p) with m_i ~ Bernoulli(1 - p) independently, so E_m[y] = x and the network
    used at inference needs no rescaling. The mask is drawn in ``forward`` and ``backward`` uses
    the same one: dx = dy * m / (1 - p).

    Parameters
    ----------
    p : float in [0, 1), the probability of dropping an entry (not of keeping it, as in PyTorch)
    rng : numpy Generator for the masks; None means ``np.random.default_rng(0)``

    Attributes
    ----------
    keep : bool ndarray like the last training input (the mask m), or None after an eval forward

    Shapes
    ------
    forward: x (N, ...) -> y, same shape
    backward: dy like y -> dx like x (no parameters)

    Raises
    ------
    ValueError
        If p is outside [0, 1); if a mask given to ``set_mask`` or a gradient passed to
        ``backward`` does not match the input's shape.
    """

    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | None = None):
        if not (isinstance(p, (int, float, np.floating)) and 0.0 <= p < 1.0):
            raise ValueError(f"Dropout: p must lie in [0, 1) (the drop probability), got {p!r}")
        self.p = float(p)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.keep = None  # the mask of the last training forward
        self._fixed = None  # a mask set by set_mask, reused by every training forward
        self._scale = None  # m / (1 - p) of the last training forward; None after eval

    def set_mask(self, keep: np.ndarray | None) -> Dropout:
        """Hold a fixed keep-mask (bool, shaped like the input) for every training forward, e.g.
        to run one particular sub-network or to check gradients; ``None`` draws masks again."""
        self._fixed = None if keep is None else np.asarray(keep, dtype=bool)
        return self

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if not self.training or self.p == 0.0:
            self.keep, self._scale = None, None
            return x
        if self._fixed is None:
            keep = self.rng.random(x.shape) >= self.p
        elif self._fixed.shape != x.shape:
            raise ValueError(
                f"{self!r}: the fixed mask has shape {self._fixed.shape}, expected the input's "
                f"shape {x.shape}"
            )
        else:
            keep = self._fixed
        self.keep = keep
        self._scale = keep / (1.0 - self.p)
        return x * self._scale

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if not need_input_grad:
            return None
        if self._scale is None:  # eval mode (or p = 0): the identity
            return dy
        if dy.shape != self._scale.shape:
            raise ValueError(
                f"{self!r}: expected gradient of shape {self._scale.shape}, got {dy.shape}"
            )
        return dy * self._scale

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"
