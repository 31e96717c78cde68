"""Normalisation layers: BatchNorm1d (statistics over the batch, running averages for eval) and
LayerNorm (statistics over each example's features), with hand-written backward passes.

See chapter 12.
"""

from __future__ import annotations

import numpy as np

from dlcore.nn import Module, Parameter


def normalize_backward(dy_hat: np.ndarray, x_hat: np.ndarray, inv_std, axes) -> np.ndarray:
    """dL/dx of x_hat = (x - mean(x)) / sqrt(var(x) + eps), statistics over ``axes``.

    dx = inv_std * (dy_hat - mean(dy_hat) - x_hat * mean(dy_hat * x_hat)), means over ``axes``:
    the two subtracted terms are the paths through the mean and through the variance.
    """
    mean_dy = dy_hat.mean(axis=axes, keepdims=True)
    mean_dy_xhat = (dy_hat * x_hat).mean(axis=axes, keepdims=True)
    return inv_std * (dy_hat - mean_dy - x_hat * mean_dy_xhat)


class BatchNorm1d(Module):
    """Batch normalisation of (N, D) inputs: each feature standardised over the batch, then
    scaled and shifted, y = gamma * (x - mu_B) / sqrt(var_B + eps) + beta.

    In ``train()`` mode mu_B and var_B (biased) come from the batch, and the running statistics
    are updated as PyTorch does: running_mean <- (1 - momentum) running_mean + momentum mu_B,
    running_var <- (1 - momentum) running_var + momentum var_B * N / (N - 1) (unbiased). In
    ``eval()`` mode the running statistics are used instead, so the layer is a fixed affine map.

    Parameters
    ----------
    num_features : int, D
    eps : float, added to the variance
    momentum : float in (0, 1], weight of the newest batch in the running averages

    Shapes
    ------
    forward: x (N, D) -> y (N, D);  gamma, beta, running_mean, running_var: (D,)
    backward: dy (N, D) -> dx (N, D); accumulates gamma.grad and beta.grad.

    Raises
    ------
    ValueError
        If x is not (N, num_features), or N == 1 in training mode (no variance to estimate).
    """

    def __init__(self, num_features: int, *, eps: float = 1e-5, momentum: float = 0.1):
        if not 0.0 < momentum <= 1.0:
            raise ValueError(f"{type(self).__name__}: momentum must lie in (0, 1], got {momentum}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Parameter(np.ones(num_features))
        self.beta = Parameter(np.zeros(num_features))
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self._cache = None  # (x_hat, inv_std, batch statistics used?) from the last forward

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.num_features}), got {x.shape}"
            )
        if self.training:
            n = x.shape[0]
            if n < 2:
                raise ValueError(
                    f"{self!r}: expected a batch of at least 2 examples in training mode, got "
                    f"shape {x.shape}; the batch variance of one example is 0 (use eval())"
                )
            mean, var = x.mean(axis=0), x.var(axis=0)
            m = self.momentum
            self.running_mean = (1.0 - m) * self.running_mean + m * mean
            self.running_var = (1.0 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std, self.training)
        return self.gamma.data * x_hat + self.beta.data

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        x_hat, inv_std, batch_stats = self._cache
        if dy.shape != x_hat.shape:
            raise ValueError(f"{self!r}: expected gradient of shape {x_hat.shape}, got {dy.shape}")
        self.gamma.grad += (dy * x_hat).sum(axis=0)
        self.beta.grad += dy.sum(axis=0)
        if not need_input_grad:
            return None
        dy_hat = dy * self.gamma.data
        if not batch_stats:  # eval: mean and variance are constants
            return dy_hat * inv_std
        return normalize_backward(dy_hat, x_hat, inv_std, axes=0)

    def __repr__(self) -> str:
        return f"BatchNorm1d({self.num_features})"


class LayerNorm(Module):
    """Layer normalisation: each example standardised over its last dimensions, then scaled and
    shifted elementwise, y = gamma * (x - mu) / sqrt(var + eps) + beta, with mu and var (biased)
    computed per example over the ``normalized_shape`` trailing axes. The same in train and eval
    mode, and independent of the batch.

    Parameters
    ----------
    normalized_shape : int or tuple of int, the trailing shape normalised, e.g. D or (T, D)
    eps : float, added to the variance

    Shapes
    ------
    forward: x (..., *normalized_shape) -> y of the same shape;  gamma, beta: normalized_shape
    backward: dy like y -> dx like x; accumulates gamma.grad and beta.grad.

    Raises
    ------
    ValueError
        If the trailing shape of x is not ``normalized_shape``.
    """

    def __init__(self, normalized_shape, *, eps: float = 1e-5):
        shape = (normalized_shape,) if np.isscalar(normalized_shape) else normalized_shape
        self.normalized_shape = tuple(int(s) for s in shape)
        self.eps = eps
        self.gamma = Parameter(np.ones(self.normalized_shape))
        self.beta = Parameter(np.zeros(self.normalized_shape))
        self._cache = None  # (x_hat, inv_std) from the last forward

    @property
    def _axes(self) -> tuple[int, ...]:
        return tuple(range(-len(self.normalized_shape), 0))

    def forward(self, x: np.ndarray) -> np.ndarray:
        k = len(self.normalized_shape)
        if x.ndim <= k or x.shape[-k:] != self.normalized_shape:
            raise ValueError(
                f"{self!r}: expected input of shape (N, ..., "
                f"{', '.join(map(str, self.normalized_shape))}), got {x.shape}"
            )
        mean = x.mean(axis=self._axes, keepdims=True)
        var = x.var(axis=self._axes, keepdims=True)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std)
        return self.gamma.data * x_hat + self.beta.data

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        x_hat, inv_std = self._cache
        if dy.shape != x_hat.shape:
            raise ValueError(f"{self!r}: expected gradient of shape {x_hat.shape}, got {dy.shape}")
        batch_axes = tuple(range(dy.ndim - len(self.normalized_shape)))
        self.gamma.grad += (dy * x_hat).sum(axis=batch_axes)
        self.beta.grad += dy.sum(axis=batch_axes)
        if not need_input_grad:
            return None
        return normalize_backward(dy * self.gamma.data, x_hat, inv_std, axes=self._axes)

    def __repr__(self) -> str:
        return f"LayerNorm({self.normalized_shape})"


class BatchNorm2d(BatchNorm1d):
    """Batch normalisation of images (N, C, H, W): each channel standardised over N, H and W
    (every position of a feature map shares its channel's statistics, as the kernel is shared),
    then y = gamma_c * x_hat + beta_c.

    Running statistics as PyTorch: running_var takes the unbiased variance, m = N H W values per
    channel, var_B * m / (m - 1). ``eval()`` uses running_mean and running_var.
    The parameters and running statistics are BatchNorm1d's (the constructor is inherited); only
    the axes the statistics run over differ.

    Parameters
    ----------
    num_features : int, C
    eps : float, added to the variance
    momentum : float in (0, 1], weight of the newest batch in the running averages

    Shapes
    ------
    forward: x (N, C, H, W) -> y (N, C, H, W);  gamma, beta, running_mean, running_var: (C,)
    backward: dy like y -> dx like x; accumulates gamma.grad and beta.grad.
    See chapter 25.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        if np.ndim(x) != 4 or x.shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.num_features}, H, W), got "
                f"{np.shape(x)}"
            )
        per_channel = (slice(None), None, None)  # (C,) -> (C, 1, 1) broadcasts over H, W
        if self.training:
            m = x.shape[0] * x.shape[2] * x.shape[3]
            if m < 2:
                raise ValueError(
                    f"{self!r}: expected at least 2 values per channel in training mode, got "
                    f"shape {x.shape}"
                )
            mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
            k = self.momentum
            self.running_mean = (1.0 - k) * self.running_mean + k * mean
            self.running_var = (1.0 - k) * self.running_var + k * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = (1.0 / np.sqrt(var + self.eps))[per_channel]
        x_hat = (x - mean[per_channel]) * inv_std
        self._cache = (x_hat, inv_std, self.training)
        return self.gamma.data[per_channel] * x_hat + self.beta.data[per_channel]

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if self._cache is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        x_hat, inv_std, batch_stats = self._cache
        if dy.shape != x_hat.shape:
            raise ValueError(f"{self!r}: expected gradient of shape {x_hat.shape}, got {dy.shape}")
        self.gamma.grad += (dy * x_hat).sum(axis=(0, 2, 3))
        self.beta.grad += dy.sum(axis=(0, 2, 3))
        if not need_input_grad:
            return None
        dy_hat = dy * self.gamma.data[:, None, None]
        if not batch_stats:  # eval: mean and variance are constants
            return dy_hat * inv_std
        return normalize_backward(dy_hat, x_hat, inv_std, axes=(0, 2, 3))

    def __repr__(self) -> str:
        return f"BatchNorm2d({self.num_features})"
