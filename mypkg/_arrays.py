"""Turn caller input into kernel-ready arrays, run a kernel, and deliver its result.

The single place that deals with dtypes, byte order, alignment, strides, axis arguments and
``out=`` (what NumPy's C-API does with PyArray_FROM_OTF and WRITEBACKIFCOPY). Every family goes
through one planner: ``plan`` validates the call and decides the kernel-ready input, the lane
geometry, the result buffer and how the result reaches the caller; ``execute`` runs the kernel
with the family's parameters and delivers; ``apply`` is the two. Two thin shortcuts sit in front
of it for reductions whose cost is mostly Python (``FullReduction``: every element of a
C-contiguous array; ``reduce_axis``: one axis, no ``out``); tests/test_planner.py checks that
they give what the planner gives.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.exceptions import AxisError
from numpy.typing import NDArray

from . import _library, _registry
from ._errors import raise_for_status
from ._kernels import NATIVE, KernelSpec
from ._library import ffi

Array = NDArray[Any]
Dtype = np.dtype[Any]
Shape = tuple[int, ...]

SUPPORTED = "bool, int8/16/32/64, uint8/16/32/64 and float16/32/64"

# Below this many elements a strided input is copied: cheaper than asking NumPy for its address.
SMALL_COPY = 2048


# ---------------------------------------------------------------------------- input and arguments


def kernel_dtype(dtype: Dtype, func: str) -> Dtype:
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


def reject_masked(a: Any, func: str) -> None:
    """TypeError for a masked array: mypkg would compute over the masked elements too."""
    if isinstance(a, np.ma.MaskedArray):
        raise TypeError(f"{func}: masked arrays are not supported (the mask would be ignored); "
                        f"pass a.filled(np.nan) to treat masked elements as missing, or "
                        f"a.compressed()")


def as_ndarray(a: Any, func: str) -> Array:
    """``a`` as an ndarray (itself if it is one): every public function's first step, fast
    paths included."""
    if type(a) is np.ndarray:
        return a
    reject_masked(a, func)
    arr: Array = np.asarray(a)
    return arr


def as_supported_array(a: Any, func: str) -> Array:
    """``a`` as an ndarray; TypeError for a dtype mypkg has no kernel for, before any other
    check or any NumPy call sees it."""
    arr = as_ndarray(a, func)
    if arr.dtype not in NATIVE:
        kernel_dtype(arr.dtype, func)
    return arr


def prepare_input(a: Array, func: str) -> Array:
    """``a`` as an ndarray whose dtype has a native kernel, in native byte order and aligned.

    Views keep their strides (no copy); only a dtype without a kernel, a byte-swapped or a
    misaligned buffer is converted.
    """
    if a.dtype in NATIVE and a.flags.aligned:
        return a
    return a.astype(kernel_dtype(a.dtype, func))


def compact_if_small(a: Array) -> Array:
    """A small strided array as a contiguous copy: cheaper than asking NumPy for its address
    (large ones are passed through their strides)."""
    if a.size < SMALL_COPY and not a.flags.c_contiguous:
        return np.ascontiguousarray(a)
    return a


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
    if type(axis) is tuple:
        axes = sorted([normalize_axis(ax, ndim) for ax in axis])
        if len(set(axes)) != len(axes):
            raise ValueError("duplicate value in 'axis'")
        return tuple(axes)
    return (normalize_axis(axis, ndim),)


def check_int(value: Any, argname: str, minimum: int | None = None) -> int:
    """An integer parameter (ddof, window, ...): TypeError if not integral, ValueError if small."""
    number = _as_int(value, argname)
    if minimum is not None and number < minimum:
        raise ValueError(f"{argname} must be >= {minimum}, got {number}")
    if not -2**63 <= number < 2**63:
        raise ValueError(f"{argname} is out of range: {number}")
    return number


def check_out(out: Any, shape: Shape, dtype: Dtype, func: str) -> None:
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


# ---------------------------------------------------------------------------- memory


def address(x: Array) -> Any:
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
    length, stride = 1, 0  # the axes merged so far, innermost first
    for n, s in zip(shape[::-1], strides[::-1], strict=True):
        if n == 1:
            continue
        if length == 1:
            length, stride = n, s
        elif s == stride * length:
            length *= n
        else:
            return (0, 0) if 0 in shape else None
    return (0, 0) if 0 in shape else (length, stride)


def run_kernel(symbol: str, func: str, a: Array, shape: Sequence[int],
               astrides: Sequence[int], axis: int, res: Array, rstrides: Sequence[int],
               args: tuple[Any, ...] = ()) -> None:
    """Call ``symbol`` of the active library on ``a`` (viewed through shape/astrides) writing
    into ``res`` (viewed through rstrides); raise on a failure status."""
    kernel = _library.current().kernels[symbol]
    rc = kernel(address(a), len(shape), int64_cells(shape), int64_cells(astrides), address(res),
                int64_cells(rstrides), axis, *args, 1)
    if rc:
        raise_for_status(rc, func)


# int64_t arrays of shapes and strides by their tuple, shared by every call (never written
# after creation): converting a tuple costs cffi an allocation per argument per call, a
# dictionary look-up is a tenth of that. Bounded: emptied when full.
_CELLS: dict[tuple[int, ...], Any] = {}
_MAX_CELLS = 4096


def int64_cells(values: Sequence[int]) -> Any:
    """A C ``int64_t`` array holding ``values`` (a shape or strides), cached by value."""
    key = values if type(values) is tuple else tuple(values)
    cells = _CELLS.get(key)
    if cells is None:
        if len(_CELLS) >= _MAX_CELLS:
            _CELLS.clear()
        cells = _CELLS.setdefault(key, ffi.new("int64_t[]", key or (0,)))
    return cells


# ---------------------------------------------------------------------------- the planner


class Plan(NamedTuple):
    """One kernel call, decided before anything runs or is written."""

    spec: KernelSpec
    func: str  # the public name, for messages
    symbol: str  # the kernel for src's dtype
    src: Array  # the kernel-ready input (rewritten by an in-place kernel)
    shape: Shape  # the lane geometry: src seen through shape and strides, lanes along axis
    strides: Shape
    axis: int
    res: Array  # where the kernel writes: a temporary, a view of out, or src (in place)
    rstrides: Shape  # res seen through shape (0 along a reduced axis); () in place
    args: tuple[Any, ...]  # the family's parameters, as the C kernel takes them
    out: Array | None  # the array the caller gets back, if it gave one (out, replace's a)
    direct: bool  # res is (a view of) out: nothing to copy back
    result_dtype: Dtype
    final_shape: Shape


def apply(spec: KernelSpec, func: str, a: Any, axis: Any = None, out: Any = None,
          params: tuple[Any, ...] = (), keepdims: bool = False) -> Any:
    """Run ``spec``'s kernel on ``a`` the way its family works; see ``plan``."""
    return execute(plan(spec, func, a, axis, out, params, keepdims))


def plan(spec: KernelSpec, func: str, a: Any, axis: Any = None, out: Any = None,
         params: tuple[Any, ...] = (), keepdims: bool = False) -> Plan:
    """Validate a call and decide how it runs; raises before anything is written.

    ``axis``: the lane axis of a same-shape kernel; None, an int or a tuple of ints to reduce
    over; unused in place. ``params``: the family's parameters after the array arguments, with
    a quantile's q as an array (its shape leads the result's), a kth as a sequence (their
    counts are added here) and replace's (old, new) as numbers. ``out``: the caller's, or for
    an in-place kernel the array itself.
    """
    arr = as_supported_array(a, func)
    if spec.in_place:
        return _plan_in_place(spec, func, arr, params)
    if spec.reduces:
        return _plan_reduction(spec, func, arr, axis, out, params, bool(keepdims))
    return _plan_lanes(spec, func, arr, axis, out, params)


# --- wt-reduce (issue 16 item 12): reductions with no identity. Over a zero-length axis they
# raise, as NumPy's do, also when the result is empty and the kernel (which would say so) is
# never called.
NO_IDENTITY = frozenset({"nanmin", "nanmax", "nanargmin", "nanargmax"})


def check_identity(func: str, lane_length: int) -> None:
    """ValueError if ``func`` has no identity and would reduce lanes of length zero."""
    if lane_length == 0 and func in NO_IDENTITY:
        raise ValueError(f"{func}: zero-size array to reduction operation which has no identity")
# --- end wt-reduce


def execute(p: Plan) -> Any:
    """Run a planned call (nothing when the result is empty) and deliver its result."""
    if not p.res.size and p.spec.reduces and p.shape:
        check_identity(p.func, p.shape[p.axis])
    if p.res.size:
        if p.spec.in_place:
            kernel = _library.current().kernels[p.symbol]
            rc = kernel(address(p.src), len(p.shape), int64_cells(p.shape), int64_cells(p.strides),
                        p.axis, *p.args, 1)
            if rc:
                raise_for_status(rc, p.func)
        else:
            run_kernel(p.symbol, p.func, p.src, p.shape, p.strides, p.axis, p.res, p.rstrides,
                       p.args)
    return deliver(p)


def deliver(p: Plan) -> Any:
    """Hand the kernel's result to the caller: cast to the result dtype and written into out
    (unless written there directly), or returned (a scalar if 0-d)."""
    res = p.res
    if p.out is not None:
        if not p.direct:
            with np.errstate(all="ignore"):  # e.g. a float16 result overflowing to inf
                np.copyto(p.out, res.reshape(p.final_shape).astype(p.result_dtype, copy=False),
                          casting="unsafe")
        return p.out
    if res.dtype != p.result_dtype:
        with np.errstate(all="ignore"):
            res = res.astype(p.result_dtype)
    if res.shape != p.final_shape:
        res = res.reshape(p.final_shape)
    return res[()] if res.ndim == 0 else res


def _result_buffer(spec: KernelSpec, kernel_out: Dtype, result_dtype: Dtype,
                   view: Array | None, src: Array, shape: Shape) -> Array:
    """``view`` (the caller's out in the kernel's result shape) if the kernel may write it
    directly: same dtype, aligned, no overlap with the input, and no failure after a partial
    write; else a new buffer of the kernel's output dtype."""
    if (view is not None and not spec.partial and kernel_out == result_dtype
            and view.dtype == kernel_out and view.flags.aligned
            and not np.may_share_memory(view, src)):
        return view
    return np.empty(shape, kernel_out)


# The C array type of replace's (old, new) per kernel dtype.
_PAIRS = {np.dtype(np_name): f"{ctype}[2]" for _, ctype, np_name in _registry.DTYPES.values()}


def _kernel_args(spec: KernelSpec, params: tuple[Any, ...], res: Array) -> tuple[Any, ...]:
    """The family's parameters as its C kernels take them (``res``: the kernel's output)."""
    if spec.family == "quantile":  # the q values, their count, the stride between q rows
        q = tuple(params[0].reshape(-1).tolist())
        return q, len(q), res.strides[0]
    if spec.family == "kth":  # the positions and their count
        return params[0], len(params[0])
    if spec.family == "replace":  # old and new as an array of the kernel's element type
        return (ffi.new(_PAIRS[res.dtype], params),)
    return params


def _plan_lanes(spec: KernelSpec, func: str, a: Array, axis: Any, out: Any,
                params: tuple[Any, ...]) -> Plan:
    """A same-shape kernel (moving windows, ranks, partitions, fills) along one axis."""
    ax = normalize_axis(axis, a.ndim)
    result_dtype = spec.result_dtype(a.dtype)
    if out is not None:
        check_out(out, a.shape, result_dtype, func)
    src = compact_if_small(prepare_input(a, func))
    symbol, kernel_out = spec.native[src.dtype]
    res = _result_buffer(spec, kernel_out, result_dtype, out, src, a.shape)
    return Plan(spec, func, symbol, src, src.shape, src.strides, ax, res, res.strides,
                _kernel_args(spec, params, res), out, res is out, result_dtype, a.shape)


def _plan_reduction(spec: KernelSpec, func: str, a: Array, axis: Any, out: Any,
                    params: tuple[Any, ...], keepdims: bool) -> Plan:
    """A reduction over one or several axes. A quantile's result has q's dimensions first; the
    kernel writes them as one leading row dimension."""
    if spec.ordered and isinstance(axis, tuple):
        raise TypeError(f"{func}: axis must be None or an integer, not a tuple")
    quantile = spec.family == "quantile"
    lead: Shape = params[0].shape if quantile else ()
    rows: Shape = (math.prod(lead),) if quantile else ()
    ashape = a.shape
    ndim = len(ashape)
    axes = normalize_axes(axis, ndim)
    kept = [d for d in range(ndim) if d not in axes]
    kept_shape = tuple([ashape[d] for d in kept])
    final_shape = lead + (tuple([1 if d in axes else n for d, n in enumerate(ashape)])
                          if keepdims else kept_shape)
    result_dtype = spec.result_dtype(a.dtype)
    if out is not None:
        check_out(out, final_shape, result_dtype, func)

    # The reduced axes become one lane axis at the place of the first: an order-free reduction
    # walks them outermost in memory first, a position (argmin) in C order. A layout that does
    # not allow that is copied once, with the reduced axes last.
    src = compact_if_small(prepare_input(a, func))
    shape, strides = src.shape, src.strides
    if not axes:
        # reducing over no axis: every element is a lane of one, over the flattened input
        # (adding a unit lane axis instead could exceed NumPy's and the kernels' 64 dimensions)
        src = src.reshape(-1)
        kept_shape = src.shape
        shape, strides, lane = src.shape + (1,), src.strides + (0,), 1
    elif len(axes) == 1:
        lane = axes[0]
    else:
        reduced = list(axes)
        if not spec.ordered:
            reduced.sort(key=lambda d: -abs(strides[d]))
        merged = merge_dims([shape[d] for d in reduced], [strides[d] for d in reduced])
        if merged is None:
            length = math.prod([shape[d] for d in reduced])
            src = np.ascontiguousarray(src.transpose(kept + reduced))
            lane, merged = len(kept), (length, src.itemsize)
            kstrides = src.strides[:lane]
        else:
            lane = axes[0] if axes else ndim
            kstrides = tuple([strides[d] for d in kept])
        shape = kept_shape[:lane] + (merged[0],) + kept_shape[lane:]
        strides = kstrides[:lane] + (merged[1],) + kstrides[lane:]

    view = None
    if out is not None and len(lead) <= 1 and axes:
        view = np.squeeze(out, axis=tuple([len(lead) + d for d in axes])) if keepdims else out
        if quantile:
            view = view.reshape(rows + kept_shape)  # a view: at most one q dimension
    symbol, kernel_out = spec.native[src.dtype]
    res = _result_buffer(spec, kernel_out, result_dtype, view, src, rows + kept_shape)
    rkept = res.strides[1:] if quantile else res.strides
    rstrides = rkept[:lane] + (0,) + rkept[lane:]
    return Plan(spec, func, symbol, src, shape, strides, lane, res, rstrides,
                _kernel_args(spec, params, res), out, res is view, result_dtype, final_shape)


def _plan_in_place(spec: KernelSpec, func: str, a: Array, params: tuple[Any, ...]) -> Plan:
    """A kernel that rewrites its input (replace): ``a`` itself if it is kernel-ready, else a
    converted copy written back into ``a``. Lanes run along the axis whose elements sit
    closest together (one lane if ``a`` is contiguous)."""
    src = prepare_input(a, func)
    shape: Shape
    strides: Shape
    if src.flags.c_contiguous or src.flags.f_contiguous:
        shape, strides, axis = (src.size,), (src.itemsize,), 0
    else:
        shape, strides = src.shape, src.strides
        axis = min(range(src.ndim), key=lambda d: (shape[d] < 2, abs(strides[d])))
    return Plan(spec, func, spec.native[src.dtype][0], src, shape, strides, axis, src, (),
                _kernel_args(spec, params, src), a, src is a, spec.result_dtype(a.dtype),
                a.shape)


# ---------------------------------------------------------------------------- shortcuts

_ZERO_STRIDE = ffi.new("int64_t[1]", [0])

# A FullReduction slot: kernel symbol, 0-d result, its pointer, a stride cell (the length
# comes from int64_cells).
_Slot = tuple[str, Array, Any, Any]


class FullReduction:
    """The fast path of one reduction over every element of a C-contiguous, aligned array of a
    native dtype. The whole call on a tiny array must stay within a few bottleneck calls, so
    it allocates nothing: each dtype has a pool of slots (a 0-d result, its pointer, a stride
    cell). A call pops a slot and puts it back; list pop/append are atomic, so concurrent
    calls from several threads each get their own slot."""

    def __init__(self, func: str, symbols: dict[Dtype, tuple[str, Dtype]]) -> None:
        self.func = func
        self.symbols = symbols  # native input dtype -> (kernel symbol, kernel output dtype)
        self.pools: dict[Dtype, list[_Slot]] = {dtype: [] for dtype in symbols}

    def _new_slot(self, dtype: Dtype) -> _Slot:
        symbol, out_dtype = self.symbols[dtype]
        res = np.empty((), out_dtype)
        return (symbol, res, ffi.from_buffer(res), ffi.new("int64_t[1]", [dtype.itemsize]))

    def run(self, a: Array, params: tuple[Any, ...]) -> Any:
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
            symbol, res, rptr, stride = slot
            length = int64_cells((a.size,))
            kernel = _library.current().kernels[symbol]
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


# (spec, native input dtype) -> (symbol, C output dtype) if that kernel writes the public
# result dtype itself (its buffer is the result), else None: decided once per pair
_DIRECT: dict[tuple[KernelSpec, Dtype], tuple[str, Dtype] | None] = {}


def _direct(spec: KernelSpec, dtype: Dtype) -> tuple[str, Dtype] | None:
    key = (spec, dtype)
    try:
        return _DIRECT[key]
    except KeyError:
        native = spec.native.get(dtype)
        fits = native is not None and spec.result_dtype(dtype) == native[1]
        return _DIRECT.setdefault(key, native if fits else None)


def run_lanes(spec: KernelSpec, func: str, a: Array, axis: int,
              params: tuple[Any, ...]) -> Array | None:
    """The common case of a same-shape kernel (moving windows, ranks, partitions, fills),
    without the planner: an aligned array of a native dtype whose kernel writes the result
    dtype, a valid non-negative ``axis``, no ``out``. None when it does not apply (the caller
    then plans the call)."""
    kernel = _direct(spec, a.dtype)
    if kernel is None or not a.flags.aligned or not a.size:
        return None
    a = compact_if_small(a)
    res = np.empty(a.shape, kernel[1])
    run_kernel(kernel[0], func, a, a.shape, a.strides, axis, res, res.strides,
               _kernel_args(spec, params, res))
    return res


def quantile_lanes(spec: KernelSpec, func: str, a: Array, axis: int | None,
                   q: float) -> Any:
    """The common case of a quantile (one q in [0, 1], no out, no keepdims) without the
    planner: an aligned non-empty array of a native dtype along a valid ``axis``, or over
    every element if it is C-contiguous (``axis`` None). None when it does not apply."""
    kernel = _direct(spec, a.dtype)
    if kernel is None or not a.size or not a.flags.aligned:
        return None
    if axis is None:
        if not a.flags.c_contiguous:
            return None
        a, axis = a.reshape(-1), 0
    res = _reduce_lanes(kernel[0], func, a, axis % a.ndim, kernel[1], ((q,), 1, 0))
    return res[()] if res.ndim == 0 else res


def reduce_axis(symbol: str, func: str, a: Array, axis: int, out_dtype: Dtype,
                params: tuple[Any, ...] = ()) -> Array:
    """Reduce an aligned array of a native dtype along one (non-negative) ``axis``, straight
    through its strides, into a new array of the kernel's dtype: the planner's geometry for one
    axis, without its validation."""
    return _reduce_lanes(symbol, func, a, axis, out_dtype, params)


def _reduce_lanes(symbol: str, func: str, a: Array, axis: int, out_dtype: Dtype,
                  args: tuple[Any, ...]) -> Array:
    """Run a reducing kernel along ``axis`` into a new array (``args``: as the C kernel takes
    them)."""
    a = compact_if_small(a)
    shape = a.shape
    res = np.empty(shape[:axis] + shape[axis + 1:], out_dtype)
    rstrides = res.strides
    run_kernel(symbol, func, a, shape, a.strides, axis, res,
               rstrides[:axis] + (0,) + rstrides[axis:], args)
    return res


# ---------------------------------------------------------------------------- several inputs
# issue 13: kernels reading several arrays of one geometry (csrc/multi.h): the exponentially
# weighted statistics (a, alpha), their two-array forms and move_cov/move_corr (a, b).


def broadcast_inputs(func: str, *arrays: Any) -> tuple[list[Array], Shape]:
    """The caller's data inputs as arrays of supported dtypes, and their broadcast shape;
    ValueError naming the shapes if they do not broadcast."""
    arrs = [as_supported_array(x, func) for x in arrays]
    try:
        shape: Shape = np.broadcast_shapes(*[x.shape for x in arrs])
    except ValueError:
        shapes = " and ".join(str(x.shape) for x in arrs)
        raise ValueError(f"{func}: the inputs' shapes {shapes} do not broadcast together") \
            from None
    return arrs, shape


def apply_many(spec: KernelSpec, func: str, inputs: Sequence[Array], axis: int, out: Any,
               side: Sequence[Array] = (), params: tuple[Any, ...] = ()) -> Any:
    """Run a same-shape kernel that reads several arrays along ``axis`` (non-negative).

    ``inputs`` (from ``broadcast_inputs``: a, and b for two-array kernels) are computed in their
    common dtype; ``side`` are float64 arrays (alpha) that broadcast to the same shape. The
    kernel gets, after the common array arguments, each array but the first as (address,
    strides), then ``params``. Raises before anything is written.
    """
    shape: Shape = np.broadcast_shapes(*[x.shape for x in inputs])
    dtype = np.result_type(*inputs)
    result_dtype = spec.result_dtype(dtype)
    if out is not None:
        check_out(out, shape, result_dtype, func)
    srcs = [compact_if_small(np.broadcast_to(prepare_input(x.astype(dtype, copy=False), func),
                                             shape)) for x in inputs]
    extra = srcs[1:] + [compact_if_small(np.broadcast_to(
        np.require(s, np.float64, ["A"]), shape)) for s in side]
    symbol, kernel_out = spec.native[srcs[0].dtype]
    res = _result_buffer(spec, kernel_out, result_dtype, out, srcs[0], shape)
    if res is out and any(np.may_share_memory(out, x) for x in extra):
        res = np.empty(shape, kernel_out)
    args: tuple[Any, ...] = ()
    for x in extra:  # the arrays stay alive in `extra` while the kernel runs
        args += (address(x), x.strides)
    return execute(Plan(spec, func, symbol, srcs[0], shape, srcs[0].strides, axis, res,
                        res.strides, args + params, out, res is out, result_dtype, shape))
