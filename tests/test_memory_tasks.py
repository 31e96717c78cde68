"""The memory tasks of chapters 37 and 38 (recall_first, flag_store) and the gate-trace plot."""

import numpy as np
import pytest

from dlcore.data import flag_store, recall_first
from dlcore.layers import LSTM
from dlcore.viz import GATE_NAMES, plot_gate_traces, update_gate_traces
from dlcore.widgets import figure


def test_recall_first_shapes_and_labels():
    x, labels = recall_first(50, 7, n_symbols=3, rng=np.random.default_rng(0))
    assert x.shape == (50, 7, 3) and labels.shape == (50,)
    np.testing.assert_array_equal(x.sum(axis=2), 1.0)  # one-hot at every step
    np.testing.assert_array_equal(labels, x[:, 0].argmax(axis=1))
    assert set(np.unique(x.argmax(axis=2))) == {0, 1, 2}  # distractors use the same alphabet


def test_recall_first_by_hand_and_deterministic():
    x, labels = recall_first(1, 2, n_symbols=2, rng=np.random.default_rng(5))
    symbols = np.random.default_rng(5).integers(0, 2, size=(1, 2))
    np.testing.assert_array_equal(x[0], np.eye(2)[symbols[0]])
    assert labels[0] == symbols[0, 0]
    again, _ = recall_first(1, 2, n_symbols=2, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(x, again)


@pytest.mark.parametrize("kwargs", [dict(n=0, steps=5), dict(n=3, steps=0)])
def test_recall_first_bad_sizes(kwargs):
    with pytest.raises(ValueError, match="recall_first"):
        recall_first(**kwargs)


def test_recall_first_bad_alphabet():
    with pytest.raises(ValueError, match="n_symbols"):
        recall_first(3, 5, n_symbols=1)


def test_flag_store_layout():
    x, y = flag_store(200, 10, rng=np.random.default_rng(0))
    assert x.shape == (200, 10, 3) and y.shape == (200, 10, 1)
    flag_at, query_at = x[:, :, 1].argmax(axis=1), x[:, :, 2].argmax(axis=1)
    np.testing.assert_array_equal(x[:, :, 1].sum(axis=1), 1.0)
    np.testing.assert_array_equal(x[:, :, 2].sum(axis=1), 1.0)
    assert flag_at.max() < 5 <= query_at.min()  # flag in the first half, query in the second
    rows = np.arange(200)
    np.testing.assert_array_equal(y[rows, query_at, 0], x[rows, flag_at, 0])
    assert np.count_nonzero(y) == np.count_nonzero(y[rows, query_at, 0])  # zero elsewhere
    assert np.abs(x[:, :, 0]).max() <= 1.0


def test_flag_store_by_hand():
    x, y = flag_store(1, 2, rng=np.random.default_rng(3))
    # T = 2: the flag must be at step 0 and the query at step 1
    np.testing.assert_array_equal(x[0, :, 1:], [[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(y[0, :, 0], [0.0, x[0, 0, 0]])


def test_flag_store_bad_sizes():
    with pytest.raises(ValueError, match="flag_store"):
        flag_store(4, 1)


def test_gate_traces_plot_and_update():
    layer = LSTM(3, 2, rng=np.random.default_rng(0))
    layer(flag_store(2, 8, rng=np.random.default_rng(1))[0])
    fig, axes = figure(8, 3, ncols=2)
    lines = plot_gate_traces(axes, layer.trace, sample=1, unit=1)
    assert set(lines) == set(GATE_NAMES)
    np.testing.assert_array_equal(lines["f"].get_ydata(), layer.trace.f[1, :, 1])
    assert axes[0].get_xlabel() == "time step t"
    layer(flag_store(2, 8, rng=np.random.default_rng(2))[0])
    update_gate_traces(lines, layer.trace, sample=0, unit=0)
    np.testing.assert_array_equal(lines["c"].get_ydata(), layer.trace.c[0, :, 0])


def test_gate_traces_bad_shape():
    class Flat:
        i = f = g = o = c = h = np.zeros((4, 3))

    fig, axes = figure(8, 3, ncols=2)
    with pytest.raises(ValueError, match=r"\(N, T, H\)"):
        plot_gate_traces(axes, Flat())
