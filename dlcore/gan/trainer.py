"""A generative adversarial network trainer: two networks, two losses, alternating updates.

The discriminator D maps a sample to one logit s (D(x) = sigmoid(s) is its probability that x is
real); the generator G maps noise z to a sample. D minimises the binary cross-entropy of real
against generated samples. G minimises either the minimax loss log(1 - D(G(z))) or the
non-saturating loss -log D(G(z)). G's gradient is D's input gradient, from ``D.backward``, fed
into ``G.backward``: the generator learns only through the discriminator.

See chapters 39 and 40.
"""

from __future__ import annotations

import numpy as np

from dlcore.activations import sigmoid
from dlcore.nn import Module, backward_without_input_grad

GENERATOR_LOSSES = ("ns", "minimax")


def softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z), finite for any z."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def discriminator_loss(real_logits: np.ndarray, fake_logits: np.ndarray):
    """D's loss: -mean log D(x) - mean log(1 - D(G(z))), i.e. -V(D, G) with D = sigmoid(logit).

    Parameters
    ----------
    real_logits : ndarray (N_real, 1)
    fake_logits : ndarray (N_fake, 1)

    Returns
    -------
    loss : float, 2 log 2 (about 1.386) when D outputs 1/2 everywhere
    d_real, d_fake : ndarrays shaped like the logits, dloss/dlogits:
        -(1 - sigmoid(s)) / N_real and sigmoid(s) / N_fake
    """
    loss = softplus(-real_logits).mean() + softplus(fake_logits).mean()
    d_real = -sigmoid(-real_logits) / real_logits.size
    d_fake = sigmoid(fake_logits) / fake_logits.size
    return float(loss), d_real, d_fake


def generator_loss(fake_logits: np.ndarray, kind: str = "ns"):
    """G's loss from D's logits s on generated samples, and its gradient with respect to s.

    kind="minimax": mean log(1 - sigmoid(s)) = -mean softplus(s); d/ds = -sigmoid(s) / N,
        which vanishes when D confidently rejects the fakes (s very negative): saturation.
    kind="ns" (non-saturating): -mean log sigmoid(s) = mean softplus(-s);
        d/ds = -(1 - sigmoid(s)) / N, close to -1/N exactly when D rejects the fakes.

    Returns (loss: float, dlogits: ndarray like ``fake_logits``).
    """
    if kind == "minimax":
        return float(-softplus(fake_logits).mean()), -sigmoid(fake_logits) / fake_logits.size
    if kind == "ns":
        return float(softplus(-fake_logits).mean()), -sigmoid(-fake_logits) / fake_logits.size
    raise ValueError(f"generator_loss: kind must be one of {GENERATOR_LOSSES}, got {kind!r}")


class GAN:
    """A generator and a discriminator trained against each other with alternating updates.

    Parameters
    ----------
    generator : Module, noise (N, latent_dim) -> samples (N, D)
    discriminator : Module, samples (N, D) -> logits (N, 1), one per sample
    g_optimizer, d_optimizer : optimizers over ``generator.parameters()`` and
        ``discriminator.parameters()`` (``dlcore.optim``)
    latent_dim : int, the size of the noise vector z ~ N(0, I)
    loss : "ns" (non-saturating, the default in practice) or "minimax"
    d_steps : int, discriminator updates per generator update

    Attributes
    ----------
    history : dict of lists: "d_loss" and "g_loss" once per ``step`` (the last discriminator
        update's loss), "d_real" and "d_fake" (mean D(x) on the real and generated samples) once
        per discriminator update; all measured during the updates, before each optimizer step.
    """

    def __init__(
        self,
        generator: Module,
        discriminator: Module,
        g_optimizer,
        d_optimizer,
        *,
        latent_dim: int,
        loss: str = "ns",
        d_steps: int = 1,
    ):
        if loss not in GENERATOR_LOSSES:
            raise ValueError(f"GAN: loss must be one of {GENERATOR_LOSSES}, got {loss!r}")
        if d_steps < 1:
            raise ValueError(f"GAN: d_steps must be >= 1, got {d_steps}")
        self.G, self.D = generator, discriminator
        self.g_optimizer, self.d_optimizer = g_optimizer, d_optimizer
        self.latent_dim, self.loss, self.d_steps = latent_dim, loss, d_steps
        self.history: dict[str, list[float]] = {
            "d_loss": [],
            "g_loss": [],
            "d_real": [],
            "d_fake": [],
        }

    def noise(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """z ~ N(0, I), shape (n, latent_dim)."""
        return rng.normal(size=(n, self.latent_dim))

    def generate(self, z: np.ndarray) -> np.ndarray:
        """G(z), shape (N, D)."""
        return self.G.forward(z)

    def logits(self, x: np.ndarray) -> np.ndarray:
        """D's logits on samples x (N, D), checked to be one per sample: (N, 1)."""
        s = self.D.forward(x)
        if s.shape != (len(x), 1):
            raise ValueError(
                f"GAN: the discriminator must output one logit per sample, shape ({len(x)}, 1); "
                f"got {s.shape}"
            )
        return s

    def discriminator_probability(self, x: np.ndarray) -> np.ndarray:
        """D(x) = sigmoid(logit), shape (N,)."""
        return sigmoid(self.logits(x))[:, 0]

    def discriminator_backward(self, x_real: np.ndarray, z: np.ndarray) -> float:
        """Accumulate D's parameter gradients of ``discriminator_loss``; return the loss.

        Real and generated samples go through D as one batch; G is not touched.
        """
        fake = self.generate(z)
        if fake.shape[1:] != x_real.shape[1:]:
            raise ValueError(
                f"GAN: generated samples have shape {fake.shape[1:]} per sample, the real data "
                f"{x_real.shape[1:]}"
            )
        s = self.logits(np.concatenate([x_real, fake]))
        n = len(x_real)
        loss, d_real, d_fake = discriminator_loss(s[:n], s[n:])
        backward_without_input_grad(self.D, np.concatenate([d_real, d_fake]))  # no dL/dx
        self.history["d_real"].append(float(sigmoid(s[:n]).mean()))
        self.history["d_fake"].append(float(sigmoid(s[n:]).mean()))
        return loss

    def generator_backward(self, z: np.ndarray) -> float:
        """Accumulate G's parameter gradients of ``generator_loss``; return the loss.

        dL/dG(z) is D's input gradient: ``D.backward`` turns dL/ds into dL/dx, and
        ``G.backward`` takes it from there. D's parameter gradients are accumulated too, as a
        side effect; ``step`` zeroes them before D's next update.
        """
        s = self.logits(self.generate(z))
        loss, ds = generator_loss(s, self.loss)
        dx = self.D.backward(ds)  # dL/dx at the generated samples
        backward_without_input_grad(self.G, dx)  # the noise needs no gradient
        return loss

    def step(self, x_real: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
        """One round: ``d_steps`` discriminator updates on ``x_real`` (N, D) against fresh
        fakes, then one generator update. Returns (d_loss, g_loss)."""
        n = len(x_real)
        for _ in range(self.d_steps):
            self.d_optimizer.zero_grad()
            d_loss = self.discriminator_backward(x_real, self.noise(n, rng))
            self.d_optimizer.step()
        self.g_optimizer.zero_grad()
        g_loss = self.generator_backward(self.noise(n, rng))
        self.g_optimizer.step()
        self.history["d_loss"].append(d_loss)
        self.history["g_loss"].append(g_loss)
        return d_loss, g_loss

    def fit(
        self,
        sample_real,
        steps: int,
        batch_size: int,
        rng: np.random.Generator,
        *,
        snapshot_every: int = 0,
        snapshot=None,
    ) -> list:
        """Train for ``steps`` rounds on batches from ``sample_real(batch_size, rng)``.

        With ``snapshot_every`` > 0, ``snapshot(gan, step)`` is called at step 0 and every
        ``snapshot_every`` steps; the list of its return values is returned (else []).
        """
        taken = []
        for t in range(steps + 1):
            if snapshot_every and t % snapshot_every == 0:
                taken.append(snapshot(self, t))
            if t == steps:
                break
            d_loss, g_loss = self.step(sample_real(batch_size, rng), rng)
            if not (np.isfinite(d_loss) and np.isfinite(g_loss)):
                raise FloatingPointError(f"GAN: loss became {d_loss}, {g_loss} at step {t + 1}")
        return taken
