"""The tent map and sawtooth, piece counting (sampled and exact), and the depth-vs-width bounds."""

import numpy as np
import pytest

from dlcore import activations
from dlcore.lab import expressivity
from dlcore.layers import Dense
from dlcore.nn import Sequential


def relu_units(net):
    """Number of hidden units that feed a ReLU."""
    return sum(
        m.out_features
        for m, nxt in zip(net.modules[:-1], net.modules[1:])
        if isinstance(m, Dense) and isinstance(nxt, activations.ReLU)
    )


def test_tent_map_exact_values():
    x = np.array([[0.0], [0.25], [0.5], [0.75], [1.0], [-1.0], [1.5], [0.1]])
    expected = [0.0, 0.5, 1.0, 0.5, 0.0, 0.0, -1.0, 0.2]
    np.testing.assert_array_equal(expressivity.tent()(x)[:, 0], expected)


def test_tent_map_is_2relu_x_minus_4relu_x_minus_half():
    x = np.random.default_rng(0).uniform(-3, 3, size=(500, 1))
    formula = 2 * np.maximum(x, 0) - 4 * np.maximum(x - 0.5, 0)
    np.testing.assert_allclose(expressivity.tent()(x), formula, rtol=0, atol=1e-15)


@pytest.mark.parametrize("k", range(1, 7))
def test_sawtooth_has_exactly_2_to_the_k_pieces_from_2k_units(k):
    net = expressivity.sawtooth(k)
    assert relu_units(net) == 2 * k
    kinks = expressivity.relu_net_breakpoints(net, 0.0, 1.0)
    assert len(kinks) + 1 == 2**k
    np.testing.assert_allclose(kinks, np.arange(1, 2**k) / 2**k, atol=1e-12)
    assert expressivity.count_linear_pieces(net, np.linspace(0.0, 1.0, 5001)) == 2**k
    # a grid that misses every kink (they all fall inside grid intervals) counts the same
    assert expressivity.count_linear_pieces(net, np.linspace(0.0, 1.0, 3001) ** 1.01) == 2**k


@pytest.mark.parametrize("k", [1, 3, 6])
def test_sawtooth_alternates_between_0_and_1_at_dyadic_points(k):
    j = np.arange(2**k + 1)
    values = expressivity.sawtooth(k)((j / 2**k)[:, None])[:, 0]
    np.testing.assert_allclose(values, j % 2, atol=1e-12)


def test_sawtooth_rejects_bad_k():
    for k in (0, -1, 2.5):
        with pytest.raises(ValueError, match="k must be an integer >= 1"):
            expressivity.sawtooth(k)


@pytest.mark.parametrize("m", [1, 2, 5, 16, 48])
def test_one_hidden_layer_of_m_units_has_at_most_m_plus_1_pieces(m):
    for seed in range(10):
        net = expressivity.random_net(1, m, rng=np.random.default_rng(seed))
        dense_in, _, dense_out = net
        w, b = dense_in.W.data[0], dense_in.b.data
        kink_positions = -b / w
        lo, hi = -5.0, 5.0
        expected = np.sum((kink_positions > lo) & (kink_positions < hi))
        pieces = len(expressivity.relu_net_breakpoints(net, lo, hi)) + 1
        assert pieces <= m + 1
        # each unit bends the output exactly once, where its pre-activation crosses zero
        assert pieces == expected + 1
        grid = np.linspace(lo, hi, 20_001)
        assert expressivity.count_linear_pieces(net, grid) <= pieces


def test_deep_nets_respect_the_width_to_the_depth_ceiling():
    for depth, width in [(2, 3), (3, 4), (4, 2)]:
        for seed in range(10):
            net = expressivity.random_net(depth, width, rng=np.random.default_rng(seed))
            pieces = len(expressivity.relu_net_breakpoints(net, -10.0, 10.0)) + 1
            assert pieces <= (width + 1) ** depth


def test_piecewise_linear_net_passes_through_its_knots_with_one_unit_per_piece():
    rng = np.random.default_rng(0)
    x_knots = np.sort(rng.uniform(-2, 2, size=9))
    y_knots = rng.normal(size=9)
    net = expressivity.piecewise_linear_net(x_knots, y_knots)
    assert relu_units(net) == 8
    np.testing.assert_allclose(net(x_knots[:, None])[:, 0], y_knots, atol=1e-12)
    x = np.linspace(x_knots[0], x_knots[-1], 777)
    np.testing.assert_allclose(net(x[:, None])[:, 0], np.interp(x, x_knots, y_knots), atol=1e-12)
    kinks = expressivity.relu_net_breakpoints(net, x_knots[0], x_knots[-1])
    np.testing.assert_allclose(kinks, x_knots[1:-1], atol=1e-12)


def test_piecewise_linear_net_rejects_bad_knots():
    with pytest.raises(ValueError, match="strictly increasing"):
        expressivity.piecewise_linear_net([0.0, 0.0, 1.0], [0.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        expressivity.piecewise_linear_net([0.0, 1.0], [0.0, 1.0, 2.0])


def test_count_linear_pieces_on_known_functions():
    grid = np.linspace(-1.0, 1.0, 2001)
    assert expressivity.count_linear_pieces(lambda x: 3 * x - 1, grid) == 1
    assert expressivity.count_linear_pieces(lambda x: np.full_like(x, 7.0), grid) == 1
    assert expressivity.count_linear_pieces(np.abs, grid) == 2  # kink on a grid point
    assert expressivity.count_linear_pieces(lambda x: np.abs(x - 0.30005), grid) == 2  # inside
    zigzag = lambda x: np.abs(x) + 2 * np.abs(x - 0.5) - np.abs(x + 0.25)  # noqa: E731
    assert expressivity.count_linear_pieces(zigzag, grid) == 4
    # large offsets do not create round-off kinks
    assert expressivity.count_linear_pieces(lambda x: 1e8 + 1e-3 * x, grid) == 1


def test_count_linear_pieces_rejects_bad_input():
    grid = np.linspace(0, 1, 11)
    with pytest.raises(ValueError, match="strictly increasing"):
        expressivity.count_linear_pieces(np.abs, grid[::-1])
    with pytest.raises(ValueError, match="one value per grid point"):
        expressivity.count_linear_pieces(lambda x: x[:5], grid)
    with pytest.raises(ValueError, match="NaN or inf"):
        expressivity.count_linear_pieces(lambda x: np.where(x > 0.5, np.nan, x), grid)


def test_grid_count_matches_exact_count_when_kinks_are_resolved():
    grid = np.linspace(-2.0, 2.0, 20_001)
    step = grid[1] - grid[0]
    resolved = 0
    for seed in range(12):
        net = expressivity.random_net(3, 8, rng=np.random.default_rng(seed))
        kinks = expressivity.relu_net_breakpoints(net, -2.0, 2.0)
        sampled = expressivity.count_linear_pieces(net, grid)
        assert sampled <= len(kinks) + 1  # merging close kinks can only lower the count
        if len(kinks) < 2 or np.diff(kinks).min() > 4 * step:
            assert sampled == len(kinks) + 1
            resolved += 1
    assert resolved >= 6  # most random nets have well-separated kinks


def test_knot_tracker_draws_the_network_exactly():
    rng = np.random.default_rng(3)
    for depth, width in [(1, 5), (3, 16), (6, 8)]:
        net = expressivity.random_net(depth, width, weight_scale=2.0, rng=rng)
        x_knots, y_knots, kinks = expressivity.relu_net_graph(net, -2.0, 2.0)
        assert x_knots[0] == -2.0 and x_knots[-1] == 2.0 and np.all(np.diff(x_knots) > 0)
        assert set(kinks) <= set(x_knots)
        np.testing.assert_allclose(y_knots, net(x_knots[:, None])[:, 0], rtol=1e-9, atol=1e-9)
        x = rng.uniform(-2.0, 2.0, size=2000)
        np.testing.assert_allclose(
            np.interp(x, x_knots, y_knots), net(x[:, None])[:, 0], rtol=1e-9, atol=1e-9
        )


def test_knot_tracker_continues_from_a_shared_prefix():
    rng = np.random.default_rng(1)
    trunk = list(expressivity.random_net(4, 8, rng=rng))[:-1]
    readout = Dense(8, 1, rng=rng)
    prefix = expressivity.KnotTracker(-1.0, 1.0).apply(Sequential(*trunk[:4]))
    via_prefix = prefix.apply(Sequential(*trunk[4:], readout)).graph()
    direct = expressivity.relu_net_graph(Sequential(*trunk, readout), -1.0, 1.0)
    for a, b in zip(via_prefix, direct):
        np.testing.assert_array_equal(a, b)


def test_knot_tracker_rejects_smooth_layers_and_bad_intervals():
    with pytest.raises(ValueError, match="only Dense, ReLU and Identity.*Tanh"):
        expressivity.relu_net_breakpoints(
            expressivity.random_net(2, 4, "tanh", rng=np.random.default_rng(0)), 0, 1
        )
    with pytest.raises(ValueError, match="need lo < hi"):
        expressivity.relu_net_graph(expressivity.tent(), 1.0, 1.0)
    with pytest.raises(ValueError, match="graph needs 1 output, got 3"):
        expressivity.relu_net_graph(Dense(1, 3), 0.0, 1.0)


def test_bias_free_relu_nets_are_positively_homogeneous_with_one_kink_at_zero():
    for depth, width in [(1, 16), (4, 16), (8, 32)]:
        net = expressivity.random_net(depth, width, bias_std=0.0, rng=np.random.default_rng(0))
        x = np.linspace(-2, 2, 101)[:, None]
        np.testing.assert_allclose(net(2.5 * x), 2.5 * net(x), rtol=1e-12, atol=1e-12)
        kinks = expressivity.relu_net_breakpoints(net, -2.0, 2.0)
        assert len(kinks) <= 1 and np.all(np.abs(kinks) < 1e-12)


def test_random_net_shapes_scale_and_errors():
    rng = np.random.default_rng(0)
    net = expressivity.random_net(3, 7, "tanh", weight_scale=0.5, rng=rng)
    assert net(np.zeros((4, 1))).shape == (4, 1)
    assert len([m for m in net if isinstance(m, activations.Tanh)]) == 3
    reference = expressivity.random_net(3, 7, "tanh", rng=np.random.default_rng(0))
    np.testing.assert_allclose(
        expressivity.random_net(3, 7, "tanh", weight_scale=0.5, rng=np.random.default_rng(0))[
            0
        ].W.data,
        0.5 * reference[0].W.data,
    )
    with pytest.raises(ValueError, match="depth and width must be >= 1"):
        expressivity.random_net(0, 4, rng=rng)
    with pytest.raises(ValueError, match="weight_scale and bias_std must be >= 0"):
        expressivity.random_net(2, 4, weight_scale=-1.0, rng=rng)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        expressivity.random_net(2, 4, "swish", rng=rng)


def test_count_monotone_pieces():
    x = np.linspace(0, 4 * np.pi, 4001)
    assert expressivity.count_monotone_pieces(np.sin(x)) == 5
    assert expressivity.count_monotone_pieces(np.full(100, 3.0)) == 1
    assert expressivity.count_monotone_pieces(np.maximum(x - 5, 0)) == 1  # flat, then rising
    grid = np.linspace(0, 1, 4001)
    for k in (1, 4):
        values = expressivity.sawtooth(k)(grid[:, None])[:, 0]
        assert expressivity.count_monotone_pieces(values) == 2**k
