"""The GAN trainer (chapter 39), the games of chapter 40, and the Gaussian mixtures."""

import numpy as np
import pytest

from dlcore import data, gan, models, optim
from dlcore.gradcheck import numerical_grad, relative_error

LOG2 = np.log(2.0)


def small_gan(loss="ns", d_out=1, seed=0):
    rng = np.random.default_rng(seed)
    G = models.mlp([2, 5, 3], "tanh", init="xavier", bias_std=0.3, rng=rng)
    D = models.mlp([3, 4, d_out], "tanh", init="xavier", bias_std=0.3, rng=rng)
    return gan.GAN(
        G,
        D,
        optim.SGD(G.parameters(), lr=0.1),
        optim.SGD(D.parameters(), lr=0.1),
        latent_dim=2,
        loss=loss,
    )


@pytest.mark.parametrize("loss", gan.GENERATOR_LOSSES)
def test_generator_gradient_through_the_discriminator_matches_finite_differences(loss):
    model = small_gan(loss)
    z = np.random.default_rng(1).normal(size=(6, 2))

    def g_loss():
        return gan.generator_loss(model.logits(model.generate(z)), loss)[0]

    model.G.zero_grad()
    model.generator_backward(z)
    errors = [relative_error(p.grad, numerical_grad(g_loss, p.data)) for p in model.G.parameters()]
    assert max(errors) < 1e-7


def test_discriminator_gradient_matches_finite_differences():
    model = small_gan()
    rng = np.random.default_rng(2)
    x_real, z = rng.normal(size=(5, 3)), rng.normal(size=(7, 2))

    def d_loss():
        s_real, s_fake = model.logits(x_real), model.logits(model.generate(z))
        return gan.discriminator_loss(s_real, s_fake)[0]

    model.D.zero_grad()
    model.discriminator_backward(x_real, z)
    errors = [relative_error(p.grad, numerical_grad(d_loss, p.data)) for p in model.D.parameters()]
    assert max(errors) < 1e-7


def test_step_updates_both_players_and_records_history():
    model = small_gan()
    rng = np.random.default_rng(3)
    g_before = [p.data.copy() for p in model.G.parameters()]
    d_before = [p.data.copy() for p in model.D.parameters()]
    model.step(rng.normal(size=(8, 3)), rng)
    assert all(not np.allclose(a, p.data) for a, p in zip(g_before, model.G.parameters()))
    assert all(not np.allclose(a, p.data) for a, p in zip(d_before, model.D.parameters()))
    assert {len(v) for v in model.history.values()} == {1}


def test_fit_takes_snapshots_at_zero_and_every_k_steps():
    model = small_gan()
    taken = model.fit(
        lambda n, rng: rng.normal(size=(n, 3)),
        6,
        4,
        np.random.default_rng(4),
        snapshot_every=3,
        snapshot=lambda g, t: t,
    )
    assert taken == [0, 3, 6]
    assert len(model.history["g_loss"]) == 6


def test_a_discriminator_without_one_logit_per_sample_is_rejected():
    model = small_gan(d_out=2)
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError, match=r"one logit per sample, shape \(8, 1\); got \(8, 2\)"):
        model.step(rng.normal(size=(4, 3)), rng)


def test_generated_samples_must_match_the_data_shape():
    model = small_gan()
    rng = np.random.default_rng(6)
    with pytest.raises(ValueError, match="generated samples have shape"):
        model.discriminator_backward(rng.normal(size=(4, 2)), rng.normal(size=(4, 2)))


def test_unknown_loss_names_are_rejected():
    with pytest.raises(ValueError, match="minimax"):
        small_gan(loss="wasserstein")
    with pytest.raises(ValueError, match="minimax"):
        gan.generator_loss(np.zeros((2, 1)), "hinge")


def test_losses_hand_computed_at_an_undecided_discriminator():
    s = np.zeros((4, 1))  # D(x) = 1/2 everywhere
    loss, d_real, d_fake = gan.discriminator_loss(s, np.zeros((2, 1)))
    assert loss == pytest.approx(2 * LOG2)
    np.testing.assert_allclose(d_real, -0.5 / 4)
    np.testing.assert_allclose(d_fake, 0.5 / 2)
    loss, ds = gan.generator_loss(s, "minimax")
    assert loss == pytest.approx(-LOG2)
    np.testing.assert_allclose(ds, -0.5 / 4)
    loss, ds = gan.generator_loss(s, "ns")
    assert loss == pytest.approx(LOG2)
    np.testing.assert_allclose(ds, -0.5 / 4)


def test_minimax_saturates_where_the_non_saturating_loss_does_not():
    s = np.array([[-10.0]])  # D rejects the fake: D(G(z)) = sigmoid(-10), about 4.5e-5
    _, minimax = gan.generator_loss(s, "minimax")
    _, ns = gan.generator_loss(s, "ns")
    assert minimax[0, 0] == pytest.approx(-1 / (1 + np.exp(10)))
    assert ns[0, 0] == pytest.approx(-1 / (1 + np.exp(-10)))
    loss, _ = gan.generator_loss(np.array([[1e4]]), "ns")  # stable at extreme logits
    assert np.isfinite(loss) and loss == pytest.approx(0.0)


def test_bilinear_game_matrices_eigenvalues_and_determinants():
    lr = 0.5
    sim = gan.bilinear_game_matrix(lr, "simultaneous")
    np.testing.assert_allclose(sim, [[1, -0.5], [0.5, 1]])
    np.testing.assert_allclose(sorted(np.linalg.eigvals(sim), key=np.imag), [1 - 0.5j, 1 + 0.5j])
    assert np.linalg.det(sim) == pytest.approx(1 + lr**2)
    alt = gan.bilinear_game_matrix(lr, "alternating")
    np.testing.assert_allclose(alt, [[1, -0.5], [0.5, 0.75]])
    assert np.linalg.det(alt) == pytest.approx(1.0)
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(alt)), 1.0)  # |trace| = 1.75 < 2
    extra = gan.bilinear_game_matrix(lr, "extragradient")
    np.testing.assert_allclose(extra, [[0.75, -0.5], [0.5, 0.75]])
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(extra)), np.sqrt(1 - lr**2 + lr**4))


def test_bilinear_trajectories_diverge_cycle_and_converge():
    radius = {
        rule: np.hypot(*gan.bilinear_game(1.0, 0.0, 0.2, 200, rule)[-1]) for rule in gan.RULES
    }
    assert radius["simultaneous"] == pytest.approx(1.04**100)
    assert 0.8 < radius["alternating"] < 1.25
    assert radius["extragradient"] == pytest.approx((1 - 0.04 + 0.0016) ** 100)
    with pytest.raises(ValueError, match="rule must be one of"):
        gan.bilinear_game_step(1.0, 1.0, 0.1, "gradient")


@pytest.mark.parametrize("loss", ["minimax", "ns"])
def test_dirac_gan_jacobian_matches_finite_differences(loss):
    gamma, h = 0.3, 1e-6
    columns = []
    for e in ([h, 0.0], [0.0, h]):
        plus = np.array(gan.dirac_gan_field(e[0], e[1], gamma, loss))
        minus = np.array(gan.dirac_gan_field(-e[0], -e[1], gamma, loss))
        columns.append((plus - minus) / (2 * h))
    np.testing.assert_allclose(np.array(columns).T, gan.dirac_gan_jacobian(gamma), atol=1e-8)
    eigenvalues = np.linalg.eigvals(gan.dirac_gan_jacobian(0.0))
    np.testing.assert_allclose(sorted(eigenvalues, key=np.imag), [-0.5j, 0.5j])


def test_dirac_gan_converges_with_r1_only():
    start = (1.0, 1.0)
    final = {
        gamma: np.hypot(*gan.dirac_gan(*start, 0.1, 2000, "simultaneous", gamma)[-1])
        for gamma in (0.0, 1.0)
    }
    assert final[0.0] > np.hypot(*start)  # spirals out
    assert final[1.0] < 1e-3
    alternating = gan.dirac_gan(*start, 0.1, 2000, "alternating")
    assert np.hypot(*alternating[-1]) > 0.5  # circles, never settles


def test_gaussian_mixture_1d_samples_and_density():
    x = data.gaussian_mixture_1d(
        20000, (-2.0, 2.0), 0.3, (0.25, 0.75), rng=np.random.default_rng(0)
    )
    assert x.shape == (20000, 1)
    assert abs(np.mean(x > 0) - 0.75) < 0.02
    grid = np.linspace(-5, 5, 2001)
    pdf = data.gaussian_mixture_1d_pdf(grid, (-2.0, 2.0), 0.3, (0.25, 0.75))
    assert np.sum(pdf) * (grid[1] - grid[0]) == pytest.approx(1.0, abs=1e-6)
    assert data.gaussian_mixture_1d_pdf(np.array(0.0), (0.0,), 1.0) == pytest.approx(
        1 / np.sqrt(2 * np.pi)
    )
    with pytest.raises(ValueError, match="std must be > 0"):
        data.gaussian_mixture_1d(5, std=0.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="weights"):
        data.gaussian_mixture_1d(5, (0.0, 1.0), 0.1, (1.0,), rng=np.random.default_rng(0))


def test_ring_and_mode_counts():
    centers = data.ring_centers(4, 2.0)
    np.testing.assert_allclose(centers, [[2, 0], [0, 2], [-2, 0], [0, -2]], atol=1e-12)
    x = data.ring_of_gaussians(800, 8, 2.0, 0.05, rng=np.random.default_rng(0))
    assert x.shape == (800, 2)
    counts = data.mode_counts(x, data.ring_centers(8, 2.0), 0.25)
    assert counts.sum() == 800 and counts.min() > 60
    samples = np.array([[2.1, 0.0], [0.0, 1.0], [0.0, 2.0], [0.05, 1.95]])
    np.testing.assert_array_equal(data.mode_counts(samples, centers, 0.2), [1, 2, 0, 0])
    with pytest.raises(ValueError, match=r"samples \(N, D\) and centers \(K, D\)"):
        data.mode_counts(np.zeros((3, 3)), centers, 0.2)
