"""Timing of issue 13's functions against numbagg (after its JIT warm-up) and pandas: one run,
printing mypkg's time and each peer's time divided by it (greater than 1: mypkg is faster).

    python benchmarks/bench_exp.py [--quick]

Cases: 1e6 float64 and float32 elements, 1-D and 1000x1000 along each axis; pandas runs
``ewm(alpha).mean()`` and ``rolling(window).cov()`` (on a DataFrame for 2-D, along its index).
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable
from typing import Any

import numpy as np

import mypkg

try:
    import numbagg
except ImportError:  # the table then has no numbagg column
    numbagg = None
try:
    import pandas as pd
except ImportError:
    pd = None

ALPHA = 0.05
WINDOW = 20
Fn = Callable[[], Any]


def best(fn: Fn, budget: float) -> float:
    """The best time of one call over repeats within about `budget` seconds."""
    fn()  # warm-up (numbagg compiles here)
    once = timeit.timeit(fn, number=1)
    repeats = max(2, min(20, int(budget / max(once, 1e-6))))
    return min(timeit.repeat(fn, number=1, repeat=repeats))


def pandas_call(name: str, a: np.ndarray, b: np.ndarray, axis: int) -> Fn | None:
    if pd is None:
        return None
    if a.ndim == 1:
        x, y = pd.Series(a), pd.Series(b)
    else:  # pandas works along the index: put the axis there
        x = pd.DataFrame(a if axis == 0 else a.T)
        y = pd.DataFrame(b if axis == 0 else b.T)
    if name == "move_exp_nanmean":
        return lambda: x.ewm(alpha=ALPHA).mean()
    if name == "move_exp_nanvar":
        return lambda: x.ewm(alpha=ALPHA).var()
    if name == "move_cov":
        return lambda: x.rolling(WINDOW).cov(y, pairwise=False) if a.ndim > 1 \
            else x.rolling(WINDOW).cov(y)
    if name == "move_corr":
        return lambda: x.rolling(WINDOW).corr(y, pairwise=False) if a.ndim > 1 \
            else x.rolling(WINDOW).corr(y)
    return None


def calls(name: str, a: np.ndarray, b: np.ndarray, axis: int) -> dict[str, Fn | None]:
    two = name in ("move_exp_nancov", "move_exp_nancorr", "move_cov", "move_corr")
    args = (a, b) if two else (a,)
    kwargs: dict[str, Any] = ({"window": WINDOW} if name.startswith("move_c")
                              else {"alpha": ALPHA})
    mine = getattr(mypkg, name)
    peer = getattr(numbagg, name, None) if numbagg is not None else None
    return {"mypkg": lambda: mine(*args, axis=axis, **kwargs),
            "numbagg": (lambda: peer(*args, axis=axis, **kwargs)) if peer else None,
            "pandas": pandas_call(name, a, b, axis)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller time budget per case")
    budget = 0.05 if parser.parse_args().quick else 0.3
    names = ("move_exp_nanmean", "move_exp_nanvar", "move_exp_nancorr", "move_cov", "move_corr")
    rng = np.random.default_rng(0)
    print(f"{'function':18} {'case':22} {'mypkg':>10} {'numbagg':>9} {'pandas':>9}")
    for dtype in ("float64", "float32"):
        for shape, axis in (((10**6,), 0), ((1000, 1000), 0), ((1000, 1000), 1)):
            a = rng.standard_normal(shape).astype(dtype)
            b = (a * 0.5 + rng.standard_normal(shape)).astype(dtype)
            case = f"{dtype} {'x'.join(map(str, shape))} axis={axis}"
            for name in names:
                fns = calls(name, a, b, axis)
                mine = best(fns["mypkg"], budget)  # type: ignore[arg-type]
                cells = []
                for peer in ("numbagg", "pandas"):
                    fn = fns[peer]
                    cells.append(f"{best(fn, budget) / mine:8.1f}x" if fn else f"{'-':>9}")
                print(f"{name:18} {case:22} {mine * 1e3:8.2f}ms {cells[0]} {cells[1]}")


if __name__ == "__main__":
    main()
