"""NaN-aware reductions: nansum, nanmean, nanvar, nanstd, nanmin, nanmax, nanargmin,
nanargmax, ss, anynan, allnan, median, nanmedian.

Each public function is a signature and a docstring around ``_reduce``, driven by one entry of
``_REDUCTIONS`` that names the kernel and its result-dtype rule.
"""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays
from ._kernels import KERNELS
from ._typing import ArrayT, Axis, Float, Number, Real

_REDUCTIONS = {name: spec for name, spec in KERNELS.items()
               if spec.family in ("reduce", "reduce_ddof")}
_FULL = {name: _arrays.FullReduction(name, spec.native) for name, spec in _REDUCTIONS.items()}


def _reduce(name: str, a: Any, axis: Any, out: Any, keepdims: Any,
            params: tuple[Any, ...] = ()) -> Any:
    """The two shortcuts where they apply (see ``_arrays``), else the planner."""
    if type(a) is not np.ndarray:
        a = _arrays.as_ndarray(a, name)
    if out is None:  # the common cases first, each with as little Python as possible
        if axis is None:
            if not keepdims and a.flags.carray:  # C-contiguous, aligned (and writeable)
                result = _FULL[name].run(a, params)
                if result is not None:
                    return result
        elif type(axis) is int and -a.ndim <= axis < a.ndim:
            kernel = _REDUCTIONS[name].native.get(a.dtype)  # (symbol, output dtype)
            if kernel is not None and a.flags.aligned:
                if not a.size:  # then the kernel is not called to say so
                    _arrays.check_identity(name, a.shape[axis])
                res = _arrays.reduce_axis(kernel[0], name, a, axis % a.ndim, kernel[1], params)
                if keepdims:
                    res = np.expand_dims(res, axis)
                return res[()] if res.ndim == 0 else res
    return _arrays.apply(_REDUCTIONS[name], name, a, axis, out, params, keepdims)


@overload
def nansum(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> Number: ...
@overload
def nansum(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def nansum(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> Number | NDArray[Number]: ...
def nansum(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Sum of array elements, treating NaN as zero.

    Float input is accumulated in float64, every addition compensated (TwoSum): the error stays
    within a few ulps of the sum of the absolute values (before the final rounding to float32 for
    float32 input), at least as accurate as NumPy's pairwise sum. Integer sums wrap at 64 bits
    like NumPy's. An all-NaN or empty input sums to 0.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The sum, with the dtype NumPy's ``np.nansum`` gives for this input.

    See Also
    --------
    nanmean : The mean, ignoring NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nansum([1.0, float('nan'), 2.5])
    np.float64(3.5)
    """
    return _reduce("nansum", a, axis, out, keepdims)


@overload
def ss(a: ArrayLike, axis: None = None, *, out: None = None,
       keepdims: Literal[False] = False) -> Number: ...
@overload
def ss(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def ss(a: ArrayLike, axis: Axis = None, *, out: None = None,
       keepdims: bool = False) -> Number | NDArray[Number]: ...
def ss(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
       keepdims: bool = False) -> Any:
    """Sum of the squares of array elements (NaN propagates).

    Float input is accumulated in float64 with compensated summation; integers are squared and
    summed in 64-bit integer arithmetic. An empty input gives 0.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The sum of squares, with the dtype of ``np.sum(a * a)``.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.ss([1, 2, 3])
    np.int64(14)
    """
    return _reduce("ss", a, axis, out, keepdims)


@overload
def nanmean(a: ArrayLike, axis: None = None, *, out: None = None,
            keepdims: Literal[False] = False) -> Float: ...
@overload
def nanmean(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def nanmean(a: ArrayLike, axis: Axis = None, *, out: None = None,
            keepdims: bool = False) -> Float | NDArray[Float]: ...
def nanmean(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
            keepdims: bool = False) -> Any:
    """Mean of array elements, ignoring NaN.

    Accumulated in float64 with compensated summation. An all-NaN or empty lane gives NaN (without a
    warning).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The mean, with the dtype NumPy's ``np.nanmean`` gives for this input (float64 for integers).

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanmean([[1.0, float('nan')], [3.0, 4.0]], axis=1)
    array([1. , 3.5])
    """
    return _reduce("nanmean", a, axis, out, keepdims)


@overload
def nanvar(a: ArrayLike, axis: None = None, ddof: int = 0, *, out: None = None,
           keepdims: Literal[False] = False) -> Float: ...
@overload
def nanvar(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: ArrayT,
           keepdims: bool = False) -> ArrayT: ...
@overload
def nanvar(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: None = None,
           keepdims: bool = False) -> Float | NDArray[Float]: ...
def nanvar(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Variance of array elements, ignoring NaN.

    Computed in float64 with the corrected two-pass algorithm, so large offsets (e.g. values around
    1e9 with small noise) do not cancel catastrophically.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``count - ddof`` where ``count`` is the number of
        non-NaN values; the result is NaN where ``count - ddof <= 0``.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    scalar or ndarray
        The variance, with the dtype NumPy's ``np.nanvar`` gives for this input.

    See Also
    --------
    nanstd : Its square root.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanvar([1.0, 2.0, 3.0, float('nan')], ddof=1)
    np.float64(1.0)
    """
    if type(ddof) is not int or not 0 <= ddof < 2**63:  # plain ints skip a call
        ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _reduce("nanvar", a, axis, out, keepdims, (ddof,))


@overload
def nanstd(a: ArrayLike, axis: None = None, ddof: int = 0, *, out: None = None,
           keepdims: Literal[False] = False) -> Float: ...
@overload
def nanstd(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: ArrayT,
           keepdims: bool = False) -> ArrayT: ...
@overload
def nanstd(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: None = None,
           keepdims: bool = False) -> Float | NDArray[Float]: ...
def nanstd(a: ArrayLike, axis: Axis = None, ddof: int = 0, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Standard deviation of array elements, ignoring NaN.

    The square root of :func:`nanvar`, computed the same way.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``count - ddof`` where ``count`` is the number of
        non-NaN values; the result is NaN where ``count - ddof <= 0``.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    scalar or ndarray
        The standard deviation, with the dtype NumPy's ``np.nanstd`` gives for this input.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanstd([1.0, 3.0, float('nan')])
    np.float64(1.0)
    """
    if type(ddof) is not int or not 0 <= ddof < 2**63:  # plain ints skip a call
        ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _reduce("nanstd", a, axis, out, keepdims, (ddof,))


@overload
def nanmin(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> Real: ...
@overload
def nanmin(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def nanmin(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> Real | NDArray[Real]: ...
def nanmin(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Minimum of array elements, ignoring NaN.

    An all-NaN lane gives NaN (without a warning).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The minimum, with the input's dtype.

    Raises
    ------
    ValueError
        If a reduced axis has length zero.

    See Also
    --------
    nanargmin : Where the minimum is.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanmin([3.0, float('nan'), -1.0])
    np.float64(-1.0)
    """
    return _reduce("nanmin", a, axis, out, keepdims)


@overload
def nanmax(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> Real: ...
@overload
def nanmax(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def nanmax(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> Real | NDArray[Real]: ...
def nanmax(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Maximum of array elements, ignoring NaN.

    An all-NaN lane gives NaN (without a warning).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The maximum, with the input's dtype.

    Raises
    ------
    ValueError
        If a reduced axis has length zero.

    See Also
    --------
    nanargmax : Where the maximum is.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanmax([3.0, float('nan'), -1.0])
    np.float64(3.0)
    """
    return _reduce("nanmax", a, axis, out, keepdims)


@overload
def nanargmin(a: ArrayLike, axis: None = None, *, out: None = None,
              keepdims: Literal[False] = False) -> np.intp: ...
@overload
def nanargmin(a: ArrayLike, axis: int | None = None, *, out: ArrayT,
              keepdims: bool = False) -> ArrayT: ...
@overload
def nanargmin(a: ArrayLike, axis: int | None = None, *, out: None = None,
              keepdims: bool = False) -> np.intp | NDArray[np.intp]: ...
def nanargmin(a: ArrayLike, axis: int | None = None, *, out: NDArray[Any] | None = None,
              keepdims: bool = False) -> Any:
    """Index of the minimum, ignoring NaN (the first one if it occurs more than once).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None or int, optional
        Axis to reduce over; None (default) gives the index into the flattened (C-order) array.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    intp scalar or ndarray
        The index along ``axis`` (into the flattened array if None).

    Raises
    ------
    ValueError
        If a lane is all NaN or the axis has length zero.
    TypeError
        If ``axis`` is a tuple.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanargmin([3.0, float('nan'), -1.0, -1.0])
    np.int64(2)
    """
    return _reduce("nanargmin", a, axis, out, keepdims)


@overload
def nanargmax(a: ArrayLike, axis: None = None, *, out: None = None,
              keepdims: Literal[False] = False) -> np.intp: ...
@overload
def nanargmax(a: ArrayLike, axis: int | None = None, *, out: ArrayT,
              keepdims: bool = False) -> ArrayT: ...
@overload
def nanargmax(a: ArrayLike, axis: int | None = None, *, out: None = None,
              keepdims: bool = False) -> np.intp | NDArray[np.intp]: ...
def nanargmax(a: ArrayLike, axis: int | None = None, *, out: NDArray[Any] | None = None,
              keepdims: bool = False) -> Any:
    """Index of the maximum, ignoring NaN (the first one if it occurs more than once).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None or int, optional
        Axis to reduce over; None (default) gives the index into the flattened (C-order) array.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    intp scalar or ndarray
        The index along ``axis`` (into the flattened array if None).

    Raises
    ------
    ValueError
        If a lane is all NaN or the axis has length zero.
    TypeError
        If ``axis`` is a tuple.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanargmax([[1.0, 5.0], [float('nan'), 2.0]], axis=1)
    array([1, 1])
    """
    return _reduce("nanargmax", a, axis, out, keepdims)


@overload
def anynan(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> np.bool_: ...
@overload
def anynan(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def anynan(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> np.bool_ | NDArray[np.bool_]: ...
def anynan(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Whether any element is NaN.

    Stops reading a lane at its first NaN. Integer and bool input never holds NaN; an empty lane
    gives False.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    bool scalar or ndarray
        True where the reduced elements include a NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.anynan([1.0, float('nan')])
    np.True_
    """
    return _reduce("anynan", a, axis, out, keepdims)


@overload
def allnan(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> np.bool_: ...
@overload
def allnan(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def allnan(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> np.bool_ | NDArray[np.bool_]: ...
def allnan(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Whether every element is NaN.

    Stops reading a lane at its first non-NaN value. An empty lane gives True (all of its zero
    elements are NaN), also for integer input.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce over; None (default) reduces over all elements.
    out : ndarray, optional
        Where to write the result; it must have the result's shape and accept its dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.
    keepdims : bool, optional
        If True, the reduced axes are kept as dimensions of size one.

    Returns
    -------
    bool scalar or ndarray
        True where the reduced elements are all NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.allnan([float('nan'), float('nan')])
    np.True_
    """
    return _reduce("allnan", a, axis, out, keepdims)


@overload
def median(a: ArrayLike, axis: None = None, *, out: None = None,
           keepdims: Literal[False] = False) -> Float: ...
@overload
def median(a: ArrayLike, axis: Axis = None, *, out: ArrayT, keepdims: bool = False) -> ArrayT: ...
@overload
def median(a: ArrayLike, axis: Axis = None, *, out: None = None,
           keepdims: bool = False) -> Float | NDArray[Float]: ...
def median(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
           keepdims: bool = False) -> Any:
    """Median of array elements; any NaN in a lane makes its median NaN.

    Selection in O(n) expected time (introselect with a heapsort guard against adversarial input),
    on a scratch copy of each lane: the input is not modified. An even count averages the two middle
    values.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The median, with the dtype NumPy's ``np.median`` gives for this input (float64 for
        integers).

    See Also
    --------
    nanmedian : The median ignoring NaN.
    quantile : Any quantiles, with the same selection.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.median([4, 1, 3, 2])
    np.float64(2.5)
    """
    return _reduce("median", a, axis, out, keepdims)


@overload
def nanmedian(a: ArrayLike, axis: None = None, *, out: None = None,
              keepdims: Literal[False] = False) -> Float: ...
@overload
def nanmedian(a: ArrayLike, axis: Axis = None, *, out: ArrayT,
              keepdims: bool = False) -> ArrayT: ...
@overload
def nanmedian(a: ArrayLike, axis: Axis = None, *, out: None = None,
              keepdims: bool = False) -> Float | NDArray[Float]: ...
def nanmedian(a: ArrayLike, axis: Axis = None, *, out: NDArray[Any] | None = None,
              keepdims: bool = False) -> Any:
    """Median of array elements, ignoring NaN.

    As :func:`median` over the non-NaN values; an all-NaN or empty lane gives NaN (without a
    warning).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype (anything ``numpy.asarray`` accepts).
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
        The median, with the dtype NumPy's ``np.nanmedian`` gives for this input (float64 for
        integers).

    See Also
    --------
    nanquantile : Any quantiles, ignoring NaN.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.nanmedian([4.0, float('nan'), 1.0, 3.0])
    np.float64(3.0)
    """
    return _reduce("nanmedian", a, axis, out, keepdims)

