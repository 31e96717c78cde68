"""The convolutional residual block (basic, pre-activation, projection, zero-init) and tiny_resnet.

See chapter 32.
"""

import numpy as np
import pytest

from dlcore.gradcheck import check_layer
from dlcore.layers import BatchNorm2d, Conv2D, ResidualBlock, tiny_resnet

CONFIGS = {
    "basic": dict(),
    "basic, projection": dict(stride=2),
    "preact": dict(preact=True),
    "preact, projection": dict(stride=2, preact=True),
    "no BN": dict(batchnorm=False),
    "no BN, projection": dict(batchnorm=False, stride=2),
    "zero-init gamma": dict(zero_init=True),
    "preact, zero-init": dict(preact=True, zero_init=True),
    "no shortcut": dict(shortcut=False),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_gradcheck_train_and_eval(name):
    kwargs = CONFIGS[name]
    # Seed 0 for every case; some other draws put a gradient entry near 1e-3, where the
    # finite differences' round-off alone reaches a relative error of 1e-7.
    rng = np.random.default_rng(0)
    block = ResidualBlock(2, 3 if "stride" in kwargs else 2, rng=rng, **kwargs)
    x = rng.normal(size=(2, 2, 4, 4))
    assert check_layer(block, x) < 1e-7  # train mode: batch statistics
    block.eval()  # running statistics, now updated by the forwards above
    assert check_layer(block, x) < 1e-7


@pytest.mark.parametrize(
    "c_in, c_out, stride, size, out_size, projection",
    [(4, 4, 1, 8, 8, False), (4, 8, 1, 8, 8, True), (4, 4, 2, 8, 4, True), (4, 8, 2, 7, 4, True)],
)
def test_shapes_and_projection(c_in, c_out, stride, size, out_size, projection):
    for preact in (False, True):
        block = ResidualBlock(c_in, c_out, stride=stride, preact=preact)
        y = block(np.ones((3, c_in, size, size)) + np.arange(size))
        assert y.shape == (3, c_out, out_size, out_size)
        assert block.projection is projection
        assert (block.shortcut is not None) is projection
        if projection:  # 1x1 conv, plus a BN in the basic block
            conv = block.shortcut[0]
            assert isinstance(conv, Conv2D) and conv.kernel_size == (1, 1)
            assert conv.stride == (stride, stride)
            assert any(isinstance(m, BatchNorm2d) for m in block.shortcut) is not preact


def test_zero_init_starts_as_identity():
    x = np.random.default_rng(3).normal(size=(4, 3, 5, 5))
    basic = ResidualBlock(3, 3, zero_init=True, rng=np.random.default_rng(1))
    assert np.all(basic.branch[-1].gamma.data == 0.0)
    assert np.array_equal(basic(x), np.maximum(x, 0.0))  # ReLU(0 + x)
    preact = ResidualBlock(3, 3, preact=True, zero_init=True, rng=np.random.default_rng(1))
    assert np.array_equal(preact(x), x)  # 0 + x, no ReLU after the sum
    # the shortcut passes the gradient unchanged: dL/dx = dy where the block is the identity
    dy = np.random.default_rng(4).normal(size=x.shape)
    assert np.array_equal(preact.backward(dy), dy)


def test_identity_shortcut_adds_input():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 2, 4, 4))
    with_skip = ResidualBlock(2, 2, preact=True, rng=np.random.default_rng(5))
    without = ResidualBlock(2, 2, preact=True, shortcut=False, rng=np.random.default_rng(5))
    assert np.allclose(with_skip(x) - without(x), x, atol=1e-12)


def test_need_input_grad_false_keeps_parameter_grads():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 2, 4, 4))
    dy = rng.normal(size=(2, 3, 2, 2))
    grads = []
    for need in (True, False):
        block = ResidualBlock(2, 3, stride=2, rng=np.random.default_rng(1))
        block.forward(x)
        out = block.backward(dy, need_input_grad=need)
        assert (out is None) is (not need)
        grads.append([p.grad.copy() for p in block.parameters()])
    assert all(np.array_equal(a, b) for a, b in zip(*grads))


def test_bad_input():
    block = ResidualBlock(3, 4)
    with pytest.raises(ValueError, match=r"ResidualBlock.*\(N, 3, H, W\).*\(2, 2, 8, 8\)"):
        block(np.zeros((2, 2, 8, 8)))
    with pytest.raises(ValueError, match=r"ResidualBlock.*\(N, 3, H, W\).*\(2, 3, 8\)"):
        block(np.zeros((2, 3, 8)))
    with pytest.raises(ValueError, match="stride"):
        ResidualBlock(3, 4, stride=0)
    with pytest.raises(ValueError, match="channels"):
        ResidualBlock(0, 4)
    with pytest.raises(ValueError, match="tiny_resnet"):
        tiny_resnet(channels=())


@pytest.mark.parametrize("preact", [False, True])
def test_tiny_resnet(preact):
    model = tiny_resnet(channels=(4, 8), blocks_per_stage=2, preact=preact)
    x = np.random.default_rng(0).uniform(size=(5, 1, 8, 8))
    logits = model(x)
    assert logits.shape == (5, 10)
    blocks = [m for m in model if isinstance(m, ResidualBlock)]
    assert len(blocks) == 4 and [b.projection for b in blocks] == [False, False, True, False]
    assert model.backward(np.ones_like(logits)).shape == x.shape
    plain = tiny_resnet(channels=(4, 8), preact=preact, shortcut=False)
    assert not any(b.has_shortcut for b in plain if isinstance(b, ResidualBlock))
    n_params = sum(p.data.size for p in model.parameters())
    n_plain = sum(p.data.size for p in plain.parameters())
    # the only extra parameters: the projection's 1x1 conv (4 * 8) and, basic, its BN (2 * 8)
    assert n_params - n_plain == 4 * 8 + (0 if preact else 16)
