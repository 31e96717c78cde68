"""models.tiny_cnn: every switch builds the right layers, gradchecks, and bad configs fail clearly.
See chapters 07 and 34."""

import numpy as np
import pytest

from dlcore import layers, models
from dlcore.gradcheck import check_layer
from dlcore.nn import count_params

SMALL = dict(channels=(2, 3))  # small channels keep the finite differences quick
# The ReLU / max-pool nets are piecewise linear, so central differences are exact between kinks
# and only round-off (about 1e-16 |L| / h) remains: a step of 1e-4 keeps it below 1e-8 on these
# small batches without crossing a kink.
STEP = 1e-4


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"activation": None},
        {"activation": "tanh", "pool": "avg"},
        {"pool": None},
        {"head": "gap"},
        {"head": "gmp"},
        {"channels": (3,)},
    ],
    ids=str,
)
def test_gradcheck_every_variant(config):
    model = models.tiny_cnn(**{**SMALL, **config}, rng=np.random.default_rng(1))
    x = np.random.default_rng(2).normal(size=(2, 1, 8, 8))
    assert check_layer(model, x, h=STEP) < 1e-7
    model.eval()  # no layer differs between modes here, but the switch must not break it
    assert check_layer(model, x, h=STEP) < 1e-7


@pytest.mark.skipif(not hasattr(layers, "BatchNorm2d"), reason="BatchNorm2d not available")
def test_gradcheck_with_batchnorm_train_and_eval():
    model = models.tiny_cnn(**SMALL, batchnorm=True, rng=np.random.default_rng(1))
    x = np.random.default_rng(2).normal(size=(2, 1, 8, 8))
    assert check_layer(model, x, h=STEP) < 1e-7
    model.eval()
    assert check_layer(model, x, h=STEP) < 1e-7


def kinds(model):
    return [type(m).__name__ for m in model]


def test_the_switches_build_the_expected_layers():
    assert kinds(models.tiny_cnn()) == [
        "Conv2D", "ReLU", "MaxPool2D", "Conv2D", "ReLU", "MaxPool2D", "Flatten", "Dense"
    ]  # fmt: skip
    assert kinds(models.tiny_cnn(activation=None, pool="avg", channels=(4,))) == [
        "Conv2D", "AvgPool2D", "Flatten", "Dense"
    ]  # fmt: skip
    assert kinds(models.tiny_cnn(pool=None, head="gap"))[-2:] == ["GlobalAvgPool2D", "Dense"]
    assert kinds(models.tiny_cnn(head="gmp"))[-2] == "GlobalMaxPool2D"


def test_parameter_counts_by_hand():
    # conv 1x3x3 -> 8: 80; conv 8x3x3 -> 16: 1168; dense head
    assert count_params(models.tiny_cnn()) == 80 + 1168 + (16 * 2 * 2 * 10 + 10)
    assert count_params(models.tiny_cnn(head="gap")) == 80 + 1168 + (16 * 10 + 10)
    assert count_params(models.tiny_cnn(pool=None)) == 80 + 1168 + (16 * 8 * 8 * 10 + 10)
    assert count_params(models.tiny_cnn(channels=(8,))) == 80 + (8 * 4 * 4 * 10 + 10)
    assert count_params(models.tiny_cnn(kernel_size=5, channels=(4,), n_classes=3)) == (
        4 * 25 + 4 + 4 * 4 * 4 * 3 + 3
    )


def test_output_shape_and_size_agnostic_global_heads():
    x = np.zeros((5, 1, 8, 8))
    assert models.tiny_cnn().forward(x).shape == (5, 10)
    assert models.tiny_cnn(head="gap").forward(np.zeros((2, 1, 12, 12))).shape == (2, 10)
    with pytest.raises(ValueError, match="Dense"):  # the flatten head is tied to 8x8
        models.tiny_cnn().forward(np.zeros((2, 1, 12, 12)))
    assert models.tiny_cnn(input_size=(12, 12)).forward(np.zeros((2, 1, 12, 12))).shape == (2, 10)


def test_without_activation_and_with_average_pooling_the_net_is_affine():
    model = models.tiny_cnn(activation=None, pool="avg", rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    x1, x2 = rng.normal(size=(2, 3, 1, 8, 8))
    zero = model.forward(np.zeros_like(x1))
    f = model.forward
    assert np.allclose(f(x1 + 2 * x2) - zero, (f(x1) - zero) + 2 * (f(x2) - zero), atol=1e-12)


def test_same_seed_same_weights():
    a = models.tiny_cnn(rng=np.random.default_rng(3))
    b = models.tiny_cnn(rng=np.random.default_rng(3))
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.parameters(), b.parameters()))


@pytest.mark.parametrize(
    "config, message",
    [
        ({"pool": "median"}, r"unknown pool 'median'; valid: \['max', 'avg', None\]"),
        ({"head": "dense"}, r"unknown head 'dense'; valid: \['flatten', 'gap', 'gmp'\]"),
        ({"activation": "swishy"}, "swishy"),
        ({"channels": ()}, "channels"),
        ({"channels": (8, 0)}, "channels"),
        ({"kernel_size": 4}, "odd"),
        ({"channels": (2, 2, 2, 2)}, "shrink"),
    ],
)
def test_bad_configs_raise(config, message):
    with pytest.raises(ValueError, match=message):
        models.tiny_cnn(**config)


def test_wrong_input_channels_raise():
    with pytest.raises(ValueError, match="Conv2D"):
        models.tiny_cnn().forward(np.zeros((2, 3, 8, 8)))
