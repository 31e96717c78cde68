"""Initialisers: the variances they promise, and the name registry."""

import numpy as np
import pytest

from dlcore import init


@pytest.mark.parametrize(
    "name, expected_var",
    [("xavier", 2 / (400 + 200)), ("he", 2 / 400), ("lecun", 1 / 400)],
)
def test_variance_rules(name, expected_var):
    W = init.initialize(name, 400, 200, np.random.default_rng(0))
    assert W.shape == (400, 200)
    assert W.var() == pytest.approx(expected_var, rel=0.02)


def test_normal_uses_the_given_std_and_zeros_are_zero():
    W = init.initialize("normal", 300, 300, np.random.default_rng(0), std=0.5)
    assert W.std() == pytest.approx(0.5, rel=0.02)
    assert not init.initialize("zeros", 3, 4, None).any()


@pytest.mark.parametrize("shape", [(6, 4), (4, 6)])
def test_orthogonal_has_orthonormal_columns_or_rows(shape):
    W = init.initialize("orthogonal", *shape, np.random.default_rng(0))
    small = W.T @ W if shape[0] >= shape[1] else W @ W.T
    np.testing.assert_allclose(small, np.eye(min(shape)), atol=1e-12)


def test_unknown_init_lists_valid_names():
    with pytest.raises(ValueError, match="unknown init 'glorot'; valid names: he, lecun, normal"):
        init.get("glorot")
