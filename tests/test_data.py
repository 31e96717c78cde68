"""Data generators: shapes, labels, determinism per seed, and bad arguments."""

import numpy as np
import pytest

from dlcore import data

GENERATORS = {
    "spirals": lambda rng: data.make_spirals(50, 3, rng=rng),
    "moons": lambda rng: data.make_moons(50, rng=rng),
    "circles": lambda rng: data.make_circles(50, rng=rng),
}


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_deterministic_per_seed(name):
    make = GENERATORS[name]
    X1, y1 = make(np.random.default_rng(7))
    X2, y2 = make(np.random.default_rng(7))
    X3, _ = make(np.random.default_rng(8))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.dtype == np.float64 and X1.shape[1] == 2 and len(X1) == len(y1)
    assert np.issubdtype(y1.dtype, np.integer)
    assert np.all(np.bincount(y1) == 50)


def test_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n_per_class"):
        data.make_spirals(0, rng=rng)
    with pytest.raises(ValueError, match="noise"):
        data.make_moons(10, noise=-1, rng=rng)
    with pytest.raises(ValueError, match="factor"):
        data.make_circles(10, factor=1.5, rng=rng)
