"""Chapter 04's instruments: the diagnosis-first workflow (dlcore.lab.workflow) and the
learning-curve plot (dlcore.viz.plot_learning_curves)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcore import data  # noqa: E402
from dlcore.lab import workflow  # noqa: E402
from dlcore.layers import BatchNorm1d, Dense, Dropout  # noqa: E402
from dlcore.viz import plot_learning_curves  # noqa: E402


def tiny_task():
    X, y = data.make_spirals(20, 3, 0.2, rng=np.random.default_rng(0))
    Xv, yv = data.make_spirals(10, 3, 0.2, rng=np.random.default_rng(1))
    return workflow.Task(X, y, Xv, yv, Xv, yv)


# diagnose: the decision rule, values chosen by hand
@pytest.mark.parametrize(
    ("train_error", "val_error", "expected"),
    [
        (0.02, 0.30, "overfitting"),  # gap 0.28 > 0.1
        (0.35, 0.37, "underfitting"),  # training error first
        (0.35, 0.90, "underfitting"),  # underfitting wins over a large gap
        (0.05, 0.12, "fine"),  # gap 0.07 <= 0.1
        (0.10, 0.20, "fine"),  # both thresholds are strict inequalities: 0.1 is not > 0.1
        (float("nan"), 0.5, "diverged"),
    ],
)
def test_diagnose_by_hand(train_error, val_error, expected):
    assert workflow.diagnose(train_error, val_error) == expected


def test_diagnose_reads_a_rising_training_loss_as_divergence():
    assert workflow.diagnose(0.0, 0.0, train_loss=np.array([1.1, 0.5, 1.1])) == "diverged"
    assert workflow.diagnose(0.0, 0.0, train_loss=np.array([1.1, 0.5, 1.0])) == "fine"


def test_diagnose_rejects_negative_thresholds():
    with pytest.raises(ValueError, match="diagnose"):
        workflow.diagnose(0.1, 0.2, target=-0.1)


def test_build_model_follows_the_levers():
    rng = np.random.default_rng(0)
    model = workflow.build_model(
        {"hidden": (8, 5), "batchnorm": True, "dropout": 0.2}, 2, 3, rng=rng
    )
    kinds = [type(m) for m in model.modules]
    assert kinds.count(Dense) == 3 and kinds.count(BatchNorm1d) == 2 and kinds.count(Dropout) == 2
    assert model.forward(np.zeros((4, 2))).shape == (4, 3)
    plain = workflow.build_model({}, 2, 3, rng=rng)
    assert [m.W.data.shape for m in plain.modules if isinstance(m, Dense)] == [
        (2, 32),
        (32, 32),
        (32, 3),
    ]


def test_unknown_lever_and_activation_raise():
    with pytest.raises(ValueError, match="unknown levers"):
        workflow.full_config({"widht": (4,)})
    with pytest.raises(ValueError, match="relu"):
        workflow.build_model({"activation": "relux"}, 2, 3, rng=np.random.default_rng(0))


def test_run_config_records_curves_and_errors():
    run = workflow.run_config({"steps": 40, "train_size": 30}, tiny_task(), seed=0, eval_every=10)
    assert run.eval_steps.tolist() == [0, 10, 20, 30, 40]
    assert run.train_loss.shape == run.val_loss.shape == (5,)
    assert run.train_loss[-1] < run.train_loss[0]  # Adam at 0.01 makes progress
    assert 0 <= run.train_error <= 1 and run.diverged_at is None and run.model is not None
    assert abs(run.train_loss[0] - np.log(3)) < 0.5  # a fresh network predicts about 1/3 each


def test_run_config_records_a_nan_divergence_instead_of_raising():
    run = workflow.run_config(
        {"activation": "identity", "optimizer": "gd", "lr": 1e3, "steps": 50},
        tiny_task(),
        seed=0,
        eval_every=5,
    )  # a linear network has nothing to saturate: its weights overflow to inf, the loss to NaN
    assert run.diverged_at is not None and run.model is None
    assert np.isnan(run.train_error) and run.diagnosis == "diverged"


def test_run_grid_caches_and_shares_equal_configurations():
    cache = {}
    configs = {"a": {"steps": 5}, "b": {"steps": 5, "lr": 0.01}}  # lr 0.01 is the default
    runs = workflow.run_grid(configs, tiny_task(), [0, 1], cache=cache)
    assert len(runs) == 4 and len(cache) == 2
    assert runs["a", 0] is runs["b", 0] and runs["a", 1] is not runs["a", 0]
    again = workflow.run_grid({"c": {"steps": 5}}, tiny_task(), [0], cache=cache)
    assert again["c", 0] is runs["a", 0]  # looked up, not retrained


def test_run_config_is_deterministic_per_seed():
    a = workflow.run_config({"steps": 20, "dropout": 0.3}, tiny_task(), seed=3)
    b = workflow.run_config({"steps": 20, "dropout": 0.3}, tiny_task(), seed=3)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)


def test_plot_learning_curves_draws_two_labelled_lines():
    fig, ax = plt.subplots()
    steps = np.array([0, 10, 20])
    train_line, val_line = plot_learning_curves(
        ax, steps, np.array([1.0, 0.5, 0.2]), np.array([1.0, 0.7, 0.9]), label="run"
    )
    assert train_line.get_label() == "run training" and val_line.get_label() == "run validation"
    np.testing.assert_array_equal(val_line.get_ydata(), [1.0, 0.7, 0.9])
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="plot_learning_curves"):
        plot_learning_curves(ax, steps, np.ones(3), np.ones(2))
    plt.close(fig)
