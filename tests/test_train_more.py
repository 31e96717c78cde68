"""fit with a schedule and gradient clipping, the learning-rate range test, and the epoch
iterator, checked against steps worked out by hand on a one-weight model."""

import numpy as np
import pytest

from dlcore import data, losses, models, optim, train
from dlcore.layers import Dense
from dlcore.optim import schedules

# One weight w, x = 1, target 0: loss = w^2, gradient 2w.
X1, Y1 = np.ones((1, 1)), np.zeros((1, 1))


def one_weight(w=1.0):
    model = Dense(1, 1, bias=False)
    model.W.data[:] = w
    return model


def test_fit_applies_the_schedule_before_each_step():
    # t = 0: lr 0.1, w = 1 - 0.1 * 2 = 0.8;  t = 1: lr 0.2, w = 0.8 - 0.2 * 1.6 = 0.48
    model = one_weight()
    seen = []

    def schedule(t):
        seen.append(t)
        return [0.1, 0.2][t]

    opt = optim.SGD(model.parameters(), lr=1.0)
    history = train.fit(model, losses.mse, opt, X1, Y1, steps=2, schedule=schedule)
    assert seen == [0, 1]
    assert history.lr == [0.1, 0.2]
    assert history.loss == pytest.approx([1.0, 0.64])
    assert float(model.W.data[0, 0]) == pytest.approx(0.48)


def test_fit_clips_the_gradient_norm():
    # gradient 2 at w = 1, clipped to 0.5 * 2 / (2 + 1e-6); at w1 the gradient 2 w1 > 0.5 again
    model = one_weight()
    opt = optim.SGD(model.parameters(), lr=0.1)
    history = train.fit(model, losses.mse, opt, X1, Y1, steps=2, clip_norm=0.5)
    w1 = 1 - 0.1 * 2 * 0.5 / (2 + 1e-6)
    w2 = w1 - 0.1 * 2 * w1 * 0.5 / (2 * w1 + 1e-6)
    assert history.grad_norm == pytest.approx([2.0, 2 * w1], rel=1e-12)
    assert float(model.W.data[0, 0]) == pytest.approx(w2, rel=1e-12)


def test_fit_without_the_new_options_is_unchanged():
    # same data, seed and model: no schedule == a constant schedule; History.lr is filled anyway
    rng = np.random.default_rng(0)
    X, y = data.make_spirals(30, 3, rng=rng)

    def run(**options):
        model = models.mlp([2, 8, 3], rng=np.random.default_rng(1))
        opt = optim.SGD(model.parameters(), lr=0.3, momentum=0.9)
        history = train.fit(
            model,
            losses.softmax_cross_entropy,
            opt,
            X,
            y,
            steps=30,
            batch_size=16,
            rng=np.random.default_rng(2),
            **options,
        )
        return history, model

    plain, m1 = run()
    scheduled, m2 = run(schedule=lambda t: 0.3)
    assert plain.loss == scheduled.loss
    assert plain.lr == [0.3] * 30 and plain.grad_norm == []
    for a, b in zip(m1.parameters(), m2.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def test_fit_with_a_library_schedule_lands_on_zero_lr():
    model = models.mlp([2, 8, 3], rng=np.random.default_rng(1))
    X, y = data.make_moons(20, rng=np.random.default_rng(0))
    schedule = schedules.make("linear_decay", lr=0.1, total_steps=9)
    history = train.fit(
        model,
        losses.softmax_cross_entropy,
        optim.Adam(model.parameters()),
        X,
        y,
        steps=10,
        schedule=schedule,
    )
    assert history.lr == pytest.approx([0.1 * (1 - k / 9) for k in range(10)])


def test_fit_rejects_bad_options():
    model = one_weight()
    opt = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="fit: clip_norm must be > 0"):
        train.fit(model, losses.mse, opt, X1, Y1, steps=1, clip_norm=0.0)
    with pytest.raises(ValueError, match="fit: schedule must be a function"):
        train.fit(model, losses.mse, opt, X1, Y1, steps=1, schedule=0.1)
    with pytest.raises(ValueError, match="learning rate must be finite and >= 0"):
        train.fit(model, losses.mse, opt, X1, Y1, steps=1, schedule=lambda t: -1.0)


def test_lr_range_test_by_hand():
    # rates 0.01 * 10^k: 0.01, 0.1, 1, 10, 100, 1000; loss recorded before each update
    # k0: w = 1, loss 1 -> w = 1 - 0.01 * 2 = 0.98
    # k1: loss 0.9604 -> w = 0.98 - 0.1 * 1.96 = 0.784
    # k2: loss 0.614656 -> w = 0.784 - 1 * 1.568 = -0.784
    # k3: loss 0.614656 -> w = -0.784 + 10 * 1.568 = 14.896
    # k4: loss 221.890816 > 4 * 0.614656: diverged, recorded, and the sweep stops (no k5)
    calls = []

    def factory():
        calls.append(1)
        return one_weight()

    lrs, losses_ = optim.lr_range_test(factory, losses.mse, X1, Y1, 0.01, 1000.0, steps=6)
    np.testing.assert_allclose(lrs, [0.01, 0.1, 1.0, 10.0, 100.0], rtol=1e-12)
    np.testing.assert_allclose(losses_, [1.0, 0.9604, 0.614656, 0.614656, 221.890816], rtol=1e-9)
    assert len(calls) == 1


def test_lr_range_test_rates_are_exponential_and_all_used_without_divergence():
    lrs, losses_ = optim.lr_range_test(
        one_weight, losses.mse, X1, Y1, 1e-4, 1e-2, steps=5, optimizer="gd"
    )
    # 1e-4 * 100^(k/4): 1e-4, 3.162e-4, 1e-3, 3.162e-3, 1e-2
    np.testing.assert_allclose(lrs, [1e-4, 10**-3.5, 1e-3, 10**-2.5, 1e-2], rtol=1e-12)
    assert len(losses_) == 5 and np.all(np.diff(losses_) < 0)


def test_lr_range_test_stops_before_a_nan_and_takes_an_optimizer_factory():
    # plain SGD on the spirals with rates up to 1e4 blows up; nothing non-finite is returned
    X, y = data.make_spirals(30, 3, rng=np.random.default_rng(0))
    lrs, losses_ = optim.lr_range_test(
        lambda: models.mlp([2, 16, 3], rng=np.random.default_rng(1)),
        losses.softmax_cross_entropy,
        X,
        y,
        1e-3,
        1e4,
        steps=60,
        optimizer=lambda params, lr: optim.SGD(params, lr, momentum=0.9),
        batch_size=32,
        smoothing=0.5,
    )
    assert 5 < len(lrs) < 60 and len(lrs) == len(losses_)
    assert np.all(np.isfinite(losses_))


def test_lr_range_test_bad_arguments():
    def sweep(**kw):
        args = dict(lr_min=1e-3, lr_max=1.0, steps=10) | kw
        return optim.lr_range_test(one_weight, losses.mse, X1, Y1, **args)

    with pytest.raises(ValueError, match="lr_range_test: need 0 < lr_min < lr_max"):
        sweep(lr_min=1.0, lr_max=0.1)
    with pytest.raises(ValueError, match="lr_range_test: need 0 < lr_min"):
        sweep(lr_min=0.0)
    with pytest.raises(ValueError, match="lr_range_test: steps must be an integer >= 2"):
        sweep(steps=1)
    with pytest.raises(ValueError, match="diverge_factor must be > 1"):
        sweep(diverge_factor=1.0)
    with pytest.raises(ValueError, match=r"smoothing must lie in \[0, 1\)"):
        sweep(smoothing=1.0)
    with pytest.raises(ValueError, match="unknown optimizer 'sdg'"):
        sweep(optimizer="sdg")


def test_batch_iterator_covers_the_epoch_once():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    batches = list(data.batch_iterator(X, y, 4, np.random.default_rng(0)))
    assert [len(yb) for _, yb in batches] == [4, 4, 2]
    order = np.concatenate([yb for _, yb in batches])
    assert sorted(order) == list(range(10)) and list(order) != list(range(10))
    for xb, yb in batches:  # rows stay paired with their labels
        np.testing.assert_array_equal(xb[:, 0], 2.0 * yb)
    again = np.concatenate([yb for _, yb in data.batch_iterator(X, y, 4, np.random.default_rng(0))])
    np.testing.assert_array_equal(order, again)


def test_batch_iterator_options():
    X, y = np.zeros((10, 3)), np.arange(10)
    kept = [yb for _, yb in data.batch_iterator(X, y, 4, None, shuffle=False)]
    assert [list(b) for b in kept] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    dropped = list(data.batch_iterator(X, y, 4, np.random.default_rng(0), drop_last=True))
    assert [len(yb) for _, yb in dropped] == [4, 4]
    assert len(list(data.batch_iterator(X, y, 10, None, shuffle=False))) == 1
    assert len(list(data.batch_iterator(X, y, 1, np.random.default_rng(0)))) == 10
    assert list(data.batch_iterator(X, y, 20, None, shuffle=False, drop_last=True)) == []


def test_batch_iterator_bad_arguments():
    X, y = np.zeros((10, 3)), np.arange(10)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="batch_iterator: X and y must have the same length"):
        data.batch_iterator(X, y[:9], 4, rng)
    with pytest.raises(ValueError, match="batch_iterator: batch_size must be an integer >= 1"):
        data.batch_iterator(X, y, 0, rng)
    with pytest.raises(ValueError, match="batch_iterator: shuffle=True needs an rng"):
        data.batch_iterator(X, y, 4, None)
