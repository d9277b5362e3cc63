"""Time mypkg's push and bfill against bottleneck's (issue 16, item 14: target at least 2x).

One run over 1-D and 2-D input along each axis, float32 and float64, 0%, 5% and 50% NaN.
Prints mypkg's time per call and the ratio bottleneck time / mypkg time (>1: mypkg is faster),
then the cases below the target. It informs and never gates. Usage:
``python benchmarks/bench_fill.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import functools
import sys
import timeit
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import mypkg

try:
    import bottleneck as bn
except ImportError:  # the table still shows mypkg's times
    bn = None

TARGET = 2.0  # bottleneck time / mypkg time
LAYOUTS = (((10**6,), -1), ((1000, 1000), 0), ((1000, 1000), 1))
DTYPES = ("float64", "float32")
NAN_FRACTIONS = (0.0, 0.05, 0.5)
FUNCS = ("push", "bfill")


def bn_bfill(a: np.ndarray, axis: int) -> np.ndarray:
    """bottleneck has no bfill: its push over the reversed axis, reversed back (views)."""
    flip = [slice(None)] * a.ndim
    flip[axis] = slice(None, None, -1)
    return bn.push(a[tuple(flip)], axis=axis)[tuple(flip)]


def peer_of(name: str) -> Callable[..., Any] | None:
    if bn is None:
        return None
    return bn.push if name == "push" else bn_bfill


def make_input(shape: tuple[int, ...], dtype: str, nan_fraction: float) -> np.ndarray:
    rng = np.random.default_rng(14)
    a = rng.standard_normal(shape).astype(dtype)
    a[rng.random(shape) < nan_fraction] = np.nan
    return a


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    """The best time per call over `repeat` batches of about 20 ms each."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // 10)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="batches per timing (best kept)")
    args = parser.parse_args(argv)
    print(f"mypkg {mypkg.__version__}, bottleneck {bn.__version__ if bn else 'not installed'}")
    print(f"{'func':6s} {'shape':>12s} {'axis':>4s} {'dtype':8s} {'nan':>4s} "
          f"{'mypkg us':>9s} {'bn/mypkg':>9s}")
    missed = []
    for name in FUNCS:
        for shape, axis in LAYOUTS:
            for dtype in DTYPES:
                for frac in NAN_FRACTIONS:
                    a = make_input(shape, dtype, frac)
                    mine = functools.partial(getattr(mypkg, name), a, axis=axis)
                    t = best_time(mine, args.repeat)
                    cell = "-"
                    peer = peer_of(name)
                    if peer is not None:
                        np.testing.assert_array_equal(mine(), peer(a, axis=axis))
                        r = best_time(functools.partial(peer, a, axis=axis), args.repeat) / t
                        cell = f"{r:.2f}"
                        if r < TARGET:
                            missed.append(f"{name} {shape} axis={axis} {dtype} {frac:.0%} NaN: "
                                          f"{r:.2f}")
                    print(f"{name:6s} {str(shape):>12s} {axis:>4d} {dtype:8s} {frac:4.0%} "
                          f"{t * 1e6:9.1f} {cell:>9s}")
    print(f"\nbelow the {TARGET:.0f}x target: {len(missed)}")
    for line in missed:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
