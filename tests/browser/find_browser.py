"""Find, or provide, the Chromium that the browser tests drive.

``make browser`` runs ``python -m tests.browser.find_browser --provide`` before the tests. In order:

1. ``$CHROMIUM``, if set (it must exist);
2. a Chromium or Chrome on the PATH (``chromium``, ``chromium-browser``, ``google-chrome``, ...),
   or the macOS application;
3. the browser Playwright installed for itself (``playwright install chromium``), if present;
4. with ``--provide``: on Debian as root, Debian's package (``apt-get install chromium``, with the
   CJK fonts that the Chinese pages need); elsewhere Playwright's own download;
5. otherwise it stops with one message naming the command to run. It never lets the browser tests
   skip silently.

The chosen path is printed on stdout (the only line printed there), so the Makefile can pass it to
the tests as ``CHROMIUM``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]
MACOS_APPS = [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]
HOW_TO = (
    "No Chromium found for the browser tests. Install one, then re-run `make test`:\n"
    "  Debian/Ubuntu:  sudo apt-get install chromium fonts-noto-cjk\n"
    "  any system:     .venv/bin/python -m playwright install chromium\n"
    "  or point to one: CHROMIUM=/path/to/chromium make test"
)


def _log(message: str) -> None:
    print(f"find_browser: {message}", file=sys.stderr)


def playwright_chromium() -> str | None:
    """The Chromium that ``playwright install chromium`` put in Playwright's cache, if any."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # playwright missing or its driver failing: no browser from it
        return None
    return path if path and Path(path).exists() else None


def find() -> str | None:
    """The first browser available without installing anything, or None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            raise SystemExit(f"find_browser: CHROMIUM={explicit} does not exist")
        return explicit
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for app in MACOS_APPS:
        if Path(app).exists():
            return app
    return playwright_chromium()


def _run(command: list[str], timeout: float) -> bool:
    _log("running " + " ".join(command))
    try:
        done = subprocess.run(command, timeout=timeout, stdout=sys.stderr, stderr=sys.stderr)
    except (OSError, subprocess.TimeoutExpired) as error:
        _log(f"failed: {error}")
        return False
    return done.returncode == 0


def provide() -> str | None:
    """Install a browser the way that fits this machine; the path, or None if nothing worked."""
    debian_root = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if debian_root:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=sys.stderr, check=False)
        if _run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"], 900):
            return find()
    if _run([sys.executable, "-m", "playwright", "install", "chromium"], 600):
        return find()
    return None


def main(argv: list[str]) -> int:
    path = find()
    if path is None and "--provide" in argv:
        path = provide()
    if path is None:
        print(HOW_TO, file=sys.stderr)
        return 1
    _log(f"using {path}")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
