"""Turn caller input into kernel-ready arrays, run a kernel, and deliver its result.

The single place that deals with dtypes, byte order, alignment, strides, axis arguments and
``out=`` (what NumPy's C-API does with PyArray_FROM_OTF and WRITEBACKIFCOPY): every function
family goes through ``map_lanes`` (same-shape results) or the pieces it is made of
(``prepare_input``, ``normalize_axis``, ``check_out``, ``run_kernel``, ``deliver``) and never
touches a pointer itself.
"""

from __future__ import annotations

import operator
import threading
from typing import Any, Sequence

import numpy as np
from numpy.exceptions import AxisError

from . import _library
from ._errors import raise_for_status
from ._kernels import NATIVE, KernelSpec
from ._library import ffi

SUPPORTED = "bool, int8/16/32/64, uint8/16/32/64 and float16/32/64"

# Below this many elements a strided input is copied: cheaper than asking NumPy for its address.
SMALL_COPY = 2048


def kernel_dtype(dtype: np.dtype, func: str) -> np.dtype:
    """The native-kernel dtype that input of ``dtype`` is computed in (values exactly kept)."""
    kind, size = dtype.kind, dtype.itemsize
    if kind == "f" and size in (2, 4, 8):
        return np.dtype(np.float64 if size == 8 else np.float32)
    if kind == "i" and size in (1, 2, 4, 8):
        return np.dtype(np.int64 if size == 8 else np.int32)
    if kind == "u" and size in (1, 2, 4, 8):
        return np.dtype({8: np.uint64, 4: np.int64}.get(size, np.int32))
    if kind == "b":
        return np.dtype(np.int32)
    raise TypeError(f"{func}: unsupported dtype {dtype}; supported dtypes are {SUPPORTED}")


def as_supported_array(a: Any, func: str) -> np.ndarray:
    """``a`` as an ndarray; TypeError for a dtype mypkg has no kernel for, before any other
    check or any NumPy call sees it."""
    if type(a) is not np.ndarray:
        a = np.asarray(a)
    if a.dtype not in NATIVE:
        kernel_dtype(a.dtype, func)
    return a


def compact_if_small(a: np.ndarray) -> np.ndarray:
    """A small strided array as a contiguous copy: cheaper than asking NumPy for its address
    (large ones are passed through their strides)."""
    if a.size < SMALL_COPY and not a.flags.c_contiguous:
        return np.ascontiguousarray(a)
    return a


def prepare_input(a: Any, func: str) -> np.ndarray:
    """``a`` as an ndarray whose dtype has a native kernel, in native byte order and aligned.

    Views keep their strides (no copy); only a dtype without a kernel, a byte-swapped or a
    misaligned buffer is converted.
    """
    if type(a) is not np.ndarray:
        a = np.asarray(a)
    if a.dtype in NATIVE and a.flags.aligned:
        return a
    return a.astype(kernel_dtype(a.dtype, func))


def _as_int(value: Any, argname: str) -> int:
    """``value`` as a Python int if it is an integer (bool is not): else TypeError."""
    if type(value) is int:  # the common case skips the conversions
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{argname} must be an integer, not bool")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{argname} must be an integer, not {type(value).__name__}") from None


def normalize_axis(axis: Any, ndim: int, argname: str = "axis") -> int:
    """One axis as a non-negative int; TypeError for non-integers, AxisError if out of range."""
    ax = _as_int(axis, argname)
    if not -ndim <= ax < ndim:
        raise AxisError(ax, ndim)
    return ax % ndim if ndim else 0


def normalize_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """None, an int or a tuple of ints (as NumPy, not a list) as a sorted tuple of distinct
    non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        axes = tuple(normalize_axis(ax, ndim) for ax in axis)
        if len(set(axes)) != len(axes):
            raise ValueError("duplicate value in 'axis'")
        return tuple(sorted(axes))
    return (normalize_axis(axis, ndim),)


def check_int(value: Any, argname: str, minimum: int | None = None) -> int:
    """An integer parameter (ddof, window, ...): TypeError if not integral, ValueError if small."""
    value = _as_int(value, argname)
    if minimum is not None and value < minimum:
        raise ValueError(f"{argname} must be >= {minimum}, got {value}")
    if not -2**63 <= value < 2**63:
        raise ValueError(f"{argname} is out of range: {value}")
    return value


def check_out(out: Any, shape: tuple[int, ...], dtype: np.dtype, func: str) -> None:
    """Validate a caller's ``out`` before anything is computed (nothing is written here)."""
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{func}: out must be a numpy.ndarray, not {type(out).__name__}")
    if out.shape != shape:
        raise ValueError(f"{func}: out has shape {out.shape}, the result has shape {shape}")
    if not np.can_cast(dtype, out.dtype, casting="same_kind"):
        raise TypeError(f"{func}: cannot cast the result dtype {dtype} to out's dtype "
                        f"{out.dtype} with casting rule 'same_kind'")
    if not out.flags.writeable:
        raise ValueError(f"{func}: out is read-only")


def address(x: np.ndarray) -> Any:
    """A cffi pointer to element [0, ..., 0] of ``x``; the caller keeps ``x`` alive."""
    flags = x.flags
    if flags.c_contiguous:
        return ffi.from_buffer(x)
    if flags.f_contiguous:
        return ffi.from_buffer(x.T)
    return ffi.cast("char *", x.__array_interface__["data"][0])


def merge_dims(shape: Sequence[int], strides: Sequence[int]) -> tuple[int, int] | None:
    """(length, stride) of one axis that walks the given axes in the given (C) order, if the
    memory layout allows it without a copy; None otherwise."""
    dims = [(n, s) for n, s in zip(shape, strides) if n != 1]
    if any(n == 0 for n, _ in dims):
        return 0, 0
    if not dims:
        return 1, 0
    length, stride = dims[-1]
    for n, s in reversed(dims[:-1]):
        if s != stride * length:
            return None
        length *= n
    return length, stride


_ZERO_STRIDE = ffi.new("int64_t[1]", [0])


class FullReduction:
    """The fast path of one reduction over every element of a C-contiguous, aligned array of a
    native dtype. The whole call on a tiny array must stay within about 2 microseconds, so it
    allocates nothing: each dtype has a pool of slots (a 0-d result, its pointer, a length
    cell). A call pops a slot and puts it back; list pop/append are atomic, so concurrent
    calls from several threads each get their own slot."""

    def __init__(self, func: str, symbols: dict[np.dtype, tuple[str, np.dtype]]) -> None:
        self.func = func
        self.symbols = symbols  # native input dtype -> (kernel symbol, kernel output dtype)
        self.pools: dict[np.dtype, list] = {dtype: [] for dtype in symbols}

    def _new_slot(self, dtype: np.dtype) -> tuple:
        symbol, out_dtype = self.symbols[dtype]
        res = np.empty((), out_dtype)
        return (symbol, res, ffi.from_buffer(res), ffi.new("int64_t[1]"),
                ffi.new("int64_t[1]", [dtype.itemsize]))

    def run(self, a: np.ndarray, params: tuple) -> np.generic | None:
        """The reduction of ``a`` over all elements, or None if ``a``'s dtype has no native
        kernel (the caller then takes the general path)."""
        pool = self.pools.get(a.dtype)
        if pool is None:
            return None
        try:
            slot = pool.pop()
        except IndexError:
            slot = self._new_slot(a.dtype)
        try:
            symbol, res, rptr, length, stride = slot
            length[0] = a.size
            kernel = _library._active.kernels[symbol]
            # spelled out for 0 and 1 parameters: an argument splat costs a tenth of the budget
            if not params:
                rc = kernel(ffi.from_buffer(a), 1, length, stride, rptr, _ZERO_STRIDE, 0, 1)
            elif len(params) == 1:
                rc = kernel(ffi.from_buffer(a), 1, length, stride, rptr, _ZERO_STRIDE, 0,
                            params[0], 1)
            else:
                rc = kernel(ffi.from_buffer(a), 1, length, stride, rptr, _ZERO_STRIDE, 0,
                            *params, 1)
            if rc:
                raise_for_status(rc, self.func)
            return res[()]
        finally:
            pool.append(slot)


def run_kernel(symbol: str, func: str, a: np.ndarray, shape: Sequence[int],
               astrides: Sequence[int], axis: int, res: np.ndarray,
               rstrides: Sequence[int], params: tuple = ()) -> None:
    """Call ``symbol`` of the active library on ``a`` (viewed through shape/astrides) writing
    into ``res`` (viewed through rstrides); raise on a failure status."""
    kernel = _library.current().kernels[symbol]
    rc = kernel(address(a), len(shape), shape, astrides, address(res), rstrides, axis,
                *params, 1)
    if rc:
        raise_for_status(rc, func)


def reduce_axis(symbol: str, func: str, a: np.ndarray, axis: int, out_dtype: np.dtype,
                params: tuple = ()) -> np.ndarray:
    """Reduce an aligned array of a native dtype along one (non-negative) ``axis``, straight
    through its strides: the lane driver walks any axis, nothing is transposed."""
    a = compact_if_small(a)
    shape = a.shape
    res = np.empty(shape[:axis] + shape[axis + 1:], out_dtype)
    rstrides = res.strides
    run_kernel(symbol, func, a, shape, a.strides, axis, res,
               rstrides[:axis] + (0,) + rstrides[axis:], params)
    return res


def deliver(res: np.ndarray, out: np.ndarray | None, out_view: np.ndarray | None,
            result_dtype: np.dtype, final_shape: tuple[int, ...]) -> Any:
    """Hand a computed temporary to the caller: cast to the result dtype, write it into
    ``out`` (through ``out_view``) if one was given, or return it (a scalar if 0-d)."""
    if out is not None:
        if res is not out_view:
            with np.errstate(all="ignore"):  # e.g. a float16 result overflowing to inf
                np.copyto(out_view, res.astype(result_dtype, copy=False), casting="unsafe")
        return out
    if res.dtype != result_dtype:
        with np.errstate(all="ignore"):
            res = res.astype(result_dtype)
    if res.shape != final_shape:
        res = res.reshape(final_shape)
    return res[()] if res.ndim == 0 else res


def writes_directly(out_view: np.ndarray, dtype: np.dtype, a: np.ndarray) -> bool:
    """Whether a kernel may write its result straight into the caller's ``out``."""
    return (out_view.dtype == dtype and out_view.flags.aligned
            and not np.may_share_memory(out_view, a))


def map_lanes(spec: KernelSpec, func: str, a: Any, axis: Any, out: Any,
              params: tuple = ()) -> np.ndarray:
    """Run a same-shape kernel (moving windows, ranks, fills, partitions) along one ``axis``
    of ``a``; the result has ``a``'s shape and ``spec``'s result dtype, in ``out`` if given.

    Validates everything before computing; ``out`` is written only when the call succeeds
    (directly when the kernel can write it, through a temporary otherwise).
    """
    a = as_supported_array(a, func)
    ax = normalize_axis(axis, a.ndim)
    result_dtype = spec.result_dtype(a.dtype)
    if out is not None:
        check_out(out, a.shape, result_dtype, func)
    src = compact_if_small(prepare_input(a, func))
    sfx = NATIVE[src.dtype]
    kernel_out = spec.kernel_out(sfx)
    if (out is not None and not spec.partial and kernel_out == result_dtype
            and writes_directly(out, kernel_out, src)):
        res = out
    else:
        res = np.empty(a.shape, kernel_out)
    if res.size:
        run_kernel(spec.symbol(sfx), func, src, src.shape, src.strides, ax, res, res.strides,
                   params)
    return deliver(res, out, out, result_dtype, a.shape)
