"""The explorer helper, its registry and controls, and the source display helper."""

import json

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
    assert bundle["text/html"].startswith('<div class="dlcore-explorer"')
    assert "data:image/png;base64," in bundle["text/html"]


def test_the_book_build_records_a_latency_sweep_in_the_output_metadata(monkeypatch):
    explorer, _ = make_demo("test-book-sweep")
    monkeypatch.setenv("DLCORE_STATIC_FRAMES", "1")
    bundle, metadata = explorer._repr_mimebundle_()
    assert bundle["text/html"].startswith('<div class="dlcore-explorer"')
    record = metadata["dlcore"]
    assert record["explorer"] == "test-book-sweep"
    assert len(record["sweep_ms"]) == 24 and min(record["sweep_ms"]) > 0
    assert record["static_seconds"] >= sum(record["sweep_ms"]) / 1e3
    monkeypatch.delenv("DLCORE_STATIC_FRAMES")
    assert isinstance(explorer._repr_mimebundle_(), dict)  # a notebook run stores no metadata


def static_data(page):
    start = page.index('<script type="application/json" class="dlx-data">') + 49
    return json.loads(page[start : page.index("</script>", start)])


def test_static_page_precomputes_the_declared_frames():
    explorer, calls = make_demo("test-static")
    explorer.controls["scale"].frames = [0.5, 2.0]
    explorer.controls["kind"].frames = ["line", "square"]
    page = explorer.static_html(all_frames=True)
    data = static_data(page)
    # scale: the default 1.0 joins the declared frames, sorted; kind: both options
    assert [c["values"] for c in data["controls"]] == [["0.5", "1", "2"], ["line", "square"]]
    assert sorted(data["frames"]) == ["0,0", "0,1", "1,0", "1,1", "2,0", "2,1"]
    assert (2.0, "square") in calls
    assert len(set(data["frames"].values())) == 6  # every frame is a different picture
    assert 'name="scale" min="0" max="2" step="1" value="1"' in page
    assert "6 precomputed frames" in page


def test_static_preview_has_only_the_default_frame_and_disabled_controls():
    explorer, _ = make_demo("test-preview")
    explorer.controls["scale"].frames = [0.5, 2.0]
    page = explorer.static_html(all_frames=False)
    assert list(static_data(page)["frames"]) == ["1,0"]
    assert page.count(" disabled") == 2
    assert "A preview at the default settings" in page


def test_static_frames_are_bounded():
    explorer, _ = make_demo("test-too-many")
    explorer.controls["scale"].frames = list(np.geomspace(0.1, 10, widgets.MAX_FRAMES))
    with pytest.raises(ValueError, match="static frames requested"):
        explorer.frame_grid()
    with pytest.raises(ValueError, match="outside"):
        widgets.Slider(0, 1, 0.5, frames=[2.0]).static_values()
    with pytest.raises(ValueError, match="not among"):
        widgets.Choice(["a", "b"], frames=["c"]).static_values()


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
