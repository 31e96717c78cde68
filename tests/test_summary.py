"""summary(model, input_shape), layer_outputs and the feature-map mosaic (chapter 07)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import dlcore
from dlcore import activations, layers, models
from dlcore.model_summary import layer_outputs, mult_adds
from dlcore.nn import Sequential
from dlcore.viz.feature_maps import feature_map_grid, grid_shape, plot_feature_maps


def test_tiny_cnn_summary_by_hand():
    table = dlcore.summary(models.tiny_cnn(), (1, 8, 8))
    shapes = [r.output_shape for r in table]
    assert shapes == [
        (8, 8, 8), (8, 8, 8), (8, 4, 4), (16, 4, 4), (16, 4, 4), (16, 2, 2), (64,), (10,)
    ]  # fmt: skip
    assert [r.name for r in table][:3] == ["0 Conv2D", "1 ReLU", "2 MaxPool2D"]
    # conv 1: 8 kernels of 1x3x3 + 8 biases; conv 2: 16 of 8x3x3 + 16; dense: 64 x 10 + 10
    assert [r.params for r in table] == [80, 0, 0, 1168, 0, 0, 0, 650]
    # multiply-adds: kernel size x output positions (8 x 9 x 64, 16 x 72 x 16), dense 64 x 10
    assert [r.mult_adds for r in table] == [4608, 0, 0, 18432, 0, 0, 0, 640]
    assert table.total_params == 1898 == dlcore.nn.count_params(models.tiny_cnn())
    assert table.total_mult_adds == 23680
    text = str(table)
    assert "total" in text and "1,898" in text and "23,680" in text and "(16, 4, 4)" in text


def test_mlp_summary_and_nested_names():
    model = Sequential(
        layers.Dense(4, 3), Sequential(activations.layer("tanh"), layers.Dense(3, 2))
    )
    table = dlcore.summary(model, (4,))
    assert [r.name for r in table] == ["0 Dense", "1.0 Tanh", "1.1 Dense"]
    assert [r.params for r in table] == [15, 0, 8]
    assert [r.mult_adds for r in table] == [12, 0, 6]
    assert len(table) == 3 and table[2].output_shape == (2,)


def test_a_single_layer_is_one_row():
    table = dlcore.summary(layers.Dense(5, 7), (5,))
    assert len(table) == 1 and table[0].params == 42 and table[0].mult_adds == 35


def test_mult_adds_of_a_layer_without_weights_is_zero():
    assert mult_adds(activations.layer("relu"), (8, 4, 4)) == 0


def test_summary_restores_train_and_eval_mode():
    model = models.tiny_cnn()
    model.train()
    dlcore.summary(model, (1, 8, 8))
    assert all(m.training for m in model)
    model.eval()
    dlcore.summary(model, (1, 8, 8))
    assert not any(m.training for m in model)


@pytest.mark.parametrize("bad", [(0, 8, 8), (), "18x8", (1, 8.5, 8), None])
def test_bad_input_shape_raises(bad):
    with pytest.raises(ValueError, match="input_shape"):
        dlcore.summary(models.tiny_cnn(), bad)


def test_a_layer_that_rejects_the_shape_is_named():
    with pytest.raises(ValueError, match="layer 0 Conv2D"):
        dlcore.summary(models.tiny_cnn(), (3, 8, 8))  # three channels for a one-channel net
    with pytest.raises(ValueError, match="7 Dense"):
        dlcore.summary(models.tiny_cnn(), (1, 12, 12))  # the flatten head needs 8x8


def test_layer_outputs_keeps_every_output():
    x = np.random.default_rng(0).random((3, 1, 8, 8))
    model = models.tiny_cnn()
    outputs = layer_outputs(model, x)
    assert [out.shape for _, out in outputs][-1] == (3, 10)
    assert np.array_equal(outputs[-1][1], model.forward(x))
    assert np.array_equal(outputs[1][1], np.maximum(outputs[0][1], 0.0))


def test_feature_map_grid_by_hand():
    maps = np.arange(12.0).reshape(3, 2, 2)
    mosaic = feature_map_grid(maps, ncols=2, gutter=1)
    assert mosaic.shape == (5, 5)
    assert np.array_equal(mosaic[0:2, 0:2], maps[0])
    assert np.array_equal(mosaic[0:2, 3:5], maps[1])
    assert np.array_equal(mosaic[3:5, 0:2], maps[2])
    assert np.isnan(mosaic[2]).all() and np.isnan(mosaic[:, 2]).all()
    assert np.isnan(mosaic[3:5, 3:5]).all()  # the unused fourth tile
    assert grid_shape(16) == (4, 4) and grid_shape(8) == (3, 3) and grid_shape(8, 4) == (2, 4)
    assert feature_map_grid(np.ones((4, 4))).shape == (4, 4)  # one map


def test_feature_map_grid_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(C, H, W\)"):
        feature_map_grid(np.zeros((2, 3, 4, 4)))
    with pytest.raises(ValueError, match="at least one map"):
        feature_map_grid(np.zeros((0, 4, 4)))


def test_plot_feature_maps_draws_one_panel_per_map_layer():
    from matplotlib.figure import Figure

    x = np.random.default_rng(0).random((2, 1, 8, 8))
    outputs = layer_outputs(models.tiny_cnn(), x)
    fig = plot_feature_maps(outputs, 1, image=x[1, 0], fig=Figure())
    panels = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    assert len(panels) == 1 + 6  # the input and the six (N, C, H, W) outputs
    with pytest.raises(ValueError, match="no layer output"):
        plot_feature_maps(outputs[-1:], fig=Figure())
