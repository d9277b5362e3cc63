"""NumPy versions of every public function: the path for dtypes without a native kernel, and the
``slow`` reference namespace of ``mypkg.bottleneck``.

``dispatch`` wraps a public function so that complex, object, datetime64, timedelta64 and
long-double input runs here instead of raising, as bottleneck's own slow path does; an object
array of real numbers is converted to float64 and runs on the kernels. Each
function below has the signature and the result conventions of its public namesake and is
written with NumPy alone (clear rather than fast). Moving windows over object, datetime and
timedelta input are computed in float64 (NaT counts as missing), over complex input in complex128.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numpy.exceptions import AxisError
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from ._kernels import NATIVE

Array = NDArray[Any]
F = TypeVar("F", bound=Callable[..., Any])

# kinds NumPy computes but mypkg has no kernel for; strings, bytes and records stay TypeErrors
_FALLBACK_KINDS = frozenset("cOmM")


def has_fallback(dtype: np.dtype[Any]) -> bool:
    """Whether input of ``dtype`` is computed here (it has no native kernel)."""
    return dtype.kind in _FALLBACK_KINDS or (dtype.kind == "f" and dtype.itemsize not in (2, 4, 8))


def dispatch(func: F) -> F:
    """``func``, sending input of a dtype without a native kernel to its NumPy version here.

    A plain ndarray of a kernel dtype goes straight to ``func``; anything else is converted
    once to look at its dtype, and ``func`` still receives the caller's object.
    """
    slow: Callable[..., Any] = globals()[func.__name__]

    @functools.wraps(func)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if type(a) is np.ndarray and a.dtype in NATIVE:
            return func(a, *args, **kwargs)
        if is_dask(a):  # issue 15 part 4
            return to_dask(func.__name__, a, *args, **kwargs)
        if isinstance(a, np.ma.MaskedArray):  # refused by func: a mask is never ignored
            return func(a, *args, **kwargs)
        arr = a if isinstance(a, np.ndarray) else np.asarray(a)
        if not has_fallback(arr.dtype):
            return func(a, *args, **kwargs)
        if arr.dtype.kind == "O" and func.__name__ != "replace":
            numbers = as_float(arr)
            if numbers is not None:
                return func(numbers, *args, **kwargs)
        return slow(arr, *args, **kwargs)

    return cast(F, call)


# ---- dask (issue 15 part 4): a dask array goes to its lazy namesake in mypkg.dask, which is
# imported (with dask) only then.
def is_dask(a: Any) -> bool:
    """Whether ``a`` is a dask collection, judged by its type's module (no dask import)."""
    return type(a).__module__.startswith("dask.")


def to_dask(name: str, a: Any, *args: Any, **kwargs: Any) -> Any:
    """``mypkg.dask.<name>(a, ...)``: a lazy dask array."""
    from . import dask

    return getattr(dask, name)(a, *args, **kwargs)


def dask_aware(func: F) -> F:
    """``func``, sending a dask array to ``mypkg.dask`` (for functions without a NumPy
    version here, so not wrapped by ``dispatch``)."""

    @functools.wraps(func)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if type(a) is not np.ndarray and is_dask(a):
            return to_dask(func.__name__, a, *args, **kwargs)
        return func(a, *args, **kwargs)

    return cast(F, call)
# ---- end of dask


def as_float(a: Array) -> Array | None:
    """An object array of real numbers as float64 (NumPy's nan-functions mishandle NaN in
    object arrays: an all-NaN lane divides by zero); None if it holds anything else."""
    try:
        return a.astype(np.float64)
    except (TypeError, ValueError):
        return None


def _isnan(a: Array) -> Array:
    """Where ``a`` is missing: NaN (also in object arrays, where only NaN differs from itself)
    or NaT."""
    if a.dtype.kind == "O":
        return np.asarray(a != a, dtype=bool)
    return np.isnan(a)


def _deliver(result: Array, out: Array | None) -> Any:
    """``result``, or written into ``out`` (same_kind casting) and ``out`` returned."""
    if out is None:
        return result[()] if result.ndim == 0 else result
    np.copyto(out, result, casting="same_kind")
    return out


def _lanes(a: Any, axis: Any) -> tuple[Array, int]:
    """``a`` as an array and the axis to work along (None: the flattened array)."""
    arr = np.asarray(a)
    if axis is None:
        return arr.reshape(-1), 0
    if arr.ndim == 0:
        raise AxisError(axis, 0)
    return arr, _normalize(axis, arr.ndim)


def _normalize(axis: Any, ndim: int) -> int:
    """One axis as a non-negative int; TypeError for non-integers, AxisError if out of range."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, not {type(axis).__name__}")
    if not -ndim <= axis < ndim:
        raise AxisError(int(axis), ndim)
    return int(axis) % ndim


# ---------------------------------------------------------------------------- reductions


def nansum(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Sum ignoring NaN (``np.nansum``)."""
    return np.nansum(a, axis=axis, out=out, keepdims=keepdims)


def nanmean(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Mean ignoring NaN (``np.nanmean``), NaN for an all-NaN lane without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(a, axis=axis, out=out, keepdims=keepdims)


def nanvar(a: Any, axis: Any = None, ddof: int = 0, *, out: Any = None,
           keepdims: bool = False) -> Any:
    """Variance ignoring NaN (``np.nanvar``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanvar(a, axis=axis, ddof=ddof, out=out, keepdims=keepdims)


def nanstd(a: Any, axis: Any = None, ddof: int = 0, *, out: Any = None,
           keepdims: bool = False) -> Any:
    """Standard deviation ignoring NaN (``np.nanstd``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanstd(a, axis=axis, ddof=ddof, out=out, keepdims=keepdims)


def nanmin(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Minimum ignoring NaN (``np.nanmin``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmin(a, axis=axis, out=out, keepdims=keepdims)


def nanmax(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Maximum ignoring NaN (``np.nanmax``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmax(a, axis=axis, out=out, keepdims=keepdims)


def nanargmin(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Index of the minimum ignoring NaN (``np.nanargmin``: ValueError for an all-NaN lane)."""
    return np.nanargmin(a, axis=axis, out=out, keepdims=keepdims)


def nanargmax(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Index of the maximum ignoring NaN (``np.nanargmax``: ValueError for an all-NaN lane)."""
    return np.nanargmax(a, axis=axis, out=out, keepdims=keepdims)


def ss(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Sum of ``a * a`` (NaN propagates; for complex input the square, not ``|a|**2``)."""
    arr = np.asarray(a)
    return np.sum(arr * arr, axis=axis, out=out, keepdims=keepdims)


def anynan(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Whether any element is NaN (or NaT)."""
    return _isnan(np.asarray(a)).any(axis=axis, out=out, keepdims=keepdims)


def allnan(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Whether every element is NaN (or NaT); True for an empty lane."""
    return _isnan(np.asarray(a)).all(axis=axis, out=out, keepdims=keepdims)


def median(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Median, NaN propagating (``np.median``)."""
    return np.median(a, axis=axis, out=out, keepdims=keepdims)


def nanmedian(a: Any, axis: Any = None, *, out: Any = None, keepdims: bool = False) -> Any:
    """Median ignoring NaN (``np.nanmedian``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(a, axis=axis, out=out, keepdims=keepdims)


def quantile(a: Any, q: Any, axis: Any = None, *, out: Any = None,
             keepdims: bool = False) -> Any:
    """q-th quantiles, linear method, NaN propagating (``np.quantile``)."""
    return np.quantile(a, q, axis=axis, out=out, keepdims=keepdims)


def nanquantile(a: Any, q: Any, axis: Any = None, *, out: Any = None,
                keepdims: bool = False) -> Any:
    """q-th quantiles ignoring NaN (``np.nanquantile``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(a, q, axis=axis, out=out, keepdims=keepdims)


# ---------------------------------------------------------------------------- ranks, fills


def _average_ranks(lane: Array) -> Array:
    """1-based ranks of a 1-d lane, ties averaged; NaN sorts last and each NaN is its own rank
    (NaN equals nothing), in the order of NumPy's default argsort as bottleneck's."""
    order = np.argsort(lane)
    ordered = lane[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, lane.size])
    ranks = np.empty(lane.size, np.float64)
    ranks[order] = np.repeat(starts + (counts + 1) / 2, counts)
    return ranks


def _ranks(a: Any, axis: Any, out: Any, nan_policy: str) -> Any:
    arr, ax = _lanes(a, axis)
    ranks = (np.apply_along_axis(_average_ranks, ax, arr) if arr.size
             else np.zeros(arr.shape, np.float64))
    if nan_policy == "propagate":
        lanes = _isnan(arr).any(axis=ax, keepdims=True)
        ranks[np.broadcast_to(lanes, arr.shape)] = np.nan
    elif nan_policy == "omit":
        ranks[_isnan(arr)] = np.nan
    return _deliver(ranks, out)


def rankdata(a: Any, axis: Any = None, *, out: Any = None) -> Any:
    """Average ranks (float64); a lane holding NaN gives NaN throughout (scipy's default)."""
    return _ranks(a, axis, out, "propagate")


def nanrankdata(a: Any, axis: Any = None, *, out: Any = None) -> Any:
    """Average ranks of the non-NaN values (float64); NaN stays NaN."""
    return _ranks(a, axis, out, "omit")


def rankdata_nan_last(a: Any, axis: Any = None) -> Any:
    """bottleneck's ``rankdata``: NaN ranks after every number, each NaN its own rank."""
    return _ranks(a, axis, None, "last")


def partition(a: Any, kth: Any, axis: Any = -1, *, out: Any = None) -> Any:
    """``np.partition`` (axis None: the flattened array)."""
    arr, ax = _lanes(a, axis)
    return _deliver(np.partition(arr, kth, axis=ax), out)


def argpartition(a: Any, kth: Any, axis: Any = -1, *, out: Any = None) -> Any:
    """``np.argpartition`` (axis None: the flattened array)."""
    arr, ax = _lanes(a, axis)
    return _deliver(np.argpartition(arr, kth, axis=ax), out)


def _limit(n: Any) -> float:
    if n is None:
        return math.inf
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer or None, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return int(n)


def push(a: Any, n: Any = None, axis: Any = -1, *, out: Any = None) -> Any:
    """Fill each NaN with the last value before it along ``axis``, at most ``n`` steps back."""
    limit = _limit(n)
    arr, ax = _lanes(a, axis)
    moved = np.moveaxis(arr, ax, -1)
    positions = np.arange(moved.shape[-1])
    last = np.where(_isnan(moved), -1, positions)
    if moved.size:
        last = np.maximum.accumulate(last, axis=-1)
    fill = (last >= 0) & (positions - last <= limit)
    filled = moved.copy()
    filled[fill] = np.take_along_axis(moved, np.maximum(last, 0), axis=-1)[fill]
    return _deliver(np.moveaxis(filled, -1, ax), out)


def bfill(a: Any, n: Any = None, axis: Any = -1, *, out: Any = None) -> Any:
    """Fill each NaN with the next value after it along ``axis``, at most ``n`` steps ahead."""
    arr, ax = _lanes(a, axis)
    return _deliver(np.flip(push(np.flip(arr, ax), n, ax), ax), out)


def replace(a: Any, old: Any, new: Any) -> Any:
    """Replace ``old`` (NaN matches NaN) by ``new`` in place; returns ``a``."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"replace: a must be a numpy.ndarray, not {type(a).__name__}")
    if not a.flags.writeable:
        raise ValueError("replace: a is read-only")
    old_is_nan = old != old if a.dtype.kind in "cfO" else False
    a[_isnan(a) if old_is_nan else a == old] = new
    return a


# ---------------------------------------------------------------------------- moving windows


def _windows(name: str, a: Any, window: Any, min_count: Any, axis: Any
             ) -> tuple[Array, Array, int]:
    """Every trailing window of ``a`` along ``axis``: (windows, enough, axis), windows shaped
    (..., n, window) with the window axis last and NaN-padded at the start, ``enough`` where
    a window holds at least min_count values; input that is neither float nor complex is
    computed in float64 (NaT becomes NaN)."""
    arr = np.asarray(a)
    if arr.ndim == 0:
        raise ValueError(f"{name}: moving windows need an array with at least one dimension")
    ax = _normalize(axis, arr.ndim)
    if isinstance(window, (bool, np.bool_)) or not isinstance(window, (int, np.integer)):
        raise TypeError(f"window must be an integer, not {type(window).__name__}")
    if not 1 <= window <= arr.shape[ax]:
        raise ValueError(f"{name}: window must be in [1, {arr.shape[ax]}] (the length of axis "
                         f"{ax}), got {window}")
    count = window if min_count is None else min_count
    if not 1 <= count <= window:
        raise ValueError(f"{name}: min_count must be in [1, window={window}], got {count}")
    if arr.dtype.kind == "c":
        values = arr.astype(np.complex128)
    else:
        values = arr.astype(np.float64)
        if arr.dtype.kind in "mM":
            values[np.isnat(arr)] = np.nan
    moved = np.moveaxis(values, ax, -1)
    pad = np.full(moved.shape[:-1] + (window - 1,), np.nan, values.dtype)
    wins = sliding_window_view(np.concatenate([pad, moved], axis=-1), int(window), axis=-1)
    missing = np.isnan(wins)
    enough = (window - missing.sum(axis=-1)) >= count
    return wins, enough, ax


def _move(name: str, a: Any, window: Any, min_count: Any, axis: Any, out: Any,
          stat: Callable[[Array], Array]) -> Any:
    wins, enough, ax = _windows(name, a, window, min_count, axis)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        values = stat(wins)
    result = np.where(enough, values, np.nan)
    dtype = np.asarray(a).dtype
    if dtype in (np.float32, np.float16):
        result = result.astype(dtype)
    return _deliver(np.moveaxis(result, -1, ax), out)


def move_sum(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
             out: Any = None) -> Any:
    """Moving sum ignoring NaN."""
    return _move("move_sum", a, window, min_count, axis, out, lambda w: np.nansum(w, axis=-1))


def move_mean(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
              out: Any = None) -> Any:
    """Moving mean ignoring NaN."""
    return _move("move_mean", a, window, min_count, axis, out,
                 lambda w: np.nanmean(w, axis=-1))


def move_var(a: Any, window: Any, min_count: Any = None, axis: Any = -1, ddof: int = 0, *,
             out: Any = None) -> Any:
    """Moving variance ignoring NaN."""
    return _move("move_var", a, window, min_count, axis, out,
                 lambda w: np.nanvar(w, axis=-1, ddof=ddof))


def move_std(a: Any, window: Any, min_count: Any = None, axis: Any = -1, ddof: int = 0, *,
             out: Any = None) -> Any:
    """Moving standard deviation ignoring NaN."""
    return _move("move_std", a, window, min_count, axis, out,
                 lambda w: np.nanstd(w, axis=-1, ddof=ddof))


def move_min(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
             out: Any = None) -> Any:
    """Moving minimum ignoring NaN."""
    return _move("move_min", a, window, min_count, axis, out, lambda w: np.nanmin(w, axis=-1))


def move_max(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
             out: Any = None) -> Any:
    """Moving maximum ignoring NaN."""
    return _move("move_max", a, window, min_count, axis, out, lambda w: np.nanmax(w, axis=-1))


def _newest_arg(wins: Array, pick: Callable[..., Array], fill: float) -> Array:
    """Offset back from the newest element of each window's extreme (ties: the newest)."""
    newest_first = np.where(np.isnan(wins), fill, wins)[..., ::-1]
    return pick(newest_first, axis=-1).astype(np.float64)


def move_argmin(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
                out: Any = None) -> Any:
    """Offset of each window's minimum back from its newest element."""
    return _move("move_argmin", a, window, min_count, axis, out,
                 lambda w: _newest_arg(w, np.argmin, np.inf))


def move_argmax(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
                out: Any = None) -> Any:
    """Offset of each window's maximum back from its newest element."""
    return _move("move_argmax", a, window, min_count, axis, out,
                 lambda w: _newest_arg(w, np.argmax, -np.inf))


def move_median(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
                out: Any = None) -> Any:
    """Moving median ignoring NaN."""
    return _move("move_median", a, window, min_count, axis, out,
                 lambda w: np.nanmedian(w, axis=-1))


def move_quantile(a: Any, window: Any, q: Any, min_count: Any = None, axis: Any = -1, *,
                  out: Any = None) -> Any:
    """Moving q-quantile (linear interpolation) ignoring NaN."""
    if not 0 <= q <= 1:
        raise ValueError(f"move_quantile: q must be in [0, 1], got {q}")
    return _move("move_quantile", a, window, min_count, axis, out,
                 lambda w: np.nanquantile(w, q, axis=-1))


def _window_rank(wins: Array) -> Array:
    """Rank of each window's newest element among its non-NaN values, scaled to [-1, 1]."""
    current = wins[..., -1:]
    valid = (~np.isnan(wins)).sum(axis=-1)
    less = (wins < current).sum(axis=-1)
    equal = (wins == current).sum(axis=-1)
    scaled = (2 * less + equal - 1) / np.maximum(valid - 1, 1) - 1
    ranks = np.where(valid == 1, 0.0, scaled)
    return np.where(np.isnan(current[..., 0]), np.nan, ranks)


def move_rank(a: Any, window: Any, min_count: Any = None, axis: Any = -1, *,
              out: Any = None) -> Any:
    """Moving rank of the newest element in its window, scaled to [-1, 1]."""
    return _move("move_rank", a, window, min_count, axis, out, _window_rank)
