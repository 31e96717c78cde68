"""The computational-graph drawing of chapter 08: layout, labels, updates and bad input."""

import numpy as np
import pytest

from dlcore import autodiff, viz, widgets
from dlcore.autodiff import Value


def neuron(w=2.0, x=0.5, b=-1.0):
    """sigma(w x + b), with its adjoints computed: 6 nodes in 4 columns."""
    w, x, b = Value(w, label="w"), Value(x, label="x"), Value(b, label="b")
    out = (w * x + b).sigmoid()
    out.backward()
    return out


def drawn(root=None, **kwargs):
    fig, ax = widgets.figure(6, 3)
    return fig, ax, viz.draw_graph(ax, neuron() if root is None else root, **kwargs)


def test_one_marker_three_labels_per_node_and_one_arrow_per_operand():
    _, ax, art = drawn()
    assert len(art.nodes) == 6 and len(art.markers.get_offsets()) == 6
    assert len(art.names) == len(art.values) == len(art.grads) == 6
    assert len(art.edges) == len(art.edge_index) == 5  # *, + and sigma have 2 + 2 + 1 operands
    assert not ax.axison and ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 1.0)
    assert len(art.artists()) == 5 + 1 + 3 * 6


def test_columns_follow_the_order_of_computation():
    _, _, art = drawn()
    names = [t.get_text() for t in art.names]
    assert names == ["w", "x", "×", "b", "+", "σ"]  # topological order
    np.testing.assert_array_equal(art.layers, [0, 0, 1, 1, 2, 3])  # b sits just before its use
    for parent, child in art.edge_index:
        assert art.positions[parent, 0] < art.positions[child, 0]
    assert np.all((art.positions > 0) & (art.positions < 1))


def test_labels_show_forward_values_and_adjoints():
    # z = 2 * 0.5 - 1 = 0: sigma = 0.5, sigma' = 0.25, dL/dw = 0.25 x = 0.125, dL/dx = 0.5
    _, _, art = drawn()
    assert [t.get_text() for t in art.values] == ["2", "0.5", "1", "-1", "0", "0.5"]
    assert [t.get_text() for t in art.grads] == ["0.125", "0.5", "0.25", "0.25", "0.25", "1"]
    assert art.values[0].get_color() == viz.ACTIVATION_COLOR
    assert art.grads[0].get_color() == viz.DELTA_COLOR


def test_set_root_updates_numbers_and_greys_out_zero_adjoints():
    _, _, art = drawn()
    positions = art.positions.copy()
    w, x, b = Value(1.0, label="w"), Value(0.0, label="x"), Value(0.0, label="b")
    out = (w * x + b).sigmoid()
    out.backward()
    art.set_root(out)
    assert art.nodes[-1] is out
    assert art.values[-1].get_text() == "0.5" and art.grads[0].get_text() == "0"
    assert art.grads[0].get_color() == "0.55"  # dL/dw = sigma' x = 0: nothing flows back
    np.testing.assert_array_equal(art.positions, positions)


def test_negative_zero_is_printed_as_zero():
    y = Value(-1.0) * Value(0.0, label="z")
    y.backward()
    _, _, art = drawn(y)
    assert [t.get_text() for t in art.values] == ["-1", "0", "0"]


def test_shared_operand_and_constant_leaves_are_drawn():
    x = Value(3.0, label="x")
    y = x * x + 2.0
    y.backward()
    _, _, art = drawn(y)
    assert [t.get_text() for t in art.names] == ["x", "×", "2", "+"]
    assert art.edge_index.count((0, 1)) == 2  # x * x: two arrows from x, the second bent
    assert art.grads[0].get_text() == "6"


def test_a_single_leaf_is_drawn_in_the_middle():
    _, _, art = drawn(Value(1.5, label="a"))
    np.testing.assert_allclose(art.positions, [[0.5, 0.5]])
    assert art.edges == []


def test_bad_input_raises_clear_errors():
    fig, ax = widgets.figure()
    with pytest.raises(ValueError, match="root must be a Value"):
        viz.draw_graph(ax, 1.0)
    big = Value(0.0)
    for _ in range(30):
        big = big + 1.0
    with pytest.raises(ValueError, match="61 nodes, more than max_nodes=40"):
        viz.draw_graph(ax, big)
    with pytest.raises(ValueError, match="node_size must be > 0"):
        viz.draw_graph(ax, neuron(), node_size=0)
    with pytest.raises(ValueError, match="fmt='{:d}' cannot format a float"):
        viz.draw_graph(ax, neuron(), fmt="{:d}")
    _, _, art = drawn()
    other = Value(1.0) * Value(2.0)
    with pytest.raises(ValueError, match="set_root needs a graph of the same shape"):
        art.set_root(other)


def expressions(x=1.0, w=0.5):
    a, b = Value(x, label="x"), Value(w, label="w")
    roots = {"product": a * b, "tanh": (a * b).tanh() + a}
    for root in roots.values():
        root.backward()
    return roots


def test_graph_switcher_shows_one_graph_and_redraws_only_numbers_and_the_image():
    fig, ax = widgets.figure(6, 3)
    switcher = viz.GraphSwitcher(ax, expressions())
    assert list(switcher.skeletons) == ["product", "tanh"]
    for pixels in switcher.skeletons.values():  # the skeleton fills the axes exactly
        x0, y0, x1, y1 = np.round(ax.bbox.extents).astype(int)
        assert pixels.shape == (y1 - y0, x1 - x0, 4)
    assert not np.array_equal(switcher.skeletons["product"], switcher.skeletons["tanh"])
    assert switcher.name == "product"
    visible = {name: d.values[0].get_visible() for name, d in switcher.drawings.items()}
    assert visible == {"product": True, "tanh": False}
    assert all(a.get_animated() for a in switcher.artists())
    switcher.show("tanh", expressions(x=2.0)["tanh"])
    assert switcher.image.get_array().shape == switcher.skeletons["tanh"].shape
    tanh = switcher.drawings["tanh"]
    assert tanh.values[0].get_text() == "2" and tanh.values[0].get_visible()
    assert not switcher.drawings["product"].values[0].get_animated()
    # the fixed parts are pixels now: their artists stay hidden
    assert not any(a.get_visible() for a in tanh.edges + tanh.names + [tanh.markers])


def test_graph_switcher_in_an_explorer_renders_and_rejects_unknown_names():
    fig, ax = widgets.figure(6, 3)
    switcher = viz.GraphSwitcher(ax, expressions())

    def update(expression, x):
        switcher.show(expression, expressions(x=x)[expression])

    explorer = widgets.explore(
        "test-graph-switcher",
        update,
        fig,
        expression=widgets.Choice(["product", "tanh"]),
        x=widgets.Slider(-1, 1, 0.5),
    )
    assert explorer.render(expression="tanh")[:4] == b"\x89PNG"
    assert explorer.render(expression="product", x=-1.0)[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="unknown graph 'sum'"):
        switcher.show("sum", None)
    with pytest.raises(ValueError, match="at least one graph"):
        viz.GraphSwitcher(widgets.figure()[1], {})


def test_a_graph_from_a_model_is_too_big_to_draw():
    from dlcore import models

    model = models.mlp([2, 3, 2], "tanh")
    graph = autodiff.model_graph(model, np.ones((1, 2)))
    loss = autodiff.softmax_cross_entropy(graph.output, np.array([0]))
    with pytest.raises(ValueError, match="more than max_nodes"):
        viz.draw_graph(widgets.figure()[1], loss)
