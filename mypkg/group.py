"""Grouped reductions over integer labels: group_nansum ... group_nanlast.

The functions numbagg offers (and xarray's groupby engine, flox, calls), computed in one pass
(two for variances) by the C kernels of ``csrc/group.c``. ``labels`` assigns every value along
the reduced axes to a group 0 ... num_labels - 1 (a negative label skips its value); the result
has the remaining dimensions followed by one of length ``num_labels``. ``_group`` plans every
call: it validates, lays the reduced axes out as one lane axis, and delivers into ``out``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays, _library
from ._errors import raise_for_status
from ._kernels import KERNELS
from ._library import ffi
from ._typing import Axis

_INT64_MAX = np.iinfo(np.int64).max


_PARAMETERS = """    Parameters
    ----------
    values : array_like
        Input array: bool, integer or float16/32/64 dtype.
    labels : array_like of int
        The group of every value along the reduced axes: shaped like ``values`` for
        ``axis=None``, 1-D of ``values.shape[axis]`` for an int axis, or shaped like the
        reduced axes (in the tuple's order) for a tuple. Negative labels skip their value.
    num_labels : int, optional
        The number of groups; default ``max(labels) + 1``. A label at or above it raises
        ValueError.
    axis : None, int or tuple of ints, optional
        The axes to reduce; None (default) reduces every axis.
{ddof}    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The remaining dimensions of ``values`` followed by ``num_labels`` groups:
{result}

    Raises
    ------
    TypeError
        If ``labels`` are not integers (float and bool labels included).
    ValueError
        If a label is ``>= num_labels``, or ``labels`` does not match the reduced axes.

"""
_DDOF = """    ddof : int, optional
        Delta degrees of freedom (default 1): the divisor is ``count - ddof``; a group where
        that is not positive gets NaN.
"""

F = TypeVar("F", bound=Callable[..., Any])


def _shared_doc(result: str, ddof: bool = False) -> Callable[[F], F]:
    """Put the sections every grouped reduction shares into its docstring, before Examples;
    ``result`` describes what each group holds."""
    def decorate(func: F) -> F:
        shared = _PARAMETERS.format(ddof=_DDOF if ddof else "",
                                    result=textwrap.fill(result, 92, initial_indent=" " * 8,
                                                         subsequent_indent=" " * 8))
        func.__doc__ = (func.__doc__ or "").replace("    Examples\n", shared + "    Examples\n", 1)
        return func
    return decorate


def _labels_array(labels: Any, func: str) -> NDArray[np.int64]:
    """``labels`` as an int64 array; TypeError for anything but integers."""
    labs = np.asarray(labels)
    if labs.dtype.kind not in "iu":
        raise TypeError(f"{func}: labels must be an array of integers, not {labs.dtype}")
    if labs.dtype == np.uint64 and labs.size and labs.max() > _INT64_MAX:
        raise ValueError(f"{func}: labels holds {labs.max()}, beyond int64")
    return labs.astype(np.int64, copy=False)


def _group_axes(axis: Any, ndim: int, func: str) -> tuple[int, ...]:
    """The reduced axes, in the order the labels' dimensions follow them."""
    if axis is None:
        return tuple(range(ndim))
    if type(axis) is tuple:
        axes = tuple([_arrays.normalize_axis(ax, ndim) for ax in axis])
        if len(set(axes)) != len(axes):
            raise ValueError(f"{func}: duplicate value in 'axis'")
        return axes
    return (_arrays.normalize_axis(axis, ndim),)


def _num_labels(num_labels: Any, labels: NDArray[np.int64], func: str) -> int:
    """The number of groups: max(labels) + 1 by default; ValueError for a label beyond it."""
    top = int(labels.max()) if labels.size else -1
    if num_labels is None:
        return max(top + 1, 0)
    count = _arrays.check_int(num_labels, "num_labels", minimum=0)
    if top >= count:
        raise ValueError(f"{func}: labels holds {top}, not below num_labels={count}")
    return count


def _group(name: str, values: Any, labels: Any, num_labels: Any, axis: Any, out: Any,
           params: tuple[Any, ...] = ()) -> NDArray[Any]:
    """Validate a grouped reduction, run its kernel and deliver the result (into ``out`` only
    once everything has succeeded)."""
    spec = KERNELS[name]
    vals = _arrays.as_supported_array(values, name)
    labs = _labels_array(labels, name)
    axes = _group_axes(axis, vals.ndim, name)
    want = tuple([vals.shape[d] for d in axes])
    if labs.shape != want:
        raise ValueError(f"{name}: labels has shape {labs.shape}, the values "
                         f"have {want} along the reduced axes")
    flat = np.ascontiguousarray(labs.reshape(-1))
    ngroups = _num_labels(num_labels, flat, name)
    kept = [d for d in range(vals.ndim) if d not in axes]
    final_shape = tuple([vals.shape[d] for d in kept]) + (ngroups,)
    result_dtype = spec.result_dtype(vals.dtype)
    if out is not None:
        _arrays.check_out(out, final_shape, result_dtype, name)

    # The reduced axes last, in labels' order, merged into one lane axis (a copy if the layout
    # does not allow it).
    src = _arrays.prepare_input(vals, name).transpose(kept + list(axes))
    lane = len(kept)
    merged = _arrays.merge_dims(src.shape[lane:], src.strides[lane:])
    if merged is None:
        src = np.ascontiguousarray(src)
        merged = (math.prod(src.shape[lane:]), src.itemsize)
    shape = src.shape[:lane] + (merged[0],)
    strides = src.strides[:lane] + (merged[1],)

    symbol, kernel_out = spec.native[src.dtype]
    direct = (out is not None and out.dtype == kernel_out == result_dtype and out.flags.aligned
              and not np.may_share_memory(out, src))
    res: NDArray[Any] = out if direct else np.empty(final_shape, kernel_out)
    if res.size:
        kernel = _library.current().kernels[symbol]
        data = _arrays.address(src) if src.size else ffi.NULL
        rc = kernel(data, len(shape), shape, strides, _arrays.address(res), res.strides, lane,
                    ffi.from_buffer("int64_t[]", flat), ngroups, *params, 1)
        if rc:
            raise_for_status(rc, name)
    if out is not None:
        if not direct:
            with np.errstate(all="ignore"):
                np.copyto(out, res.astype(result_dtype, copy=False), casting="unsafe")
        delivered: NDArray[Any] = out
        return delivered
    if res.dtype != result_dtype:
        with np.errstate(all="ignore"):  # e.g. a float16 product overflowing to inf
            res = res.astype(result_dtype)
    return res


def _ddof(ddof: Any) -> int:
    return _arrays.check_int(ddof, "ddof", minimum=0)


@_shared_doc('the sums, with the dtype ``numpy.nansum`` gives.')
def group_nansum(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Sum of each group's values, treating NaN as zero.

    Floats are accumulated in float64 with compensated (Neumaier) summation, so float32 sums
    round the exact sum; integer sums wrap at 64 bits like NumPy's. An empty group gives 0.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nansum([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([4., 8.])
    """
    return _group("group_nansum", values, labels, num_labels, axis, out)


@_shared_doc('the means: float32 for float16/32 input, float64 otherwise.')
def group_nanmean(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                  axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Mean of each group's non-NaN values.

    The compensated sum divided by the count. A group without numbers gives NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanmean([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([2., 4.])
    """
    return _group("group_nanmean", values, labels, num_labels, axis, out)


@_shared_doc('the variances: float32 for float16/32 input, float64 otherwise.', ddof=True)
def group_nanvar(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, ddof: int = 1, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Variance of each group's non-NaN values.

    Two passes (group means, then the corrected sum of squared deviations), so large offsets
    such as ``1e9 + noise`` do not cancel. A group with ``count <= ddof`` gives NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanvar([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([2., 2.])
    """
    return _group("group_nanvar", values, labels, num_labels, axis, out, (_ddof(ddof),))


@_shared_doc('the standard deviations: float32 for float16/32 input, float64 otherwise.', ddof=True)
def group_nanstd(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, ddof: int = 1, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Standard deviation of each group's non-NaN values.

    The square root of :func:`group_nanvar`, computed the same way.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanstd([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([1.41421356, 1.41421356])
    """
    return _group("group_nanstd", values, labels, num_labels, axis, out, (_ddof(ddof),))


@_shared_doc('the minima: float32 for float16/32 input, float64 otherwise.')
def group_nanmin(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Minimum of each group's non-NaN values.

    A group without numbers gives NaN; the result is a float so that it can say so (integers
    beyond 2**53 are rounded).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanmin([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([1., 3.])
    """
    return _group("group_nanmin", values, labels, num_labels, axis, out)


@_shared_doc('the maxima: float32 for float16/32 input, float64 otherwise.')
def group_nanmax(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Maximum of each group's non-NaN values.

    A group without numbers gives NaN; the result is a float so that it can say so (integers
    beyond 2**53 are rounded).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanmax([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([3., 5.])
    """
    return _group("group_nanmax", values, labels, num_labels, axis, out)


@_shared_doc('the int64 (intp) positions.')
def group_nanargmin(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                    axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Position of each group's smallest non-NaN value.

    The position is the index along the reduced axes (flattened in C order of the labels'
    dimensions), the first on ties. A group without numbers gives -1.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanargmin([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([0, 1])
    """
    return _group("group_nanargmin", values, labels, num_labels, axis, out)


@_shared_doc('the int64 (intp) positions.')
def group_nanargmax(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                    axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Position of each group's largest non-NaN value.

    The position is the index along the reduced axes (flattened in C order of the labels'
    dimensions), the first on ties. A group without numbers gives -1.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanargmax([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([2, 4])
    """
    return _group("group_nanargmax", values, labels, num_labels, axis, out)


@_shared_doc('the values: float32 for float16/32 input, float64 otherwise.')
def group_nanfirst(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                   axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """First non-NaN value of each group, along the reduced axes.

    A group without numbers gives NaN (a float result, as :func:`group_nanmin`).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanfirst([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([1., 3.])
    """
    return _group("group_nanfirst", values, labels, num_labels, axis, out)


@_shared_doc('the values: float32 for float16/32 input, float64 otherwise.')
def group_nanlast(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                  axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Last non-NaN value of each group, along the reduced axes.

    A group without numbers gives NaN (a float result, as :func:`group_nanmin`).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanlast([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([3., 5.])
    """
    return _group("group_nanlast", values, labels, num_labels, axis, out)


@_shared_doc('the int64 (intp) counts.')
def group_nancount(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                   axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Number of non-NaN values in each group.

    Integer and bool values always count. An empty group gives 0.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nancount([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([2, 2])
    """
    return _group("group_nancount", values, labels, num_labels, axis, out)


@_shared_doc('the products, with the dtype ``numpy.nanprod`` gives.')
def group_nanprod(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                  axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Product of each group's values, treating NaN as one.

    Floats multiply in float64; integer products wrap at 64 bits like NumPy's. An empty group
    gives 1.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanprod([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([ 3., 15.])
    """
    return _group("group_nanprod", values, labels, num_labels, axis, out)


@_shared_doc('the sums, with the dtype ``numpy.sum(values * values)`` gives.')
def group_nansum_of_squares(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                            axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Sum of the squares of each group's values, treating NaN as zero.

    Compensated as :func:`group_nansum`. An empty group gives 0.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nansum_of_squares([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([10., 34.])
    """
    return _group("group_nansum_of_squares", values, labels, num_labels, axis, out)


@_shared_doc('the bool results.')
def group_nanany(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Whether any of each group's non-NaN values is non-zero.

    NaN is skipped. An empty group gives False.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanany([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([ True,  True])
    """
    return _group("group_nanany", values, labels, num_labels, axis, out)


@_shared_doc('the bool results.')
def group_nanall(values: ArrayLike, labels: ArrayLike, *, num_labels: int | None = None,
                 axis: Axis = None, out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Whether all of each group's non-NaN values are non-zero.

    NaN is skipped. An empty group gives True.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.group_nanall([1.0, 3.0, 3.0, float('nan'), 5.0], [0, 1, 0, 1, 1])
    array([ True,  True])
    """
    return _group("group_nanall", values, labels, num_labels, axis, out)
