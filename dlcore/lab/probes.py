"""Probes that look inside a network: per-layer gradient norms and activation statistics
(chapter 11); the noise of mini-batch gradients and the memory a forward pass keeps (chapter 15).

See chapters 11 and 15.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlcore.activations import Activation
from dlcore.layers import Dense
from dlcore.losses import softmax_cross_entropy
from dlcore.nn import Module, Sequential


@dataclass
class Probe:
    """One forward/backward pass, summarised per Dense layer (index 0 = closest to the input).

    Attributes
    ----------
    grad_norms : (L,) Frobenius norm of dL/dW^l for each of the L Dense layers: what the
        optimizer sees.
    signal_norms : (L,) norm of dL/da^{l-1}, the gradient arriving at each Dense layer's input:
        the backpropagated signal whose product of Jacobians vanishes or explodes.
    activation_std : (L - 1,) std of each hidden layer's activations (after the nonlinearity)
    loss : float
    """

    grad_norms: np.ndarray
    signal_norms: np.ndarray
    activation_std: np.ndarray
    loss: float


def dense_layers(model: Sequential) -> list[Dense]:
    return [m for m in model if isinstance(m, Dense)]


def forward_backward_probe(model: Sequential, X: np.ndarray, y: np.ndarray) -> Probe:
    """Run one softmax-cross-entropy forward and backward pass and record per-layer statistics.

    Parameters
    ----------
    model : Sequential of Dense and activation layers (e.g. from ``models.mlp``)
    X : (N, D) inputs;  y : (N,) integer labels
    """
    model.zero_grad()
    hidden_std = []
    a = X
    for module in model:
        a = module.forward(a)
        if not isinstance(module, Dense):
            hidden_std.append(float(a.std()))
    loss, grad = softmax_cross_entropy(a, y)
    signal = []
    for module in reversed(model.modules):
        grad = module.backward(grad)
        if isinstance(module, Dense):
            signal.append(float(np.linalg.norm(grad)))
    weight_grads = [np.linalg.norm(d.W.grad) for d in dense_layers(model)]
    return Probe(
        grad_norms=np.array(weight_grads),
        signal_norms=np.array(signal[::-1]),
        activation_std=np.array(hidden_std),
        loss=loss,
    )


# ---------------------------------------------------------------------------------------------
# Mini-batches: the noise of their gradients and the memory their forward pass keeps.
# See chapter 15.


@dataclass
class MinibatchGradStats:
    """How far mini-batch gradients fall from the full gradient, for several batch sizes.

    Attributes
    ----------
    batch_sizes : (K,) int, the batch sizes B
    sq_error : (K,) mean over the draws of ||g_B - G||^2: the mean squared deviation of a
        mini-batch gradient g_B from the full gradient G (for an unbiased g_B, its total variance)
    sq_error_sem : (K,) standard error of ``sq_error`` (std over the draws / sqrt(n_draws))
    predicted : (K,) the closed form for sampling without replacement,
        tr(Sigma) / B * (N - B) / (N - 1)
    full_grad : (P,) G, the gradient of the mean loss over all N examples, flattened
    trace_cov : float, tr(Sigma) = (1/N) sum_i ||g_i - G||^2 over the N per-example gradients g_i
    n_examples : int, N
    n_draws : int, the batches drawn per batch size
    """

    batch_sizes: np.ndarray
    sq_error: np.ndarray
    sq_error_sem: np.ndarray
    predicted: np.ndarray
    full_grad: np.ndarray
    trace_cov: float
    n_examples: int
    n_draws: int

    @property
    def noise_scale(self) -> float:
        """B_noise = tr(Sigma) / ||G||^2: the batch size at which the noise of g_B (about
        tr(Sigma) / B) equals the squared signal ||G||^2 (the "simple" gradient-noise scale)."""
        return float(self.trace_cov / np.sum(self.full_grad**2))


def _is_count(value, minimum: int) -> bool:
    """True for an integer (or integral float) >= minimum; False for anything else."""
    try:
        return int(value) == value and value >= minimum and not isinstance(value, bool)
    except (TypeError, ValueError):
        return False


def _batch_gradient_fn(name: str, model_or_grad_fn, loss_fn, X, y):
    """Check the common arguments; return (X, y, flat) with flat(idx) the flattened gradient of
    the mean loss over the examples ``idx``."""
    if isinstance(model_or_grad_fn, Module):
        if loss_fn is None:
            raise ValueError(f"{name}: a model needs a loss_fn(output, target) -> (loss, dout)")
        model, params = model_or_grad_fn, model_or_grad_fn.parameters()

        def grad_fn(xb: np.ndarray, yb: np.ndarray) -> np.ndarray:
            model.zero_grad()
            _, dout = loss_fn(model.forward(xb), yb)
            model.backward(dout)
            return np.concatenate([p.grad.ravel() for p in params])

    elif callable(model_or_grad_fn):
        if loss_fn is not None:
            raise ValueError(
                f"{name}: with a grad_fn the loss is inside it; pass loss_fn=None, got {loss_fn!r}"
            )
        grad_fn = model_or_grad_fn
    else:
        raise ValueError(
            f"{name}: expected a Module or a callable (X_batch, y_batch) -> gradient, got "
            f"{type(model_or_grad_fn).__name__}"
        )
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(
            f"{name}: X and y need the same number of rows, got shapes {X.shape} and {y.shape}"
        )
    if len(X) < 2:
        raise ValueError(f"{name}: need at least 2 examples, got X of shape {X.shape}")

    def flat(idx: np.ndarray) -> np.ndarray:
        return np.asarray(grad_fn(X[idx], y[idx]), dtype=np.float64).ravel()

    return X, y, flat


def per_example_gradients(
    model_or_grad_fn: Module | Callable[[np.ndarray, np.ndarray], np.ndarray],
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]] | None,
    X: np.ndarray,
    y: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of every example's loss, and of the mean loss over all of them.

    Parameters
    ----------
    model_or_grad_fn, loss_fn : as in ``minibatch_grad_stats``
    X : ndarray, shape (N, ...);  y : ndarray, shape (N, ...), N >= 2

    Returns
    -------
    per_example : (N, P), row i = g_i, one forward/backward pass on example i alone
    full : (P,), G from one pass over all N examples (equal to the mean of the rows, up to
        rounding, for a loss that is a mean over the batch)

    See chapter 15.
    """
    X, y, flat = _batch_gradient_fn("per_example_gradients", model_or_grad_fn, loss_fn, X, y)
    return _per_example("per_example_gradients", flat, len(X))


def _per_example(name: str, flat: Callable, n: int) -> tuple[np.ndarray, np.ndarray]:
    full = flat(np.arange(n))
    per_example = np.array([flat(np.array([i])) for i in range(n)])
    if per_example.shape[1] != full.size:
        raise ValueError(
            f"{name}: the gradient has {per_example.shape[1]} entries for one example but "
            f"{full.size} for the whole batch"
        )
    return per_example, full


def gradient_noise_scale(
    model_or_grad_fn: Module | Callable[[np.ndarray, np.ndarray], np.ndarray],
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]] | None,
    X: np.ndarray,
    y: np.ndarray,
) -> float:
    """B_noise = tr(Sigma) / ||G||^2, from the N per-example gradients at the current parameters.

    tr(Sigma) = (1/N) sum_i ||g_i - G||^2 is the noise of a single-example gradient and
    ||G||^2 the squared full gradient. Below B_noise a mini-batch gradient is mostly noise,
    above it mostly signal; it also estimates the critical batch size beyond which a larger
    batch stops saving steps. Parameters as in ``per_example_gradients``. See chapter 15.
    """
    per_example, full = per_example_gradients(model_or_grad_fn, loss_fn, X, y)
    trace_cov = np.mean(np.sum((per_example - full) ** 2, axis=1))
    return float(trace_cov / np.sum(full**2))


def minibatch_grad_stats(
    model_or_grad_fn: Module | Callable[[np.ndarray, np.ndarray], np.ndarray],
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]] | None,
    X: np.ndarray,
    y: np.ndarray,
    batch_sizes,
    n_draws: int,
    rng: np.random.Generator,
) -> MinibatchGradStats:
    """Draw mini-batches of each size, without replacement, and measure how far their gradients
    fall from the full-batch gradient; compare with the closed form.

    With g_i the gradient of example i's loss, G = (1/N) sum_i g_i and
    Sigma = (1/N) sum_i (g_i - G)(g_i - G)^T, the mean g_B of B distinct examples drawn
    uniformly satisfies E[g_B] = G and

        E ||g_B - G||^2 = tr(Sigma) / B * (N - B) / (N - 1),

    the variance of a sample mean from a finite population: 1/B at small B, exactly 0 at B = N.

    Parameters
    ----------
    model_or_grad_fn : Module, or callable (X_batch, y_batch) -> gradient array
        A model: each gradient is one forward pass, ``loss_fn`` and one backward pass, and the
        parameters' gradients are flattened into one vector (the model's ``.grad`` arrays are
        overwritten). A callable must return the gradient of the MEAN loss over the batch it
        is given, any shape (it is flattened).
    loss_fn : ``loss_fn(output, target) -> (loss, doutput)``, a mean over the batch; required
        with a model, must be None with a grad_fn
    X : ndarray, shape (N, ...);  y : ndarray, shape (N, ...), N >= 2
    batch_sizes : sequence of int, each in [1, N]
    n_draws : int >= 2, batches drawn per batch size
    rng : np.random.Generator, draws the batches

    Returns
    -------
    MinibatchGradStats, with ``noise_scale`` = tr(Sigma) / ||G||^2.

    Cost: N per-example gradients (for tr Sigma), one full gradient, and
    len(batch_sizes) * n_draws mini-batch gradients, each a real pass. See chapter 15.
    """
    name = "minibatch_grad_stats"
    X, y, flat = _batch_gradient_fn(name, model_or_grad_fn, loss_fn, X, y)
    n = len(X)
    sizes = _check_batch_sizes(name, batch_sizes, n)
    if not _is_count(n_draws, 2):
        raise ValueError(f"{name}: n_draws must be an integer >= 2, got {n_draws}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name}: rng must be a np.random.Generator, got {rng!r}")

    per_example, full = _per_example(name, flat, n)
    trace_cov = float(np.mean(np.sum((per_example - full) ** 2, axis=1)))

    sq_error, sem = [], []
    for B in sizes:
        draws = np.array([flat(rng.choice(n, size=B, replace=False)) for _ in range(n_draws)])
        errors = np.sum((draws - full) ** 2, axis=1)
        sq_error.append(errors.mean())
        sem.append(errors.std(ddof=1) / np.sqrt(n_draws))  # error bar of the mean
    return MinibatchGradStats(
        batch_sizes=sizes,
        sq_error=np.array(sq_error),
        sq_error_sem=np.array(sem),
        predicted=trace_cov / sizes * (n - sizes) / (n - 1),
        full_grad=full,
        trace_cov=trace_cov,
        n_examples=n,
        n_draws=int(n_draws),
    )


def _check_batch_sizes(name: str, batch_sizes, n: int) -> np.ndarray:
    sizes = np.asarray(batch_sizes)
    if (
        sizes.ndim != 1
        or sizes.size == 0
        or not np.issubdtype(sizes.dtype, np.number)
        or not np.all(np.mod(sizes, 1) == 0)
        or sizes.min() < 1
        or sizes.max() > n
    ):
        raise ValueError(
            f"{name}: batch_sizes must be a non-empty list of integers in [1, {n}], got "
            f"{sizes.tolist()}"
        )
    return sizes.astype(int)


def _flat_modules(model: Module) -> list[Module]:
    if isinstance(model, Sequential):
        return [leaf for m in model for leaf in _flat_modules(m)]
    return [model]


def forward_cache_shapes(model: Module, batch_size: int) -> list[tuple[str, tuple[int, int]]]:
    """The arrays a forward pass on a batch of ``batch_size`` keeps for the backward pass.

    Worked out from the layer sizes, without running anything: a ``Dense`` layer keeps its input
    (B, in_features) to form dL/dW = x^T delta; an activation layer keeps its pre-activation
    (B, width) to form phi'(z). Nested ``Sequential`` models are walked in order.

    Parameters
    ----------
    model : Dense, an activation layer after a Dense, or a Sequential of them
    batch_size : int >= 1, B

    Returns
    -------
    list of (module name, shape of the cached array), in forward order

    Raises ValueError for modules whose cache this function does not know. See chapter 15.
    """
    return _cache_shapes("forward_cache_shapes", model, batch_size)


def _cache_shapes(name: str, model: Module, batch_size: int) -> list[tuple[str, tuple[int, int]]]:
    if not _is_count(batch_size, 1):
        raise ValueError(f"{name}: batch_size must be an integer >= 1, got {batch_size}")
    B = int(batch_size)
    shapes, width = [], None
    for module in _flat_modules(model):
        if isinstance(module, Dense):
            if width is not None and width != module.in_features:
                raise ValueError(
                    f"{name}: {module!r} expects {module.in_features} features but the layer "
                    f"before it gives {width}"
                )
            shapes.append((repr(module), (B, module.in_features)))
            width = module.out_features
        elif isinstance(module, Activation):
            if width is None:
                raise ValueError(
                    f"{name}: {module!r} comes before any Dense layer, so its width is unknown"
                )
            shapes.append((repr(module), (B, width)))
        else:
            raise ValueError(
                f"{name}: does not know what {type(module).__name__} caches; supported: Dense, "
                "activation layers and Sequential"
            )
    return shapes


def activation_memory(model: Module, batch_size: int, dtype_bytes: int = 8) -> int:
    """Bytes of the arrays a forward pass caches for backward, for one batch of ``batch_size``.

    The sum over ``forward_cache_shapes``. For an MLP with widths n_0, ..., n_L it is

        B * (n_0 + 2 * (n_1 + ... + n_{L-1})) * dtype_bytes,

    the input plus, for every hidden layer, its pre-activation z (kept by the activation) and
    its activation a (kept by the next Dense): proportional to B. Parameters, their gradients
    and an optimizer's state do not depend on B and are not counted.

    Parameters
    ----------
    model : Dense, activation layers, or a Sequential of them
    batch_size : int >= 1
    dtype_bytes : int >= 1, bytes per number (8 for float64, 4 for float32, 2 for float16)

    Returns
    -------
    int, bytes. See chapter 15.
    """
    if not _is_count(dtype_bytes, 1):
        raise ValueError(
            f"activation_memory: dtype_bytes must be an integer >= 1, got {dtype_bytes}"
        )
    shapes = _cache_shapes("activation_memory", model, batch_size)
    return int(sum(rows * cols for _, (rows, cols) in shapes) * int(dtype_bytes))
