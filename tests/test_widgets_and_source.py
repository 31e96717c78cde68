"""The explorer helper, its registry and controls, and the source display helper."""

import numpy as np
import pytest

import dlcore
from dlcore import widgets


def make_demo(name="test-demo"):
    fig, ax = widgets.figure(4, 3)
    x = np.linspace(0, 1, 50)
    (line,) = ax.plot(x, x)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    calls = []

    def update(scale, kind):
        calls.append((scale, kind))
        line.set_ydata(scale * (x**2 if kind == "square" else x))

    controls = {
        "scale": widgets.Slider(0.1, 10.0, 1.0, log=True),
        "kind": widgets.Choice(["line", "square"]),
    }
    return widgets.explore(name, update, fig, **controls), calls


def test_explorer_registers_renders_png_and_times_updates():
    explorer, calls = make_demo()
    assert widgets.REGISTRY["test-demo"] is explorer
    png = explorer.render(scale=2.0)
    assert png.startswith(b"\x89PNG")
    assert calls[-1] == (2.0, "line")
    assert len(explorer.timings_ms) == 1


def test_settings_cover_each_control_then_combinations():
    explorer, _ = make_demo()
    settings = explorer.settings(20)
    assert len(settings) == 20
    assert {s["kind"] for s in settings} == {"line", "square"}
    scales = {s["scale"] for s in settings}
    assert min(scales) == pytest.approx(0.1) and max(scales) == pytest.approx(10.0)
    assert len(explorer.time_sweep(20)) == 20


def test_mimebundle_has_widget_view_and_static_preview():
    explorer, _ = make_demo()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<figure class="dlcore-explorer"')
    assert "data:image/png;base64," in bundle["text/html"]


def test_bad_controls():
    fig, _ = widgets.figure()
    with pytest.raises(ValueError, match="at least one control"):
        widgets.explore("x", lambda: None, fig)
    with pytest.raises(TypeError, match="must be a Slider or Choice"):
        widgets.explore("x", lambda a: None, fig, a=3)
    with pytest.raises(ValueError, match="not among"):
        widgets.Choice(["a", "b"], "c")


def test_integer_slider_samples_are_integers():
    assert widgets.Slider(2, 60, 10, integer=True).samples(6) == [2, 14, 25, 37, 48, 60]


def test_show_source_renders_the_real_code():
    src = dlcore.show_source(dlcore.layers.Dense.backward)
    md = src._repr_markdown_()
    assert "`dlcore.layers.Dense.backward`" in md
    assert "self.W.grad += self.x.T @ dy" in md
    assert md.count("```") == 2
