"""Moving-window statistics: move_sum, move_mean, move_var, move_std, move_min, move_max,
move_argmin, move_argmax, move_median, move_quantile, move_rank.

Each public function is a signature and a docstring around ``_move``, which validates the
arguments and runs the kernel named by one entry of ``_MOVES`` through the planner,
``_arrays.apply``.
Signatures follow bottleneck's (``f(a, window, min_count=None, axis=-1)``) plus ``out=``.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays
from ._kernels import KERNELS
from ._typing import Float

_MOVES = {name: spec for name, spec in KERNELS.items() if spec.family.startswith("move")}


def window_args(name: str, shape: tuple[int, ...], axis: Any, window: Any,
                min_count: Any) -> tuple[int, int, int]:
    """The axis, window and min_count of a moving-window call on an array of ``shape``,
    validated (TypeError / AxisError / ValueError naming the argument)."""
    if axis is None:
        raise TypeError(f"{name}: axis must be an integer, not None")
    if not shape:
        raise ValueError(f"{name}: moving windows need an array with at least one dimension")
    ax = _arrays.normalize_axis(axis, len(shape))
    window = _arrays.check_int(window, "window", minimum=1)
    if window > shape[ax]:
        raise ValueError(f"{name}: window must be in [1, {shape[ax]}] (the length of axis "
                         f"{ax}), got {window}")
    if min_count is None:
        return ax, window, window
    min_count = _arrays.check_int(min_count, "min_count", minimum=1)
    if min_count > window:
        raise ValueError(f"{name}: min_count must be in [1, window={window}], got {min_count}")
    return ax, window, min_count


def _move(name: str, a: Any, window: Any, min_count: Any, axis: Any, out: Any,
          extra: tuple[Any, ...] = ()) -> NDArray[Any]:
    """Validate everything (before anything is written), then run the kernel."""
    a = _arrays.as_supported_array(a, name)
    ax, window, min_count = window_args(name, a.shape, axis, window, min_count)
    params = (window, min_count) + extra
    if out is None:
        fast = _arrays.run_lanes(_MOVES[name], name, a, ax, params)
        if fast is not None:
            return fast
    moved: NDArray[Any] = _arrays.apply(_MOVES[name], name, a, ax, out, params)
    return moved


def _check_q(q: Any) -> float:
    if isinstance(q, (bool, np.bool_)) or not isinstance(q, numbers.Real):
        raise TypeError(f"move_quantile: q must be a real number, not {type(q).__name__}")
    value = float(q)
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"move_quantile: q must be in [0, 1], got {value}")
    return value


def move_sum(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window sum, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    Each window is computed afresh from its own values in O(1) amortized time per element, so
    nothing drifts along the array: an inf (or a huge value) affects exactly the windows that hold
    it, which give what ``np.nansum`` gives over them.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_sum([1.0, 2.0, float('nan'), 4.0], window=2, min_count=1)
    array([1., 3., 2., 4.])
    """
    return _move("move_sum", a, window, min_count, axis, out)


def move_mean(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
              out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window mean, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    Each window is computed afresh from its own values in O(1) amortized time per element, so
    nothing drifts along the array: float32 input is accumulated in float64.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_mean([1.0, 2.0, 3.0, 4.0], window=2)
    array([nan, 1.5, 2.5, 3.5])
    """
    return _move("move_mean", a, window, min_count, axis, out)


def move_var(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, ddof: int = 0,
             *, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window variance, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    Each window is computed afresh from its own values in O(1) amortized time per element, so
    nothing drifts along the array: sums are shifted by a value of the window, so large offsets do
    not cancel catastrophically; the result is never negative.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``count - ddof`` where ``count`` is the number of
        non-NaN values in the window; the result is NaN where ``count - ddof <= 0``.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window``, ``min_count`` or ``ddof`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    See Also
    --------
    move_std : Its square root.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_var([1.0, 2.0, 4.0, 8.0], window=2)
    array([ nan, 0.25, 1.  , 4.  ])
    """
    ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _move("move_var", a, window, min_count, axis, out, (ddof,))


def move_std(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, ddof: int = 0,
             *, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window standard deviation, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    The square root of :func:`move_var`, computed the same way.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``count - ddof`` where ``count`` is the number of
        non-NaN values in the window; the result is NaN where ``count - ddof <= 0``.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window``, ``min_count`` or ``ddof`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_std([1.0, 2.0, 4.0, 8.0], window=2)
    array([nan, 0.5, 1. , 2. ])
    """
    ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    return _move("move_std", a, window, min_count, axis, out, (ddof,))


def move_min(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window minimum, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    O(1) amortized per element; ±inf is exact.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    See Also
    --------
    move_argmin : Where the minimum is.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_min([3.0, 1.0, 2.0, 5.0], window=2)
    array([nan,  1.,  1.,  2.])
    """
    return _move("move_min", a, window, min_count, axis, out)


def move_max(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window maximum, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    O(1) amortized per element; ±inf is exact.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    See Also
    --------
    move_argmax : Where the maximum is.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_max([3.0, 1.0, 2.0, 5.0], window=2)
    array([nan,  3.,  2.,  5.])
    """
    return _move("move_max", a, window, min_count, axis, out)


def move_argmin(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
                out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Offset of the moving-window minimum, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    The offset counts back from the current element (0 = the current one), as a float; ties go to
    the newest.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_argmin([3.0, 1.0, 2.0, 1.0], window=3)
    array([nan, nan,  1.,  0.])
    """
    return _move("move_argmin", a, window, min_count, axis, out)


def move_argmax(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
                out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Offset of the moving-window maximum, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    The offset counts back from the current element (0 = the current one), as a float; ties go to
    the newest.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_argmax([3.0, 1.0, 2.0, 5.0], window=3)
    array([nan, nan,  2.,  0.])
    """
    return _move("move_argmax", a, window, min_count, axis, out)


def move_median(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
                out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window median, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    O(log window) per element. An even count gives the midpoint of the two middle values.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    See Also
    --------
    move_quantile : Any quantile of the window.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_median([1.0, 9.0, 2.0, 4.0], window=3)
    array([nan, nan,  2.,  4.])
    """
    return _move("move_median", a, window, min_count, axis, out)


def move_quantile(a: ArrayLike, window: int, q: float, min_count: int | None = None, axis: int = -1,
                  *, out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window quantile, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    O(log window) per element. Linear interpolation between the two neighbouring order statistics,
    as ``np.quantile``'s default method, except that infinite neighbours are exact (between 1 and
    inf lies inf, where ``np.quantile`` gives NaN).

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    q : float
        Quantile to compute, in ``[0, 1]``; 0.5 gives :func:`move_median`'s result.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window``, ``min_count`` or ``q`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_quantile([1.0, 9.0, 2.0, 4.0], window=3, q=0.25)
    array([nan, nan, 1.5, 3. ])
    """
    q = _check_q(q)
    return _move("move_quantile", a, window, min_count, axis, out, (q,))


def move_rank(a: ArrayLike, window: int, min_count: int | None = None, axis: int = -1, *,
              out: NDArray[Float] | None = None) -> NDArray[Float]:
    """Moving-window rank of the current element, ignoring NaN.

    Position ``i`` along ``axis`` gets the statistic of the trailing window ``a[i-window+1 : i+1]``
    (shorter at the start), or NaN where that window holds fewer than ``min_count`` non-NaN values.
    The rank of ``a[i]`` among the window's non-NaN values, ties averaged, scaled to [-1, 1] (-1:
    the smallest, 1: the largest, 0 for a single value); NaN where ``a[i]`` is NaN. O(log window)
    per element.

    Parameters
    ----------
    a : array_like
        Input array: bool, integer or float16/32/64 dtype, at least one dimension.
    window : int
        Number of elements in the moving window, in ``[1, a.shape[axis]]``.
    min_count : int or None, optional
        Fewest non-NaN values a window must hold to give a result (NaN otherwise), in
        ``[1, window]``; None (default) means ``window``.
    axis : int, optional
        Axis along which the window moves (default: the last). None is not accepted.
    out : ndarray, optional
        Where to write the result; it must have ``a``'s shape and accept the result dtype under
        'same_kind' casting. It is returned, and left untouched if the call raises.

    Returns
    -------
    ndarray
        ``a``'s shape; float32 for float32 input, float16 for float16 input (computed in float64),
        float64 otherwise.

    Raises
    ------
    ValueError
        If ``window`` or ``min_count`` is outside its range.
    TypeError
        If ``axis`` is None, or an argument is not a number of the kind described above.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.move_rank([1.0, 3.0, 2.0, 2.0], window=3)
    array([ nan,  nan,  0. , -0.5])
    """
    return _move("move_rank", a, window, min_count, axis, out)

