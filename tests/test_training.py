"""The training loop, the module protocol, shape errors and the divergence guard."""

import numpy as np
import pytest

from dlcore import activations, data, losses, models, nn, optim, train
from dlcore.layers import Dense


def test_fit_learns_spirals():
    rng = np.random.default_rng(0)
    X, y = data.make_spirals(60, 3, rng=rng)
    model = models.mlp([2, 32, 32, 3], "relu", rng=rng)
    history = train.fit(
        model,
        losses.softmax_cross_entropy,
        optim.Adam(model.parameters(), lr=0.01),
        X,
        y,
        steps=400,
        eval_every=100,
    )
    assert history.loss[-1] < 0.3 * history.loss[0]
    assert history.accuracy[-1] > 0.9
    assert history.eval_steps == [100, 200, 300, 400]


def test_divergence_stops_training_and_names_the_step():
    rng = np.random.default_rng(0)
    X, _ = data.make_moons(30, rng=rng)
    y = X[:, :1] ** 2  # a regression target, (N, 1)
    model = models.mlp([2, 32, 32, 1], "relu", rng=rng)
    opt = optim.SGD(model.parameters(), lr=1.0)  # far beyond 2 / lambda_max
    with np.errstate(all="ignore"), pytest.raises(train.TrainingDivergedError) as info:
        train.fit(model, losses.mse, opt, X, y, steps=200)
    assert f"at step {info.value.step}" in str(info.value)
    assert 1 <= info.value.step < 100
    assert not np.isfinite(info.value.loss)


def test_dense_rejects_wrong_input_shape_naming_layer_and_shapes():
    layer = Dense(3, 4)
    with pytest.raises(
        ValueError, match=r"Dense\(3 -> 4.*expected input of shape \(N, 3\), got \(5, 2\)"
    ):
        layer.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"got \(3,\)"):
        layer.forward(np.zeros(3))


def test_dense_rejects_wrong_gradient_shape():
    layer = Dense(3, 4)
    layer.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"expected gradient of shape \(5, 4\), got \(5, 3\)"):
        layer.backward(np.zeros((5, 3)))


def test_unknown_names_in_model_builders():
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        models.mlp([2, 3, 1], "gelu")
    with pytest.raises(ValueError, match="unknown init 'kaiming'"):
        Dense(2, 3, init="kaiming")


def test_parameters_count_and_modes():
    model = models.mlp([2, 16, 16, 3], rng=np.random.default_rng(0))
    assert len(model.parameters()) == 6
    assert nn.count_params(model) == (2 * 16 + 16) + (16 * 16 + 16) + (16 * 3 + 3)
    assert nn.count_params(Dense(4, 5, bias=False)) == 20
    model.eval()
    assert not any(m.training for m in model)
    model.train()
    assert all(m.training for m in model)


def test_backward_accumulates_until_zero_grad():
    layer = Dense(2, 2, rng=np.random.default_rng(0))
    x = np.ones((1, 2))
    for _ in range(2):
        layer.forward(x)
        layer.backward(np.ones((1, 2)))
    np.testing.assert_allclose(layer.W.grad, 2 * np.ones((2, 2)))
    layer.zero_grad()
    assert not layer.W.grad.any()


def test_backward_before_forward_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"Dense\(2 -> 3.*backward called before forward"):
        Dense(2, 3).backward(np.zeros((1, 3)))
    with pytest.raises(RuntimeError, match=r"ReLU\(\): backward called before forward"):
        activations.ReLU().backward(np.zeros((1, 3)))


def test_activation_rejects_wrong_gradient_shape():
    layer = activations.Tanh()
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"Tanh\(\): expected gradient of shape \(4, 3\)"):
        layer.backward(np.zeros((4, 2)))
