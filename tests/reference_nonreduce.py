"""Slow plain-NumPy references for ranking, filling, replacing and quantiles (no SciPy).

One ``slow_<name>`` per public function with a unique answer, written lane by lane with
Python loops for clarity. partition and argpartition have many valid answers; the tests
check their defining properties instead, with ``partition_violations``.
"""

import math

import numpy as np
from reference import as_native, normalize_axes


def _axis_or_flat(a, axis):
    """(array, axis): axis=None means the C-order flattened array, as NumPy's sort does."""
    a = as_native(a)
    if axis is None:
        return a.reshape(-1), 0
    return a, normalize_axes(axis, a.ndim, allow_tuple=False)[0]


def _map_lanes(a, axis, lane, dtype):
    """Apply ``lane`` (1-D array -> 1-D array of the same length) along ``axis``."""
    result = np.empty(a.shape, dtype)
    moved_in, moved_out = np.moveaxis(a, axis, -1), np.moveaxis(result, axis, -1)
    for index in np.ndindex(moved_in.shape[:-1]):
        moved_out[index] = lane(moved_in[index])
    return result


def _is_nan(x):
    return np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool)


# ------------------------------------------------------------------------------ ranking


def _rank_lane(x, skipnan):
    nan = _is_nan(x)
    ranks = np.full(x.shape, np.nan)
    if nan.any() and not skipnan:
        return ranks
    values = [(v, i) for i, v in enumerate(x.tolist()) if not nan[i]]
    values.sort()
    start = 0
    while start < len(values):
        stop = start + 1
        while stop < len(values) and values[stop][0] == values[start][0]:
            stop += 1
        for _, i in values[start:stop]:
            ranks[i] = (start + 1 + stop) / 2  # the mean of ranks start + 1 ... stop
        start = stop
    return ranks


def slow_rankdata(a, axis=None):
    a, axis = _axis_or_flat(a, axis)
    return _map_lanes(a, axis, lambda x: _rank_lane(x, False), np.float64)


def slow_nanrankdata(a, axis=None):
    a, axis = _axis_or_flat(a, axis)
    return _map_lanes(a, axis, lambda x: _rank_lane(x, True), np.float64)


# ------------------------------------------------------------------------------ partitioning


def kth_positions(kth, n):
    """NumPy's kth argument as sorted distinct non-negative positions (ValueError if out of
    range)."""
    positions = set()
    for k in np.atleast_1d(kth).tolist():
        if not -n <= k < n:
            raise ValueError(f"kth(={k}) out of bounds ({n})")
        positions.add(k % n)
    return sorted(positions)


def _sort_key(v):
    """NumPy's sort order: NaN after everything."""
    return (1, 0.0) if v != v else (0, v)


def partition_violations(a, kth, axis, got):
    """What is wrong with ``got`` as ``np.partition(a, kth, axis)`` (empty list: nothing).

    Every lane must hold the lane's values, each kth position the value a full sort puts
    there, and no value before it may sort after it nor any after it before it."""
    a, axis = _axis_or_flat(a, axis)
    problems = []
    moved_a, moved_got = np.moveaxis(a, axis, -1), np.moveaxis(np.asarray(got), axis, -1)
    for index in np.ndindex(moved_a.shape[:-1]):
        lane, result = moved_a[index].tolist(), moved_got[index].tolist()
        keys = [_sort_key(v) for v in result]
        if sorted(keys) != sorted(_sort_key(v) for v in lane):
            problems.append(f"lane {index}: not a permutation of the input")
            continue
        expected = sorted(keys)
        for k in kth_positions(kth, len(lane)):
            if keys[k] != expected[k]:
                problems.append(f"lane {index}: position {k} holds {result[k]}")
            elif max(keys[:k], default=keys[k]) > keys[k] or min(keys[k:]) < keys[k]:
                problems.append(f"lane {index}: not partitioned at {k}")
    return problems


# ------------------------------------------------------------------------------ filling


def _fill_lane(x, n, backward):
    values = x.tolist()[::-1] if backward else x.tolist()
    last, run = None, 0
    for i, v in enumerate(values):
        if v == v:
            last, run = v, 0
            continue
        run += 1
        if last is not None and (n is None or run <= n):
            values[i] = last
    return values[::-1] if backward else values


def slow_push(a, n=None, axis=-1):
    a, axis = _axis_or_flat(a, axis)
    return _map_lanes(a, axis, lambda x: _fill_lane(x, n, False), a.dtype)


def slow_bfill(a, n=None, axis=-1):
    a, axis = _axis_or_flat(a, axis)
    return _map_lanes(a, axis, lambda x: _fill_lane(x, n, True), a.dtype)


# ------------------------------------------------------------------------------ replacing


def slow_replace(a, old, new):
    """A new array: ``a`` with ``new`` wherever it equals ``old`` (NaN matching NaN)."""
    result = np.array(a, copy=True)
    if isinstance(old, float) and math.isnan(old):
        result[_is_nan(result)] = new
    else:
        result[result == old] = new
    return result


# ------------------------------------------------------------------------------ quantiles


def _lerp(a, b, t):
    """NumPy's _lerp, the formula of its default quantile method."""
    d = b - a
    return b - d * (1 - t) if t >= 0.5 else a + d * t


def _quantile_lane(x, qs, skipnan):
    nan = _is_nan(x)
    if nan.any() and not skipnan:
        return [math.nan] * len(qs)
    values = sorted(float(v) for v in x[~nan].tolist())
    if not values:
        return [math.nan] * len(qs)
    result = []
    n = len(values)
    for q in qs:
        h = (n - 1) * q
        if h >= n - 1:  # NumPy indexes with -1 here, and weighs by h - (-1)
            lo = hi = n - 1
            t = h + 1
        else:
            lo = math.floor(h)
            hi, t = lo + 1, h - lo
        with np.errstate(invalid="ignore"):
            result.append(_lerp(np.float64(values[lo]), np.float64(values[hi]), t))
    return result


def _quantile(a, q, axis, keepdims, skipnan):
    a = as_native(a)
    qs = np.asarray(q, dtype=np.float64)
    if not np.all((qs >= 0) & (qs <= 1)):
        raise ValueError("quantiles must be in [0, 1]")
    axes = normalize_axes(axis, a.ndim)
    kept = [d for d in range(a.ndim) if d not in axes]
    lanes = np.moveaxis(a, axes, range(len(kept), a.ndim))
    lanes = lanes.reshape([a.shape[d] for d in kept] + [-1 if a.size else 0])
    result = np.empty(qs.shape + lanes.shape[:-1])
    for index in np.ndindex(lanes.shape[:-1]):
        values = _quantile_lane(lanes[index], qs.reshape(-1).tolist(), skipnan)
        result[(Ellipsis,) + index] = np.reshape(values, qs.shape)
    if keepdims:
        result = result.reshape(qs.shape + tuple(1 if d in axes else n
                                                 for d, n in enumerate(a.shape)))
    dtype = a.dtype if a.dtype.kind == "f" and a.dtype.itemsize <= 4 else np.float64
    result = result.astype(dtype)
    return result[()] if result.ndim == 0 else result


def slow_quantile(a, q, axis=None, *, keepdims=False):
    return _quantile(a, q, axis, keepdims, skipnan=False)


def slow_nanquantile(a, q, axis=None, *, keepdims=False):
    return _quantile(a, q, axis, keepdims, skipnan=True)
