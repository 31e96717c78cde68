"""The learning-rate range test: train one fresh model while the rate grows exponentially, and
watch where the loss starts and stops falling.

See chapter 17.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore.data.batches import sample_batch
from dlcore.nn import Module, backward_without_input_grad
from dlcore.optim.optimizers import Optimizer
from dlcore.optim.optimizers import get as get_optimizer


def lr_range_test(
    model_factory: Callable[[], Module],
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    X: np.ndarray,
    y: np.ndarray,
    lr_min: float,
    lr_max: float,
    steps: int,
    *,
    optimizer: str | Callable[..., Optimizer] = "sgd",
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    diverge_factor: float = 4.0,
    smoothing: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The learning-rate range test: train one fresh model while the rate grows exponentially.

    Step k (k = 0 .. K, K = steps - 1) uses

        eta_k = lr_min * (lr_max / lr_min) ** (k / K)

    and records the loss of its batch before the update. The sweep stops early at divergence:
    the first loss that is NaN or inf (not recorded), or the first loss above
    ``diverge_factor`` times the best so far (recorded, so the blow-up shows on the plot).
    A good rate lies somewhat below the one where the loss falls fastest.

    Parameters
    ----------
    model_factory : callable () -> Module, builds the (fresh, seeded) model to sweep
    loss_fn : the loss, ``loss_fn(output, target) -> (loss, doutput)``
    X : ndarray, shape (N, D);  y : targets, shape (N,) or (N, K)
    lr_min, lr_max : float, 0 < lr_min < lr_max
    steps : int >= 2, the number of rates tried (K + 1)
    optimizer : name in ``dlcore.optim.OPTIMIZERS`` or callable (params, lr) -> Optimizer
    batch_size : int or None (full batch), sampled without replacement each step
    rng : np.random.Generator for the batches (default: seed 0)
    diverge_factor : float > 1
    smoothing : float in [0, 1); if > 0, losses are replaced by a bias-corrected exponential
        moving average with this factor (e.g. 0.9) before the divergence test and the return,
        which steadies mini-batch curves

    Returns
    -------
    lrs : ndarray, shape (M,), M <= steps, the rates tried
    losses : ndarray, shape (M,), the (smoothed) loss at each

    See chapter 17.
    """
    if not 0 < lr_min < lr_max:
        raise ValueError(f"lr_range_test: need 0 < lr_min < lr_max, got {lr_min} and {lr_max}")
    if not (int(steps) == steps and steps >= 2):
        raise ValueError(f"lr_range_test: steps must be an integer >= 2, got {steps}")
    if not diverge_factor > 1:
        raise ValueError(f"lr_range_test: diverge_factor must be > 1, got {diverge_factor}")
    if not 0 <= smoothing < 1:
        raise ValueError(f"lr_range_test: smoothing must lie in [0, 1), got {smoothing}")
    make_optimizer = get_optimizer(optimizer) if isinstance(optimizer, str) else optimizer
    K = int(steps) - 1
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(K + 1) / K)
    rng = np.random.default_rng(0) if rng is None else rng
    model = model_factory()
    opt = make_optimizer(model.parameters(), lr=lr_min)
    losses: list[float] = []
    best, average = np.inf, 0.0
    # the sweep is meant to reach divergence, where overflow is expected and detected below
    with np.errstate(over="ignore", invalid="ignore"):
        for k, lr in enumerate(lrs):
            xb, yb = sample_batch(X, y, batch_size, rng)
            model.train()
            opt.zero_grad()
            loss, dout = loss_fn(model.forward(xb), yb)
            if not np.isfinite(loss):
                break
            if smoothing:
                average = smoothing * average + (1 - smoothing) * loss
                loss = average / (1 - smoothing ** (k + 1))
            losses.append(float(loss))
            best = min(best, loss)
            if loss > diverge_factor * best:
                break
            backward_without_input_grad(model, dout)  # the data needs no gradient
            opt.lr = lr
            opt.step()
    model.eval()
    return lrs[: len(losses)], np.array(losses)
