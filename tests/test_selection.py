"""Chapter 14: early stopping, k-fold indices, searches, ensembles and augmentation, checked
against values worked out by hand."""

import numpy as np
import pytest

from dlcore import data, losses, models, optim, selection, train
from dlcore.nn import Module, Parameter


class Scalar(Module):
    """A model with one weight, so that 'the best weights' can be read off by eye."""

    def __init__(self):
        self.w = Parameter(np.zeros(1))

    def parameters(self):
        return [self.w]


def test_early_stopping_stops_at_the_right_step_and_restores_the_best_weights():
    # values by hand: best 1.0 at step 3; steps 4, 5 do not improve; patience 2 stops at step 5
    values = [3.0, 2.0, 1.0, 1.5, 1.2, 0.5]
    model = Scalar()
    stopper = selection.EarlyStopping(None, patience=2)
    stopped = []
    for step, value in enumerate(values, start=1):
        model.w.data[:] = 10 * step  # the weights at step s are 10 s
        if stopper.update(value, model, step):
            stopped.append(step)
            break
    assert stopped == [5]
    assert stopper.stopped_step == 5 and stopper.best_step == 3 and stopper.best == 1.0
    assert model.w.data[0] == 30.0  # restored to the weights of step 3


def test_early_stopping_min_delta_and_no_restore():
    # with min_delta 0.5, 2.0 -> 1.8 is no improvement; 1.4 is (< 2.0 - 0.5)
    stopper = selection.EarlyStopping(None, patience=3, min_delta=0.5, restore_best=False)
    model = Scalar()
    results = []
    for step, value in enumerate([2.0, 1.8, 1.4, 1.2, 1.1, 1.0], start=1):
        model.w.data[:] = step
        results.append(stopper.update(value, model, step))
    assert results == [False, False, False, False, False, True]
    assert stopper.best_step == 3 and stopper.stopped_step == 6
    assert model.w.data[0] == 6.0  # not restored


def test_early_stopping_as_a_fit_callback_restores_the_validation_best():
    X, y = data.make_moons(20, 0.3, rng=np.random.default_rng(0))
    Xv, yv = data.make_moons(20, 0.3, rng=np.random.default_rng(1))
    model = models.mlp([2, 32, 32, 2], rng=np.random.default_rng(0))

    def val_loss(m):
        m.eval()
        return losses.softmax_cross_entropy(m.forward(Xv), yv)[0]

    stopper = selection.EarlyStopping(val_loss, patience=20, every=2)
    history = train.fit(
        model,
        losses.softmax_cross_entropy,
        optim.Adam(model.parameters(), lr=0.02),
        X,
        y,
        steps=2000,
        callback=stopper,
    )
    assert stopper.stopped_step is not None and len(history.loss) == stopper.stopped_step
    assert stopper.stopped_step == stopper.best_step + 2 * 20
    assert all(s % 2 == 0 for s in stopper.steps)
    assert val_loss(model) == stopper.best == min(stopper.values)


@pytest.mark.parametrize(
    "kwargs", [{"patience": 0}, {"patience": 2.5}, {"min_delta": -1.0}, {"every": 0}]
)
def test_early_stopping_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError, match="EarlyStopping"):
        selection.EarlyStopping(None, **kwargs)


def test_early_stopping_errors():
    stopper = selection.EarlyStopping(None, patience=1)
    with pytest.raises(ValueError, match="no weights"):
        stopper.restore(Scalar())
    stopper.update(1.0)
    assert stopper.update(2.0)
    with pytest.raises(ValueError, match="already stopped"):
        stopper.update(0.0)
    with pytest.raises(ValueError, match="no monitor"):
        selection.EarlyStopping(None)(1, Scalar())


def test_kfold_indices_partition_the_data():
    folds = selection.kfold_indices(10, 3)
    assert [list(v) for _, v in folds] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert list(folds[1][0]) == [0, 1, 2, 3, 7, 8, 9]
    shuffled = selection.kfold_indices(23, 5, rng=np.random.default_rng(0))
    validation = np.concatenate([v for _, v in shuffled])
    assert sorted(validation) == list(range(23))
    for tr, va in shuffled:
        assert sorted(np.concatenate([tr, va])) == list(range(23))
        assert not set(tr) & set(va)
        assert len(va) in (4, 5)


@pytest.mark.parametrize("k", [1, 11, 2.0])
def test_kfold_indices_rejects_bad_k(k):
    with pytest.raises(ValueError, match="kfold_indices"):
        selection.kfold_indices(10, k)


def test_grid_and_random_search():
    best, results = selection.grid_search(
        lambda a, b: (a - 2) ** 2 + b, {"a": [1, 2, 3], "b": [1, 0]}
    )
    assert best == {"a": 2, "b": 0} and len(results) == 6
    assert results[0] == ({"a": 1, "b": 1}, 2.0)
    best, results = selection.random_search(
        lambda lr: abs(np.log10(lr) + 2),
        {"lr": lambda r: 10 ** r.uniform(-4, 0)},
        50,
        rng=np.random.default_rng(0),
    )
    assert len(results) == 50 and abs(np.log10(best["lr"]) + 2) < 0.2
    with pytest.raises(ValueError, match="grid_search"):
        selection.grid_search(lambda a: a, {"a": []})
    with pytest.raises(ValueError, match="random_search"):
        selection.random_search(lambda a: a, {}, 3, rng=np.random.default_rng(0))


class Constant(Module):
    def __init__(self, logits):
        self.logits = np.asarray(logits, dtype=float)

    def forward(self, x):
        return np.tile(self.logits, (len(x), 1))


def test_ensemble_predict_averages_probabilities():
    # softmax([0, 0]) = [0.5, 0.5]; softmax([0, ln 3]) = [0.25, 0.75]; mean [0.375, 0.625]
    members = [Constant([0.0, 0.0]), Constant([0.0, np.log(3.0)])]
    probs = selection.ensemble_predict(members, np.zeros((4, 2)))
    assert probs.shape == (4, 2)
    np.testing.assert_allclose(probs, [[0.375, 0.625]] * 4, rtol=1e-14)
    np.testing.assert_allclose(selection.softmax(np.array([[1e4, 0.0]])), [[1.0, 0.0]])
    with pytest.raises(ValueError, match="at least one"):
        selection.ensemble_predict([], np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"expected \(4, 2\), received \(4, 3\)"):
        selection.ensemble_predict([members[0], Constant([0.0, 0.0, 0.0])], np.zeros((4, 2)))


def test_augment_jitter():
    X = np.arange(6.0).reshape(3, 2)
    assert np.array_equal(data.augment_jitter(X, 0.0, rng=np.random.default_rng(0)), X)
    big = data.augment_jitter(np.zeros((20000, 2)), 0.5, rng=np.random.default_rng(0))
    assert abs(big.std() - 0.5) < 0.01 and abs(big.mean()) < 0.01
    with pytest.raises(ValueError, match="augment_jitter"):
        data.augment_jitter(X, -0.1, rng=np.random.default_rng(0))


def test_augment_shift_by_hand():
    from dlcore.data.augment import shift_image

    img = np.arange(9.0).reshape(1, 3, 3)
    assert shift_image(img, 1, 0).tolist() == [[[0, 0, 0], [0, 1, 2], [3, 4, 5]]]
    assert shift_image(img, 0, -1).tolist() == [[[1, 2, 0], [4, 5, 0], [7, 8, 0]]]
    assert not shift_image(img, 3, 0).any()
    images = np.ones((50, 1, 5, 5))
    shifted = data.augment_shift(images, 1, rng=np.random.default_rng(0))
    assert shifted.shape == images.shape
    # a shift by (dy, dx) with |dy|, |dx| <= 1 keeps (5 - |dy|)(5 - |dx|) of the 25 pixels
    assert set(shifted.sum(axis=(1, 2, 3))) <= {25.0, 20.0, 16.0}
    assert np.array_equal(data.augment_shift(images, 0, rng=np.random.default_rng(0)), images)
    with pytest.raises(ValueError, match=r"augment_shift: expected .* received shape \(5, 5\)"):
        data.augment_shift(np.ones((5, 5)), 1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="max_shift"):
        data.augment_shift(images, -1, rng=np.random.default_rng(0))
