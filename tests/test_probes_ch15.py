"""Chapter 15's probes: the noise of mini-batch gradients against the closed form
(sigma^2 / B)(N - B)/(N - 1), the gradient-noise scale, and the activation memory of a forward
pass worked out from the layer shapes."""

from itertools import combinations

import numpy as np
import pytest

from dlcore import losses, models, nn
from dlcore.activations import ReLU, Tanh
from dlcore.lab import probes
from dlcore.layers import Dense


def regression_toy(n=12, d=3, seed=0):
    """Least squares, loss_i = (x_i . w - y_i)^2 at a fixed w: per-example gradients in closed
    form, g_i = 2 (x_i . w - y_i) x_i."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.normal(size=n)
    w = rng.normal(size=d)

    def grad_fn(xb, yb):  # gradient of the MEAN loss over the batch
        return 2.0 * ((xb @ w - yb)[:, None] * xb).mean(axis=0)

    per_example = 2.0 * (X @ w - y)[:, None] * X
    G = per_example.mean(axis=0)
    sigma2 = np.mean(np.sum((per_example - G) ** 2, axis=1))
    return X, y, w, grad_fn, G, sigma2


# --------------------------------------------------------------------------------------------
# The closed form itself, by enumerating every batch


def test_closed_form_matches_the_average_over_every_possible_batch():
    X, y, _, grad_fn, G, sigma2 = regression_toy(n=7)
    n = len(X)
    for B in range(1, n + 1):
        batches = np.array([grad_fn(X[list(c)], y[list(c)]) for c in combinations(range(n), B)])
        assert np.allclose(batches.mean(axis=0), G, atol=1e-12)  # unbiased
        exact = np.mean(np.sum((batches - G) ** 2, axis=1))
        assert exact == pytest.approx(sigma2 / B * (n - B) / (n - 1), rel=1e-10, abs=1e-14)


# --------------------------------------------------------------------------------------------
# minibatch_grad_stats


def test_trace_of_sigma_and_full_gradient_are_exact():
    X, y, _, grad_fn, G, sigma2 = regression_toy()
    stats = probes.minibatch_grad_stats(grad_fn, None, X, y, [1, 4], 10, np.random.default_rng(0))
    assert np.allclose(stats.full_grad, G, atol=1e-13)
    assert stats.trace_cov == pytest.approx(sigma2, rel=1e-12)
    n = len(X)
    assert stats.predicted == pytest.approx(
        sigma2 / np.array([1, 4]) * (n - np.array([1, 4])) / (n - 1)
    )
    assert stats.noise_scale == pytest.approx(sigma2 / np.sum(G**2), rel=1e-12)
    assert stats.n_examples == n and stats.n_draws == 10


def test_measured_variance_matches_the_closed_form_without_replacement():
    X, y, _, grad_fn, _, sigma2 = regression_toy(n=12)
    n, sizes = len(X), [1, 3, 6, 9]
    stats = probes.minibatch_grad_stats(grad_fn, None, X, y, sizes, 4000, np.random.default_rng(1))
    for B, measured, sem in zip(sizes, stats.sq_error, stats.sq_error_sem):
        closed_form = sigma2 / B * (n - B) / (n - 1)
        assert abs(measured - closed_form) < 4 * sem, (B, measured, closed_form)
        assert measured == pytest.approx(closed_form, rel=0.08)
        if B >= 6:  # sampling with replacement would give sigma^2 / B, clearly larger here
            assert sigma2 / B - measured > 8 * sem


def test_full_batch_has_zero_variance():
    X, y, _, grad_fn, _, _ = regression_toy()
    stats = probes.minibatch_grad_stats(grad_fn, None, X, y, [len(X)], 5, np.random.default_rng(0))
    assert stats.predicted[0] == 0.0
    assert stats.sq_error[0] < 1e-28


def test_model_path_agrees_with_the_hand_written_gradient():
    X, y, w, grad_fn, G, sigma2 = regression_toy()
    model = nn.Sequential(Dense(3, 1, bias=False))
    model[0].W.data[:, 0] = w
    stats = probes.minibatch_grad_stats(
        model, losses.mse, X, y[:, None], [2, 5], 50, np.random.default_rng(3)
    )
    reference = probes.minibatch_grad_stats(
        grad_fn, None, X, y, [2, 5], 50, np.random.default_rng(3)
    )
    assert np.allclose(stats.full_grad, G, atol=1e-13)
    assert stats.trace_cov == pytest.approx(sigma2, rel=1e-12)
    # the same rng draws the same batches, so even the Monte Carlo part agrees
    assert np.allclose(stats.sq_error, reference.sq_error, rtol=1e-10)


def test_per_example_gradients_average_to_the_full_gradient_of_an_mlp():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.integers(0, 3, size=20)
    model = models.mlp([2, 8, 3], "tanh", rng=rng)
    per_example, full = probes.per_example_gradients(model, losses.softmax_cross_entropy, X, y)
    assert per_example.shape == (20, 2 * 8 + 8 + 8 * 3 + 3)
    assert np.allclose(per_example.mean(axis=0), full, atol=1e-14)
    scale = probes.gradient_noise_scale(model, losses.softmax_cross_entropy, X, y)
    sigma2 = np.mean(np.sum((per_example - full) ** 2, axis=1))
    assert scale == pytest.approx(sigma2 / np.sum(full**2), rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(batch_sizes=[0]), "batch_sizes"),
        (dict(batch_sizes=[13]), r"integers in \[1, 12\]"),
        (dict(batch_sizes=[2.5]), "batch_sizes"),
        (dict(batch_sizes=[]), "batch_sizes"),
        (dict(n_draws=1), "n_draws"),
        (dict(n_draws="many"), "n_draws"),
        (dict(rng=None), "rng"),
        (dict(rng=0), "rng"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    X, y, _, grad_fn, _, _ = regression_toy()
    args = dict(batch_sizes=[1, 2], n_draws=5, rng=np.random.default_rng(0)) | kwargs
    with pytest.raises(ValueError, match=f"minibatch_grad_stats: .*{message}"):
        probes.minibatch_grad_stats(grad_fn, None, X, y, **args)


def test_bad_data_and_gradient_sources_raise_clear_errors():
    X, y, _, grad_fn, _, _ = regression_toy()
    rng = np.random.default_rng(0)
    stats = probes.minibatch_grad_stats
    with pytest.raises(ValueError, match=r"same number of rows.*\(12, 3\).*\(11,\)"):
        stats(grad_fn, None, X, y[:-1], [1], 5, rng)
    with pytest.raises(ValueError, match="at least 2 examples"):
        stats(grad_fn, None, X[:1], y[:1], [1], 5, rng)
    model = models.mlp([3, 1])
    with pytest.raises(ValueError, match="needs a loss_fn"):
        stats(model, None, X, y[:, None], [1], 5, rng)
    with pytest.raises(ValueError, match="pass loss_fn=None"):
        stats(grad_fn, losses.mse, X, y, [1], 5, rng)
    with pytest.raises(ValueError, match="expected a Module or a callable"):
        stats("model", None, X, y, [1], 5, rng)
    with pytest.raises(ValueError, match="per_example_gradients: .*same number of rows"):
        probes.per_example_gradients(grad_fn, None, X, y[:3])


# --------------------------------------------------------------------------------------------
# activation_memory


def test_activation_memory_of_a_known_mlp():
    # caches of 2-16-16-3 at B = 32: input 32x2, z1 32x16, a1 32x16, z2 32x16, a2 32x16
    model = models.mlp([2, 16, 16, 3], "relu")
    assert probes.activation_memory(model, 32) == 32 * (2 + 4 * 16) * 8 == 16896
    assert probes.activation_memory(model, 32, dtype_bytes=4) == 8448
    assert probes.activation_memory(model, 1) == 66 * 8
    assert probes.forward_cache_shapes(model, 32) == [
        ("Dense(2 -> 16, bias=True)", (32, 2)),
        ("ReLU()", (32, 16)),
        ("Dense(16 -> 16, bias=True)", (32, 16)),
        ("ReLU()", (32, 16)),
        ("Dense(16 -> 3, bias=True)", (32, 16)),
    ]


@pytest.mark.parametrize("B", [1, 7, 64])
def test_activation_memory_equals_what_a_forward_pass_really_caches(B):
    model = models.mlp([5, 12, 9, 4], "tanh", rng=np.random.default_rng(0))
    model.forward(np.random.default_rng(1).normal(size=(B, 5)))
    cached = sum(m.x.nbytes if isinstance(m, Dense) else m.z.nbytes for m in model)
    assert probes.activation_memory(model, B) == cached == B * (5 + 2 * (12 + 9)) * 8


def test_activation_memory_walks_nested_sequentials_and_single_layers():
    inner = nn.Sequential(Dense(4, 6), Tanh())
    model = nn.Sequential(inner, Dense(6, 2))
    assert probes.activation_memory(model, 10) == 10 * (4 + 6 + 6) * 8
    assert probes.activation_memory(Dense(4, 6), 10) == 10 * 4 * 8


class Doubler(nn.Module):
    def forward(self, x):
        return 2 * x

    def backward(self, dy):
        return 2 * dy


def test_activation_memory_bad_inputs():
    model = models.mlp([2, 4, 1])
    for bad in [0, -3, 2.5, "8", None]:
        with pytest.raises(ValueError, match="activation_memory: batch_size"):
            probes.activation_memory(model, bad)
    with pytest.raises(ValueError, match="activation_memory: dtype_bytes"):
        probes.activation_memory(model, 4, dtype_bytes=0)
    with pytest.raises(ValueError, match="does not know what Doubler caches"):
        probes.activation_memory(nn.Sequential(Dense(2, 4), Doubler()), 4)
    with pytest.raises(ValueError, match="before any Dense layer"):
        probes.activation_memory(nn.Sequential(ReLU(), Dense(2, 4)), 4)
    with pytest.raises(
        ValueError, match=r"Dense\(3 -> 1, bias=True\) expects 3 features .* gives 4"
    ):
        probes.activation_memory(nn.Sequential(Dense(2, 4), Dense(3, 1)), 4)
    with pytest.raises(ValueError, match="forward_cache_shapes: batch_size"):
        probes.forward_cache_shapes(model, 0)
