"""Exponentially weighted moving statistics (move_exp_nancount, _nansum, _nanmean, _nanvar,
_nanstd, _nancov, _nancorr), the moving-window covariance and correlation of two arrays
(move_cov, move_corr), nancount and ffill: numbagg's functions with numbagg's signatures, plus
``out=``.

The exponentially weighted functions and move_cov/move_corr read several arrays, so they run
through ``_arrays.apply_many``; nancount and ffill are one-array kernels run by
``_arrays.apply``. Correspondence with pandas (the tests check it): ``move_exp_nanmean(a,
alpha=x)`` is ``Series(a).ewm(alpha=x, adjust=True, ignore_na=False).mean()`` and likewise for
``sum``, ``var`` (``bias=False``), ``std``, ``cov`` (``bias=False``) and ``corr``; ``move_cov(a, b,
window, min_count)`` is ``Series(a).rolling(window, min_periods=min_count).cov(Series(b))``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays
from ._kernels import KERNELS
from ._typing import Float
from .move import window_args

# The sections every exponentially weighted function shares; _shared_doc puts them before
# its Examples.
_EXP_DOC = """
    Parameters
    ----------
{arrays}
    alpha : float or array_like
        The decay: a number in ``(0, 1]``, a 1-D array of length ``a.shape[axis]`` (one decay
        per step), or an array of the input's shape.
    min_weight : float, optional
        The least weight that gives a result, ``>= 0`` (default 0: every position).
    axis : int, optional
        Axis along which the weights decay (default: the last).
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept the result dtype
        under 'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        The input's shape{bshape}; float32 for float32 input, float16 for float16 input
        (computed in float64), float64 otherwise.

    Raises
    ------
    ValueError
        If alpha is outside ``(0, 1]`` (or NaN) or its shape fits neither form, if min_weight
        is negative or NaN{bvalue}, or if the input is 0-d.
    TypeError
        If alpha or min_weight is not a real number (array), or axis is not an integer.

"""

_ONE = """    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension."""
_TWO = """    a, b : array_like
        Input arrays (bool, integer or float16/32/64 dtype) that broadcast together, computed
        in their common dtype."""

F = TypeVar("F", bound=Callable[..., Any])


def _shared_doc(two: bool) -> Callable[[F], F]:
    """Put the shared sections into a function's docstring, before its Examples."""
    def decorate(func: F) -> F:
        shared = _EXP_DOC.format(arrays=_TWO if two else _ONE,
                                 bshape=" (the broadcast shape of a and b)" if two else "",
                                 bvalue=", if a and b do not broadcast" if two else "")
        doc = func.__doc__ or ""
        func.__doc__ = doc.replace("\n    Examples\n", shared + "    Examples\n", 1)
        return func
    return decorate


def _real(value: Any, argname: str, func: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {argname} must be a real number, not {type(value).__name__}")
    return float(value)


def _alpha(alpha: Any, shape: tuple[int, ...], axis: int, func: str) -> NDArray[np.float64]:
    """alpha as a float64 array that broadcasts to ``shape`` with its steps along ``axis``."""
    if np.ndim(alpha) == 0 and not isinstance(alpha, np.ndarray):
        arr = np.asarray(_real(alpha, "alpha", func))
    else:
        raw = np.asarray(alpha)
        if raw.dtype.kind not in "iuf":
            raise TypeError(f"{func}: alpha must hold real numbers, not {raw.dtype}")
        arr = raw.astype(np.float64)
        n = shape[axis]
        if arr.ndim == 1 and arr.shape[0] == n:
            arr = arr.reshape([n if d == axis else 1 for d in range(len(shape))])
        elif arr.shape != shape and arr.ndim != 0:
            raise ValueError(f"{func}: alpha must be a number, a 1-D array of length {n} (the "
                             f"length of axis {axis}) or an array of shape {shape}; got an "
                             f"array of shape {arr.shape}")
    if not np.all((arr > 0.0) & (arr <= 1.0)):  # NaN fails too
        raise ValueError(f"{func}: alpha must be in (0, 1]; got "
                         f"{arr[~((arr > 0.0) & (arr <= 1.0))].flat[0]}")
    return arr


def _exp(name: str, arrays: tuple[Any, ...], alpha: Any, min_weight: Any, axis: Any,
         out: Any) -> NDArray[Any]:
    """Validate everything (before anything is written), then run the kernel."""
    inputs, shape = _arrays.broadcast_inputs(name, *arrays)
    if not shape:
        raise ValueError(f"{name}: moving statistics need an array with at least one dimension")
    ax = _arrays.normalize_axis(axis, len(shape))
    weights = _alpha(alpha, shape, ax, name)
    least = _real(min_weight, "min_weight", name)
    if not least >= 0.0:
        raise ValueError(f"{name}: min_weight must be >= 0, got {least}")
    moved: NDArray[Any] = _arrays.apply_many(KERNELS[name], name, inputs, ax, out, (weights,),
                                             (least,))
    return moved


@_shared_doc(False)
def move_exp_nancount(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                      axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving count of the non-NaN values.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value enters with weight 1. Position ``i`` gets the decayed count
    of the non-NaN values (the sum of their weights) of the values so far, or NaN where the
    decayed sum of the entering values' alphas (the weight, at most 1) is below ``min_weight``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nancount([1.0, float('nan'), 3.0], alpha=0.5)
    array([1.  , 0.5 , 1.25])
    """
    return _exp("move_exp_nancount", (a,), alpha, min_weight, axis, out)


@_shared_doc(False)
def move_exp_nansum(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving sum, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value enters with weight 1. Position ``i`` gets the weighted sum
    of the values so far, or NaN where the decayed sum of the entering values' alphas (the
    weight, at most 1) is below ``min_weight``. Before the first value it is NaN; pandas'
    ``ewm(alpha=alpha, adjust=True, ignore_na=False).sum()``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nansum([1.0, 2.0, 3.0], alpha=0.5)
    array([1.  , 2.5 , 4.25])
    """
    return _exp("move_exp_nansum", (a,), alpha, min_weight, axis, out)


@_shared_doc(False)
def move_exp_nanmean(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                     axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving mean, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value enters with weight 1. Position ``i`` gets the weighted mean
    of the values so far, or NaN where the decayed sum of the entering values' alphas (the
    weight, at most 1) is below ``min_weight``. It is pandas' ``ewm(alpha=alpha, adjust=True,
    ignore_na=False).mean()``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nanmean([1.0, 2.0, float('nan'), 4.0], alpha=0.5)
    array([1.        , 1.66666667, 1.66666667, 3.36363636])
    """
    return _exp("move_exp_nanmean", (a,), alpha, min_weight, axis, out)


@_shared_doc(False)
def move_exp_nanvar(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving variance, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value enters with weight 1. Position ``i`` gets the unbiased
    weighted variance of the values so far, or NaN where the decayed sum of the entering
    values' alphas (the weight, at most 1) is below ``min_weight``. With weights w it is
    ``sum(w * (x - mean)**2) / (sum(w) - sum(w**2) / sum(w))``, pandas' ``ewm(alpha=alpha,
    adjust=True, ignore_na=False).var(bias=False)``, and NaN where all the weight is on one
    value. It is computed from the weighted mean and squared deviations (not from sums of
    squares), so data far from zero keeps its precision and the result is never negative.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nanvar([1.0, 2.0, 4.0], alpha=0.5)
    array([nan, 0.5, 2.5])
    """
    return _exp("move_exp_nanvar", (a,), alpha, min_weight, axis, out)


@_shared_doc(False)
def move_exp_nanstd(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving standard deviation, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value enters with weight 1. Position ``i`` gets the square root of
    the unbiased weighted variance of the values so far, or NaN where the decayed sum of the
    entering values' alphas (the weight, at most 1) is below ``min_weight``. (see
    `move_exp_nanvar`); pandas' ``ewm(alpha=alpha, adjust=True,
    ignore_na=False).std(bias=False)``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nanstd([1.0, 2.0, 4.0], alpha=0.5)
    array([       nan, 0.70710678, 1.58113883])
    """
    return _exp("move_exp_nanstd", (a,), alpha, min_weight, axis, out)


@_shared_doc(True)
def move_exp_nancov(a: ArrayLike, b: ArrayLike, *, alpha: float | ArrayLike,
                    min_weight: float = 0.0, axis: int = -1,
                    out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving covariance of two arrays, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value pair (a and b both non-NaN) enters with weight 1. Position
    ``i`` gets the unbiased weighted covariance of the values so far, or NaN where the decayed
    sum of the entering values' alphas (the weight, at most 1) is below ``min_weight``. With
    weights w it is ``sum(w * (a - mean_a) * (b - mean_b)) / (sum(w) - sum(w**2) / sum(w))``,
    pandas' ``ewm(alpha=alpha, adjust=True, ignore_na=False).cov(other, bias=False)``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nancov([1.0, 2.0, 4.0], [2.0, 1.0, 5.0], alpha=0.5)
    array([ nan, -0.5,  3.5])
    """
    return _exp("move_exp_nancov", (a, b), alpha, min_weight, axis, out)


@_shared_doc(True)
def move_exp_nancorr(a: ArrayLike, b: ArrayLike, *, alpha: float | ArrayLike,
                     min_weight: float = 0.0, axis: int = -1,
                     out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Exponentially weighted moving correlation of two arrays, ignoring NaN.

    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value pair (a and b both non-NaN) enters with weight 1. Position
    ``i`` gets the weighted correlation of the values so far, or NaN where the decayed sum of
    the entering values' alphas (the weight, at most 1) is below ``min_weight``. It is in
    ``[-1, 1]``, NaN where either weighted variance is 0; pandas' ``ewm(alpha=alpha,
    adjust=True, ignore_na=False).corr(other)``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_exp_nancorr([1.0, 2.0, 4.0], [2.0, 1.0, 5.0], alpha=0.5)
    array([        nan, -1.        ,  0.90912377])
    """
    return _exp("move_exp_nancorr", (a, b), alpha, min_weight, axis, out)


def _pair(name: str, a: Any, b: Any, window: Any, min_count: Any, axis: Any, ddof: Any,
          out: Any) -> NDArray[Any]:
    """Validate everything (before anything is written), then run the kernel."""
    inputs, shape = _arrays.broadcast_inputs(name, a, b)
    ax, window, min_count = window_args(name, shape, axis, window, min_count)
    ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    moved: NDArray[Any] = _arrays.apply_many(KERNELS[name], name, inputs, ax, out, (),
                                             (window, min_count, ddof))
    return moved


def move_cov(a: ArrayLike, b: ArrayLike, window: int, min_count: int | None = None,
             axis: int = -1, ddof: int = 1, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window covariance of two arrays over the pairs where both are non-NaN.

    Position ``i`` along ``axis`` gets the covariance (divided by ``count - ddof``) of the
    pairs in the trailing window ``[i-window+1, i]`` (shorter at the start), or NaN where it
    holds fewer than ``min_count`` pairs or ``count - ddof <= 0``: pandas'
    ``Series(a).rolling(window, min_periods=min_count).cov(Series(b))`` and numbagg's
    ``move_cov``. Each window is computed afresh from counts, means and sums of deviations, so
    nothing drifts along the array and an inf makes NaN exactly the windows holding it.

    Parameters
    ----------
    a, b : array_like
        Input arrays (bool, integer or float16/32/64 dtype) that broadcast together, computed
        in their common dtype; at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, shape[axis]]``.
    min_count : int or None, optional
        Fewest pairs a window must hold to give a result, in ``[1, window]``; None (default)
        means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    ddof : int, optional
        Delta degrees of freedom, ``>= 0``: the divisor is ``count - ddof`` (default 1, as pandas).
    out : ndarray, optional
        Where to write the result; it must have the broadcast shape of a and b and accept the
        result dtype under 'same_kind' casting. It is returned, and left untouched if the call
        raises.

    Returns
    -------
    ndarray
        The broadcast shape of a and b; float32 for float32 input, float16 for float16 input
        (computed in float64), float64 otherwise.

    Raises
    ------
    ValueError
        If ``window``, ``min_count`` or ``ddof`` is outside its range, if a and b do not
        broadcast, or if they are 0-d.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_cov([1.0, 2.0, 4.0, 3.0], [1.0, 3.0, 2.0, 5.0], window=3)
    array([ nan,  nan,  0.5, -0.5])
    """
    return _pair("move_cov", a, b, window, min_count, axis, ddof, out)


def move_corr(a: ArrayLike, b: ArrayLike, window: int, min_count: int | None = None,
              axis: int = -1, ddof: int = 1, *,
              out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window correlation of two arrays over the pairs where both are non-NaN.

    Position ``i`` along ``axis`` gets the Pearson correlation of the pairs in the trailing
    window ``[i-window+1, i]`` (shorter at the start), or NaN where it holds fewer than
    ``min_count`` pairs, or where either variance is 0: pandas' ``Series(a).rolling(window,
    min_periods=min_count).corr(Series(b))`` and numbagg's ``move_corr``. Each window is
    computed afresh from counts, means and sums of deviations, so nothing drifts along the
    array and an inf makes NaN exactly the windows holding it, and the result stays in ``[-1,
    1]``.

    Parameters
    ----------
    a, b : array_like
        Input arrays (bool, integer or float16/32/64 dtype) that broadcast together, computed
        in their common dtype; at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, shape[axis]]``.
    min_count : int or None, optional
        Fewest pairs a window must hold to give a result, in ``[1, window]``; None (default)
        means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    ddof : int, optional
        Delta degrees of freedom, ``>= 0`` (it cancels out of a correlation; accepted for
        pandas' signature).
    out : ndarray, optional
        Where to write the result; it must have the broadcast shape of a and b and accept the
        result dtype under 'same_kind' casting. It is returned, and left untouched if the call
        raises.

    Returns
    -------
    ndarray
        The broadcast shape of a and b; float32 for float32 input, float16 for float16 input
        (computed in float64), float64 otherwise.

    Raises
    ------
    ValueError
        If ``window``, ``min_count`` or ``ddof`` is outside its range, if a and b do not
        broadcast, or if they are 0-d.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_corr([1.0, 2.0, 4.0, 3.0], [1.0, 3.0, 2.0, 5.0], window=3)
    array([        nan,         nan,  0.32732684, -0.32732684])
    """
    return _pair("move_corr", a, b, window, min_count, axis, ddof, out)


def nancount(a: ArrayLike, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False,
             out: NDArray[np.int64] | None = None) -> Any:
    """Count the non-NaN values along the given axes (every value of an integer or bool array).

    numbagg's ``nancount``; ``np.count_nonzero(~np.isnan(a), axis)`` for float input.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    axis : None, int or tuple of ints, optional
        Axes to count along; None (default) counts every element.
    keepdims : bool, optional
        Keep the counted axes with length 1.
    out : ndarray, optional
        Where to write the counts; it must have the result's shape and accept int64 under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    numpy.int64 or ndarray
        The counts, int64: a scalar when every axis is counted without keepdims.

    Raises
    ------
    numpy.exceptions.AxisError
        If an axis is out of range.
    TypeError
        If the dtype is not supported, or an axis is not an integer.

    Examples
    --------
    >>> import mypkg
    >>> import numpy as np
    >>> mypkg.nancount([[1.0, np.nan], [3.0, 4.0]], axis=1)
    array([1, 2])
    """
    counted = _arrays.apply(KERNELS["nancount"], "nancount", a, axis, out, (), keepdims)
    return counted


def ffill(a: ArrayLike, *, limit: int | None = None, axis: int = -1,
          out: NDArray[Any] | None = None) -> NDArray[Any]:
    """Fill NaN forward with the last non-NaN value before it, along an axis.

    numbagg's ``ffill`` (and pandas' ``ffill(limit=limit)``), with `push`'s kernel: NaN before
    the first value stay NaN, and with ``limit`` only the first ``limit`` NaN of each run are
    filled.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype.
    limit : int or None, optional
        The most consecutive NaN to fill, ``>= 0``; None (default) fills every run.
    axis : int, optional
        Axis along which to fill (default -1, the last).
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept ``a``'s dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape and dtype (in native byte order).

    Raises
    ------
    ValueError
        If ``limit`` is negative.
    TypeError
        If ``limit`` or ``axis`` is not an integer.

    Examples
    --------
    >>> import mypkg
    >>> import numpy as np
    >>> mypkg.ffill([1.0, np.nan, np.nan, 4.0, np.nan], limit=1)
    array([ 1.,  1., nan,  4.,  4.])
    """
    n = -1 if limit is None else _arrays.check_int(limit, "limit", minimum=0)
    filled: NDArray[Any] = _arrays.apply(KERNELS["push"], "ffill", a, axis, out, (n,))
    return filled
