"""``python -m mypkg``: show which native library is loaded and run a short side-by-side demo
of every reduction and a few moving-window functions against NumPy on generated data (results
checked equal)."""

from __future__ import annotations

import argparse
import functools
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import mypkg

# (mypkg function, NumPy counterpart): the counterparts are NumPy's own, not mypkg's references
_DEMO: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "nansum": (mypkg.nansum, np.nansum),
    "nanmean": (mypkg.nanmean, np.nanmean),
    "nanvar": (mypkg.nanvar, np.nanvar),
    "nanstd": (mypkg.nanstd, np.nanstd),
    "nanmin": (mypkg.nanmin, np.nanmin),
    "nanmax": (mypkg.nanmax, np.nanmax),
    "nanargmin": (mypkg.nanargmin, np.nanargmin),
    "nanargmax": (mypkg.nanargmax, np.nanargmax),
    "ss": (mypkg.ss, lambda a, axis=None: np.sum(a * a, axis=axis)),
    "anynan": (mypkg.anynan, lambda a, axis=None: np.isnan(a).any(axis=axis)),
    "allnan": (mypkg.allnan, lambda a, axis=None: np.isnan(a).all(axis=axis)),
    "median": (mypkg.median, np.median),
    "nanmedian": (mypkg.nanmedian, np.nanmedian),
}
# median propagates NaN: on data holding NaN, mypkg answers at the first NaN where NumPy sorts
# anyway, a speed-up that says nothing. It is timed on the data with its NaN replaced by 0.
_NAN_FREE = {"median"}

# moving windows: window length, and the NumPy counterpart over every full window
_WINDOW = 20
_MOVE_LENGTH = 100_000  # along the axis: NumPy's counterparts copy window x length elements
_MOVES: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "move_sum": (mypkg.move_sum, np.nansum),
    "move_mean": (mypkg.move_mean, np.nanmean),
    "move_std": (mypkg.move_std, np.nanstd),
    "move_max": (mypkg.move_max, np.nanmax),
    "move_median": (mypkg.move_median, np.nanmedian),
}


def _numpy_move(reducer: Callable[..., Any], a: Any, axis: int) -> Any:
    """``reducer`` over every full trailing window along ``axis``."""
    return reducer(sliding_window_view(a, _WINDOW, axis=axis), axis=-1)


def _mypkg_move(func: Callable[..., Any], a: Any, axis: int) -> Any:
    """``func`` at the positions that have a full window (min_count=1, as NumPy's ignore NaN)."""
    moved = func(a, _WINDOW, min_count=1, axis=axis)
    return np.take(moved, np.arange(_WINDOW - 1, a.shape[axis]), axis=axis)


def _best_time(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _library_report() -> str:
    info = mypkg.library_info()
    return "\n".join(f"  {key:<12} {value}" for key, value in info.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mypkg",
        description="Print the loaded native library (path, version, ABI, build info), then time "
                    "every mypkg reduction and five moving-window functions against their NumPy "
                    "counterparts on generated data, "
                    "checking that both give the same result. Set MYPKG_LIBRARY=/path/to/lib.so "
                    "to run against another build of the library.")
    parser.add_argument("--size", type=int, default=1_000_000,
                        help="number of elements of the generated array (default: %(default)s)")
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"],
                        help="dtype of the generated array (default: %(default)s)")
    parser.add_argument("--axis", default="none", choices=["none", "0", "1"],
                        help="reduce over all elements (none) or along an axis of a 2-D square-ish "
                             "array (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timing repetitions; the best is shown (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    parser.add_argument("--library", metavar="PATH_OR_VARIANT",
                        help="load this build of the native library first (a path, or a variant "
                             "built into the package: default, native, debug, asan)")
    args = parser.parse_args(argv)
    if args.size < 1 or args.repeat < 1:
        parser.error("--size and --repeat must be positive")
    if args.library:
        try:
            mypkg.load_library(args.library)
        except mypkg.LibraryError as exc:
            parser.exit(2, f"python -m mypkg: {exc}\n")

    print(f"mypkg {mypkg.__version__}, native library:\n{_library_report()}\n")
    rng = np.random.default_rng(args.seed)
    data = rng.standard_normal(args.size).astype(args.dtype)
    data[rng.random(args.size) < 0.05] = np.nan
    axis = None if args.axis == "none" else int(args.axis)
    if axis is not None:
        side = max(1, int(args.size ** 0.5))
        data = data[: side * side].reshape(side, side)
    print(f"data: {data.dtype} array of shape {data.shape} with ~5% NaN, axis={axis}\n")

    header = f"{'function':<11} {'mypkg ms':>10} {'numpy ms':>10} {'speed-up':>9}  result"
    print(header)
    print("-" * len(header))
    nan_free = np.nan_to_num(data, nan=0.0)
    runs = [(name, ours, theirs, nan_free if name in _NAN_FREE else data, axis)
            for name, (ours, theirs) in _DEMO.items()]
    move_axis = -1 if axis is None else axis
    move_data = data if axis is not None else data[:_MOVE_LENGTH]
    runs += [(name, functools.partial(_mypkg_move, ours), functools.partial(_numpy_move, theirs),
              move_data, move_axis) for name, (ours, theirs) in _MOVES.items()]
    mismatches = 0
    rtol = 1e-4 if data.dtype == np.float32 else 1e-9
    for name, ours, theirs, values, ax in runs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = theirs(values, axis=ax)
            t_theirs = _best_time(functools.partial(theirs, values, axis=ax), args.repeat)
        got = ours(values, axis=ax)
        t_ours = _best_time(functools.partial(ours, values, axis=ax), args.repeat)
        same = np.allclose(got, expected, rtol=rtol, atol=rtol, equal_nan=True)
        mismatches += not same
        note = " (NaN replaced by 0)" if name in _NAN_FREE else ""
        print(f"{name:<11} {t_ours * 1e3:>10.3f} {t_theirs * 1e3:>10.3f} "
              f"{t_theirs / t_ours:>8.1f}x  {'equal' if same else 'MISMATCH'}{note}")
    print(f"\nmoving windows: window {_WINDOW}, min_count=1, along axis {move_axis} of "
          f"shape {move_data.shape}; NumPy: nan-functions over sliding_window_view.")
    print(f"{len(runs) - mismatches} of {len(runs)} results equal to NumPy's.")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
