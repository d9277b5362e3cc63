"""Generated test arrays for mypkg: every dtype, shape, memory layout and value pattern.

`arrays()` yields ``(id, array)`` pairs for ``pytest.mark.parametrize``; `with_layout` and
`axes_for` are reusable on their own (e.g. to lay out ``out=`` arrays or hypothesis data).
"""

import math
import zlib

import numpy as np

BOOL_DTYPES = (np.dtype(np.bool_),)
SIGNED_DTYPES = tuple(np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64))
UNSIGNED_DTYPES = tuple(np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64))
INT_DTYPES = SIGNED_DTYPES + UNSIGNED_DTYPES
FLOAT_DTYPES = tuple(np.dtype(t) for t in (np.float16, np.float32, np.float64))
DTYPES = BOOL_DTYPES + INT_DTYPES + FLOAT_DTYPES

SHAPES = ((), (0,), (0, 3), (1,), (7,), (3, 4), (2, 1, 5), (2, 3, 4, 5))
NONEMPTY_SHAPES = tuple(s for s in SHAPES if s and math.prod(s))

LAYOUTS = ("C", "F", "strided", "reversed", "transposed", "byteswapped", "misaligned")

# Which shapes each value pattern is generated for; "random" always covers all of SHAPES.
FLOAT_PATTERN_SHAPES = {
    "random": SHAPES,
    "nan": ((),) + NONEMPTY_SHAPES,
    "nanlanes": tuple(s for s in NONEMPTY_SHAPES if len(s) >= 2),
    "allnan": ((), (7,), (3, 4)),
    "inf": NONEMPTY_SHAPES,
    "ties": ((7,), (3, 4), (2, 3, 4, 5)),
}
INT_PATTERN_SHAPES = {
    "random": SHAPES,
    "extremes": ((7,), (3, 4), (2, 3, 4, 5)),
    "ties": ((7,), (3, 4)),
}
BOOL_PATTERN_SHAPES = {"random": SHAPES}

# Every non-C layout is applied to these shapes (size-1 axes included on purpose).
LAYOUT_SHAPES = ((2, 1, 5), (2, 3, 4, 5))

# Long lanes and many neighbouring lanes, with lengths that are not multiples of any
# power of two, so that vectorized, chunked and blocked kernels run their remainder loops.
LONG_SHAPE_LAYOUTS = (
    ((1031,), "C"),
    ((3, 515), "C"),
    ((19, 263), "C"),
    ((19, 263), "F"),
    ((515, 3), "strided"),
)


def _float_values(dtype, shape, pattern, rng):
    size = math.prod(shape)
    if pattern == "ties":
        flat = rng.choice([-1.0, -0.0, 0.0, 1.0, 2.0], size)
    else:
        flat = rng.standard_normal(size) * 10
    if pattern in ("nan", "nanlanes", "inf"):
        flat[rng.random(size) < 0.3] = np.nan
    if pattern == "inf":
        flat[rng.random(size) < 0.15] = np.inf
        flat[rng.random(size) < 0.15] = -np.inf
    if pattern == "allnan":
        flat[:] = np.nan
    values = flat.reshape(shape).astype(dtype)
    if pattern == "nanlanes":
        # One all-NaN lane along the last axis and one along the first.
        values[(0,) * (len(shape) - 1) + (slice(None),)] = np.nan
        values[(slice(None),) + (-1,) * (len(shape) - 1)] = np.nan
    return values


def _int_values(dtype, shape, pattern, rng):
    size = math.prod(shape)
    signed = dtype.kind == "i"
    if pattern == "extremes":
        info = np.iinfo(dtype)
        flat = rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True)
        flat[rng.random(size) < 0.2] = info.min
        flat[rng.random(size) < 0.2] = info.max
    elif pattern == "ties":
        flat = rng.integers(-1 if signed else 0, 3, size)
    else:
        flat = rng.integers(-100 if signed else 0, 101 if signed else 201, size)
    return flat.astype(dtype).reshape(shape)


def make_values(dtype, shape, pattern, seed=0):
    """A C-contiguous array of `dtype` and `shape` filled according to `pattern`."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if dtype.kind == "f":
        return _float_values(dtype, shape, pattern, rng)
    if dtype.kind == "b":
        return (rng.random(math.prod(shape)) < 0.5).reshape(shape)
    return _int_values(dtype, shape, pattern, rng)


def with_layout(values, layout):
    """A new writable array equal to `values` whose memory is laid out as `layout` says."""
    values = np.asarray(values)
    ndim = values.ndim
    if layout == "C":
        return values.copy()
    if layout == "F":
        return values.copy(order="F")
    # The trailing Ellipsis keeps 0-d indexing a view instead of a scalar.
    if layout == "strided":
        base = np.zeros(tuple(2 * n for n in values.shape), values.dtype)
        view = base[(slice(None, None, 2),) * ndim + (Ellipsis,)]
    elif layout == "reversed":
        flip = (slice(None, None, -1),) * ndim + (Ellipsis,)
        return values[flip].copy()[flip]
    elif layout == "transposed":
        # Rotate the axes rather than reverse them, so this differs from "F".
        order = tuple(range(1, ndim)) + (0,) if ndim else ()
        inverse = tuple(int(i) for i in np.argsort(order))
        return values.transpose(order).copy(order="C").transpose(inverse)
    elif layout == "byteswapped":
        return values.astype(values.dtype.newbyteorder())
    elif layout == "misaligned":
        buffer = np.zeros(values.nbytes + 1, np.uint8)
        view = np.ndarray(values.shape, values.dtype, buffer=buffer, offset=1)
    else:
        raise ValueError(f"unknown layout {layout!r}")
    view[...] = values
    return view


def axes_for(ndim, tuples=True):
    """Valid `axis` arguments for an array of `ndim` dims: None, ints, negative ints, tuples."""
    axes = [None]
    axes += list(range(ndim))
    if ndim:
        axes += sorted({-1, -ndim})
    if tuples and ndim:
        axes.append((ndim - 1,))
    if tuples and ndim >= 2:
        axes += [(0, ndim - 1), tuple(range(ndim))[::-1]]
    if tuples and ndim >= 3:
        axes += [(-1, 1), (1, 2)]
    return axes


def _shape_id(shape):
    return "x".join(map(str, shape)) if shape else "0d"


def _generate(dtype, shape, pattern, layout):
    case_id = f"{dtype}-{_shape_id(shape)}-{pattern}-{layout}"
    values = make_values(dtype, shape, pattern, seed=zlib.crc32(case_id.encode()))
    return case_id, with_layout(values, layout)


def _pattern_shapes(dtype):
    if dtype.kind == "f":
        return FLOAT_PATTERN_SHAPES
    if dtype.kind == "b":
        return BOOL_PATTERN_SHAPES
    return INT_PATTERN_SHAPES


def arrays():
    """Yield ``(id, array)`` for the reduction test matrix.

    Every dtype gets every value pattern in C order over the shapes the pattern lists, and
    every non-C layout over LAYOUT_SHAPES (NaN-bearing values for floats).
    """
    for dtype in DTYPES:
        for pattern, shapes in _pattern_shapes(dtype).items():
            for shape in shapes:
                yield _generate(dtype, shape, pattern, "C")
        layout_pattern = "nan" if dtype.kind == "f" else "random"
        for layout in LAYOUTS[1:]:
            for shape in LAYOUT_SHAPES:
                yield _generate(dtype, shape, layout_pattern, layout)


def long_arrays():
    """Yield ``(id, array)`` with long lanes (LONG_SHAPE_LAYOUTS) for every dtype: NaN-bearing
    and dense floats, ints with small values and with extremes, random bools."""
    for dtype in DTYPES:
        patterns = {"f": ("nan", "random"), "b": ("random",)}
        patterns = patterns.get(dtype.kind, ("random", "extremes"))
        for shape, layout in LONG_SHAPE_LAYOUTS:
            for pattern in patterns:
                yield _generate(dtype, shape, pattern, layout)
