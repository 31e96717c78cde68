"""Generative adversarial networks: the trainer and the small games that explain its dynamics.

- ``trainer``: ``GAN`` (alternating updates; generator's gradient through ``D.backward``),
  ``discriminator_loss``, ``generator_loss`` ("ns" or "minimax") (chapter 39);
- ``games``: ``bilinear_game_step``, ``bilinear_game_matrix``, ``bilinear_game``, ``dirac_gan``,
  ``dirac_gan_field``, ``dirac_gan_jacobian`` (chapter 40).

Every name is importable from ``dlcore.gan`` itself. See chapters 39 and 40.
"""

from dlcore.gan.games import (
    RULES,
    bilinear_game,
    bilinear_game_matrix,
    bilinear_game_step,
    dirac_gan,
    dirac_gan_field,
    dirac_gan_jacobian,
)
from dlcore.gan.trainer import (
    GAN,
    GENERATOR_LOSSES,
    discriminator_loss,
    generator_loss,
    softplus,
)

__all__ = [
    "GAN",
    "GENERATOR_LOSSES",
    "RULES",
    "bilinear_game",
    "bilinear_game_matrix",
    "bilinear_game_step",
    "dirac_gan",
    "dirac_gan_field",
    "dirac_gan_jacobian",
    "discriminator_loss",
    "generator_loss",
    "softplus",
]
