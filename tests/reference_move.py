"""Slow pure-NumPy references for mypkg's moving-window functions, one ``slow_<name>`` each.

Written for clarity, not speed: every output position is a Python-level loop iteration over its
own window, computed in float64 (sums with math.fsum, variances two-pass), then cast to the
result dtype. Arguments are assumed valid; tests/test_move.py checks validation separately.
"""

import math

import numpy as np


def result_dtype(dtype):
    """float16 and float32 keep their dtype, everything else gives float64."""
    dtype = np.dtype(dtype)
    return dtype.newbyteorder("=") if dtype.kind == "f" and dtype.itemsize <= 4 else (
        np.dtype(np.float64))


def move_lanes(a, window, min_count, axis, stat):
    """Apply ``stat(values, current)`` to every trailing window along ``axis``.

    ``values`` are the window's non-NaN values as float64 (oldest first, ``positions`` their
    offsets back from the current element); ``current`` is the element at the window's end.
    Windows with fewer than ``min_count`` values give NaN.
    """
    a = np.asarray(a)
    min_count = window if min_count is None else min_count
    moved = np.moveaxis(a, axis, -1)
    lanes = moved.astype(np.float64).reshape(-1, moved.shape[-1])
    result = np.empty(lanes.shape)
    with np.errstate(all="ignore"):
        for j, lane in enumerate(lanes):
            positions = np.arange(lane.size)
            keep = ~np.isnan(lane)
            for i in range(lane.size):
                start = max(0, i - window + 1)
                values = lane[start: i + 1][keep[start: i + 1]]
                if values.size < min_count:
                    result[j, i] = np.nan
                else:
                    offsets = i - positions[start: i + 1][keep[start: i + 1]]
                    result[j, i] = stat(values, offsets, lane[i])
    out = result.reshape(moved.shape).astype(result_dtype(a.dtype))
    return np.moveaxis(out, -1, axis)


def _sum(values):
    return math.fsum(values) if np.isfinite(values).all() else float(np.sum(values))


def _var(values, ddof):
    n = values.size
    if n - ddof <= 0 or not np.isfinite(values).all():
        return np.nan
    mean = math.fsum(values) / n
    return math.fsum((values - mean) ** 2) / (n - ddof)


def _arg(values, offsets, best):
    """Offset of the newest occurrence of ``best`` (offsets decrease towards the newest)."""
    return float(offsets[values == best].min())


def _quantile(values, q):
    """np.quantile's linear method, with exact infinities (np.quantile gives NaN between
    1 and inf, or at an exact index next to an inf)."""
    s = np.sort(values)
    h = q * (s.size - 1)
    lo = math.floor(h)
    f = h - lo
    a, b = s[lo], s[min(lo + 1, s.size - 1)]
    if f == 0 or a == b:
        return a
    if np.isinf(a) or np.isinf(b):
        return a + b
    return float(np.quantile(values, q))


def _rank(values, current):
    if np.isnan(current):
        return np.nan
    if values.size == 1:
        return 0.0
    less = np.count_nonzero(values < current)
    equal = np.count_nonzero(values == current)
    return (2 * less + equal - 1) / (values.size - 1) - 1


def slow_move_sum(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _sum(v))


def slow_move_mean(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _sum(v) / v.size)


def slow_move_var(a, window, min_count=None, axis=-1, ddof=0):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _var(v, ddof))


def slow_move_std(a, window, min_count=None, axis=-1, ddof=0):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: math.sqrt(_var(v, ddof)))


def slow_move_min(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: v.min())


def slow_move_max(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: v.max())


def slow_move_argmin(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _arg(v, o, v.min()))


def slow_move_argmax(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _arg(v, o, v.max()))


def slow_move_median(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: float(np.median(v)))


def slow_move_quantile(a, window, q, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _quantile(v, q))


def slow_move_rank(a, window, min_count=None, axis=-1):
    return move_lanes(a, window, min_count, axis, lambda v, o, c: _rank(v, c))
