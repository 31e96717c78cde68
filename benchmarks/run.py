"""Run every benchmark, print a summary, write benchmarks/report.json and the book's
"How fast is this book?" page (book/performance.md).

Usage: python -m benchmarks.run [--runs 3] [--sweep 24] [--from-book] [notebooks/NN-*.ipynb ...]

At a desk, every chapter runs ``--runs`` times in a fresh kernel. In CI, ``--from-book`` reads the
run times and explorer sweeps from the book build that just executed every chapter
(``benchmarks/book_timings.py``) instead of executing them again.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from benchmarks import book_timings, conv, machine, notebooks, page, throughput

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "benchmarks" / "report.json"
BUDGETS = {
    "explorer_p95_ms": 100.0,
    "notebook_seconds": 20.0,
    "mlp_step_ratio": 1.5,
    "conv_step_ratio": 1.6,
    "book_seconds": 600.0,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="fresh-kernel runs per notebook")
    parser.add_argument("--sweep", type=int, default=24, help="settings per explorer")
    parser.add_argument(
        "--from-book", action="store_true", help="read run times from the last book build"
    )
    args = parser.parse_args()
    paths = args.paths or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

    report = {
        "date": date.today().isoformat(),
        "machine": machine.describe(),
        "budgets": BUDGETS,
        "runs": 1 if args.from_book else args.runs,
        "sweep": args.sweep,
        "from_book": args.from_book,
        "book": book_timings.book_build(),
        "notebooks": {},
    }
    if args.from_book:
        from_book = book_timings.bench_from_book([p.stem for p in paths])
    for path in paths:
        if args.from_book:
            result = from_book[path.stem]
        else:
            result = notebooks.bench_notebook(path, runs=args.runs, sweep=args.sweep)
        report["notebooks"][path.stem] = result
        slowest = max((e["p95_ms"] for e in result["explorers"].values()), default=0.0)
        print(
            f"{path.stem:<50} {result['seconds']:6.1f} s   "
            f"{len(result['explorers'])} explorer(s), slowest p95 {slowest:5.1f} ms"
        )
    report["mlp"] = throughput.mlp_step()
    mlp = report["mlp"]
    print(
        f"MLP {mlp['shape']} batch {mlp['batch']}: step {mlp['step_ms']:.2f} ms "
        f"({mlp['step_ratio']:.2f}x its matmuls, {mlp['matmul_ms']:.2f} ms); "
        f"forward+backward {mlp['forward_backward_ms']:.2f} ms "
        f"({mlp['forward_backward_ratio']:.2f}x); with SGD instead of Adam "
        f"{mlp['sgd_step_ms']:.2f} ms ({mlp['sgd_step_ratio']:.2f}x); phases: forward "
        f"{mlp['forward_ms']:.2f}, backward {mlp['backward_ms']:.2f}, update {mlp['update_ms']:.2f}"
        + (f"; PyTorch {mlp['torch_step_ratio']:.2f}x" if "torch_step_ratio" in mlp else "")
    )
    report["conv"] = conv.all_shapes()
    for c in report["conv"]:
        print(
            f"Conv2D {c['shape']}: forward+backward {c['step_ms']:.2f} ms "
            f"({c['step_ratio']:.2f}x its GEMMs, {c['gemm_ms']:.2f} ms)"
            + (f"; PyTorch {c['torch_step_ratio']:.2f}x" if "torch_step_ratio" in c else "")
        )
    if report["book"]:
        print(f"last book build: {report['book']['seconds']:.0f} s ({report['book']})")
    REPORT.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (ROOT / "book" / "performance.md").write_text(page.render(report), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)} and book/performance.md")


if __name__ == "__main__":
    main()
