"""Learning-rate schedules against their formulas at hand-picked steps, scalar vs vectorised
calls, the boundary steps (t = 0, end of warmup, restarts), and bad arguments."""

import math

import numpy as np
import pytest

from dlcore.optim import schedules as S

# name -> keyword arguments used by the generic tests below
EXAMPLES = {
    "constant": dict(lr=0.1),
    "step_decay": dict(lr=0.1, step_size=10, gamma=0.5),
    "exponential_decay": dict(lr=0.1, gamma=0.9),
    "linear_decay": dict(lr=0.1, total_steps=100, lr_end=0.02),
    "inverse_time": dict(lr=0.1, decay=0.5),
    "cosine": dict(lr=0.1, total_steps=100, lr_min=0.01),
    "linear_warmup": dict(lr=0.1, warmup_steps=10),
    "warmup_cosine": dict(lr=0.1, warmup_steps=10, total_steps=110),
    "cyclic_triangular": dict(lr_min=0.01, lr_max=0.11, step_size=5),
    "sgdr": dict(lr=0.1, T_0=10, T_mult=2),
    "one_cycle": dict(lr_max=1.0, total_steps=100),
}


def values(fn, steps, **kw):
    return [fn(t, **kw) for t in steps]


def test_every_schedule_has_an_example():
    assert set(EXAMPLES) == set(S.SCHEDULES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_vectorised_equals_scalar(name):
    fn, kw = S.SCHEDULES[name], EXAMPLES[name]
    t = np.arange(0, 300)
    curve = fn(t, **kw)
    assert isinstance(curve, np.ndarray) and curve.shape == (300,)
    scalar = [fn(int(k), **kw) for k in t]
    assert all(isinstance(v, float) for v in scalar)
    np.testing.assert_array_equal(curve, scalar)
    grid = fn(t.reshape(20, 15), **kw)
    np.testing.assert_array_equal(grid, curve.reshape(20, 15))
    assert np.all(curve >= 0)


def test_constant():
    assert S.constant(0, lr=0.1) == 0.1
    np.testing.assert_array_equal(S.constant(np.array([0, 7, 1000]), lr=0.1), [0.1, 0.1, 0.1])


def test_step_decay():
    # 0.1 * 0.5 ** floor(t / 10)
    got = values(S.step_decay, [0, 9, 10, 19, 25], lr=0.1, step_size=10, gamma=0.5)
    assert got == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025], rel=1e-15)


def test_exponential_decay():
    # 0.1 * 0.9 ** t: 0.1, 0.09, 0.081, and 0.1 * 0.9**10 = 0.034867844
    got = values(S.exponential_decay, [0, 1, 2, 10], lr=0.1, gamma=0.9)
    assert got == pytest.approx([0.1, 0.09, 0.081, 0.0348678440], rel=1e-9)


def test_linear_decay():
    # 0.1 + (0.02 - 0.1) * min(t, 100) / 100
    got = values(S.linear_decay, [0, 50, 75, 100, 150], lr=0.1, total_steps=100, lr_end=0.02)
    assert got == pytest.approx([0.1, 0.06, 0.04, 0.02, 0.02], rel=1e-12)


def test_inverse_time():
    # 0.1 / (1 + 0.5 t): t = 2 -> 0.05, t = 18 -> 0.01; power 1/2: t = 6 -> 0.1 / 2
    assert values(S.inverse_time, [0, 2, 18], lr=0.1, decay=0.5) == pytest.approx(
        [0.1, 0.05, 0.01], rel=1e-12
    )
    assert S.inverse_time(6, lr=0.1, decay=0.5, power=0.5) == pytest.approx(0.05, rel=1e-12)


def test_cosine():
    # 0.01 + 0.09 (1 + cos(pi t / 100)) / 2: t = 25 -> 0.01 + 0.045 (1 + 0.70710678)
    got = values(S.cosine, [0, 25, 50, 100, 130], lr=0.1, total_steps=100, lr_min=0.01)
    assert got == pytest.approx([0.1, 0.0868198052, 0.055, 0.01, 0.01], rel=1e-9)


def test_linear_warmup_rises_from_zero():
    # 0.1 * min(1, t / 10): a warmup increases the rate; it is not a decay
    got = values(S.linear_warmup, [0, 1, 5, 10, 20], lr=0.1, warmup_steps=10)
    assert got == pytest.approx([0.0, 0.01, 0.05, 0.1, 0.1], rel=1e-12)
    assert S.linear_warmup(0, lr=0.1, warmup_steps=0) == 0.1


def test_warmup_cosine_boundaries():
    # warmup 0 -> 0.1 over 10 steps, then cosine over the 100 remaining steps to 0
    kw = dict(lr=0.1, warmup_steps=10, total_steps=110)
    got = values(S.warmup_cosine, [0, 5, 9, 10, 35, 60, 110, 200], **kw)
    # t = 35: 0.05 (1 + cos(pi / 4)) = 0.0853553
    assert got == pytest.approx([0.0, 0.05, 0.09, 0.1, 0.0853553391, 0.05, 0.0, 0.0], abs=1e-10)
    # without warmup it is the plain cosine
    t = np.arange(150)
    np.testing.assert_allclose(
        S.warmup_cosine(t, lr=0.1, warmup_steps=0, total_steps=100, lr_min=0.01),
        S.cosine(t, lr=0.1, total_steps=100, lr_min=0.01),
        rtol=1e-15,
    )


def test_cyclic_triangular():
    # lr_min at t = 0, 10, 20; lr_max at t = 5, 15; linear in between
    # t = 7: cycle = floor(1 + 7 / 10) = 1, x = |1.4 - 2 + 1| = 0.4 -> 0.01 + 0.1 * 0.6
    kw = dict(lr_min=0.01, lr_max=0.11, step_size=5)
    got = values(S.cyclic_triangular, [0, 2, 5, 7, 10, 15, 20], **kw)
    assert got == pytest.approx([0.01, 0.05, 0.11, 0.07, 0.01, 0.11, 0.01], rel=1e-12)


def test_sgdr_restarts():
    # T_0 = 10, T_mult = 2: cycles [0, 10), [10, 30), [30, 70), [70, 150)
    kw = dict(lr=0.1, T_0=10, T_mult=2)
    got = values(S.sgdr, [0, 5, 9, 10, 20, 29, 30, 50, 70, 150], **kw)
    last_of_first = 0.05 * (1 + math.cos(0.9 * math.pi))
    last_of_second = 0.05 * (1 + math.cos(19 / 20 * math.pi))
    expected = [0.1, 0.05, last_of_first, 0.1, 0.05, last_of_second, 0.1, 0.05, 0.1, 0.1]
    assert got == pytest.approx(expected, rel=1e-12)
    # T_mult = 1: every T_0 steps, down to lr_min = 0.02 midway between the restarts
    assert values(S.sgdr, [0, 15, 30, 45], lr=0.1, T_0=30, lr_min=0.02) == pytest.approx(
        [0.1, 0.06, 0.1, 0.06], rel=1e-12
    )


def test_sgdr_restarts_exactly_at_every_cycle_start_for_long_runs():
    # starts for T_0 = 1, T_mult = 3: 0, 1, 4, 13, 40, ..., (3^i - 1) / 2; rounding in the log
    # must not put a restart into the previous cycle
    starts = np.array([(3**i - 1) // 2 for i in range(16)])
    np.testing.assert_array_equal(S.sgdr(starts, lr=0.1, T_0=1, T_mult=3), 0.1)
    ends = starts[1:] - 1
    assert np.all(S.sgdr(ends[1:], lr=0.1, T_0=1, T_mult=3) < 0.1)


def test_one_cycle_follows_pytorch_phases():
    # lr_0 = 1 / 25 = 0.04 at t = 0, peak 1.0 at t = 0.3 * 100 - 1 = 29,
    # lr_end = 0.04 / 1e4 = 4e-6 at t = 99; halfway down (t = 64) the midpoint 0.500002
    got = values(S.one_cycle, [0, 29, 64, 99, 120], lr_max=1.0, total_steps=100)
    assert got == pytest.approx([0.04, 1.0, 0.500002, 4e-6, 4e-6], rel=1e-12)
    # t = 10 in the rising half cosine: 1.0 + (0.04 - 1.0) (1 + cos(pi * 10 / 29)) / 2
    rising = 1.0 - 0.96 * (1 + math.cos(math.pi * 10 / 29)) / 2
    assert S.one_cycle(10, lr_max=1.0, total_steps=100) == pytest.approx(rising, rel=1e-12)
    assert rising == pytest.approx(0.29516, rel=1e-4)


def test_make_fixes_the_parameters():
    schedule = S.make("cosine", lr=0.1, total_steps=100)
    assert schedule(50) == S.cosine(50, lr=0.1, total_steps=100) == pytest.approx(0.05)
    assert schedule.__name__ == "cosine"


def test_unknown_names_and_parameters():
    with pytest.raises(ValueError, match="unknown schedule 'warmup'; valid names: constant, "):
        S.get("warmup")
    with pytest.raises(ValueError, match="cosine: bad parameters"):
        S.make("cosine", lr=0.1, steps=100)
    with pytest.raises(ValueError, match="cosine: total_steps must be > 0"):
        S.make("cosine", lr=0.1, total_steps=0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: S.constant(-1, lr=0.1), r"constant: step t must be finite and >= 0, got -1"),
        (lambda: S.cosine(np.array([3, -2]), 0.1, 10), "cosine: step t .* min -2"),
        (lambda: S.constant(0, lr=0.0), "constant: lr must be > 0, got 0.0"),
        (lambda: S.step_decay(0, 0.1, step_size=0), "step_decay: step_size must be > 0"),
        (lambda: S.step_decay(0, 0.1, 10, gamma=2.0), r"step_decay: gamma must lie in \(0, 1\]"),
        (lambda: S.exponential_decay(0, 0.1, gamma=0.0), "exponential_decay: gamma"),
        (lambda: S.linear_decay(0, 0.1, 10, lr_end=0.2), "linear_decay: lr_end must lie in"),
        (lambda: S.inverse_time(0, 0.1, decay=-1.0), "inverse_time: decay must be > 0"),
        (lambda: S.cosine(0, 0.1, 10, lr_min=0.5), r"cosine: lr_min must lie in \[0, lr\]"),
        (lambda: S.linear_warmup(0, 0.1, warmup_steps=-5), "linear_warmup: warmup_steps"),
        (lambda: S.warmup_cosine(0, 0.1, 100, 100), r"warmup_cosine: warmup_steps must lie"),
        (lambda: S.cyclic_triangular(0, 0.2, 0.1, 5), "cyclic_triangular: need 0 <= lr_min"),
        (lambda: S.cyclic_triangular(0, 0.0, 0.1, 0), "cyclic_triangular: step_size must be"),
        (lambda: S.sgdr(0, 0.1, T_0=10, T_mult=1.5), "sgdr: T_0 and T_mult must be integers"),
        (lambda: S.sgdr(0, 0.1, T_0=0), "sgdr: T_0 and T_mult"),
        (lambda: S.one_cycle(0, 1.0, 100, pct_start=1.0), "one_cycle: pct_start = 1.0 leaves"),
        (lambda: S.one_cycle(0, 1.0, 100, pct_start=0.01), "one_cycle: pct_start"),
        (lambda: S.one_cycle(0, 1.0, 1), "one_cycle: total_steps must be >= 2"),
        (lambda: S.one_cycle(0, 1.0, 100, div_factor=0.5), "one_cycle: div_factor"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
