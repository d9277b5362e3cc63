"""Slow pure-NumPy references for mypkg, one ``slow_<name>`` per public function.

They are written for clarity, not speed: each reduction works one 1-D lane at a time, with
float sums in long double, so the tests have an independent answer to compare against.
"""

import functools
import math
import operator

import numpy as np
from numpy.exceptions import AxisError

SUPPORTED_DTYPES = tuple(
    np.dtype(t)
    for t in (
        np.bool_,
        np.int8, np.int16, np.int32, np.int64,
        np.uint8, np.uint16, np.uint32, np.uint64,
        np.float16, np.float32, np.float64,
    )
)


def as_native(a):
    """`a` as an ndarray of a supported dtype in native byte order (TypeError otherwise)."""
    a = np.asarray(a)
    native = a.dtype.newbyteorder("=")
    if native not in SUPPORTED_DTYPES:
        raise TypeError(f"unsupported dtype {a.dtype}")
    return a.astype(native, copy=False)


def normalize_axes(axis, ndim, allow_tuple=True):
    """The reduced axes as a sorted tuple of non-negative ints, validated like NumPy."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        if not allow_tuple:
            raise TypeError("axis must be None or an int")
        items = axis
    else:
        items = (axis,)
    axes = []
    for ax in items:
        if isinstance(ax, (bool, np.bool_)) or not isinstance(ax, (int, np.integer)):
            raise TypeError(f"axis must be an integer, got {ax!r}")
        if not -ndim <= ax < ndim:
            raise AxisError(int(ax), ndim)
        ax = int(ax) % ndim
        if ax in axes:
            raise ValueError("duplicate value in axis")
        axes.append(ax)
    return tuple(sorted(axes))


def reduce_lanes(a, axis, keepdims, lane, dtype, allow_tuple=True):
    """Apply `lane` (1-D array -> scalar) to every lane of the reduced axes of `a`.

    The reduced axes are flattened in C order, so an arg-function lane index with
    ``axis=None`` is an index into ``a.ravel()``. A 0-d result is returned as a NumPy
    scalar, as NumPy's reductions do.
    """
    a = as_native(a)
    axes = normalize_axes(axis, a.ndim, allow_tuple)
    kept = [ax for ax in range(a.ndim) if ax not in axes]
    moved = np.moveaxis(a, axes, range(a.ndim - len(axes), a.ndim))
    kept_shape = [a.shape[ax] for ax in kept]
    lanes = moved.reshape(math.prod(kept_shape), math.prod(a.shape[ax] for ax in axes))
    result = np.empty(len(lanes), dtype)
    with np.errstate(all="ignore"):
        if lanes.shape == (0, 0):  # as NumPy: an empty reduced axis raises even with no lanes
            lane(lanes.reshape(-1))
        for i, values in enumerate(lanes):
            result[i] = lane(values)
    if keepdims:
        result = result.reshape([1 if ax in axes else n for ax, n in enumerate(a.shape)])
    else:
        result = result.reshape(kept_shape)
    return result[()] if result.ndim == 0 else result


def _is_float(x):
    return x.dtype.kind == "f"


def _not_nan(x):
    return x[~np.isnan(x)] if _is_float(x) else x


def _int64_kind(x):
    """The 64-bit integer type NumPy's sum accumulates this integer/bool lane in."""
    return np.uint64 if x.dtype.kind == "u" else np.int64


def _sum_longdouble(x):
    return np.sum(x.astype(np.longdouble))


def _result_dtype(numpy_func, dtype):
    with np.errstate(all="ignore"):
        return numpy_func(np.ones(1, dtype)).dtype


def _nansum_lane(x):
    x = _not_nan(x)
    if _is_float(x):
        return _sum_longdouble(x)
    # Integers wrap around at 64 bits, as NumPy's sum does.
    return np.sum(x, dtype=_int64_kind(x))


def _nanmean_lane(x):
    x = _not_nan(x)
    if x.size == 0:
        return np.nan
    return _sum_longdouble(x) / x.size


def _nanvar_lane(x, ddof):
    x = _not_nan(x).astype(np.longdouble)
    if x.size - ddof <= 0:
        return np.nan
    deviations = x - np.sum(x) / x.size
    return np.sum(deviations * deviations) / (x.size - ddof)


def _nanstd_lane(x, ddof):
    return np.sqrt(_nanvar_lane(x, ddof))


def _extremum_lane(x, pick):
    if x.size == 0:
        raise ValueError("zero-size lane has no minimum or maximum")
    values = _not_nan(x)
    if values.size == 0:
        return np.nan
    return pick(values.tolist())


def _arg_extremum_lane(x, better):
    if x.size == 0:
        raise ValueError("zero-size lane has no argmin or argmax")
    values = x.tolist()
    best = None
    for i, v in enumerate(values):
        if v != v:
            continue
        if best is None or better(v, values[best]):
            best = i
    if best is None:
        raise ValueError("All-NaN slice encountered")
    return best


def _ss_lane(x):
    if _is_float(x):
        x = x.astype(np.longdouble)
        return np.sum(x * x)
    # 64-bit integer arithmetic: squares of narrow ints never wrap at the input width.
    x = x.astype(_int64_kind(x))
    return np.sum(x * x)


def _median_lane(x):
    if x.size == 0 or (_is_float(x) and np.isnan(x).any()):
        return np.nan
    x = np.sort(x).astype(np.longdouble)
    middle = x.size // 2
    if x.size % 2:
        return x[middle]
    return (x[middle - 1] + x[middle]) / 2


def _nanmedian_lane(x):
    return _median_lane(_not_nan(x))


def _anynan_lane(x):
    return _is_float(x) and bool(np.isnan(x).any())


def _allnan_lane(x):
    if _is_float(x):
        return bool(np.isnan(x).all())
    return x.size == 0


def slow_nansum(a, axis=None, *, keepdims=False):
    a = as_native(a)
    return reduce_lanes(a, axis, keepdims, _nansum_lane, _result_dtype(np.nansum, a.dtype))


def slow_nanmean(a, axis=None, *, keepdims=False):
    a = as_native(a)
    return reduce_lanes(a, axis, keepdims, _nanmean_lane, _result_dtype(np.nanmean, a.dtype))


def slow_nanvar(a, axis=None, ddof=0, *, keepdims=False):
    a = as_native(a)
    dtype = _result_dtype(np.nanvar, a.dtype)
    return reduce_lanes(a, axis, keepdims, functools.partial(_nanvar_lane, ddof=ddof), dtype)


def slow_nanstd(a, axis=None, ddof=0, *, keepdims=False):
    a = as_native(a)
    dtype = _result_dtype(np.nanstd, a.dtype)
    return reduce_lanes(a, axis, keepdims, functools.partial(_nanstd_lane, ddof=ddof), dtype)


def slow_nanmin(a, axis=None, *, keepdims=False):
    a = as_native(a)
    return reduce_lanes(a, axis, keepdims, functools.partial(_extremum_lane, pick=min), a.dtype)


def slow_nanmax(a, axis=None, *, keepdims=False):
    a = as_native(a)
    return reduce_lanes(a, axis, keepdims, functools.partial(_extremum_lane, pick=max), a.dtype)


def slow_nanargmin(a, axis=None, *, keepdims=False):
    lane = functools.partial(_arg_extremum_lane, better=operator.lt)
    return reduce_lanes(a, axis, keepdims, lane, np.intp, allow_tuple=False)


def slow_nanargmax(a, axis=None, *, keepdims=False):
    lane = functools.partial(_arg_extremum_lane, better=operator.gt)
    return reduce_lanes(a, axis, keepdims, lane, np.intp, allow_tuple=False)


def slow_ss(a, axis=None, *, keepdims=False):
    a = as_native(a)
    dtype = _result_dtype(lambda x: np.sum(x * x), a.dtype)
    return reduce_lanes(a, axis, keepdims, _ss_lane, dtype)


def slow_median(a, axis=None, *, keepdims=False):
    a = as_native(a)
    return reduce_lanes(a, axis, keepdims, _median_lane, _result_dtype(np.median, a.dtype))


def slow_nanmedian(a, axis=None, *, keepdims=False):
    a = as_native(a)
    dtype = _result_dtype(np.nanmedian, a.dtype)
    return reduce_lanes(a, axis, keepdims, _nanmedian_lane, dtype)


def slow_anynan(a, axis=None, *, keepdims=False):
    return reduce_lanes(a, axis, keepdims, _anynan_lane, np.bool_)


def slow_allnan(a, axis=None, *, keepdims=False):
    return reduce_lanes(a, axis, keepdims, _allnan_lane, np.bool_)
