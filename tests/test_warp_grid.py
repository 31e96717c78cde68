"""viz.warp_grid: the image of a square grid of lines under a map of the plane (chapter 27)."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from dlcore import viz, widgets


def axes():
    fig, ax = widgets.figure(4, 4)
    return ax


def line_points(grid):
    return np.stack([np.column_stack(line.get_data()) for line in grid.lines])


def test_identity_leaves_the_grid_lines_where_they_are():
    ax = axes()
    grid = viz.warp_grid(ax, lambda p: p, (-1.0, 2.0, 0.0, 4.0), n_lines=4, n_points=3)
    drawn = line_points(grid)
    assert drawn.shape == (8, 3, 2)
    np.testing.assert_array_equal(drawn, grid.points)
    # first the lines of constant x2, bottom to top, then those of constant x1, left to right
    np.testing.assert_array_equal(drawn[0], [[-1.0, 0.0], [0.5, 0.0], [2.0, 0.0]])
    np.testing.assert_array_equal(drawn[3, :, 1], [4.0, 4.0, 4.0])
    np.testing.assert_array_equal(drawn[4], [[-1.0, 0.0], [-1.0, 2.0], [-1.0, 4.0]])
    np.testing.assert_array_equal(drawn[5, :, 0], [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(drawn[7, :, 0], [2.0, 2.0, 2.0])


def test_a_linear_map_keeps_lines_straight_and_parallel():
    A = np.array([[2.0, 1.0], [-0.5, 1.5]])  # y = A x for column vectors
    grid = viz.warp_grid(axes(), lambda p: p @ A.T, n_lines=5, n_points=7)
    drawn = line_points(grid)
    np.testing.assert_allclose(drawn, grid.points @ A.T, rtol=0, atol=1e-15)
    for k, line in enumerate(drawn):
        step = line[1:] - line[:-1]
        # every step along a line is the same vector: A e1 (constant x2) or A e2 (constant x1)
        expected = A[:, 0] * 2.0 / 6 if k < 5 else A[:, 1] * 2.0 / 6
        np.testing.assert_allclose(step, np.tile(expected, (6, 1)), atol=1e-14)


def test_a_nonlinear_map_bends_the_lines():
    grid = viz.warp_grid(axes(), lambda p: np.tanh(2.0 * p), (-2, 2, -2, 2), n_lines=3, n_points=9)
    drawn = line_points(grid)
    np.testing.assert_allclose(drawn, np.tanh(2.0 * grid.points))
    # the middle line of constant x2 is x2 = 0: still straight; the top one (x2 = 2) also
    # stays straight (tanh acts per coordinate), but its points are no longer evenly spaced
    spacing = np.diff(drawn[2, :, 0])
    assert spacing.max() > 10 * spacing.min()
    # a rotation before tanh bends the lines: the middle point leaves the chord
    c, s = np.cos(0.5), np.sin(0.5)
    R = np.array([[c, -s], [s, c]])
    grid = viz.warp_grid(axes(), lambda p: np.tanh(2.0 * p @ R.T), (-2, 2, -2, 2), 3, 9)
    top = line_points(grid)[2]
    chord = top[-1] - top[0]
    offset = top[4] - top[0]
    assert abs(chord[0] * offset[1] - chord[1] * offset[0]) > 0.05


def test_update_moves_the_same_artists_and_calls_the_map_once():
    ax = axes()
    grid = viz.warp_grid(ax, lambda p: p, n_lines=6, n_points=11)
    assert len(grid.lines) == 12 == len(ax.lines)
    assert grid.artists() == grid.lines
    before = list(grid.lines)
    calls = []

    def double(p):
        calls.append(p.shape)
        return 2.0 * p

    grid.update(double)
    assert calls == [(12 * 11, 2)]  # one vectorised call for all points
    assert grid.lines == before and len(ax.lines) == 12
    np.testing.assert_array_equal(line_points(grid), 2.0 * grid.points)


def test_a_map_that_writes_into_its_input_cannot_change_the_grid():
    grid = viz.warp_grid(axes(), lambda p: p, n_lines=2, n_points=2)
    kept = grid.points.copy()

    def in_place(p):
        p *= 3.0
        return p

    grid.update(in_place)
    np.testing.assert_array_equal(grid.points, kept)
    np.testing.assert_array_equal(line_points(grid), 3.0 * kept)


def test_colours_per_direction_and_autoscaling_to_the_first_image():
    ax = axes()
    grid = viz.warp_grid(ax, lambda p: 3.0 * p, n_lines=2, colors=("red", "blue"), lw=2.0)
    assert [to_rgba(line.get_color()) for line in grid.lines] == [to_rgba("red")] * 2 + [
        to_rgba("blue")
    ] * 2
    assert all(line.get_linewidth() == 2.0 for line in grid.lines)
    xmin, xmax = ax.get_xlim()
    assert xmin <= -3.0 and xmax >= 3.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"extent": (0, 1, 0)}, "extent must be 4 finite numbers"),
        ({"extent": (0, 1, 0, np.inf)}, "extent must be 4 finite numbers"),
        ({"extent": (1, 0, 0, 1)}, "xmin < xmax and ymin < ymax"),
        ({"extent": (0, 1, 2, 2)}, "xmin < xmax and ymin < ymax"),
        ({"n_lines": 1}, "n_lines must be an integer >= 2, got 1"),
        ({"n_lines": 2.5}, "n_lines must be an integer >= 2, got 2.5"),
        ({"n_points": 1}, "n_points must be an integer >= 2, got 1"),
        ({"colors": ("red",)}, "colors must be two colours, got 1"),
    ],
)
def test_bad_grid_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        viz.warp_grid(axes(), lambda p: p, **kwargs)


def test_bad_maps_name_the_shapes():
    with pytest.raises(ValueError, match=r"shape \(8, 2\) to the same shape, got \(8,\)"):
        viz.warp_grid(axes(), lambda p: p[:, 0], n_lines=2, n_points=2)
    with pytest.raises(ValueError, match=r"shape \(8, 2\) to the same shape, got \(8, 3\)"):
        viz.warp_grid(axes(), lambda p: np.column_stack([p, p[:, 0]]), n_lines=2, n_points=2)
    grid = viz.warp_grid(axes(), lambda p: p, n_lines=2, n_points=2)
    with pytest.raises(ValueError, match="NaN or inf"):
        grid.update(lambda p: np.where(p > 0, p, np.nan))  # undefined for some points
