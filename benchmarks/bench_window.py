"""Moving windows against bottleneck: window n/2 on 2e7 float64 values, and small windows on
1e6 values. Prints bottleneck time / mypkg time per function (>1: mypkg is faster).

Run ``python benchmarks/bench_window.py`` (one run, about a minute; ``--quick`` skips the
2e7 case). move_rank is left out at window n/2: bottleneck's is O(n * window) there.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import mypkg

try:
    import bottleneck as bn
except ImportError:  # pragma: no cover - informative script
    bn = None

LARGE = ["move_sum", "move_mean", "move_var", "move_std", "move_min", "move_max",
         "move_argmin", "move_argmax", "move_median"]
SMALL = LARGE + ["move_rank"]


def best_of(f: Callable[[], Any], repeat: int) -> float:
    f()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def row(name: str, a: np.ndarray, window: int, repeat: int) -> None:
    tm = best_of(lambda: getattr(mypkg, name)(a, window), repeat)
    line = f"{name:<12} n={a.size:<9.0e} window={window:<9} mypkg {tm * 1e3:9.2f} ms"
    if bn is not None:
        tb = best_of(lambda: getattr(bn, name)(a, window), repeat)
        line += f"   bn/mypkg {tb / tm:6.2f}"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the 1e6 small windows")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    small = rng.standard_normal(1_000_000)
    for window in (10, 100):
        for name in SMALL:
            row(name, small, window, 5)
    if not args.quick:
        large = rng.standard_normal(20_000_000)
        for name in LARGE:
            row(name, large, large.size // 2, 1)


if __name__ == "__main__":
    main()
