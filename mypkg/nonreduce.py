"""Ranking, partitioning, filling and replacing: rankdata, nanrankdata, partition, argpartition,
push, bfill, replace; and the quantile reductions quantile and nanquantile.

Each function validates its own arguments and hands the rest to the planner,
``_arrays.apply``: the same-shape functions run along one axis, the quantiles reduce (with q's
dimensions leading the result), ``replace`` works in place. Each kernel has one ``_KERNELS``
entry.
"""

from __future__ import annotations

import functools
import math
import operator
from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays
from ._kernels import KERNELS, NATIVE
from ._typing import ArrayT, Axis, Float, IntArrayLike, Quantile, QuantilesLike, RealScalar

_KERNELS = KERNELS


def _flat_or_axis(a: NDArray[Any], axis: Any) -> tuple[NDArray[Any], int]:
    """axis=None works on the C-order flattened array (a copy if the layout needs one)."""
    if axis is None:
        return a.reshape(-1), 0
    return a, _arrays.normalize_axis(axis, a.ndim)


def _lanes(name: str, a: NDArray[Any], axis: int, out: Any,
           params: tuple[Any, ...]) -> NDArray[Any]:
    """Run a same-shape kernel: the lean path for the common case, else the planner."""
    if out is None:
        fast = _arrays.run_lanes(_KERNELS[name], name, a, axis, params)
        if fast is not None:
            return fast
    result: NDArray[Any] = _arrays.apply(_KERNELS[name], name, a, axis, out, params)
    return result


# ------------------------------------------------------------------------------ ranking


def _rank(name: str, a: Any, axis: Any, out: Any) -> NDArray[Any]:
    a, ax = _flat_or_axis(_arrays.as_supported_array(a, name), axis)
    return _lanes(name, a, ax, out, ())


def rankdata(a: ArrayLike, axis: int | None = None, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Ranks from 1 to n of the values along an axis, ties getting their average rank.

    The same ranks as ``scipy.stats.rankdata(a, method='average', axis=axis)``, computed in O(n log
    n) (radix sort). A lane that holds any NaN gets NaN everywhere, as SciPy's default
    ``nan_policy='propagate'`` does; :func:`nanrankdata` ranks around NaN instead.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    axis : None or int, optional
        Axis along which to rank (default None); None ranks the C-order flattened array (a 1-D
        result).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept float64 under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The float64 ranks, with ``a``'s shape (1-D of ``a.size`` elements for axis=None).

    See Also
    --------
    nanrankdata : Ranks around NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.rankdata([[3, 1, 3], [2, 2, 0]], axis=1)
    array([[2.5, 1. , 2.5],
           [2.5, 2.5, 1. ]])
    """
    return _rank("rankdata", a, axis, out)


def nanrankdata(a: ArrayLike, axis: int | None = None, *,
                out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Ranks of the non-NaN values along an axis, ties averaged; NaN stays NaN.

    As :func:`rankdata`, but NaN input is left out of the ranking and gives NaN at its own position:
    ``scipy.stats.rankdata(a, nan_policy='omit')`` applied lane by lane.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    axis : None or int, optional
        Axis along which to rank (default None); None ranks the C-order flattened array (a 1-D
        result).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept float64 under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The float64 ranks, with ``a``'s shape (1-D of ``a.size`` elements for axis=None).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanrankdata([4.0, float('nan'), 1.0, 4.0])
    array([2.5, nan, 1. , 2.5])
    """
    return _rank("nanrankdata", a, axis, out)


# ------------------------------------------------------------------------------ partitioning


def _kth_positions(kth: Any, n: int, func: str) -> tuple[int, ...]:
    """kth (an int or a sequence of ints, negative counting from the end) as the sorted
    distinct positions in a lane of length n."""
    values = np.asarray(kth)
    if isinstance(kth, (bool, np.bool_)) or values.dtype.kind not in "iu" and values.size:
        raise TypeError(f"{func}: kth must be an integer or a sequence of integers, "
                        f"not {kth!r}")
    if values.ndim > 1:
        raise ValueError(f"{func}: kth must be an integer or a 1-D sequence, got {values.ndim}-D")
    if n == 0:  # NumPy checks no position against an empty axis: nothing is moved
        return ()
    positions = set()
    for k in values.reshape(-1).tolist():
        if not -n <= k < n:
            raise ValueError(f"{func}: kth(={k}) out of bounds ({n})")
        positions.add(k % n)
    return tuple(sorted(positions))


def _partition(name: str, a: Any, kth: Any, axis: Any, out: Any) -> NDArray[Any]:
    a, ax = _flat_or_axis(_arrays.as_supported_array(a, name), axis)
    positions = _kth_positions(kth, a.shape[ax], name)
    return _lanes(name, a, ax, out, (positions,))


def partition(a: ArrayLike, kth: IntArrayLike, axis: int | None = -1, *,
              out: NDArray[Any] | None = None) -> NDArray[Any]:
    """A copy of the array with the kth smallest values in their sorted positions.

    NumPy's ``np.partition``: for every position k in ``kth`` the element there is the one a full
    sort would put there, no element before it is greater and none after it is smaller; the order
    within the other stretches is unspecified. NaN sorts last. Expected O(n) per lane
    (sample-pivoted introselect, falling back to heapsort on adversarial input).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    kth : int or sequence of ints
        Positions to put in place; negative values count from the end. A position outside the axis
        raises ValueError.
    axis : None or int, optional
        Axis along which to partition (default -1, the last); None partitions the C-order flattened
        array (a 1-D result).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept ``a``'s dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The partitioned copy, with ``a``'s dtype and shape (1-D for axis=None).

    Raises
    ------
    ValueError
        If a ``kth`` position is outside the axis.
    TypeError
        If ``kth`` is not an integer or a sequence of integers.

    See Also
    --------
    argpartition : The indices instead of the values.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.partition([7, 1, 5, 3, 9], 2)[2]
    np.int64(5)
    """
    return _partition("partition", a, kth, axis, out)


def argpartition(a: ArrayLike, kth: IntArrayLike, axis: int | None = -1, *,
                 out: NDArray[np.integer[Any]] | None = None) -> NDArray[np.integer[Any]]:
    """Indices that partition the array, as ``np.argpartition``.

    ``np.take_along_axis(a, argpartition(a, kth, axis), axis)`` is partitioned as :func:`partition`
    describes; NaN sorts last.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    kth : int or sequence of ints
        Positions to put in place; negative values count from the end. A position outside the axis
        raises ValueError.
    axis : None or int, optional
        Axis along which to partition (default -1, the last); None indexes the C-order flattened
        array (a 1-D result).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept intp under 'same_kind'
        casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The intp indices along ``axis``, with ``a``'s shape (1-D for axis=None).

    Raises
    ------
    ValueError
        If a ``kth`` position is outside the axis.
    TypeError
        If ``kth`` is not an integer or a sequence of integers.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.argpartition([7, 1, 5, 3, 9], 0)[0]
    np.int64(1)
    """
    return _partition("argpartition", a, kth, axis, out)


# ------------------------------------------------------------------------------ filling


def _fill(name: str, a: Any, n: Any, axis: Any, out: Any) -> NDArray[Any]:
    limit = -1 if n is None else _arrays.check_int(n, "n", minimum=0)
    a = _arrays.as_supported_array(a, name)
    return _lanes(name, a, _arrays.normalize_axis(axis, a.ndim), out, (limit,))


def push(a: ArrayLike, n: int | None = None, axis: int = -1, *,
         out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Fill NaN forward with the last non-NaN value before it, along an axis.

    Like bottleneck's ``push`` (and pandas' ``ffill(limit=n)``): NaN before the first value stay
    NaN, and with ``n`` only the first ``n`` NaN of each run are filled.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    n : int or None, optional
        The most consecutive NaN to fill; None (default) fills every run. A negative or non-integer
        value raises. (Only floats hold NaN: other input is returned as a copy.)
    axis : int, optional
        Axis along which to fill (default -1, the last).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept ``a``'s dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The filled copy, with ``a``'s dtype and shape.

    Raises
    ------
    ValueError
        If ``n`` is negative.
    TypeError
        If ``n`` is not an integer.

    See Also
    --------
    bfill : Fill backward.

    Examples
    --------
    >>> import mypkg
    >>> nan = float('nan')
    >>> mypkg.push([nan, 1.0, nan, nan, 4.0, nan], n=1)
    array([nan,  1.,  1., nan,  4.,  4.])
    """
    return _fill("push", a, n, axis, out)


def bfill(a: ArrayLike, n: int | None = None, axis: int = -1, *,
          out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Fill NaN backward with the next non-NaN value after it, along an axis.

    :func:`push` in the other direction: NaN after the last value stay NaN, and with ``n`` only the
    last ``n`` NaN of each run are filled.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    n : int or None, optional
        The most consecutive NaN to fill; None (default) fills every run. A negative or non-integer
        value raises. (Only floats hold NaN: other input is returned as a copy.)
    axis : int, optional
        Axis along which to fill (default -1, the last).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept ``a``'s dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The filled copy, with ``a``'s dtype and shape.

    Raises
    ------
    ValueError
        If ``n`` is negative.
    TypeError
        If ``n`` is not an integer.

    Examples
    --------
    >>> import mypkg
    >>> nan = float('nan')
    >>> mypkg.bfill([nan, 1.0, nan, nan, 4.0, nan], n=1)
    array([ 1.,  1., nan,  4.,  4., nan])
    """
    return _fill("bfill", a, n, axis, out)


# ------------------------------------------------------------------------------ replacing


def _real_scalar(value: Any, argname: str) -> bool | int | float:
    """A Python bool, int or float from a real scalar (or 0-d array); TypeError otherwise."""
    if isinstance(value, float):  # the common case first (np.float64 included): one check
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return operator.index(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    raise TypeError(f"replace: {argname} must be a real number, not {type(value).__name__}")


# Finite values below these magnitudes round to a finite float16/32/64 (half an ulp above max).
_FLOAT_LIMITS = {2: 65520.0, 4: 3.4028235677973366e38, 8: math.inf}


@functools.cache
def _int_range(dtype: np.dtype) -> tuple[int, int]:
    if dtype.kind == "b":
        return 0, 1
    info = np.iinfo(dtype)
    return int(info.min), int(info.max)


def _fits(value: bool | int | float, dtype: np.dtype) -> bool:
    """Whether ``dtype`` holds ``value`` but for rounding a float to a float type (not: NaN
    or a fraction into integers, overflow to inf, out of range)."""
    if dtype.kind == "f":
        try:
            value = float(value)
        except OverflowError:  # an int beyond every float
            return False
        return not math.isfinite(value) or abs(value) < _FLOAT_LIMITS[dtype.itemsize]
    if isinstance(value, float):
        if not value.is_integer():  # NaN and infinities included
            return False
        value = int(value)
    low, high = _int_range(dtype)
    return low <= value <= high


def replace(a: NDArray[Any], old: RealScalar, new: RealScalar) -> NDArray[Any]:
    """Replace every element equal to ``old`` with ``new``, in place.

    ``old`` may be NaN (matching every NaN). Every element of ``a`` is visited as its strides
    say, so views (strided, reversed, transposed) are changed where they point and nowhere
    else. For an integer array an ``old`` that is not an integer in its range matches nothing;
    for a float array ``old`` is first rounded to its dtype, as NumPy's comparisons do.

    Parameters
    ----------
    a : ndarray
        A writable array of bool, integer or float16/32/64 dtype; it is modified.
    old : real number
        The value to replace.
    new : real number
        The value to put in its place. It must fit the dtype: a fraction or NaN for an integer
        array, or a finite value that overflows a float dtype, raises ValueError.

    Returns
    -------
    ndarray
        ``a`` itself.

    Raises
    ------
    TypeError
        If ``a`` is not an ndarray or has an unsupported dtype, or ``old``/``new`` is not a
        real number.
    ValueError
        If ``a`` is read-only or ``new`` cannot be cast safely to its dtype; ``a`` is then left
        untouched.

    Examples
    --------
    >>> import numpy as np, mypkg
    >>> a = np.array([1.0, np.nan, 3.0, np.nan])
    >>> _ = mypkg.replace(a[::2], 3.0, 0.0)
    >>> mypkg.replace(a, np.nan, -1.0)
    array([ 1., -1.,  0., -1.])
    """
    _arrays.reject_masked(a, "replace")
    if not isinstance(a, np.ndarray):
        raise TypeError(f"replace: a must be a numpy.ndarray (it is changed in place), "
                        f"not {type(a).__name__}")
    sfx = NATIVE.get(a.dtype)
    if sfx is None:
        _arrays.kernel_dtype(a.dtype, "replace")
    old, new = _real_scalar(old, "old"), _real_scalar(new, "new")
    if not a.flags.writeable:
        raise ValueError("replace: a is read-only")
    if not _fits(new, a.dtype):
        raise ValueError(f"replace: new={new!r} cannot be cast safely to the array's dtype "
                         f"{a.dtype}")
    if not _fits(old, a.dtype) or a.size == 0:
        return a
    # old and new as exact values of the kernel's type (float16 rounded first, then exact)
    old_new: tuple[int, int] | tuple[float, float]
    if a.dtype.kind != "f":
        old_new = int(old), int(new)
    elif a.dtype.itemsize == 2:
        old_new = float(np.float16(old)), float(np.float16(new))
    else:
        old_new = float(old), float(new)
    _arrays.apply(_KERNELS["replace"], "replace", a, None, a, old_new)
    return a


# ------------------------------------------------------------------------------ quantiles


def _q_values(q: Any, func: str) -> np.ndarray:
    qs = np.asarray(q)
    if qs.dtype.kind not in "iuf":
        raise TypeError(f"{func}: q must be a number or a sequence of numbers in [0, 1], "
                        f"not {q!r}")
    qs = qs.astype(np.float64)
    if not np.all((qs >= 0) & (qs <= 1)):
        raise ValueError(f"{func}: quantiles (q) must be in the range [0, 1]")
    return qs


def _quantile(name: str, a: Any, q: Any, axis: Any, out: Any, keepdims: Any) -> Any:
    a = _arrays.as_supported_array(a, name)
    # the common case (one float q, one int axis or all of a C-contiguous array) skips the
    # conversion of q into an array and the planner
    if (type(q) is float and 0.0 <= q <= 1.0 and out is None and not keepdims
            and (axis is None or type(axis) is int and -a.ndim <= axis < a.ndim)):
        fast = _arrays.quantile_lanes(_KERNELS[name], name, a, axis, q)
        if fast is not None:
            return fast
    qs = _q_values(q, name)
    return _arrays.apply(_KERNELS[name], name, a, axis, out, (qs,), keepdims)


@overload
def quantile(a: ArrayLike, q: Quantile, axis: None = None, *, out: None = None,
             keepdims: Literal[False] = False) -> Float: ...
@overload
def quantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *, out: ArrayT,
             keepdims: bool = False) -> ArrayT: ...
@overload
def quantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *, out: None = None,
             keepdims: bool = False) -> Float | NDArray[Float]: ...
def quantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *,
             out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Quantiles of array elements by linear interpolation; NaN propagates.

    ``np.quantile``'s default ("linear") method, interpolation formula included (so, as there,
    interpolating between equal infinities gives NaN), computed in float64 by selection in O(n)
    expected time on a scratch copy: the input is not modified. A lane holding NaN gives NaN, an
    empty lane NaN.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    q : float or array_like of floats
        Quantile(s) to compute, each in [0, 1] (ValueError otherwise).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    scalar or ndarray
        The quantiles, with ``q``'s dimensions first, then the unreduced ones. float32 and float16
        input give their own dtype (NumPy gives float64 for a sequence ``q``), other input float64.

    Raises
    ------
    ValueError
        If a quantile is outside [0, 1].
    TypeError
        If ``q`` is not a number or a sequence of numbers.

    See Also
    --------
    nanquantile : Ignoring NaN.
    median : The 0.5 quantile.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.quantile([[1.0, 2.0, 3.0, 4.0], [1.0, float('nan'), 0.0, 0.0]], [0.5, 1.0], axis=1)
    array([[2.5, nan],
           [4. , nan]])
    """
    return _quantile("quantile", a, q, axis, out, keepdims)


@overload
def nanquantile(a: ArrayLike, q: Quantile, axis: None = None, *, out: None = None,
                keepdims: Literal[False] = False) -> Float: ...
@overload
def nanquantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *, out: ArrayT,
                keepdims: bool = False) -> ArrayT: ...
@overload
def nanquantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *, out: None = None,
                keepdims: bool = False) -> Float | NDArray[Float]: ...
def nanquantile(a: ArrayLike, q: QuantilesLike, axis: Axis = None, *,
                out: NDArray[Any] | None = None, keepdims: bool = False) -> Any:
    """Quantiles of array elements by linear interpolation, ignoring NaN.

    As :func:`quantile` over the non-NaN values of each lane, which is ``np.nanquantile``'s default
    method; an all-NaN or empty lane gives NaN (without a warning).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    q : float or array_like of floats
        Quantile(s) to compute, each in [0, 1] (ValueError otherwise).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    scalar or ndarray
        The quantiles, with ``q``'s dimensions first, then the unreduced ones. float32 and float16
        input give their own dtype (NumPy gives float64 for a sequence ``q``), other input float64.

    Raises
    ------
    ValueError
        If a quantile is outside [0, 1].
    TypeError
        If ``q`` is not a number or a sequence of numbers.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanquantile([1.0, float('nan'), 3.0, 2.0], 0.25)
    np.float64(1.5)
    """
    return _quantile("nanquantile", a, q, axis, out, keepdims)

