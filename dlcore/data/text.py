"""A toy text, a character vocabulary and sampling from a character-level RNN with a temperature.

``toy_text`` writes sentences from a tiny grammar (generated, never downloaded), ``CharVocab``
maps characters to integer ids and one-hot vectors, and ``sample`` draws text one character at
a time from a model whose first module is an ``RNN``. See chapter 35.
"""

from __future__ import annotations

import numpy as np

from dlcore.activations import softmax

SUBJECTS = ("the cat", "the dog", "a bird", "my friend", "the old man", "a child")
VERBS = ("sees", "likes", "chases", "finds", "hears", "follows")
OBJECTS = ("the ball", "a fish", "the red box", "a tree", "the moon", "my hat")
ENDINGS = (".", " today.", " again.", " at night.")


def toy_text(n_sentences: int = 200, *, rng: np.random.Generator | None = None) -> str:
    """Sentences "subject verb object ending" from fixed word lists, joined by spaces.

    Parameters
    ----------
    n_sentences : int
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    str, lower case, about 25 characters per sentence, e.g. "the cat sees a fish today."
    """
    if n_sentences < 1:
        raise ValueError(f"toy_text: n_sentences must be >= 1, got {n_sentences}")
    rng = np.random.default_rng(0) if rng is None else rng
    words = [SUBJECTS, VERBS, OBJECTS, ENDINGS]
    picks = [rng.integers(0, len(options), size=n_sentences) for options in words]
    sentences = [f"{SUBJECTS[s]} {VERBS[v]} {OBJECTS[o]}{ENDINGS[e]}" for s, v, o, e in zip(*picks)]
    return " ".join(sentences)


class CharVocab:
    """The sorted set of characters of a text, with ids 0..V-1.

    Parameters
    ----------
    text : str

    Attributes
    ----------
    chars : list of str, sorted; ``chars[i]`` has id i
    """

    def __init__(self, text: str):
        if not text:
            raise ValueError("CharVocab: the text is empty")
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """str of length L -> int array (L,); a character outside the vocabulary raises."""
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise ValueError(f"CharVocab: characters {unknown} are not in the vocabulary")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, ids) -> str:
        """int array (L,) -> str of length L."""
        return "".join(self.chars[int(i)] for i in np.asarray(ids).ravel())

    def one_hot(self, ids: np.ndarray) -> np.ndarray:
        """int array of any shape S -> float64 array S + (V,)."""
        return np.eye(len(self))[np.asarray(ids)]

    def __repr__(self) -> str:
        return f"CharVocab({len(self)} characters)"


def softmax_with_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(logits / temperature) over the last axis, computed stably.

    temperature -> 0 concentrates on the largest logit; temperature -> inf tends to uniform.
    """
    if not temperature > 0:
        raise ValueError(f"softmax_with_temperature: temperature must be > 0, got {temperature}")
    return softmax(np.asarray(logits, dtype=np.float64) / temperature, axis=-1)


def sample(
    model,
    vocab: CharVocab,
    prefix: str,
    length: int,
    *,
    temperature: float = 1.0,
    rng: np.random.Generator | None = None,
) -> str:
    """Text generated one character at a time, each drawn from softmax(logits / temperature).

    Parameters
    ----------
    model : Sequential whose first module is an ``RNN`` (its ``forward(x, h0)`` carries the
        hidden state) and whose other modules map (1, 1, H) to logits (1, 1, V), e.g.
        ``Sequential(RNN(V, H), TimeDistributed(Dense(H, V)))``.
    vocab : CharVocab
    prefix : str, non-empty; fed through the RNN first (the "prompt")
    length : int, number of characters to generate
    temperature : float > 0
    rng : np.random.Generator; defaults to ``np.random.default_rng(0)``.

    Returns
    -------
    str: the ``length`` generated characters (without the prefix).
    """
    if not prefix:
        raise ValueError("sample: the prefix must hold at least one character")
    if not temperature > 0:
        raise ValueError(f"sample: temperature must be > 0, got {temperature}")
    rng = np.random.default_rng(0) if rng is None else rng
    rnn, head = model[0], model.modules[1:]

    def logits_after(x: np.ndarray, h: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        states = rnn.forward(x, h)
        out = states[:, -1:]
        for module in head:
            out = module.forward(out)
        return out[0, -1], states[:, -1]

    logits, h = logits_after(vocab.one_hot(vocab.encode(prefix))[None], None)
    ids = []
    for _ in range(length):
        p = softmax_with_temperature(logits, temperature)
        next_id = int(np.searchsorted(np.cumsum(p), rng.random() * p.sum(), side="right"))
        next_id = min(next_id, len(vocab) - 1)  # guards the float edge u * sum == cumsum[-1]
        ids.append(next_id)
        logits, h = logits_after(vocab.one_hot(np.array([[next_id]])), h)
    return vocab.decode(ids)
