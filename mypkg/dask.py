# mypy: disallow-untyped-calls=False
"""mypkg on dask arrays: each function takes a dask array and returns a lazy dask array whose
chunks are computed by mypkg's in-memory functions (imported only when dask input is seen).
The mypy setting above: dask's array functions carry no annotations.

How each family runs:

- Reductions (nansum, nanmean, nanvar, nanstd, nanmin, nanmax, nanargmin, nanargmax, ss,
  anynan, allnan, nancount) go through ``dask.array.reduction``. Sums carry a (sum, error) pair
  per partial and merge by compensated (TwoSum) addition; count, mean and M2 merge by Chan's
  formula; argmin/argmax carry (value, global index). Dtypes without a native kernel (complex,
  object, datetime) instead rechunk the reduced axes into one chunk.
- Moving windows (move_sum ... move_rank) go through ``map_overlap`` with depth
  ``(window - 1, 0)`` on the axis and boundary ``'none'``, so the result equals the in-memory
  one. Every chunk along the axis must then hold at least ``window - 1`` elements: with
  ``rechunk=True`` (the default) small chunks are merged, with ``rechunk=False`` a ValueError
  is raised before anything computes.
- push, bfill and ffill fill within each chunk, then a scan across chunks carries the last valid
  value and its global position, so the ``n``/``limit`` limit holds across chunk boundaries.
- rankdata, nanrankdata, partition, argpartition, median, nanmedian, quantile and nanquantile
  rechunk the axis into one chunk (``axis=None``: the whole array) and map the blocks.

``out=`` is not accepted (dask arrays are immutable). Arguments are checked when the function is
called, with the in-memory function's messages.

Examples
--------
>>> import dask.array as da, numpy as np, mypkg
>>> x = da.from_array(np.array([1.0, np.nan, 3.0, 4.0, 5.0]), chunks=2)
>>> total = mypkg.nansum(x)  # lazy: nothing is computed yet
>>> float(total.compute(scheduler="sync"))
13.0
>>> mypkg.move_mean(x, 2, min_count=1).compute(scheduler="sync")
array([1. , 1. , 3. , 3.5, 4.5])
>>> mypkg.push(da.from_array(np.array([1.0, np.nan, np.nan, np.nan]), chunks=1), n=2).compute(
...     scheduler="sync")
array([ 1.,  1.,  1., nan])
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import dask.array as da
import numpy as np
from dask.array.overlap import ensure_minimum_chunksize
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
from numpy.typing import NDArray

import mypkg

from ._fallback import has_fallback

Array = NDArray[Any]
Fn = Callable[..., Any]


def _in_memory(name: str) -> Fn:
    """The public in-memory function; looked up by name so tasks pickle by reference."""
    func: Fn = getattr(mypkg, name)
    return func


def _as_dask(a: Any) -> Any:
    return a if isinstance(a, da.Array) else da.asarray(a)


def _refuse_out(name: str, kwargs: dict[str, Any]) -> None:
    if kwargs.pop("out", None) is not None:
        raise TypeError(f"{name}: out= is not supported for dask arrays (they are immutable); "
                        "use the returned array")


def _probe(name: str, x: Any, params: dict[str, Any], length: dict[int, int] | None = None,
           shape: tuple[int, ...] | None = None) -> np.dtype[Any]:
    """Call the in-memory function on a tiny array shaped like ``x`` (each axis at most 1 long,
    or ``length[axis]``; or ``shape``) so bad arguments raise now, with its message; its result
    dtype."""
    if shape is None:
        shape = tuple((length or {}).get(i, min(s, 1)) for i, s in enumerate(x.shape))
    return np.asarray(_in_memory(name)(np.zeros(shape, x.dtype), **params)).dtype


def _meta(ndim: int, dtype: Any) -> Array:
    return np.empty((0,) * ndim, dtype)


def _params(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The caller's arguments after ``a``, by name, as the in-memory signature binds them
    (defaults applied; a TypeError for arguments it does not take)."""
    bound = inspect.signature(_in_memory(name)).bind(None, *args, **kwargs)
    bound.apply_defaults()
    params = dict(bound.arguments)
    params.pop(next(iter(params)))
    return params


# ---------------------------------------------------------------------------- reductions


def _gather(parts: Any, key: str, axes: Sequence[int]) -> Array:
    """The ``key`` partials of dask's nested lists (one nesting level per reduced axis, in
    increasing order) concatenated into one array."""
    if not axes:
        return np.asarray(parts[key])
    return np.concatenate([_gather(p, key, axes[1:]) for p in parts], axis=axes[0])


def _lanes(a: Array, axes: Sequence[int]) -> Array:
    """``a`` with the reduced axes moved last and flattened into one."""
    moved = np.moveaxis(a, list(axes), list(range(-len(axes), 0)))
    return moved.reshape(moved.shape[: a.ndim - len(axes)] + (-1,))


def _finish(result: Array, axis: tuple[int, ...], keepdims: bool) -> Any:
    """The aggregated partials without the reduced axes unless ``keepdims``; a NumPy scalar
    when nothing is left, as the in-memory functions return."""
    out = result if keepdims else result.squeeze(axis)
    return out[()] if out.ndim == 0 else out


def _sum_chunk(x: Array, axis: tuple[int, ...], keepdims: bool, name: str,
               computing_meta: bool = False) -> Any:
    if computing_meta:  # dask asks for an array-like description of the partials
        return x
    total = np.asarray(_in_memory(name)(x, axis=axis, keepdims=True))
    return {"s": total, "e": np.zeros_like(total)}


def _sum_fold(parts: Any, axis: tuple[int, ...], keepdims: bool) -> dict[str, Array]:
    """Compensated addition of (sum, error) partials: TwoSum keeps each rounding error."""
    axes = sorted(axis)
    sums, errs = (_lanes(_gather(parts, k, axes), axes) for k in "se")
    total, err = sums[..., 0], errs[..., 0]
    with np.errstate(invalid="ignore", over="ignore"):
        for k in range(1, sums.shape[-1]):
            t = sums[..., k]
            u = total + t
            back = u - total
            lost = (total - (u - back)) + (t - back)
            err = err + errs[..., k] + np.where(np.isfinite(u), lost, 0)
            total = u
    return {"s": np.expand_dims(total, axes), "e": np.expand_dims(err, axes)}


def _sum_agg(parts: Any, axis: tuple[int, ...], keepdims: bool, dtype: Any) -> Any:
    folded = _sum_fold(parts, axis, True)
    with np.errstate(invalid="ignore"):
        result = (folded["s"] + np.where(np.isfinite(folded["s"]), folded["e"], 0)).astype(dtype)
    return _finish(result, axis, keepdims)


def _moments_chunk(x: Array, axis: tuple[int, ...], keepdims: bool,
                   computing_meta: bool = False) -> Any:
    if computing_meta:
        return x
    values = x.astype(np.float64, copy=False)
    n = np.asarray(mypkg.nancount(values, axis=axis, keepdims=True))
    some = n > 0
    mean = np.where(some, mypkg.nanmean(values, axis=axis, keepdims=True), 0.0)
    m2 = np.where(some, mypkg.nanvar(values, axis=axis, keepdims=True) * n, 0.0)
    return {"n": n, "m": mean, "M2": m2}


def _moments_fold(parts: Any, axis: tuple[int, ...], keepdims: bool) -> dict[str, Array]:
    """Chan's parallel merge of (count, mean, M2) partials."""
    axes = sorted(axis)
    n, mean, m2 = (_lanes(_gather(parts, k, axes), axes) for k in ("n", "m", "M2"))
    n_a, mean_a, m2_a = n[..., 0], mean[..., 0], m2[..., 0]
    with np.errstate(invalid="ignore", over="ignore"):
        for k in range(1, n.shape[-1]):
            n_b, mean_b = n[..., k], mean[..., k]
            n_ab = n_a + n_b
            frac = n_b / np.maximum(n_ab, 1)
            delta = mean_b - mean_a
            # an infinite mean (its M2 is already NaN) merges as the plain sum of means
            merged = np.where(np.isfinite(delta), mean_a + delta * frac, mean_a + mean_b)
            mean_a = np.where(n_a == 0, mean_b, np.where(n_b == 0, mean_a, merged))
            both = (n_a > 0) & (n_b > 0)
            m2_a = m2_a + m2[..., k] + np.where(both, delta * delta * n_a * frac, 0)
            n_a = n_ab
    return {key: np.expand_dims(v, axes) for key, v in (("n", n_a), ("m", mean_a), ("M2", m2_a))}


def _moments_agg(parts: Any, axis: tuple[int, ...], keepdims: bool, stat: str, ddof: int,
                 dtype: Any) -> Any:
    folded = _moments_fold(parts, axis, True)
    n = folded["n"]
    with np.errstate(invalid="ignore", divide="ignore"):
        if stat == "nanmean":
            result = np.where(n > 0, folded["m"], np.nan)
        else:
            result = np.where(n - ddof > 0, folded["M2"] / (n - ddof), np.nan)
            if stat == "nanstd":
                result = np.sqrt(result)
    result = result.astype(dtype)
    return _finish(result, axis, keepdims)


def _apply(x: Array, axis: tuple[int, ...], keepdims: bool, name: str) -> Array:
    return np.asarray(_in_memory(name)(x, axis=axis, keepdims=keepdims))


def _numpy(x: Array, axis: tuple[int, ...], keepdims: bool, name: str) -> Array:
    return np.asarray(getattr(np, name)(x, axis=axis, keepdims=keepdims))


# partials combined by applying one function again: (chunk function, combining function)
_FOLDS: dict[str, tuple[str, Fn]] = {
    "nanmin": ("nanmin", partial(_apply, name="nanmin")),
    "nanmax": ("nanmax", partial(_apply, name="nanmax")),
    "anynan": ("anynan", partial(_numpy, name="any")),
    "allnan": ("allnan", partial(_numpy, name="all")),
    "nancount": ("nancount", partial(_numpy, name="sum")),
}


def _one_chunk(name: str, x: Any, params: dict[str, Any], dtype: Any) -> Any:
    """The in-memory reduction of ``x`` after rechunking the reduced axes into one chunk."""
    axis = params["axis"]
    axes = normalize_axis_tuple(range(x.ndim) if axis is None else axis, x.ndim, "axis")
    whole = x.rechunk({ax: -1 for ax in axes})
    chunks = tuple((1,) * len(c) if i in axes else c for i, c in enumerate(whole.chunks))
    result = whole.map_blocks(_reduce_block, name, params, chunks=chunks, dtype=dtype,
                              meta=_meta(x.ndim, dtype))
    return result if params["keepdims"] else result.squeeze(axis=axes)


def _reduce_block(block: Array, name: str, params: dict[str, Any]) -> Array:
    return np.asarray(_in_memory(name)(block, **{**params, "keepdims": True}))


def _reduction(name: str) -> Fn:
    def reduce(a: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_out(name, kwargs)
        x = _as_dask(a)
        params = _params(name, args, kwargs)
        dtype = _probe(name, x, params)
        if has_fallback(x.dtype) or x.size == 0:
            return _one_chunk(name, x, params, dtype)
        axis, keepdims = params["axis"], params["keepdims"]
        axes = normalize_axis_tuple(range(x.ndim) if axis is None else axis, x.ndim, "axis")
        common = {"axis": axes, "keepdims": keepdims, "dtype": dtype,
                  "meta": _meta(x.ndim if keepdims else x.ndim - len(axes), dtype)}
        if name in ("nansum", "ss"):
            return da.reduction(x, partial(_sum_chunk, name=name),
                                partial(_sum_agg, dtype=dtype), combine=_sum_fold,
                                concatenate=False, **common)
        if name in ("nanmean", "nanvar", "nanstd"):
            return da.reduction(x, _moments_chunk,
                                partial(_moments_agg, stat=name, ddof=params.get("ddof", 0),
                                        dtype=dtype),
                                combine=_moments_fold, concatenate=False, **common)
        chunk, fold = _FOLDS[name]
        return da.reduction(x, partial(_apply, name=chunk), fold, combine=fold, **common)

    return reduce


def _along(ax: int, ndim: int, values: Array) -> Array:
    """1-d ``values`` shaped to broadcast along axis ``ax`` of an ``ndim``-d block."""
    return values.reshape((-1,) + (1,) * (ndim - ax - 1))


def _arg_chunk(block: Array, ax: int, name: str, block_info: Any = None) -> Array:
    """(extreme value, global index) of each lane of one block; index -1 for an all-NaN lane."""
    start = block_info[0]["array-location"][ax][0]
    index = _along(ax, block.ndim, np.arange(start, start + block.shape[ax]))
    return _arg_pick(block, np.broadcast_to(index, block.shape), ax, name)


def _arg_pick(values: Array, index: Array, ax: int, name: str) -> Array:
    """The (value, index) of each lane's extreme; ties go to the first, which holds the lowest
    global index because blocks and partials stay in order."""
    empty = np.asarray(mypkg.allnan(values, axis=ax, keepdims=True)) | (index < 0).all(
        axis=ax, keepdims=True)
    at = np.asarray(_in_memory(name)(np.where(empty, 0, values), axis=ax, keepdims=True))
    out = np.empty(at.shape, [("v", values.dtype), ("i", np.int64)])
    out["v"] = np.take_along_axis(values, at, ax)
    out["i"] = np.where(empty, -1, np.take_along_axis(index, at, ax))
    return out


def _arg_fold(parts: Array, axis: tuple[int, ...], keepdims: bool, name: str) -> Array:
    return _arg_pick(parts["v"], parts["i"], axis[0], name)


def _arg_agg(parts: Array, axis: tuple[int, ...], keepdims: bool, name: str) -> Any:
    index = _arg_fold(parts, axis, True, name)["i"]
    if index.size and index.min() < 0:
        raise ValueError(f"{name}: All-NaN slice encountered")
    return _finish(index, axis, keepdims)


def _identity(x: Array, axis: tuple[int, ...], keepdims: bool) -> Array:
    return x


def _arg(name: str) -> Fn:
    def arg(a: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_out(name, kwargs)
        x = _as_dask(a)
        params = _params(name, args, kwargs)
        dtype = _probe(name, x, params)
        if has_fallback(x.dtype) or x.size == 0:
            return _one_chunk(name, x, params, dtype)
        axis, keepdims = params["axis"], params["keepdims"]
        flat = x.reshape(-1) if axis is None else x
        ax = 0 if axis is None else normalize_axis_index(axis, x.ndim)
        fields = [("v", x.dtype), ("i", np.int64)]
        chunks = tuple((1,) * len(c) if i == ax else c for i, c in enumerate(flat.chunks))
        parts = flat.map_blocks(_arg_chunk, ax, name, chunks=chunks, dtype=fields,
                                meta=_meta(flat.ndim, fields))
        result = da.reduction(parts, _identity, partial(_arg_agg, name=name),
                              combine=partial(_arg_fold, name=name), axis=ax, keepdims=keepdims,
                              dtype=fields, concatenate=True,
                              meta=_meta(flat.ndim if keepdims else flat.ndim - 1, dtype))
        result = result.reshape((1,) * x.ndim) if keepdims and axis is None else result
        return result.astype(dtype)  # the partials' dtype was dask's working dtype

    return arg


# ---------------------------------------------------------------------------- whole lanes


def _lanes_one_chunk(name: str, x: Any, params: dict[str, Any], dtype: Any) -> Any:
    """The in-memory function after rechunking its axis into one chunk (axis None: the whole
    array, flattened as the in-memory functions flatten it); the result has the lane's shape."""
    axis = params["axis"]
    if axis is None:
        x, axis = x.reshape(-1).rechunk(-1), 0
    ax = normalize_axis_index(axis, x.ndim)
    return x.rechunk({ax: -1}).map_blocks(_lane_block, name, {**params, "axis": ax},
                                          dtype=dtype, meta=_meta(x.ndim, dtype))


def _lane_block(block: Array, name: str, params: dict[str, Any]) -> Array:
    return np.asarray(_in_memory(name)(block, **params))


def _whole(name: str) -> Fn:
    def whole(a: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_out(name, kwargs)
        x = _as_dask(a)
        params = _params(name, args, kwargs)
        axis = params["axis"]
        if "kth" in params and axis is None:  # kth is checked against the length of the lane
            dtype = _probe(name, x, params, shape=(x.size,))
        elif "kth" in params and _is_int(axis) and -x.ndim <= axis < x.ndim:
            dtype = _probe(name, x, params, length={axis % x.ndim: x.shape[axis]})
        else:
            dtype = _probe(name, x, params)
        if "keepdims" not in params:
            return _lanes_one_chunk(name, x, params, dtype)
        q = np.asarray(params.get("q", 0.5))
        if q.ndim == 0:
            return _one_chunk(name, x, params, dtype)
        each = [_one_chunk(name, x, {**params, "q": v}, dtype) for v in q.ravel()]
        return da.stack(each).reshape(q.shape + each[0].shape)

    return whole


# ---------------------------------------------------------------------------- moving windows


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _move_block(block: Array, name: str, params: dict[str, Any], ax: int, window: int) -> Array:
    """The in-memory moving function on one overlapped block; a first block shorter than the
    window is padded in front with NaN (missing), as the in-memory start of the axis is."""
    short = window - block.shape[ax]
    if short <= 0:
        return np.asarray(_in_memory(name)(block, **params))
    values = block if block.dtype.kind in "fc" else block.astype(np.float64)
    pad = np.full(block.shape[:ax] + (short,) + block.shape[ax + 1:], np.nan, values.dtype)
    result = np.asarray(_in_memory(name)(np.concatenate([pad, values], axis=ax), **params))
    return result[(slice(None),) * ax + (slice(short, None),)]


def _moving(name: str) -> Fn:
    def moving(a: Any, *args: Any, rechunk: bool = True, **kwargs: Any) -> Any:
        _refuse_out(name, kwargs)
        x = _as_dask(a)
        params = _params(name, args, kwargs)
        window, axis = params["window"], params["axis"]
        if x.ndim == 0 or not _is_int(axis) or not -x.ndim <= axis < x.ndim:
            _probe(name, x, params)  # raises the in-memory error
        ax = normalize_axis_index(axis, x.ndim)
        n = x.shape[ax]
        lane = min(n, int(window)) if _is_int(window) and window >= 1 else min(n, 1)
        dtype = _probe(name, x, params, length={ax: lane})
        depth = int(window) - 1
        chunks = x.chunks[ax]
        if len(chunks) > 1 and min(chunks) < depth:
            if not rechunk:
                raise ValueError(
                    f"{name}: every chunk along axis {ax} must hold at least window - 1 = "
                    f"{depth} elements, got chunks {chunks}; pass rechunk=True or rechunk")
            x = x.rechunk({ax: ensure_minimum_chunksize(depth, chunks)})
        block = partial(_move_block, name=name, params=params, ax=ax, window=int(window))
        meta = _meta(x.ndim, dtype)
        if depth == 0 or x.numblocks[ax] == 1:
            return x.map_blocks(block, dtype=dtype, meta=meta)
        return x.map_overlap(block, depth={ax: (depth, 0)}, boundary="none",
                             allow_rechunk=False, dtype=dtype, meta=meta)

    return moving


# ---------------------------------------------------------------------------- fills


def _last_valid(block: Array, ax: int, block_info: Any = None) -> Array:
    """Each lane's last non-NaN value and its global position (-1: none) in one block, and the
    block's global start."""
    start = block_info[0]["array-location"][ax][0]
    ahead = np.where(np.isnan(block), -1, _along(ax, block.ndim, np.arange(block.shape[ax])))
    at = ahead.max(axis=ax, keepdims=True, initial=-1)
    out = np.empty(at.shape, _carried(block.dtype))
    out["v"] = np.take_along_axis(block, np.maximum(at, 0), ax)
    out["p"] = np.where(at >= 0, at + start, -1)
    out["s"] = start
    return out


def _carried(dtype: Any) -> np.dtype[Any]:
    return np.dtype([("v", dtype), ("p", np.int64), ("s", np.int64)])


def _carry(lasts: Array, ax: int) -> Array:
    """For each block, the last valid value before it (an exclusive scan over the blocks)."""
    blocks = _along(ax, lasts.ndim, np.arange(lasts.shape[ax]))
    latest = np.maximum.accumulate(np.where(lasts["p"] >= 0, blocks, -1), axis=ax)
    first = (slice(None),) * ax + (slice(0, 1),)
    before = np.concatenate([np.full_like(latest[first], -1),
                             latest[(slice(None),) * ax + (slice(None, -1),)]], axis=ax)
    out = np.take_along_axis(lasts, np.maximum(before, 0), ax)
    out["p"] = np.where(before >= 0, out["p"], -1)
    out["s"] = lasts["s"]
    return out


def _fill_block(block: Array, carry: Array, limit: int | None, ax: int) -> Array:
    """Forward fill of one block with the in-memory push, then its leading NaN from the value
    carried in, as far as ``limit`` reaches from that value's global position."""
    filled = np.asarray(mypkg.push(block, limit, ax))
    position = carry["s"] + _along(ax, block.ndim, np.arange(block.shape[ax]))
    leading = ~np.logical_or.accumulate(~np.isnan(block), axis=ax)
    reach = leading & (carry["p"] >= 0)
    if limit is not None:
        reach &= position - carry["p"] <= limit
    return np.where(reach, carry["v"], filled)


def _fill(name: str) -> Fn:
    def fill(a: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_out(name, kwargs)
        x = _as_dask(a)
        params = _params(name, args, kwargs)
        dtype = _probe(name, x, params)
        ax = normalize_axis_index(params["axis"], x.ndim)
        if has_fallback(x.dtype):
            return _lanes_one_chunk(name, x, params, dtype)
        if x.dtype.kind != "f":  # nothing is missing: each block on its own
            return x.map_blocks(_lane_block, name, params, dtype=dtype, meta=_meta(x.ndim, dtype))
        backward = (slice(None),) * ax + (slice(None, None, -1),)
        if name == "bfill":
            x = x[backward]
        fields = _carried(x.dtype)
        ones = tuple((1,) * len(c) if i == ax else c for i, c in enumerate(x.chunks))
        lasts = x.map_blocks(_last_valid, ax, chunks=ones, dtype=fields,
                             meta=_meta(x.ndim, fields))
        carry = lasts.rechunk({ax: -1}).map_blocks(_carry, ax, dtype=fields,
                                                   meta=_meta(x.ndim, fields)).rechunk(ones)
        limit = params.get("n", params.get("limit"))
        index = tuple(range(x.ndim))
        out = da.blockwise(_fill_block, index, x, index, carry, index, limit, None, ax, None,
                           align_arrays=False, dtype=dtype, meta=_meta(x.ndim, dtype))
        return out[backward] if name == "bfill" else out

    return fill


def _public(name: str, build: Callable[[str], Fn]) -> Fn:
    func = build(name)
    func.__name__ = func.__qualname__ = name
    func.__doc__ = (f"Lazy :func:`mypkg.{name}` of a dask array (see the module docstring for "
                    "how it is chunked); the same arguments, without ``out``.")
    return func


_FAMILIES: dict[Callable[[str], Fn], tuple[str, ...]] = {
    _reduction: ("nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "ss", "anynan",
                 "allnan", "nancount"),
    _arg: ("nanargmin", "nanargmax"),
    _moving: ("move_sum", "move_mean", "move_var", "move_std", "move_min", "move_max",
              "move_argmin", "move_argmax", "move_median", "move_quantile", "move_rank"),
    _fill: ("push", "bfill", "ffill"),
    _whole: ("rankdata", "nanrankdata", "partition", "argpartition", "median", "nanmedian",
             "quantile", "nanquantile"),
}

__all__ = sorted(name for names in _FAMILIES.values() for name in names)

nansum, nanmean, nanvar, nanstd, nanmin, nanmax, ss, anynan, allnan, nancount = (
    _public(name, _reduction) for name in _FAMILIES[_reduction])
nanargmin, nanargmax = (_public(name, _arg) for name in _FAMILIES[_arg])
(move_sum, move_mean, move_var, move_std, move_min, move_max, move_argmin, move_argmax,
 move_median, move_quantile, move_rank) = (_public(name, _moving) for name in _FAMILIES[_moving])
push, bfill, ffill = (_public(name, _fill) for name in _FAMILIES[_fill])
(rankdata, nanrankdata, partition, argpartition, median, nanmedian, quantile,
 nanquantile) = (_public(name, _whole) for name in _FAMILIES[_whole])
