"""Execute notebooks in place in a fresh kernel and report each one's run time.

Usage: python tools/execute_notebooks.py notebooks/01-*.ipynb [...]
Widget state is not stored: a live kernel rebuilds every explorer, and the web book shows the
static frames of each explorer's text/html output instead.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    elapsed = time.perf_counter() - start
    nbformat.write(nb, path)
    return elapsed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {execute(Path(name)):.1f} s")
