"""NaN-aware reductions: nansum, nanmean, nanvar, nanstd, nanmin, nanmax, nanargmin,
nanargmax, ss, anynan, allnan, median, nanmedian.

Each public function is a signature and a docstring around ``_reduce``, driven by one entry of
``_REDUCTIONS`` that names the kernel and its result-dtype rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _arrays
from ._kernels import KERNELS, NATIVE

AxisLike = "int | tuple[int, ...] | None"

_REDUCTIONS = {name: spec for name, spec in KERNELS.items()
               if spec.family in ("reduce", "reduce_ddof")}
# axis=None means the C-order flat index: these may not walk the axes in memory order
_ORDERED = {"nanargmin", "nanargmax"}
_SYMBOLS = {(name, sfx): spec.symbol(sfx) for name, spec in _REDUCTIONS.items() for sfx in
            NATIVE.values()}
_OUT = {(name, sfx): spec.kernel_out(sfx) for name, spec in _REDUCTIONS.items() for sfx in
        NATIVE.values()}
_FULL = {name: _arrays.FullReduction(name, {dt: (_SYMBOLS[name, sfx], _OUT[name, sfx])
                                            for dt, sfx in NATIVE.items()})
         for name in _REDUCTIONS}


def _reduce(name: str, a: Any, axis: Any, out: Any, keepdims: Any, params: tuple = ()) -> Any:
    if type(a) is not np.ndarray:
        a = np.asarray(a)
    if out is None:  # the common cases first, each with as little Python as possible
        if axis is None:
            if not keepdims and a.flags.carray:  # C-contiguous, aligned (and writeable)
                result = _FULL[name].run(a, params)
                if result is not None:
                    return result
        elif type(axis) is int and -a.ndim <= axis < a.ndim:
            sfx = NATIVE.get(a.dtype)
            if sfx is not None and a.flags.aligned:
                res = _arrays.reduce_axis(_SYMBOLS[name, sfx], name, a, axis % a.ndim,
                                          _OUT[name, sfx], params)
                if keepdims:
                    res = np.expand_dims(res, axis)
                return res[()] if res.ndim == 0 else res
    spec = _REDUCTIONS[name]
    a = _arrays.as_supported_array(a, name)
    keepdims = bool(keepdims)
    ordered = name in _ORDERED
    if ordered and isinstance(axis, tuple):
        raise TypeError(f"{name}: axis must be None or an integer, not a tuple")
    ndim = a.ndim
    axes = _arrays.normalize_axes(axis, ndim)
    kept = [d for d in range(ndim) if d not in axes]
    kept_shape = tuple(a.shape[d] for d in kept)
    final_shape = (tuple(1 if d in axes else a.shape[d] for d in range(ndim)) if keepdims
                   else kept_shape)
    result_dtype = spec.result_dtype(a.dtype)
    if out is not None:
        _arrays.check_out(out, final_shape, result_dtype, name)

    a = _arrays.compact_if_small(_arrays.prepare_input(a, name))
    sfx = NATIVE[a.dtype]
    kernel_dtype = _OUT[name, sfx]

    reduced = list(axes)
    if not ordered:  # order-free reductions may walk the reduced axes in memory order
        reduced.sort(key=lambda d: -abs(a.strides[d]))
    merged = _arrays.merge_dims([a.shape[d] for d in reduced], [a.strides[d] for d in reduced])
    if merged is None:
        a = np.ascontiguousarray(a.transpose(kept + reduced)).reshape(kept_shape + (-1,))
        merged = (a.shape[-1], a.strides[-1])
        kept = list(range(len(kept)))
    shape = kept_shape + (merged[0],)
    strides = tuple(a.strides[d] for d in kept) + (merged[1],)

    out_view = None
    res = None
    if out is not None:
        out_view = np.squeeze(out, axis=axes) if keepdims else out  # a view, also when 0-d
        if (not spec.partial and kernel_dtype == result_dtype
                and _arrays.writes_directly(out_view, kernel_dtype, a)):
            res = out_view
    if res is None:
        res = np.empty(kept_shape, kernel_dtype)
    _arrays.run_kernel(_SYMBOLS[name, sfx], name, a, shape, strides, len(kept_shape), res,
                       res.strides + (0,), params)
    return _arrays.deliver(res, out, out_view, result_dtype, final_shape)


_PARAMS = """a : array_like
    Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
axis : {axis_doc}
out : ndarray, optional
    Where to write the result; it must have the result's shape and accept its dtype under
    'same_kind' casting. It is returned, and left untouched if the call raises.
keepdims : bool, optional
    If True, the reduced axes are kept as dimensions of size one."""
_AXIS_DOC = ("None, int or tuple of ints, optional\n    Axis or axes to reduce over; "
             "None (default) reduces over all elements.")
_ARG_AXIS_DOC = ("None or int, optional\n    Axis to reduce over; None (default) gives the "
                 "index into the flattened (C-order) array.")
_DDOF_DOC = """ddof : int, optional
    Delta degrees of freedom: the divisor is ``count - ddof`` where ``count`` is the number of
    non-NaN values; the result is NaN where ``count - ddof <= 0``."""


def _doc(summary: str, details: str, returns: str, example: str, *, arg: bool = False,
         ddof: bool = False) -> str:
    params = _PARAMS.format(axis_doc=_ARG_AXIS_DOC if arg else _AXIS_DOC)
    if ddof:
        head, tail = params.split("\nout :")
        params = f"{head}\n{_DDOF_DOC}\nout :{tail}"
    return (f"{summary}\n\n{details}\n\nParameters\n----------\n{params}\n\nReturns\n-------\n"
            f"{returns}\n\nExamples\n--------\n{example}\n")


def nansum(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("nansum", a, axis, out, keepdims)


def ss(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
       keepdims: bool = False) -> Any:
    return _reduce("ss", a, axis, out, keepdims)


def nanmean(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
            keepdims: bool = False) -> Any:
    return _reduce("nanmean", a, axis, out, keepdims)


def nanvar(a: ArrayLike, axis: AxisLike = None, ddof: int = 0, *,
           out: np.ndarray | None = None, keepdims: bool = False) -> Any:
    if type(ddof) is not int or not 0 <= ddof < 2**63:  # plain ints skip a call
        ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _reduce("nanvar", a, axis, out, keepdims, (ddof,))


def nanstd(a: ArrayLike, axis: AxisLike = None, ddof: int = 0, *,
           out: np.ndarray | None = None, keepdims: bool = False) -> Any:
    if type(ddof) is not int or not 0 <= ddof < 2**63:  # plain ints skip a call
        ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _reduce("nanstd", a, axis, out, keepdims, (ddof,))


def nanmin(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("nanmin", a, axis, out, keepdims)


def nanmax(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("nanmax", a, axis, out, keepdims)


def nanargmin(a: ArrayLike, axis: int | None = None, *, out: np.ndarray | None = None,
              keepdims: bool = False) -> Any:
    return _reduce("nanargmin", a, axis, out, keepdims)


def nanargmax(a: ArrayLike, axis: int | None = None, *, out: np.ndarray | None = None,
              keepdims: bool = False) -> Any:
    return _reduce("nanargmax", a, axis, out, keepdims)


def anynan(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("anynan", a, axis, out, keepdims)


def allnan(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("allnan", a, axis, out, keepdims)


def median(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
           keepdims: bool = False) -> Any:
    return _reduce("median", a, axis, out, keepdims)


def nanmedian(a: ArrayLike, axis: AxisLike = None, *, out: np.ndarray | None = None,
              keepdims: bool = False) -> Any:
    return _reduce("nanmedian", a, axis, out, keepdims)


_SAME_AS = "with the dtype NumPy's ``np.{0}`` gives for this input"
nansum.__doc__ = _doc(
    "Sum of array elements, treating NaN as zero.",
    "Float input is accumulated in float64 with compensated (Neumaier) summation, so the result "
    "is at least as accurate as NumPy's pairwise sum; integer sums wrap at 64 bits like NumPy's. "
    "An all-NaN or empty input sums to 0.",
    f"scalar or ndarray\n    The sum, {_SAME_AS.format('nansum')}.",
    ">>> import mypkg\n>>> mypkg.nansum([1.0, float('nan'), 2.5])\nnp.float64(3.5)")
ss.__doc__ = _doc(
    "Sum of the squares of array elements (NaN propagates).",
    "Float input is accumulated in float64 with compensated summation; integers are squared and "
    "summed in 64-bit integer arithmetic. An empty input gives 0.",
    "scalar or ndarray\n    The sum of squares, with the dtype of ``np.sum(a * a)``.",
    ">>> import mypkg\n>>> mypkg.ss([1, 2, 3])\nnp.int64(14)")
nanmean.__doc__ = _doc(
    "Mean of array elements, ignoring NaN.",
    "Accumulated in float64 with compensated summation. An all-NaN or empty lane gives NaN "
    "(without a warning).",
    f"scalar or ndarray\n    The mean, {_SAME_AS.format('nanmean')} (float64 for integers).",
    ">>> import mypkg\n>>> mypkg.nanmean([[1.0, float('nan')], [3.0, 4.0]], axis=1)\n"
    "array([1. , 3.5])")
nanvar.__doc__ = _doc(
    "Variance of array elements, ignoring NaN.",
    "Computed in float64 with the corrected two-pass algorithm, so large offsets (e.g. values "
    "around 1e9 with small noise) do not cancel catastrophically.",
    f"scalar or ndarray\n    The variance, {_SAME_AS.format('nanvar')}.",
    ">>> import mypkg\n>>> mypkg.nanvar([1.0, 2.0, 3.0, float('nan')], ddof=1)\nnp.float64(1.0)",
    ddof=True)
nanstd.__doc__ = _doc(
    "Standard deviation of array elements, ignoring NaN.",
    "The square root of :func:`nanvar`, computed the same way.",
    f"scalar or ndarray\n    The standard deviation, {_SAME_AS.format('nanstd')}.",
    ">>> import mypkg\n>>> mypkg.nanstd([1.0, 3.0, float('nan')])\nnp.float64(1.0)",
    ddof=True)
nanmin.__doc__ = _doc(
    "Minimum of array elements, ignoring NaN.",
    "An all-NaN lane gives NaN (without a warning); reducing over a zero-length axis raises "
    "ValueError.",
    "scalar or ndarray\n    The minimum, with the input's dtype.",
    ">>> import mypkg\n>>> mypkg.nanmin([3.0, float('nan'), -1.0])\nnp.float64(-1.0)")
nanmax.__doc__ = _doc(
    "Maximum of array elements, ignoring NaN.",
    "An all-NaN lane gives NaN (without a warning); reducing over a zero-length axis raises "
    "ValueError.",
    "scalar or ndarray\n    The maximum, with the input's dtype.",
    ">>> import mypkg\n>>> mypkg.nanmax([3.0, float('nan'), -1.0])\nnp.float64(3.0)")
nanargmin.__doc__ = _doc(
    "Index of the minimum, ignoring NaN (the first one if it occurs more than once).",
    "Raises ValueError for an all-NaN lane or a zero-length axis.",
    "intp scalar or ndarray\n    The index along ``axis`` (into the flattened array if None).",
    ">>> import mypkg\n>>> mypkg.nanargmin([3.0, float('nan'), -1.0, -1.0])\nnp.int64(2)",
    arg=True)
nanargmax.__doc__ = _doc(
    "Index of the maximum, ignoring NaN (the first one if it occurs more than once).",
    "Raises ValueError for an all-NaN lane or a zero-length axis.",
    "intp scalar or ndarray\n    The index along ``axis`` (into the flattened array if None).",
    ">>> import mypkg\n>>> mypkg.nanargmax([[1.0, 5.0], [float('nan'), 2.0]], axis=1)\n"
    "array([1, 1])",
    arg=True)
anynan.__doc__ = _doc(
    "Whether any element is NaN.",
    "Stops reading a lane at its first NaN. Integer and bool input never holds NaN; an empty "
    "lane gives False.",
    "bool scalar or ndarray",
    ">>> import mypkg\n>>> mypkg.anynan([1.0, float('nan')])\nnp.True_")
allnan.__doc__ = _doc(
    "Whether every element is NaN.",
    "Stops reading a lane at its first non-NaN value. An empty lane gives True (all of its "
    "zero elements are NaN), also for integer input.",
    "bool scalar or ndarray",
    ">>> import mypkg\n>>> mypkg.allnan([float('nan'), float('nan')])\nnp.True_")
median.__doc__ = _doc(
    "Median of array elements; any NaN in a lane makes its median NaN.",
    "Selection in O(n) expected time (introselect with a heapsort guard against adversarial "
    "input), on a scratch copy of each lane: the input is not modified. An even count averages "
    "the two middle values.",
    f"scalar or ndarray\n    The median, {_SAME_AS.format('median')} (float64 for integers).",
    ">>> import mypkg\n>>> mypkg.median([4, 1, 3, 2])\nnp.float64(2.5)")
nanmedian.__doc__ = _doc(
    "Median of array elements, ignoring NaN.",
    "As :func:`median` over the non-NaN values; an all-NaN or empty lane gives NaN (without a "
    "warning).",
    f"scalar or ndarray\n    The median, {_SAME_AS.format('nanmedian')} (float64 for integers).",
    ">>> import mypkg\n>>> mypkg.nanmedian([4.0, float('nan'), 1.0, 3.0])\nnp.float64(3.0)")
