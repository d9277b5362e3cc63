"""Where mypkg overtakes bottleneck: bottleneck time / mypkg time per call over a range of array
sizes (float64, 5% NaN, 1-d), and for each function the size from which mypkg is at least as
fast at every larger size measured. ``python benchmarks/crossover.py [--funcs ...]``."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import bottleneck as bn
import numpy as np

import mypkg

SIZES = (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000)
WINDOW = 8


def best_time(func: Callable[[], Any], repeat: int, min_time: float) -> float:
    """Best time per call over ``repeat`` batches of at least ``min_time`` seconds."""
    calls = 1
    while True:  # calls per batch
        start = time.perf_counter()
        for _ in range(calls):
            func()
        if time.perf_counter() - start >= min_time:
            break
        calls *= 2
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            func()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def call(module: Any, name: str, a: np.ndarray) -> Callable[[], Any]:
    func = getattr(module, name)
    if name.startswith("move_"):
        return lambda: func(a, WINDOW)
    return lambda: func(a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--funcs", default="nansum,nanmean,nanstd,nanmax,nanargmin,median,"
                        "move_mean,move_max,push,rankdata")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.002)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    names = args.funcs.split(",")
    print("bottleneck time / mypkg time (above 1: mypkg faster), float64, 5% NaN")
    print(f"{'size':>9} | " + " | ".join(f"{n:>9}" for n in names))
    ratios: dict[str, list[float]] = {n: [] for n in names}
    for size in SIZES:
        a = rng.standard_normal(size)
        a[rng.random(size) < 0.05] = np.nan
        row = []
        for name in names:
            ours = best_time(call(mypkg, name, a), args.repeat, args.min_time)
            theirs = best_time(call(bn, name, a), args.repeat, args.min_time)
            ratios[name].append(theirs / ours)
            row.append(f"{theirs / ours:>9.2f}")
        print(f"{size:>9} | " + " | ".join(row), flush=True)
    print("\nmypkg at least as fast from this size on (every larger size measured):")
    for name in names:
        faster = [r >= 1 for r in ratios[name]]
        start = next((i for i in range(len(SIZES)) if all(faster[i:])), None)
        print(f"  {name:<10} {'never' if start is None else SIZES[start]}")


if __name__ == "__main__":
    main()
