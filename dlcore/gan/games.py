"""Two-player games small enough to solve by hand: why GAN training circles instead of descending.

- The bilinear game min_x max_y f(x, y) = x y, equilibrium (0, 0). One step of each update rule is
  a linear map (``bilinear_game_matrix``): simultaneous gradient steps spiral out
  (eigenvalues 1 +- i lr, modulus sqrt(1 + lr^2) > 1), alternating steps cycle (determinant 1),
  extragradient steps spiral in (modulus sqrt(1 - lr^2 + lr^4) < 1 for 0 < lr < 1).
- The Dirac-GAN (Mescheder, Geiger and Nowozin 2018): real data is a point mass at 0, the generator
  a point mass at theta, the discriminator's logit psi x. An R1 penalty (gamma / 2) psi^2 on D
  makes gradient play converge to (0, 0).

See chapter 40.
"""

from __future__ import annotations

import numpy as np

from dlcore.activations import sigmoid

RULES = ("simultaneous", "alternating", "extragradient")


def _check_rule(name: str, rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"{name}: rule must be one of {RULES}, got {rule!r}")


def bilinear_game_step(x: float, y: float, lr: float, rule: str = "simultaneous"):
    """One step on f(x, y) = x y: x descends (df/dx = y), y ascends (df/dy = x).

    simultaneous:  x' = x - lr y,   y' = y + lr x
    alternating:   x' = x - lr y,   y' = y + lr x'   (y sees the new x)
    extragradient: look ahead with a simultaneous step to (xh, yh), then step from (x, y) with
                   the gradients there: x' = x - lr yh, y' = y + lr xh

    Returns (x', y').
    """
    _check_rule("bilinear_game_step", rule)
    if rule == "simultaneous":
        return x - lr * y, y + lr * x
    if rule == "alternating":
        x_new = x - lr * y
        return x_new, y + lr * x_new
    x_ahead, y_ahead = x - lr * y, y + lr * x
    return x - lr * y_ahead, y + lr * x_ahead


def bilinear_game_matrix(lr: float, rule: str = "simultaneous") -> np.ndarray:
    """The 2x2 matrix M with (x', y') = M (x, y) for one ``bilinear_game_step``.

    simultaneous [[1, -lr], [lr, 1]]; alternating [[1, -lr], [lr, 1 - lr^2]];
    extragradient [[1 - lr^2, -lr], [lr, 1 - lr^2]].
    """
    _check_rule("bilinear_game_matrix", rule)
    columns = [bilinear_game_step(1.0, 0.0, lr, rule), bilinear_game_step(0.0, 1.0, lr, rule)]
    return np.array(columns, dtype=np.float64).T


def bilinear_game(x0: float, y0: float, lr: float, steps: int, rule: str = "simultaneous"):
    """The trajectory of ``steps`` bilinear-game steps from (x0, y0): ndarray (steps + 1, 2)."""
    _check_rule("bilinear_game", rule)
    path = np.empty((steps + 1, 2))
    path[0] = x0, y0
    for t in range(steps):
        path[t + 1] = bilinear_game_step(path[t, 0], path[t, 1], lr, rule)
    return path


def dirac_gan_field(theta: float, psi: float, gamma: float = 0.0, loss: str = "minimax"):
    """The update directions (d theta, d psi) of the Dirac-GAN's gradient play.

    D's logit is psi x; real data sits at 0, the generated point at theta. D ascends
    V = log sigmoid(0) + log(1 - sigmoid(psi theta)) - (gamma / 2) psi^2 (the last term is the R1
    penalty, (gamma / 2) |d logit / dx|^2 at the real data), so d psi = -theta sigmoid(psi theta)
    - gamma psi. G descends its loss: minimax log(1 - sigmoid(psi theta)) gives
    d theta = psi sigmoid(psi theta); non-saturating -log sigmoid(psi theta) gives
    d theta = psi sigmoid(-psi theta). Both linearise at (0, 0) to d theta = psi / 2,
    d psi = -theta / 2 - gamma psi.
    """
    if loss not in ("minimax", "ns"):
        raise ValueError(f"dirac_gan_field: loss must be 'minimax' or 'ns', got {loss!r}")
    u = psi * theta
    d_theta = psi * (sigmoid(u) if loss == "minimax" else sigmoid(-u))
    d_psi = -theta * sigmoid(u) - gamma * psi
    return float(d_theta), float(d_psi)


def dirac_gan(
    theta0: float,
    psi0: float,
    lr: float,
    steps: int,
    rule: str = "simultaneous",
    gamma: float = 0.0,
    loss: str = "minimax",
) -> np.ndarray:
    """Gradient play on the Dirac-GAN from (theta0, psi0): ndarray (steps + 1, 2) of (theta, psi).

    ``rule`` as in ``bilinear_game_step``; in "alternating", D moves first and G answers the new
    D, as the GAN trainer does. ``gamma`` > 0 adds the R1 penalty.
    """
    _check_rule("dirac_gan", rule)
    path = np.empty((steps + 1, 2))
    path[0] = theta0, psi0
    for t in range(steps):
        theta, psi = path[t]
        d_theta, d_psi = dirac_gan_field(theta, psi, gamma, loss)
        if rule == "simultaneous":
            path[t + 1] = theta + lr * d_theta, psi + lr * d_psi
        elif rule == "alternating":
            psi = psi + lr * d_psi
            path[t + 1] = theta + lr * dirac_gan_field(theta, psi, gamma, loss)[0], psi
        else:
            theta_h, psi_h = theta + lr * d_theta, psi + lr * d_psi
            d_theta, d_psi = dirac_gan_field(theta_h, psi_h, gamma, loss)
            path[t + 1] = theta + lr * d_theta, psi + lr * d_psi
    return path


def dirac_gan_jacobian(gamma: float = 0.0) -> np.ndarray:
    """The Jacobian of the Dirac-GAN's update field at the equilibrium (0, 0), for either loss:
    [[0, 1/2], [-1/2, -gamma]]. Its eigenvalues are purely imaginary (+- i/2) without the penalty,
    and have real part -gamma/2 < 0 with it."""
    return np.array([[0.0, 0.5], [-0.5, -gamma]])
