"""Sequence data (chapters 35, 36): sine mixtures, the counting task, the toy text, the
character vocabulary and sampling with a temperature."""

import numpy as np
import pytest

from dlcore import data
from dlcore.layers import RNN, Dense, TimeDistributed
from dlcore.nn import Sequential


def test_sine_sequences_shapes_and_shift():
    x, y = data.sine_sequences(5, 30, rng=np.random.default_rng(0))
    assert x.shape == y.shape == (5, 30, 1)
    np.testing.assert_array_equal(x[:, 1:], y[:, :-1])  # y is x one step ahead
    assert np.max(np.abs(x)) <= 1.0


def test_sine_sequences_single_wave_by_hand():
    """One wave: s_t = a sin(2 pi t / p + phi), with a, p, phi drawn in this order."""
    rng = np.random.default_rng(3)
    p = rng.uniform(8, 32, size=(1, 1, 1))
    a = rng.uniform(0.5, 1.0, size=(1, 1, 1))
    phi = rng.uniform(0, 2 * np.pi, size=(1, 1, 1))
    x, y = data.sine_sequences(1, 4, n_waves=1, rng=np.random.default_rng(3))
    t = np.arange(5)
    expected = a.ravel() * np.sin(2 * np.pi * t / p.ravel() + phi.ravel())
    np.testing.assert_allclose(x[0, :, 0], expected[:4], rtol=1e-14)
    np.testing.assert_allclose(y[0, -1, 0], expected[4], rtol=1e-14)


def test_sine_sequences_are_seeded():
    a = data.sine_sequences(3, 10, noise=0.1, rng=np.random.default_rng(1))
    b = data.sine_sequences(3, 10, noise=0.1, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a[0], b[0])


def test_sine_sequences_bad_arguments():
    with pytest.raises(ValueError, match="sine_sequences"):
        data.sine_sequences(0, 10)
    with pytest.raises(ValueError, match="periods"):
        data.sine_sequences(2, 10, periods=(5.0, 2.0))


def test_counting_task():
    x, counts = data.counting_task(50, 12, rng=np.random.default_rng(0))
    assert x.shape == (50, 12, 1) and counts.shape == (50,)
    assert set(np.unique(x)) <= {0.0, 1.0}
    np.testing.assert_array_equal(counts, x[:, :, 0].sum(axis=1))
    ones, _ = data.counting_task(2, 5, p_one=1.0)
    zeros, zero_counts = data.counting_task(2, 5, p_one=0.0)
    assert ones.sum() == 10 and zeros.sum() == 0 and np.all(zero_counts == 0)
    with pytest.raises(ValueError, match="p_one"):
        data.counting_task(2, 5, p_one=1.5)
    with pytest.raises(ValueError, match="counting_task"):
        data.counting_task(2, 0)


def test_toy_text_and_vocab_round_trip():
    text = data.toy_text(20, rng=np.random.default_rng(0))
    assert text == data.toy_text(20, rng=np.random.default_rng(0))
    assert text.count(".") == 20
    vocab = data.CharVocab(text)
    assert vocab.chars == sorted(set(text))
    ids = vocab.encode(text)
    assert vocab.decode(ids) == text
    one_hot = vocab.one_hot(ids[:7].reshape(1, 7))
    assert one_hot.shape == (1, 7, len(vocab))
    np.testing.assert_array_equal(one_hot.argmax(axis=-1)[0], ids[:7])


def test_vocab_by_hand_and_errors():
    vocab = data.CharVocab("abca")
    assert len(vocab) == 3
    np.testing.assert_array_equal(vocab.encode("cab"), [2, 0, 1])
    assert vocab.decode([1, 1, 0]) == "bba"
    with pytest.raises(ValueError, match=r"\['z'\]"):
        vocab.encode("az")
    with pytest.raises(ValueError, match="empty"):
        data.CharVocab("")


def test_softmax_with_temperature_by_hand():
    logits = np.array([0.0, np.log(2.0), np.log(4.0)])
    np.testing.assert_allclose(data.softmax_with_temperature(logits, 1.0), [1 / 7, 2 / 7, 4 / 7])
    # temperature 2 takes square roots of the odds: 1 : sqrt 2 : 2
    expected = np.array([1.0, np.sqrt(2.0), 2.0]) / (3.0 + np.sqrt(2.0))
    np.testing.assert_allclose(data.softmax_with_temperature(logits, 2.0), expected)
    cold = data.softmax_with_temperature(np.array([1e4, 0.0, -1e4]), 0.01)
    np.testing.assert_allclose(cold, [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="temperature"):
        data.softmax_with_temperature(logits, 0.0)


def char_model(vocab, seed=0):
    rng = np.random.default_rng(seed)
    return Sequential(RNN(len(vocab), 8, rng=rng), TimeDistributed(Dense(8, len(vocab), rng=rng)))


def test_sample_carries_the_state_like_a_full_forward():
    """Sampling step by step must give the same logits as running the whole string at once:
    at a temperature near 0 the draw is the argmax, which we recompute from a full forward."""
    vocab = data.CharVocab("abcd ")
    model = char_model(vocab)
    text = data.sample(model, vocab, "ab", 12, temperature=1e-6, rng=np.random.default_rng(0))
    assert len(text) == 12 and set(text) <= set(vocab.chars)
    full = "ab" + text
    logits = model.forward(vocab.one_hot(vocab.encode(full))[None])[0]
    np.testing.assert_array_equal(logits[1:-1].argmax(axis=-1), vocab.encode(text[:]))


def test_sample_is_seeded_and_temperature_spreads_it():
    vocab = data.CharVocab(data.toy_text(5))
    model = char_model(vocab, seed=1)
    a = data.sample(model, vocab, "the", 50, temperature=1.0, rng=np.random.default_rng(2))
    b = data.sample(model, vocab, "the", 50, temperature=1.0, rng=np.random.default_rng(2))
    assert a == b
    hot = data.sample(model, vocab, "the", 300, temperature=5.0, rng=np.random.default_rng(3))
    cold = data.sample(model, vocab, "the", 300, temperature=0.05, rng=np.random.default_rng(3))
    assert len(set(hot)) > len(set(cold))


def test_sample_bad_arguments():
    vocab = data.CharVocab("ab")
    model = char_model(vocab)
    with pytest.raises(ValueError, match="prefix"):
        data.sample(model, vocab, "", 5)
    with pytest.raises(ValueError, match="temperature"):
        data.sample(model, vocab, "a", 5, temperature=-1.0)
