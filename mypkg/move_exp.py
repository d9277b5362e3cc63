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
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _arrays
from ._kernels import KERNELS
from ._typing import Float

_EXP_DOC = """
    At each step along ``axis`` every earlier weight is multiplied by ``1 - alpha`` (at NaN
    steps too) and a non-NaN value{pair} enters with weight 1. Position ``i`` gets the {what}
    of the values so far under these weights, or NaN where the decayed sum of the entering
    values' alphas (the weight, between 0 and 1) is below ``min_weight``.{extra}

    Parameters
    ----------
{arrays}
    alpha : float or array_like
        The decay: a number in ``(0, 1]``, a 1-D array of length ``a.shape[axis]`` (one decay
        per step), or an array of the input's shape.
    min_weight : float, optional
        The least weight that gives a result, ``>= 0`` (default 0: every position with a
        value).
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
        in their common dtype; a pair counts where both are non-NaN."""


def _exp_doc(what: str, extra: str = "", two: bool = False) -> str:
    return _EXP_DOC.format(
        pair=" (a pair of non-NaN values of a and b)" if two else "", what=what,
        extra=extra, arrays=_TWO if two else _ONE,
        bshape=" (the broadcast shape of a and b)" if two else "",
        bvalue=", if a and b do not broadcast" if two else "")


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


def move_exp_nancount(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                      axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nancount", (a,), alpha, min_weight, axis, out)


def move_exp_nansum(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nansum", (a,), alpha, min_weight, axis, out)


def move_exp_nanmean(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                     axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nanmean", (a,), alpha, min_weight, axis, out)


def move_exp_nanvar(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nanvar", (a,), alpha, min_weight, axis, out)


def move_exp_nanstd(a: ArrayLike, *, alpha: float | ArrayLike, min_weight: float = 0.0,
                    axis: int = -1, out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nanstd", (a,), alpha, min_weight, axis, out)


def move_exp_nancov(a: ArrayLike, b: ArrayLike, *, alpha: float | ArrayLike,
                    min_weight: float = 0.0, axis: int = -1,
                    out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nancov", (a, b), alpha, min_weight, axis, out)


def move_exp_nancorr(a: ArrayLike, b: ArrayLike, *, alpha: float | ArrayLike,
                     min_weight: float = 0.0, axis: int = -1,
                     out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _exp("move_exp_nancorr", (a, b), alpha, min_weight, axis, out)


def _pair(name: str, a: Any, b: Any, window: Any, min_count: Any, axis: Any, ddof: Any,
          out: Any) -> NDArray[Any]:
    """Validate everything (before anything is written), then run the kernel."""
    inputs, shape = _arrays.broadcast_inputs(name, a, b)
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
        min_count = window
    else:
        min_count = _arrays.check_int(min_count, "min_count", minimum=1)
        if min_count > window:
            raise ValueError(f"{name}: min_count must be in [1, window={window}], "
                             f"got {min_count}")
    ddof = _arrays.check_int(ddof, "ddof", minimum=0)
    moved: NDArray[Any] = _arrays.apply_many(KERNELS[name], name, inputs, ax, out, (),
                                             (window, min_count, ddof))
    return moved


def move_cov(a: ArrayLike, b: ArrayLike, window: int, min_count: int | None = None,
             axis: int = -1, ddof: int = 1, *,
             out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _pair("move_cov", a, b, window, min_count, axis, ddof, out)


def move_corr(a: ArrayLike, b: ArrayLike, window: int, min_count: int | None = None,
              axis: int = -1, ddof: int = 1, *,
              out: NDArray[Float] | None = None) -> NDArray[Float]:
    return _pair("move_corr", a, b, window, min_count, axis, ddof, out)


def nancount(a: ArrayLike, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False,
             out: NDArray[np.int64] | None = None) -> Any:
    counted = _arrays.apply(KERNELS["nancount"], "nancount", a, axis, out, (), keepdims)
    return counted


def ffill(a: ArrayLike, *, limit: int | None = None, axis: int = -1,
          out: NDArray[Any] | None = None) -> NDArray[Any]:
    n = -1 if limit is None else _arrays.check_int(limit, "limit", minimum=0)
    filled: NDArray[Any] = _arrays.apply(KERNELS["push"], "ffill", a, axis, out, (n,))
    return filled
