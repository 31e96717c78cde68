"""Scalar reverse-mode autodiff: every operation against central differences, hand-computed
adjoints, the graph's order, bad inputs, and whole dlcore networks against their layers'
hand-written backward passes."""

import math

import numpy as np
import pytest

from dlcore import activations, autodiff, losses, models
from dlcore.autodiff import Value
from dlcore.layers import Dense
from dlcore.nn import Sequential

TOL = 1e-7


def central_difference(f, args, i, h=1e-6):
    plus, minus = list(args), list(args)
    plus[i] += h
    minus[i] -= h
    return (f(*map(Value, plus)).data - f(*map(Value, minus)).data) / (2 * h)


def check_op(f, *args):
    """Worst relative error of the adjoints of f(*args) against central differences."""
    leaves = [Value(a) for a in args]
    out = f(*leaves)
    out.backward()
    errors = []
    for i, leaf in enumerate(leaves):
        numeric = central_difference(f, args, i)
        errors.append(abs(leaf.grad - numeric) / max(abs(leaf.grad), abs(numeric), 1e-12))
    return max(errors)


UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "log": lambda a: a.log(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
    "pow 3": lambda a: a**3,
    "pow -1.5": lambda a: a**-1.5,
    "pow 0.5": lambda a: a**0.5,
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
}
REFLECTED = {  # a plain number on the left calls the reflected method of the Value
    "radd": lambda a: 2.5 + a,
    "rsub": lambda a: 2.5 - a,
    "rmul": lambda a: 2.5 * a,
    "rtruediv": lambda a: 2.5 / a,
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("x", [0.3, 1.7])
def test_unary_op_gradient(name, x):
    assert check_op(UNARY[name], x) < TOL


@pytest.mark.parametrize("x", [-1.3, -0.2])
@pytest.mark.parametrize("name", ["neg", "exp", "tanh", "sigmoid", "relu", "pow 3"])
def test_unary_op_gradient_at_negative_inputs(name, x):
    assert check_op(UNARY[name], x) < TOL


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("args", [(0.7, -1.9), (-2.2, 0.4)])
def test_binary_op_gradient(name, args):
    assert check_op(BINARY[name], *args) < TOL


@pytest.mark.parametrize("name", sorted(REFLECTED))
def test_reflected_op_gradient_and_value(name):
    assert check_op(REFLECTED[name], 0.8) < TOL
    expected = {"radd": 3.3, "rsub": 1.7, "rmul": 2.0, "rtruediv": 3.125}[name]
    assert REFLECTED[name](Value(0.8)).data == pytest.approx(expected)


def test_values_of_each_op():
    a, b = Value(2.0), Value(-0.5)
    assert (a + b).data == 1.5 and (a - b).data == 2.5 and (a * b).data == -1.0
    assert (a / b).data == -4.0 and (a**3).data == 8.0 and (-a).data == -2.0
    assert a.exp().data == pytest.approx(math.e**2) and a.log().data == pytest.approx(math.log(2))
    assert b.tanh().data == pytest.approx(math.tanh(-0.5))
    assert b.sigmoid().data == pytest.approx(1 / (1 + math.exp(0.5)))
    assert a.relu().data == 2.0 and b.relu().data == 0.0


def test_a_composite_expression_by_hand():
    # f = a b + a at a = 2, b = 3: f = 8, df/da = b + 1 = 4, df/db = a = 2 (a is used twice)
    a, b = Value(2.0), Value(3.0)
    f = a * b + a
    f.backward()
    assert (f.data, a.grad, b.grad) == (8.0, 4.0, 2.0)


def test_sigmoid_neuron_adjoints_by_hand():
    # L = sigma(w x + b) with w = 2, x = 0.5, b = -1: z = 0, sigma = 1/2, sigma' = 1/4
    w, x, b = Value(2.0), Value(0.5), Value(-1.0)
    z = w * x + b
    out = z.sigmoid()
    out.backward()
    assert out.data == 0.5 and z.grad == 0.25
    assert (w.grad, x.grad, b.grad) == (0.125, 0.5, 0.25)


def test_shared_node_sums_the_adjoints_of_all_its_children():
    x = Value(3.0)
    y = x * x + x * 2.0 + x  # dy/dx = 2x + 3 = 9
    y.backward()
    assert x.grad == 9.0


def test_backward_changes_no_data_and_is_repeatable():
    x, w = Value(0.4), Value(-1.1)
    loss = (w * x).tanh() ** 2
    order = autodiff.topo_sort(loss)
    before = [node.data for node in order]
    loss.backward()
    first = [node.grad for node in order]
    loss.backward()  # adjoints restart from zero: they do not pile up
    assert [node.grad for node in order] == first
    assert [node.data for node in order] == before
    assert loss.grad == 1.0


def test_relu_passes_no_gradient_at_or_below_its_kink():
    for x in [-1.0, 0.0]:
        v = Value(x)
        v.relu().backward()
        assert v.grad == 0.0


def test_topo_sort_puts_every_parent_before_its_children_once():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a  # a diamond: a reaches d directly and through c
    e = d * c
    order = autodiff.topo_sort(e)
    assert len(order) == len({id(n) for n in order}) == 5
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]
    assert order[-1] is e and order[:2] == [a, b]


def test_topo_sort_handles_graphs_deeper_than_the_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0
    assert len(autodiff.topo_sort(y)) == 1 + 2 * 5000  # x, then a constant and a product each
    y.backward()
    assert x.grad == 1.0


def test_constants_become_labelled_leaves():
    y = 2.0 * Value(3.0)
    assert [p.label for p in y.parents] == ["2", ""]
    assert autodiff.as_value(1.5).data == 1.5 and autodiff.as_value(y) is y


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Value(np.ones(2)), r"real scalar, got an array of shape \(2,\)"),
        (lambda: Value("3"), "real scalar, got str"),
        (lambda: Value(1 + 2j), "real scalar, got complex"),
        (lambda: Value(float("nan")), "finite"),
        (lambda: Value(Value(1.0)), "already a Value"),
        (lambda: Value(0.0).log(), r"Value.log: the argument must be > 0, got 0.0"),
        (lambda: Value(-1.0).log(), "must be > 0"),
        (lambda: Value(1.0) / Value(0.0), "division by zero"),
        (lambda: 1.0 / Value(0.0), "division by zero"),
        (lambda: Value(2.0) ** Value(2.0), "exponent must be a constant real number"),
        (lambda: Value(0.0) ** -1, "undefined"),
        (lambda: Value(-2.0) ** 0.5, "not a real number"),
        (lambda: Value(1000.0).exp(), "overflows"),
        (lambda: Value(1e200) * 1e200, "finite"),
        (lambda: autodiff.topo_sort(3.0), "root must be a Value"),
    ],
)
def test_bad_inputs_raise_clear_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_sigmoid_is_finite_for_large_inputs():
    assert Value(-1e4).sigmoid().data == 0.0 and Value(1e4).sigmoid().data == 1.0


# Whole networks: the scalar graph against the layers' hand-written backward passes.


def layer_gradients(model, X, loss_fn, target):
    model.zero_grad()
    loss, d_out = loss_fn(model.forward(X), target)
    dX = model.backward(d_out)
    return loss, [p.grad.copy() for p in model.parameters()], dX


def assert_same(a, b, rtol=1e-10):
    scale = max(np.abs(a).max(), np.abs(b).max(), 1e-300)
    assert np.abs(a - b).max() / scale < rtol


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
def test_graph_of_an_mlp_with_cross_entropy_matches_sequential_backward(activation):
    rng = np.random.default_rng(0)
    model = models.mlp([3, 5, 4, 3], activation, bias_std=0.3, rng=rng)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    loss, grads, dX = layer_gradients(model, X, losses.softmax_cross_entropy, y)
    graph = autodiff.model_graph(model, X)
    L = autodiff.softmax_cross_entropy(graph.output, y)
    L.backward()
    assert L.data == pytest.approx(loss, rel=1e-12)
    assert len(graph.parameters) == len(grads) == 6
    for leaves, grad in zip(graph.parameters, grads):
        assert leaves.shape == grad.shape
        assert_same(autodiff.grad_of(leaves), grad)
    assert_same(autodiff.grad_of(graph.inputs), dX)
    np.testing.assert_allclose(autodiff.data_of(graph.output), model.forward(X), rtol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_graph_of_an_mlp_with_mse_matches_sequential_backward(activation):
    rng = np.random.default_rng(1)
    model = models.mlp([2, 4, 4, 2], activation, bias_std=0.3, rng=rng)
    X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    loss, grads, dX = layer_gradients(model, X, losses.mse, Y)
    graph = autodiff.model_graph(model, X)
    L = autodiff.mse(graph.output, Y)
    L.backward()
    assert L.data == pytest.approx(loss, rel=1e-12)
    for leaves, grad in zip(graph.parameters, grads):
        assert_same(autodiff.grad_of(leaves), grad)
    assert_same(autodiff.grad_of(graph.inputs), dX)


def test_graph_of_a_bias_free_layer_and_a_single_module():
    rng = np.random.default_rng(2)
    layer = Dense(3, 2, bias=False, rng=rng)
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    _, grads, _ = layer_gradients(layer, X, losses.mse, Y)
    graph = autodiff.model_graph(layer, X)
    assert len(graph.parameters) == 1
    autodiff.mse(graph.output, Y).backward()
    assert_same(autodiff.grad_of(graph.parameters[0]), grads[0])


def test_model_graph_leaves_the_model_alone():
    rng = np.random.default_rng(3)
    model = models.mlp([2, 3, 2], "tanh", rng=rng)
    before = [p.data.copy() for p in model.parameters()]
    graph = autodiff.model_graph(model, rng.normal(size=(2, 2)))
    autodiff.softmax_cross_entropy(graph.output, np.array([0, 1])).backward()
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    assert all(not p.grad.any() for p in model.parameters())


def test_graph_loss_is_stable_for_huge_logits():
    logits = autodiff.tensor(np.array([[1e4, 0.0], [0.0, -1e4]]), "z")
    L = autodiff.softmax_cross_entropy(logits, np.array([1, 1]))
    L.backward()
    expected, dlogits = losses.softmax_cross_entropy(np.array([[1e4, 0.0], [0.0, -1e4]]), [1, 1])
    assert L.data == pytest.approx(expected)
    np.testing.assert_allclose(autodiff.grad_of(logits), dlogits, atol=1e-12)


def test_tensor_labels_and_fields():
    t = autodiff.tensor(np.arange(6.0).reshape(2, 3), "W")
    assert t.shape == (2, 3) and t[1, 2].label == "W[1,2]"
    np.testing.assert_array_equal(autodiff.data_of(t), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(autodiff.grad_of(t), np.zeros((2, 3)))


def test_model_graph_and_losses_reject_bad_input():
    rng = np.random.default_rng(4)
    model = models.mlp([2, 3, 2], "tanh", rng=rng)
    with pytest.raises(ValueError, match=r"model_graph: X must be \(N, features\)"):
        autodiff.model_graph(model, np.ones(2))
    with pytest.raises(ValueError, match=r"Dense\(2 -> 3, bias=True\) expects \(N, 2\), got"):
        autodiff.model_graph(model, np.ones((4, 3)))
    with pytest.raises(ValueError, match="no scalar version of LeakyReLU.*supported layers"):
        autodiff.model_graph(Sequential(Dense(2, 2), activations.LeakyReLU()), np.ones((1, 2)))
    logits = autodiff.tensor(np.zeros((3, 2)), "z")
    with pytest.raises(ValueError, match=r"labels must be integers of shape \(3,\)"):
        autodiff.softmax_cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\)"):
        autodiff.softmax_cross_entropy(logits, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"logits must be \(N, C\)"):
        autodiff.softmax_cross_entropy(logits[0], np.array([0]))
    with pytest.raises(ValueError, match=r"mse: output and target must have the same shape"):
        autodiff.mse(logits, np.zeros((2, 3)))


def test_a_wrong_local_backward_is_caught():
    """The comparison must fail for a broken op, or the tests above prove nothing."""
    x = Value(0.7)
    out = x.tanh()
    out._backward = lambda: setattr(x, "grad", x.grad + 1.01 * (1 - out.data**2) * out.grad)
    out.backward()
    numeric = (math.tanh(0.7 + 1e-6) - math.tanh(0.7 - 1e-6)) / 2e-6
    assert abs(x.grad - numeric) / abs(numeric) > 1e-3
