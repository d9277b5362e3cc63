"""Correctness of mypkg's moving-window functions: the generated matrix and hypothesis against
reference_move.py, hand-picked edge cases, accuracy over long streams, ``out=`` semantics and
argument validation."""

import math

import cases
import numpy as np
import pytest
import reference_move as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError
from numpy.testing import assert_allclose, assert_array_equal

# warnings as errors, messages, error scales, hypothesis elements
from test_reduce import call, describe, elements, magnitude

import mypkg
from mypkg import _library

FUNCTIONS = ("move_sum", "move_mean", "move_var", "move_std", "move_min", "move_max",
             "move_argmin", "move_argmax", "move_median", "move_quantile", "move_rank")
DDOF_FUNCTIONS = ("move_var", "move_std")
# These pick or count input values: exact up to the cast to the result dtype.
EXACT_FUNCTIONS = ("move_min", "move_max", "move_argmin", "move_argmax", "move_median",
                   "move_rank")
MAGNITUDE_POWER = {"move_var": 2}
RTOL = {np.dtype(np.float16): 1e-3, np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-12}


def check(name, a, **kwargs):
    """mypkg.<name>(a, **kwargs) has the reference's dtype, shape and values."""
    expected = getattr(ref, "slow_" + name)(a, **kwargs)
    got = call(getattr(mypkg, name), a, **kwargs)
    where = describe(name, kwargs)
    assert isinstance(got, np.ndarray), f"{where} returned {type(got)}"
    assert got.dtype == expected.dtype, f"{where} dtype {got.dtype}, expected {expected.dtype}"
    assert got.shape == expected.shape, f"{where} shape {got.shape}"
    if name in EXACT_FUNCTIONS:
        assert_array_equal(got, expected, err_msg=where)
        return
    rtol = RTOL[got.dtype]
    window = kwargs["window"]
    atol = rtol * window * magnitude(a) ** MAGNITUDE_POWER.get(name, 1)
    if name in ("move_std",):
        atol = math.sqrt(atol * magnitude(a))
    assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                    equal_nan=True, err_msg=where)


def kwargs_for(name, window, min_count, axis, index):
    """Arguments for one call; ddof and q vary with `index` so every value gets covered."""
    kwargs = {"window": window, "min_count": min_count, "axis": axis}
    if name in DDOF_FUNCTIONS:
        kwargs["ddof"] = index % 3
    if name == "move_quantile":
        kwargs["q"] = (0.0, 0.25, 0.5, 0.9, 1.0, 1 / 3)[index % 6]
    return kwargs


# ---------------------------------------------------------------- generated matrix

CASES = [(i, a) for i, a in cases.arrays() if a.ndim and a.size]


@pytest.mark.slow
@pytest.mark.parametrize("a", [a for _, a in CASES], ids=[i for i, _ in CASES])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_matches_reference(name, a):
    """Every axis and every window from 1 to n; min_count takes turns between None, 1 and a
    middle value (every combination on the 1-D and 2-D shapes)."""
    before = a.tobytes()
    index = 0
    for axis in sorted({*range(a.ndim), -1}):
        n = a.shape[axis]
        for window in range(1, n + 1):
            min_counts = (None, 1, (window + 1) // 2)
            if a.ndim > 2:
                min_counts = min_counts[index % 3:][:1]
            for min_count in min_counts:
                check(name, a, **kwargs_for(name, window, min_count, axis, index))
                index += 1
    assert a.tobytes() == before, f"{name} modified its input"


# Long lanes cross many blocks of `window`; strided, reversed and F-ordered layouts and many
# neighbouring lanes take the driver's other paths.
LONG = [
    ((1031,), "C", np.float64, "inf"), ((1031,), "reversed", np.float32, "nan"),
    ((1031,), "C", np.int64, "extremes"), ((1031,), "C", np.float64, "ties"),
    ((19, 263), "F", np.float64, "nan"), ((263, 19), "strided", np.float32, "random"),
    ((3, 515), "byteswapped", np.float64, "nan"),
]


@pytest.mark.slow
@pytest.mark.parametrize("shape, layout, dtype, pattern", LONG, ids=map(str, LONG))
@pytest.mark.parametrize("name", FUNCTIONS)
def test_long_lanes_match_reference(name, shape, layout, dtype, pattern):
    values = cases.make_values(dtype, shape, pattern, seed=len(name))
    a = cases.with_layout(values, layout)
    index = 0
    for axis in range(a.ndim):
        n = a.shape[axis]
        for window in sorted({1, 7, n // 3, n}):
            if 1 <= window <= n:
                check(name, a, **kwargs_for(name, window, max(1, window // 2), axis, index))
                index += 1


# ---------------------------------------------------------------- hypothesis


@st.composite
def move_inputs(draw, name):
    dtype = draw(st.sampled_from(cases.DTYPES))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=12))
    values = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    a = cases.with_layout(values, draw(st.sampled_from(cases.LAYOUTS)))
    axis = draw(st.integers(-a.ndim, a.ndim - 1))
    window = draw(st.integers(1, a.shape[axis]))
    min_count = draw(st.none() | st.integers(1, window))
    kwargs = {"window": window, "min_count": min_count, "axis": axis}
    if name in DDOF_FUNCTIONS:
        kwargs["ddof"] = draw(st.integers(0, 3))
    if name == "move_quantile":
        kwargs["q"] = draw(st.floats(0, 1))
    return a, kwargs


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=30, deadline=None, database=None)
@given(data=st.data())
def test_matches_reference_hypothesis(name, data):
    a, kwargs = data.draw(move_inputs(name))
    before = a.tobytes()
    check(name, a, **kwargs)
    assert a.tobytes() == before, f"{name} modified its input"


@settings(max_examples=100, deadline=None, database=None)
@given(values=hnp.arrays(np.float64, st.integers(1, 60),
                         elements=st.floats(-1e6, 1e6) | st.just(1e9 + 0.5)),
       window=st.integers(1, 60), ddof=st.integers(0, 2))
def test_move_var_is_never_negative(values, window, ddof):
    window = min(window, values.size)
    got = mypkg.move_var(values + 1e9, window, min_count=1, ddof=ddof)
    assert not (got < 0).any()


@settings(max_examples=100, deadline=None, database=None)
@given(values=hnp.arrays(np.float64, st.integers(1, 40), elements=st.integers(-3, 3)),
       window=st.integers(1, 40))
def test_quantile_half_is_median_and_ends_are_extremes(values, window):
    window = min(window, values.size)
    def quantile(q):
        return mypkg.move_quantile(values, window, q, 1)

    assert_array_equal(quantile(0.5), mypkg.move_median(values, window, 1))
    assert_array_equal(quantile(0.0), mypkg.move_min(values, window, 1))
    assert_array_equal(quantile(1.0), mypkg.move_max(values, window, 1))


# ---------------------------------------------------------------- hand-picked edge cases

nan, inf = np.nan, np.inf

# (function, input, kwargs, expected values, expected dtype)
EDGE_CASES = [
    # an inf affects only the windows that hold it; bottleneck gives NaN ever after
    ("move_sum", [1.0, 2.0, inf, 3.0, 4.0, 5.0], {"window": 2}, [nan, 3, inf, inf, 7, 9],
     np.float64),
    ("move_sum", [1.0, inf, -inf, 3.0, 4.0], {"window": 2}, [nan, inf, nan, -inf, 7],
     np.float64),
    ("move_mean", [1.0, -inf, 3.0, 5.0], {"window": 2}, [nan, -inf, -inf, 4], np.float64),
    ("move_var", [1.0, inf, 3.0, 5.0, 7.0], {"window": 2}, [nan, nan, nan, 1, 1], np.float64),
    ("move_std", [2.0, 4.0, nan, 4.0], {"window": 2, "min_count": 1}, [0, 1, 0, 0],
     np.float64),
    # count - ddof <= 0 gives NaN, not -0.0 or inf
    ("move_var", [1.0, 2.0, nan, 4.0], {"window": 2, "min_count": 1, "ddof": 1},
     [nan, 0.5, nan, nan], np.float64),
    ("move_min", [3.0, -inf, 2.0, nan, 5.0], {"window": 2, "min_count": 1},
     [3, -inf, -inf, 2, 5], np.float64),
    ("move_max", [inf, nan, nan, 1.0], {"window": 3, "min_count": 1}, [inf, inf, inf, 1],
     np.float64),
    # ties go to the newest; NaN never wins, not even against +inf
    ("move_argmin", [1.0, 1.0, 2.0, 1.0], {"window": 3}, [nan, nan, 1, 0], np.float64),
    ("move_argmin", [inf, nan, inf, nan], {"window": 4, "min_count": 1}, [0, 1, 0, 1],
     np.float64),
    ("move_argmax", [-inf, nan, nan], {"window": 3, "min_count": 1}, [0, 1, 2], np.float64),
    ("move_median", [1.0, inf, 2.0, -inf], {"window": 2}, [nan, inf, inf, -inf], np.float64),
    ("move_median", [4, 1, 3, 2], {"window": 4, "min_count": 1}, [4, 2.5, 3, 2.5], np.float64),
    ("move_quantile", [1.0, inf, inf, 2.0], {"window": 2, "q": 0.3}, [nan, inf, inf, inf],
     np.float64),
    ("move_quantile", [1.0, 2.0, 3.0, 4.0, 5.0], {"window": 5, "q": 0.1, "min_count": 1},
     [1, 1.1, 1.2, 1.3, 1.4], np.float64),
    ("move_rank", [1.0, 3.0, 2.0, 2.0, nan], {"window": 3, "min_count": 1},
     [0, 1, 0, -0.5, nan], np.float64),
    ("move_rank", [5, 5, 5], {"window": 3}, [nan, nan, 0], np.float64),
    ("move_sum", np.array([1e8, 1, 1, 1, -1e8], np.float32), {"window": 5},
     [nan, nan, nan, nan, 3], np.float32),
    ("move_mean", np.array([1, 2, 3], np.float16), {"window": 2}, [nan, 1.5, 2.5], np.float16),
    ("move_sum", np.array([True, True, False]), {"window": 2}, [nan, 2, 1], np.float64),
    ("move_max", np.array([2**64 - 1, 0], np.uint64), {"window": 2, "min_count": 1},
     [2.0**64, 2.0**64], np.float64),
    ("move_sum", [[1, 2], [3, 4]], {"window": 2, "axis": 0}, [[nan, nan], [4, 6]], np.float64),
]


@pytest.mark.parametrize("name, a, kwargs, expected, dtype", EDGE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(EDGE_CASES)])
def test_edge_cases(name, a, kwargs, expected, dtype):
    got = call(getattr(mypkg, name), a, **kwargs)
    assert got.dtype == dtype
    assert_allclose(got, np.array(expected, np.float64), rtol=1e-15, atol=0, equal_nan=True)


def test_drop_in_for_bottleneck():
    """Same positional signatures and results as bottleneck on finite data."""
    bn = pytest.importorskip("bottleneck")
    a = np.random.default_rng(5).standard_normal((7, 50))
    a[a > 1.5] = np.nan
    for name in FUNCTIONS:
        if name == "move_quantile":
            continue
        for window, min_count, axis in ((5, None, -1), (4, 2, 0), (50, 1, 1)):
            want = getattr(bn, name)(a, window, min_count, axis)
            got = getattr(mypkg, name)(a, window, min_count, axis)
            assert_allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=name)


# ---------------------------------------------------------------- accuracy over long streams


def fresh(a, window, positions, func):
    """func over the windows ending at `positions`, each computed afresh (two-pass)."""
    views = np.lib.stride_tricks.sliding_window_view(a, window)[positions - window + 1]
    return func(views.astype(np.float64), axis=1)


@pytest.mark.parametrize("window", [20, 1000])
def test_no_drift_after_a_spike(window):
    """A 1e7-element stream with a 1e8 spike in the middle: every checked output after the
    spike leaves its window is within 1e-9 of a fresh two-pass computation (relative to the
    window's scale), and var is never negative."""
    n = 10**7
    a = np.random.default_rng(7).standard_normal(n) + 3.0
    spike = n // 2
    a[spike] = 1e8
    rng = np.random.default_rng(8)
    after = spike + window
    positions = np.unique(np.concatenate([
        np.arange(after, after + 5000), rng.integers(after, n, 5000), np.arange(n - 1000, n)]))
    for name, func, scale in (
        ("move_sum", np.sum, lambda v: np.abs(v).sum(axis=1)),
        ("move_mean", np.mean, lambda v: np.abs(v).mean(axis=1)),
        ("move_var", np.var, lambda v: v.var(axis=1)),
        ("move_std", np.std, lambda v: v.std(axis=1)),
    ):
        got = getattr(mypkg, name)(a, window)
        views = np.lib.stride_tricks.sliding_window_view(a, window)[positions - window + 1]
        want = func(views, axis=1)
        err = np.abs(got[positions] - want) / scale(views)
        assert err.max() <= 1e-9, f"{name}: relative error {err.max():.3g}"
        if name == "move_var":
            assert (got[window - 1:] >= 0).all()
            assert got[spike] > 1e12  # the spike is in there


def test_large_offset_variance():
    """Values near 1e9 with unit noise: no catastrophic cancellation."""
    a = 1e9 + np.random.default_rng(3).standard_normal(20000)
    got = mypkg.move_var(a, 500)
    want = fresh(a, 500, np.arange(499, a.size), np.var)
    assert_allclose(got[499:], want, rtol=1e-7)


def test_float32_is_accumulated_in_float64():
    a = np.ones(3 * 10**6, np.float32)
    a[::2] = 1e4
    got = mypkg.move_mean(a, 2 * 10**6)
    assert got.dtype == np.float32
    assert got[-1] == np.float32((1e4 + 1) / 2)


# ---------------------------------------------------------------- out=


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out(name):
    a = cases.make_values(np.float32, (4, 9), "nan", seed=1)
    kwargs = kwargs_for(name, 3, 2, 1, 2)
    want = getattr(mypkg, name)(a, **kwargs)
    for out in (np.empty((4, 9), np.float32), np.empty((9, 4), np.float64).T,
                np.empty((4, 18), np.float32)[:, ::2]):
        got = call(getattr(mypkg, name), a, **kwargs, out=out)
        assert got is out
        assert_array_equal(out, want.astype(out.dtype))
    inplace = a.copy()
    assert getattr(mypkg, name)(inplace, **kwargs, out=inplace) is inplace
    assert_array_equal(inplace, want)


# ---------------------------------------------------------------- bad arguments


BAD = [
    ({"window": 0}, ValueError), ({"window": 6}, ValueError), ({"window": -1}, ValueError),
    ({"window": 2.0}, TypeError), ({"window": True}, TypeError), ({"window": None}, TypeError),
    ({"min_count": 0}, ValueError), ({"min_count": 4}, ValueError),
    ({"min_count": 1.0}, TypeError), ({"axis": None}, TypeError), ({"axis": 2}, AxisError),
    ({"axis": 1.0}, TypeError),
]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_bad_arguments_raise_and_leave_out_untouched(name):
    a = np.arange(10.0).reshape(2, 5)
    base = kwargs_for(name, 3, None, -1, 1)
    bad = list(BAD)
    if name in DDOF_FUNCTIONS:
        bad += [({"ddof": -1}, ValueError), ({"ddof": 0.5}, TypeError)]
    if name == "move_quantile":
        bad += [({"q": -0.1}, ValueError), ({"q": 1.5}, ValueError), ({"q": nan}, ValueError),
                ({"q": "0.5"}, TypeError), ({"q": None}, TypeError)]
    func = getattr(mypkg, name)
    for change, error in bad:
        out = np.full(a.shape, 7.0)
        with pytest.raises(error):
            func(a, **{**base, **change}, out=out)
        assert (out == 7.0).all(), f"{name}{change} wrote into out"
    for args, error in (
        ((np.float64(3.0),), ValueError), ((np.zeros(3, "S1"),), TypeError),
        ((np.array(["a", "b"]),), TypeError), ((np.zeros((2, 0)),), ValueError),
    ):
        with pytest.raises(error):
            func(*args, **{**base, "window": 1})
    for out, error in ((np.zeros((2, 4)), ValueError), (np.zeros((2, 5), np.int64), TypeError),
                       ("out", TypeError)):
        with pytest.raises(error):
            func(a, **base, out=out)
    readonly = np.full(a.shape, 7.0)
    readonly.flags.writeable = False
    with pytest.raises(ValueError):
        func(a, **base, out=readonly)


@pytest.mark.parametrize("symbol", ["mypkg_move_sum_f64", "mypkg_move_var_f32",
                                    "mypkg_move_quantile_i64", "mypkg_move_rank_u64"])
def test_kernels_reject_bad_parameters(symbol):
    """The C side validates too: MYPKG_EINVAL and nothing written."""
    ffi = _library.ffi
    kernel = _library.current().kernels[symbol]
    a = np.arange(6.0) if symbol.endswith("f64") else np.arange(6).astype(
        {"f32": np.float32, "i64": np.int64, "u64": np.uint64}[symbol[-3:]])
    out = np.full(6, 7.0, np.float32 if symbol.endswith("f32") else np.float64)
    shape, astrides, ostrides = [6], [a.itemsize], [out.itemsize]
    extra = {"var": [(0,), (-1,)], "quantile": [(0.5,), (1.5,), (float("nan"),)]}
    kind = symbol.split("_")[2]
    good, *bad_extras = extra.get(kind, [(), ])
    cases_ = [(0, 1, good), (7, 1, good), (3, 0, good), (3, 4, good)]
    cases_ += [(3, 1, e) for e in bad_extras]
    for window, min_count, params in cases_:
        rc = kernel(ffi.from_buffer(a), 1, shape, astrides, ffi.from_buffer(out), ostrides, 0,
                    window, min_count, *params, 1)
        assert rc == -1, (window, min_count, params)
        assert (out == 7.0).all()
    assert kernel(ffi.from_buffer(a), 1, shape, astrides, ffi.from_buffer(out), ostrides, 0,
                  3, 1, *good, 1) == 0
    assert not (out == 7.0).all()
