"""Tests of the receptive-field arithmetic and its empirical check (dlcore.lab.receptive_field)."""

import numpy as np
import pytest

from dlcore.activations import ReLU
from dlcore.lab import receptive_field as rf
from dlcore.layers import AvgPool2D, Conv2D, Flatten
from dlcore.nn import Sequential


def _conv(k, s=1, p=0, d=1, c_in=1, c_out=1, seed=0):
    return Conv2D(c_in, c_out, k, stride=s, padding=p, dilation=d, rng=np.random.default_rng(seed))


def test_three_3x3_convolutions_see_7x7():
    rows = rf.receptive_field([_conv(3), _conv(3), _conv(3)])
    assert [row.size for row in rows] == [3, 5, 7]  # 1 + 2 + 2 + 2
    assert [row.jump for row in rows] == [1, 1, 1]
    assert [row.start for row in rows] == [1.0, 2.0, 3.0]  # no padding: centre moves inward


def test_pooling_doubles_the_growth_of_later_layers():
    # conv3 -> pool2 -> conv3: r = 1 + 2*1 = 3, + 1*1 = 4, + 2*2 = 8; j = 1, 2, 2
    rows = rf.receptive_field(Sequential(_conv(3), ReLU(), AvgPool2D(2), _conv(3)))
    assert [row.name for row in rows] == ["Conv2D", "AvgPool2D", "Conv2D"]  # ReLU is pointwise
    assert [row.size for row in rows] == [3, 4, 8]
    assert [row.jump for row in rows] == [1, 2, 2]
    assert rows[-1].start == 3.5  # 1 + 0.5 * 1 + 1 * 2


def test_dilations_1_2_4_grow_the_field_exponentially():
    rows = rf.receptive_field([_conv(3, d=1), _conv(3, d=2), _conv(3, d=4)])
    assert [row.size for row in rows] == [3, 7, 15]
    assert rf.receptive_field_size([_conv(3, d=1), _conv(3, d=2), _conv(3, d=4)]) == 15


def test_stride_and_padding_from_dicts_and_axes():
    spec = [dict(kernel_size=5, stride=2, padding=2), dict(kernel_size=3, stride=2, padding=1)]
    rows = rf.receptive_field(spec)
    assert [(row.size, row.jump, row.start) for row in rows] == [(5, 2, 0.0), (9, 4, 0.0)]
    wide = Conv2D(1, 1, (1, 3))
    assert rf.receptive_field_size([wide], axis=0) == 1
    assert rf.receptive_field_size([wide], axis=1) == 3
    assert rf.receptive_field_size([]) == 1


def test_empirical_field_matches_the_arithmetic():
    rng = np.random.default_rng(0)
    for layers in (
        [_conv(3), _conv(3)],
        [_conv(3, seed=1), AvgPool2D(2), _conv(3, seed=2)],
        [_conv(3, seed=3), _conv(3, d=2, seed=4)],
        [_conv(3, s=2, seed=5), _conv(3, s=2, seed=6)],
    ):
        grad = rf.empirical_receptive_field(Sequential(*layers), (1, 21, 21), rng=rng)
        size = rf.receptive_field_size(layers)
        assert grad.shape == (21, 21)
        assert rf.support_extent(grad) == (size, size)


def test_a_single_dilated_kernel_has_holes():
    grad = rf.empirical_receptive_field(
        Sequential(_conv(3, d=2)), (1, 9, 9), rng=np.random.default_rng(0)
    )
    assert rf.support_extent(grad) == (5, 5)
    assert np.count_nonzero(grad) == 9  # 3 x 3 taps spread over 5 x 5


def test_support_extent_hand_values():
    grad = np.zeros((6, 6))
    grad[1, 2] = grad[3, 4] = 1.0
    assert rf.support_extent(grad) == (3, 3)
    assert rf.support_extent(np.zeros((3, 3))) == (0, 0)
    assert rf.support_extent(grad * 0.5, tol=0.6) == (0, 0)


def test_bad_inputs_raise_value_error():
    with pytest.raises(ValueError, match="Flatten"):
        rf.receptive_field([_conv(3), Flatten()])
    with pytest.raises(ValueError, match="axis"):
        rf.receptive_field([_conv(3)], axis=2)
    with pytest.raises(ValueError, match="kernel"):
        rf.receptive_field([dict(kernel_size=0)])
    model = Sequential(_conv(3))
    with pytest.raises(ValueError, match="input_shape"):
        rf.empirical_receptive_field(model, (9, 9), rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="outside"):
        rf.empirical_receptive_field(model, (1, 9, 9), (7, 0), rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="outside"):
        rf.empirical_receptive_field(model, (1, 9, 9), channel=1, rng=np.random.default_rng(0))
