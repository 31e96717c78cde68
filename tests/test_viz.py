"""Plotting helpers: decision grids and the network diagram of chapter 03."""

import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba

from dlcore import viz, widgets


def network(sizes=(2, 3, 2), **kwargs):
    fig, ax = widgets.figure(5, 3.6)
    return fig, ax, viz.draw_network(ax, sizes, **kwargs)


def test_grid_points_and_decision_grid_orientation():
    points = viz.grid_points((0.0, 1.0, -1.0, 1.0), resolution=3)
    assert points.shape == (9, 2)
    np.testing.assert_allclose(points[0], [0.0, -1.0])  # row 0 is ymin
    np.testing.assert_allclose(points[-1], [1.0, 1.0])
    grid = viz.decision_grid(lambda p: (p[:, 1] > 0).astype(int), (0, 1, -1, 1), resolution=3)
    np.testing.assert_array_equal(grid[:, 0], [0, 0, 1])


def test_network_has_one_marker_per_node_and_one_segment_per_weight():
    _, ax, art = network((2, 3, 2))
    assert len(art.nodes.get_offsets()) == 7
    assert [len(e.get_segments()) for e in art.edges] == [6, 6]
    assert [len(layer) for layer in art.upper_labels] == [2, 3, 2]
    assert [len(layer) for layer in art.lower_labels] == [2, 3, 2]
    # segment i * n_out + j joins node i of the left layer to node j of the right layer
    segment = art.edges[0].get_segments()[1 * 3 + 2]
    np.testing.assert_allclose(segment[0], art.positions[0][1])
    np.testing.assert_allclose(segment[1], art.positions[1][2])
    assert not ax.axison
    assert len(art.artists()) == 1 + 2 + 2 * 7  # nodes, edge collections, two labels per node


def test_edge_widths_are_proportional_to_abs_value_and_coloured_by_sign():
    _, _, art = network((2, 3, 2), max_width=5.0)
    rng = np.random.default_rng(0)
    W = [rng.normal(size=(2, 3)), rng.normal(size=(3, 2))]
    art.set_edge_values(W)
    widths = np.concatenate([e.get_linewidths() for e in art.edges])
    flat = np.concatenate([w.ravel() for w in W])
    np.testing.assert_allclose(widths, 5.0 * np.abs(flat) / np.abs(flat).max())
    colors = np.concatenate([e.get_colors() for e in art.edges])
    positive = np.array(to_rgba(viz.EDGE_COLORS["positive"]))
    negative = np.array(to_rgba(viz.EDGE_COLORS["negative"]))
    for value, color in zip(flat, colors):
        np.testing.assert_allclose(color, positive if value >= 0 else negative)
    # a fixed scale keeps widths comparable across updates
    art.set_edge_values([0.5 * w for w in W], scale=np.abs(flat).max())
    halved = np.concatenate([e.get_linewidths() for e in art.edges])
    np.testing.assert_allclose(halved, 0.5 * widths)


def test_node_shading_goes_from_white_to_blue_and_labels_update():
    _, _, art = network((2, 1))
    art.set_node_values([np.array([0.0, -2.0]), np.array([1.0])])
    faces = art.nodes.get_facecolors()
    blue = np.array(to_rgb(viz.ACTIVATION_COLOR))
    np.testing.assert_allclose(faces[0, :3], [1.0, 1.0, 1.0])
    np.testing.assert_allclose(faces[1, :3], blue)  # the largest |value|
    np.testing.assert_allclose(faces[2, :3], 1.0 + 0.5 * (blue - 1.0))
    art.set_labels(upper=[["x1", "x2"], ["p"]], lower=[["", ""], ["d"]])
    assert [t.get_text() for t in art.upper_labels[0]] == ["x1", "x2"]
    assert art.lower_labels[1][0].get_text() == "d"
    art.set_labels(upper=[["u", "v"], ["w"]])  # lower=None leaves the lower row alone
    assert art.lower_labels[1][0].get_text() == "d"


def test_all_zero_values_draw_nothing_instead_of_dividing_by_zero():
    _, _, art = network((2, 2))
    art.set_edge_values([np.zeros((2, 2))])
    assert not np.concatenate([e.get_linewidths() for e in art.edges]).any()


@pytest.mark.parametrize("sizes", [[3], [], [2, 0, 1], [2, 1.5]])
def test_bad_sizes(sizes):
    fig, ax = widgets.figure()
    with pytest.raises(ValueError, match="at least two positive integers"):
        viz.draw_network(ax, sizes)


def test_bad_options_and_values_name_what_is_wrong():
    fig, ax = widgets.figure()
    with pytest.raises(ValueError, match="3 layers but 2 layer names"):
        viz.draw_network(ax, [2, 3, 2], layer_names=["in", "out"])
    with pytest.raises(ValueError, match="max_width must be > 0"):
        viz.draw_network(ax, [2, 2], max_width=0)
    _, _, art = network((2, 3, 2))
    good = [np.ones((2, 3)), np.ones((3, 2))]
    with pytest.raises(ValueError, match="expected 2 arrays of edge values, got 1"):
        art.set_edge_values(good[:1])
    with pytest.raises(ValueError, match=r"edge values 1 should have shape \(3, 2\), got \(2, 3\)"):
        art.set_edge_values([good[0], good[0]])
    with pytest.raises(ValueError, match="NaN or inf"):
        art.set_edge_values([good[0], np.full((3, 2), np.nan)])
    with pytest.raises(ValueError, match="scale must be > 0"):
        art.set_edge_values(good, scale=0.0)
    with pytest.raises(ValueError, match=r"node values 1 should have shape \(3,\), got \(2,\)"):
        art.set_node_values([np.ones(2), np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match=r"labels should have \[2, 3, 2\] strings per layer"):
        art.set_labels(upper=[["a", "b"], ["c"], ["d", "e"]])
