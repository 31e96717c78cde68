"""Tests of the generated image data sets (dlcore.data.images, chapter 26)."""

import numpy as np
import pytest

from dlcore import data


def test_make_digits_shapes_ranges_and_balanced_labels():
    X, y = data.make_digits(200, 12, rng=np.random.default_rng(0))
    assert X.shape == (200, 1, 12, 12) and X.dtype == np.float64
    assert y.shape == (200,) and np.issubdtype(y.dtype, np.integer)
    assert 0.0 <= X.min() and X.max() <= 1.0
    assert np.array_equal(np.bincount(y), np.full(10, 20))


def test_make_digits_is_deterministic_under_a_seed():
    X1, y1 = data.make_digits(30, 10, rng=np.random.default_rng(7))
    X2, y2 = data.make_digits(30, 10, rng=np.random.default_rng(7))
    X3, _ = data.make_digits(30, 10, rng=np.random.default_rng(8))
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_rendered_digits_keep_their_labels_apart():
    # Clean renderings of different digits differ; the same digit twice is identical.
    clean = dict(max_rotation=0, max_scale=0, max_shift=0, noise=0)
    X = data.render_digits(np.arange(10), 16, rng=np.random.default_rng(0), **clean)
    flat = X.reshape(10, -1)
    distances = np.abs(flat[:, None] - flat[None]).sum(axis=2)
    assert distances[~np.eye(10, dtype=bool)].min() > 3.0
    again = data.render_digits(np.arange(10), 16, rng=np.random.default_rng(1), **clean)
    assert np.array_equal(X, again)


def test_hole_of_a_rendered_zero_stays_dark():
    clean = dict(max_rotation=0, max_scale=0, max_shift=0, noise=0)
    zero = data.render_digits(np.array([0]), 16, rng=np.random.default_rng(0), **clean)[0, 0]
    assert zero[7:9, 7:9].max() == 0.0  # the centre is the hole (even-odd fill)
    assert zero[7:9, :].max() == 1.0  # the strokes either side are ink
    eight = data.render_digits(np.array([8]), 16, rng=np.random.default_rng(0), **clean)[0, 0]
    assert eight[4, 7:9].max() < 0.5 and eight[10, 7:9].max() < 0.5  # both loops are holes


def test_noise_is_gaussian_and_clipped():
    kwargs = dict(max_rotation=0, max_scale=0, max_shift=0)
    clean = data.render_digits(np.array([1]), 12, rng=np.random.default_rng(0), noise=0, **kwargs)
    noisy = data.render_digits(np.array([1]), 12, rng=np.random.default_rng(0), noise=0.1, **kwargs)
    assert 0.0 <= noisy.min() and noisy.max() <= 1.0
    assert 0 < np.abs(noisy - clean).mean() < 0.1


def test_make_shapes_labels_and_geometry():
    X, y = data.make_shapes(40, 12, rng=np.random.default_rng(0), noise=0)
    assert X.shape == (40, 1, 12, 12) and y.shape == (40,)
    assert np.array_equal(np.bincount(y), np.full(4, 10))
    assert 0.0 <= X.min() and X.max() <= 1.0
    area = X.sum(axis=(1, 2, 3))
    assert area.min() > 5.0  # every shape has ink
    assert data.SHAPE_NAMES == ("square", "circle", "triangle", "cross")
    # A filled square of half-width 0.8 r fills 2.56 r^2; a circle of radius r fills pi r^2.
    square, circle = X[y == 0, 0], X[y == 1, 0]
    assert square.max() == 1.0 and circle.max() == 1.0


def test_bars_and_stripes_hand_values():
    stripes = data.bars_and_stripes(8, 4)[0, 0]
    assert stripes.shape == (8, 8)
    assert np.array_equal(stripes[0], [1, 1, 0, 0, 1, 1, 0, 0])
    assert np.array_equal(stripes[:, 0], np.ones(8))  # vertical stripes: columns are constant
    shifted = data.bars_and_stripes(8, 4, phase=1)[0, 0]
    assert np.array_equal(shifted[0], [0, 1, 1, 0, 0, 1, 1, 0])
    bar = data.bars_and_stripes((3, 5), orientation="horizontal", phase=1)
    assert bar.shape == (1, 1, 3, 5)
    assert np.array_equal(bar[0, 0], [[0] * 5, [1] * 5, [0] * 5])
    thin = data.bars_and_stripes(6, 3, width=1)[0, 0]
    assert np.array_equal(thin[2], [1, 0, 0, 1, 0, 0])


def test_place_on_canvas_puts_each_image_at_its_offset():
    images = np.arange(2 * 1 * 2 * 3, dtype=float).reshape(2, 1, 2, 3) + 1
    canvas = data.place_on_canvas(images, (5, 6), np.array([[0, 0], [3, 3]]))
    assert canvas.shape == (2, 1, 5, 6)
    assert np.array_equal(canvas[0, 0, :2, :3], images[0, 0])
    assert np.array_equal(canvas[1, 0, 3:, 3:], images[1, 0])
    assert canvas[0].sum() == images[0].sum() and canvas[1].sum() == images[1].sum()


def test_load_handwritten_digits():
    X, y = data.load_handwritten_digits()
    assert X.shape == (1797, 1, 8, 8) and X.dtype == np.float64
    assert y.shape == (1797,) and set(np.unique(y)) == set(range(10))
    assert X.min() == 0.0 and X.max() == 1.0


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda rng: data.render_digits(np.array([10]), 12, rng=rng), "0..9"),
        (lambda rng: data.render_digits(np.array([1.5]), 12, rng=rng), "integer"),
        (lambda rng: data.render_digits(np.array([1]), 3, rng=rng), "size"),
        (lambda rng: data.render_digits(np.array([1]), 12, rng=rng, noise=-1), "noise"),
        (lambda rng: data.render_digits(np.array([1]), 12, rng=rng, max_scale=1.0), "max_scale"),
        (lambda rng: data.render_digits(np.array([1]), 12, rng=0), "Generator"),
        (lambda rng: data.make_digits(0, 12, rng=rng), "n must"),
        (lambda rng: data.make_digits(5, 12, rng=rng, n_classes=11), "n_classes"),
        (lambda rng: data.make_shapes(5, 4, rng=rng), "size"),
        (lambda rng: data.bars_and_stripes(8, 1), "period"),
        (lambda rng: data.bars_and_stripes(8, 4, width=4), "width"),
        (lambda rng: data.bars_and_stripes(8, 4, orientation="diagonal"), "orientation"),
        (lambda rng: data.place_on_canvas(np.ones((1, 1, 3, 3)), (4, 4), [[2, 0]]), "leaves"),
        (lambda rng: data.place_on_canvas(np.ones((1, 3, 3)), (4, 4), [[0, 0]]), "images"),
        (lambda rng: data.place_on_canvas(np.ones((2, 1, 3, 3)), (4, 4), [[0, 0]]), "offsets"),
    ],
)
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call(np.random.default_rng(0))
