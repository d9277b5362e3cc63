"""Time mypkg's grouped reductions against numbagg (after its JIT warm-up) and pandas'
``groupby(labels).agg(...)``, one run, and print the ratios peer time / mypkg time (>1: mypkg
is faster), then the cases that miss the targets (numbagg >= 1x, pandas >= 5x).

Data: 1e6 float64 or float32 values (10% NaN), 10 / 1,000 / 100,000 groups, random or sorted
labels, 1-D (1e6,) or 2-D (10, 1e5) reduced along the last axis.
Run: ``python benchmarks/bench_group.py [--funcs nansum,nanmean] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

import mypkg

try:
    import numbagg
except ImportError:
    numbagg = None
try:
    import pandas as pd
except ImportError:
    pd = None

FUNCS = ("nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin", "nanargmax",
         "nanfirst", "nanlast", "nancount", "nanprod", "nansum_of_squares", "nanany", "nanall")
# pandas' aggregation for each function it has (NaN skipped, as mypkg's)
PANDAS_AGG = {"nansum": "sum", "nanmean": "mean", "nanvar": "var", "nanstd": "std",
              "nanmin": "min", "nanmax": "max", "nanfirst": "first", "nanlast": "last",
              "nancount": "count", "nanprod": "prod"}
SIZE = 1_000_000
GROUPS = (10, 1_000, 100_000)
TARGETS = {"numbagg": 1.0, "pandas": 5.0}


def make_case(dtype: str, ngroups: int, order: str, ndim: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    shape = (SIZE,) if ndim == 1 else (10, SIZE // 10)
    values = rng.standard_normal(shape)
    values[rng.random(shape) < 0.1] = np.nan
    labels = rng.integers(0, ngroups, shape[-1])
    if order == "sorted":
        labels.sort()
    return values.astype(dtype), labels


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up: numbagg's JIT, page faults of the result
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pandas_call(name: str, values: np.ndarray, labels: np.ndarray) -> Callable[[], Any] | None:
    if pd is None or name not in PANDAS_AGG:
        return None
    data = pd.Series(values) if values.ndim == 1 else pd.DataFrame(values.T)
    return lambda: data.groupby(labels).agg(PANDAS_AGG[name])


def run(funcs: Sequence[str], repeat: int) -> list[str]:
    misses = []
    print(f"{'function':<22}{'dtype':<9}{'groups':>8} {'labels':<8}{'ndim':>4}"
          f"{'mypkg ms':>10}{'numbagg':>9}{'pandas':>9}")
    for name in funcs:
        mine = getattr(mypkg, "group_" + name)
        peer = getattr(numbagg, "group_" + name) if numbagg is not None else None
        for dtype in ("float64", "float32"):
            for ngroups in GROUPS:
                for order in ("random", "sorted"):
                    for ndim in (1, 2):
                        values, labels = make_case(dtype, ngroups, order, ndim)
                        kwargs = {"axis": -1, "num_labels": ngroups}
                        t_mine = best_time(partial(mine, values, labels, **kwargs), repeat)
                        ratios = {}
                        if peer is not None:
                            ratios["numbagg"] = best_time(
                                partial(peer, values, labels, **kwargs), repeat) / t_mine
                        pcall = pandas_call(name, values, labels)
                        if pcall is not None:
                            ratios["pandas"] = best_time(pcall, max(1, repeat // 2)) / t_mine
                        cells = [f"{ratios[p]:8.2f}x" if p in ratios else f"{'-':>9}"
                                 for p in ("numbagg", "pandas")]
                        case = f"{name:<22}{dtype:<9}{ngroups:>8} {order:<8}{ndim:>4}"
                        print(f"{case}{t_mine * 1e3:10.3f}{''.join(cells)}", flush=True)
                        misses += [f"{case}  {p} {r:.2f}x < {TARGETS[p]}x"
                                   for p, r in ratios.items() if r < TARGETS[p]]
    return misses


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--funcs", default=",".join(FUNCS),
                        help="comma-separated names without the group_ prefix")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per case (best kept)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # numbagg's and pandas' all-NaN warnings
    print(f"mypkg {mypkg.__version__}, numbagg {getattr(numbagg, '__version__', 'missing')}, "
          f"pandas {getattr(pd, '__version__', 'missing')}; ratios: peer time / mypkg time")
    misses = run([f.strip() for f in args.funcs.split(",") if f.strip()], args.repeat)
    print(f"\n{len(misses)} cases miss a target" + (":" if misses else "."))
    for line in misses:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
