"""Slow plain-loop references for mypkg's grouped reductions (``mypkg.group``).

One Python loop per output row and group over the members' Python numbers: float sums with
math.fsum (exact), variances as two passes, integer sums wrapped to 64 bits. Written for
clarity, not speed, and independent of the kernels' accumulators.
"""

import math

import numpy as np

_I64, _U64, _F64 = np.dtype(np.int64), np.dtype(np.uint64), np.dtype(np.float64)


def _sum_dtype(dtype):
    if dtype.kind == "f":
        return dtype.newbyteorder("=")
    return _U64 if dtype.kind == "u" else _I64


def _float_dtype(dtype):
    return dtype.newbyteorder("=") if dtype.kind == "f" and dtype.itemsize <= 4 else _F64


# The dtype each function returns, by input dtype (NumPy's rules for sums and products).
RESULT_DTYPES = {
    "group_nansum": _sum_dtype, "group_nansum_of_squares": _sum_dtype,
    "group_nanprod": _sum_dtype,
    "group_nancount": lambda _: _I64, "group_nanargmin": lambda _: _I64,
    "group_nanargmax": lambda _: _I64,
    "group_nanany": lambda _: np.dtype(bool), "group_nanall": lambda _: np.dtype(bool),
    **{f"group_nan{f}": _float_dtype for f in ("mean", "var", "std", "min", "max", "first",
                                                "last")},
}


def _wrap(value, dtype):
    """An integer wrapped to 64 bits, as NumPy's int64/uint64 arithmetic does."""
    value %= 2**64
    return value - 2**64 if dtype == _I64 and value >= 2**63 else value


def _fsum(xs):
    try:
        return math.fsum(xs)
    except ValueError:  # inf + -inf
        return math.nan


def _var(xs, ddof):
    n = len(xs)
    if n - ddof <= 0:
        return math.nan
    mean = _fsum(xs) / n
    return _fsum([(x - mean) ** 2 for x in xs]) / (n - ddof)


def _arg(members, pick):
    if not members:
        return -1
    best = pick(float(x) for _, x in members)  # integers compare as float64, as documented
    return next(i for i, x in members if float(x) == best)


def _group_value(name, members, is_float, dtype, ddof):
    """One group's result from its members: (position, value) pairs without NaN."""
    xs = [x for _, x in members]
    if name in ("group_nansum", "group_nansum_of_squares", "group_nanprod"):
        if name == "group_nansum_of_squares":
            xs = [x * x for x in xs]
        if name == "group_nanprod":
            return math.prod(xs, start=1.0) if is_float else _wrap(math.prod(xs), dtype)
        return _fsum(xs) if is_float else _wrap(sum(xs), dtype)
    simple = {
        "group_nancount": lambda: len(xs),
        "group_nanmean": lambda: _fsum(xs) / len(xs) if xs else math.nan,
        "group_nanvar": lambda: _var(xs, ddof),
        "group_nanstd": lambda: math.sqrt(_var(xs, ddof)),
        "group_nanmin": lambda: float(min(xs)) if xs else math.nan,
        "group_nanmax": lambda: float(max(xs)) if xs else math.nan,
        "group_nanargmin": lambda: _arg(members, min),
        "group_nanargmax": lambda: _arg(members, max),
        "group_nanfirst": lambda: float(xs[0]) if xs else math.nan,
        "group_nanlast": lambda: float(xs[-1]) if xs else math.nan,
        "group_nanany": lambda: any(x != 0 for x in xs),
        "group_nanall": lambda: all(x != 0 for x in xs),
    }
    return simple[name]()


def slow_group(name, values, labels, num_labels=None, axis=None, ddof=1):
    """What ``mypkg.<name>(values, labels, num_labels=..., axis=..., ddof=...)`` should give."""
    values = np.asarray(values)
    labels = np.asarray(labels)
    ndim = values.ndim
    if axis is None:
        axes = tuple(range(ndim))
    else:
        axes = tuple(a % ndim for a in (axis if isinstance(axis, tuple) else (axis,)))
    kept = [d for d in range(ndim) if d not in axes]
    kept_shape = tuple(values.shape[d] for d in kept)
    length = math.prod(values.shape[d] for d in axes)
    rows = values.transpose(kept + list(axes)).reshape(kept_shape + (length,))
    flat = labels.reshape(-1).tolist()
    if num_labels is None:
        num_labels = max(max(flat, default=-1) + 1, 0)
    dtype = RESULT_DTYPES[name](values.dtype)
    is_float = values.dtype.kind == "f"
    out = np.empty(kept_shape + (num_labels,), dtype)
    for idx in np.ndindex(kept_shape):
        row = rows[idx].astype(_F64 if is_float else object).tolist()
        groups = [[] for _ in range(num_labels)]
        for i, (x, g) in enumerate(zip(row, flat, strict=True)):
            if g >= 0 and x == x:
                groups[g].append((i, int(x) if not is_float else x))
        for g, members in enumerate(groups):
            with np.errstate(all="ignore"):
                out[idx + (g,)] = _group_value(name, members, is_float, dtype, ddof)
    return out
