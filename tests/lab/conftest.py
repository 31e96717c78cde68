"""Fixtures for the JupyterLab tests: the project's JupyterLab on 127.0.0.1, serving a throw-away
copy of the notebooks, and a Chromium driven by Playwright (``$CHROMIUM``, as ``make lab-test``
sets it, else the first one ``find_browser`` finds, launched as the site tests launch it)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
BROWSER_TESTS = ROOT / "tests" / "browser"
sys.path.insert(0, str(BROWSER_TESTS))

import find_browser  # noqa: E402  (lives beside the site tests, found through the path above)


def _site_conftest():
    """The site tests' conftest, loaded under its own name, for its ``CHROMIUM_ARGS``: both
    stages launch Chromium the same way."""
    spec = importlib.util.spec_from_file_location("site_conftest", BROWSER_TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHROMIUM_ARGS = _site_conftest().CHROMIUM_ARGS
STARTUP_TIMEOUT_S = 90  # a cold JupyterLab on a loaded 2-core machine can take half a minute

# JupyterLab settings for the test browser: every cell in the DOM (the default windowing leaves
# far-off cells unrendered, so their widgets could not be found), and no notification asking
# whether to fetch the project's news.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
SERVER_CONFIG = {
    "IdentityProvider": {"token": ""},
    "PasswordIdentityProvider": {"hashed_password": ""},
    "ServerApp": {
        "ip": "127.0.0.1",
        "open_browser": False,
        "allow_root": True,  # CI containers often run as root; the server is local and throw-away
        "terminals_enabled": False,
        "port_retries": 0,  # a taken port is an error we retry with another, not a silent move
    },
    # No requests leave the machine: no news feed, no update check, no extension index.
    "LabApp": {
        "expose_app_in_browser": True,
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
        "extension_manager": "readonly",
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lab_environment(home: Path) -> dict:
    """The environment of the server and its kernels: throw-away config, runtime, settings,
    workspaces and IPython profile under ``home``; the venv's data path (kernelspec, the
    ipywidgets lab extension) untouched."""
    env = dict(os.environ)
    # As the Makefile's KERNEL_ENV: MPLBACKEND=Agg would make plt.show() display nothing. The
    # static frames are for the web book only; live explorers need only their first frame.
    for name in ("MPLBACKEND", "DLCORE_STATIC_FRAMES", "JUPYTER_TOKEN", "JUPYTER_PORT"):
        env.pop(name, None)
    # Chromium shares the two cores with the kernel; a second OpenBLAS thread would spin-wait for
    # the core Chromium holds, and the CNN chapters' many small products would crawl.
    env["OPENBLAS_NUM_THREADS"] = "1"
    for name, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    return env


def _write_config(home: Path) -> None:
    (home / "config" / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG))
    for relative, values in LAB_SETTINGS.items():
        path = home / "settings" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer in {STARTUP_TIMEOUT_S} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and everything it started (kernels): its whole process group."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(server.pid, signal.SIGKILL)  # kernels left behind, if any
    except ProcessLookupError:
        pass


class Lab:
    """A running JupyterLab: ``url`` (no token needed) serving the directory ``root``."""

    def __init__(self, url: str, root: Path):
        self.url, self.root = url, root

    def notebook_url(self, relative: str, workspace: str) -> str:
        # A workspace of its own per notebook, reset on load: no tab restored from a previous
        # chapter competes for the kernel or the CPU.
        return f"{self.url}/lab/workspaces/{workspace}/tree/{relative}?reset"

    def kernels(self) -> list:
        with urllib.request.urlopen(f"{self.url}/api/kernels", timeout=10) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "served"
    # A copy: running a chapter in the lab saves nothing into the committed notebooks.
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = _lab_environment(home)
    _write_config(home)
    log = home / "server.log"
    for _attempt in range(3):  # the free port may be taken between probing and binding
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with open(log, "w") as log_file:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "jupyter",
                    "lab",
                    f"--port={port}",
                    f"--ServerApp.root_dir={root}",
                ],
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so kernels die with it
            )
        try:
            _wait_until_up(url, server, log)
            break
        except RuntimeError:
            _stop(server)
            if _attempt == 2:
                raise
    try:
        yield Lab(url, root)
    finally:
        _stop(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = find_browser.find()  # $CHROMIUM first
    if chromium is None:
        pytest.fail(find_browser.HOW_TO)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
