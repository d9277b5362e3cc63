"""Correctness of mypkg's reductions: generated matrix and hypothesis against reference.py,
hand-picked edge cases, accuracy, ``out=`` semantics and argument validation."""

import math
import warnings

import cases
import numpy as np
import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError
from numpy.testing import assert_allclose, assert_array_equal

import mypkg

FUNCTIONS = (
    "nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin", "nanargmax",
    "ss", "anynan", "allnan", "median", "nanmedian",
)
ARG_FUNCTIONS = ("nanargmin", "nanargmax")
TUPLE_AXIS_FUNCTIONS = tuple(f for f in FUNCTIONS if f not in ARG_FUNCTIONS)
DDOF_FUNCTIONS = ("nanvar", "nanstd")
# These pick or test input values, so they must match the reference exactly.
EXACT_FUNCTIONS = ("nanmin", "nanmax", "nanargmin", "nanargmax", "anynan", "allnan")
# The result scales with this power of the input magnitude (1 for the others).
MAGNITUDE_POWER = {"nanvar": 2, "ss": 2}
RTOL = {np.dtype(np.float16): 2e-3, np.dtype(np.float32): 2e-6, np.dtype(np.float64): 1e-12}

CASES = list(cases.arrays())


def call(func, *args, **kwargs):
    """Call `func` with every warning raised as an error: mypkg must never warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


def describe(name, kwargs):
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def magnitude(a):
    """Largest finite |value| of `a`: the scale of rounding errors in its reductions."""
    a = np.asarray(a, dtype=np.float64)
    return float(np.abs(a[np.isfinite(a)]).max(initial=0.0))


def assert_values(name, got, expected, a, err_msg):
    """`got` equals `expected` exactly, or to the tolerance of its float dtype."""
    got_dtype, expected = np.asarray(got).dtype, np.asarray(expected)
    if name in EXACT_FUNCTIONS or expected.dtype.kind in "biu" or got_dtype.kind in "biu":
        assert_array_equal(got, expected, err_msg=err_msg)
        return
    rtol = max(RTOL[got_dtype.newbyteorder("=")], RTOL[expected.dtype])
    atol = rtol * magnitude(a) ** MAGNITUDE_POWER.get(name, 1)
    if name == "nansum" and expected.size:
        # Cancellation error in a sum grows with the number of terms in the lane.
        atol *= np.asarray(a).size // expected.size
    assert_allclose(
        np.asarray(got, np.float64), np.asarray(expected, np.float64),
        rtol=rtol, atol=atol, equal_nan=True, err_msg=err_msg,
    )


def assert_result(name, got, expected, a, kwargs):
    """`got` has the reference's type, dtype, shape and values."""
    where = describe(name, kwargs)
    assert isinstance(got, (np.ndarray, np.generic)), f"{where} returned {type(got)}"
    # NumPy gives a scalar for any 0-d result; keepdims on 0-d input may give either.
    if not kwargs.get("keepdims") or np.ndim(expected):
        got_kind, expected_kind = (isinstance(x, np.generic) for x in (got, expected))
        assert got_kind == expected_kind, f"{where} scalar: {got_kind}, expected {expected_kind}"
    assert got.dtype == expected.dtype, f"{where} dtype {got.dtype}, expected {expected.dtype}"
    assert got.shape == expected.shape, f"{where} shape {got.shape}, expected {expected.shape}"
    assert_values(name, got, expected, a, where)


def check_against_reference(name, a, **kwargs):
    """mypkg.<name> agrees with reference.slow_<name>, including on which errors it raises."""
    slow, func = getattr(reference, "slow_" + name), getattr(mypkg, name)
    try:
        expected = slow(a, **kwargs)
    except (TypeError, ValueError) as error:
        try:
            got = call(func, a, **kwargs)
        except type(error):
            return
        pytest.fail(f"{describe(name, kwargs)} returned {got!r}, expected {error!r}")
    assert_result(name, call(func, a, **kwargs), expected, a, kwargs)


def argument_grid(name, ndim):
    for axis in cases.axes_for(ndim, tuples=name not in ARG_FUNCTIONS):
        for keepdims in (False, True):
            for ddof in (0, 1) if name in DDOF_FUNCTIONS else (None,):
                kwargs = {"axis": axis, "keepdims": keepdims}
                if ddof is not None:
                    kwargs["ddof"] = ddof
                yield kwargs


@pytest.mark.slow
@pytest.mark.parametrize("a", [a for _, a in CASES], ids=[case_id for case_id, _ in CASES])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_matches_reference(name, a):
    before = a.tobytes()
    for kwargs in argument_grid(name, a.ndim):
        check_against_reference(name, a, **kwargs)
    assert a.tobytes() == before, f"{name} modified its input"


LONG_CASES = list(cases.long_arrays())


@pytest.mark.slow
@pytest.mark.parametrize("a", [a for _, a in LONG_CASES], ids=[i for i, _ in LONG_CASES])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_long_lanes_match_reference(name, a):
    for axis in [None, *range(a.ndim)]:
        kwargs = {"axis": axis, "ddof": 1} if name in DDOF_FUNCTIONS else {"axis": axis}
        check_against_reference(name, a, **kwargs)


# ---------------------------------------------------------------- hypothesis


def elements(dtype):
    """Every float16/float32 and int value. float64 magnitudes stay within 1e-100..1e150 (or
    0) so squares neither overflow nor underflow: a float64 accumulator would there differ
    from the long double reference without being wrong."""
    if dtype.kind != "f":
        return None
    if dtype.itemsize < 8:
        return st.floats(width=8 * dtype.itemsize)
    finite = st.floats(-1e150, 1e150).map(lambda x: x if abs(x) >= 1e-100 else 0.0)
    return finite | st.sampled_from([np.nan, np.inf, -np.inf])


@st.composite
def reduction_inputs(draw, allow_tuple):
    dtype = draw(st.sampled_from(cases.DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
    values = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    a = cases.with_layout(values, draw(st.sampled_from(cases.LAYOUTS)))
    axis = [st.none()]
    if a.ndim:
        axis.append(st.integers(-a.ndim, a.ndim - 1))
        if allow_tuple:
            axis.append(hnp.valid_tuple_axes(a.ndim, min_size=1))
    return a, {"axis": draw(st.one_of(axis)), "keepdims": draw(st.booleans())}


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=100, deadline=None, database=None)
@given(data=st.data())
def test_matches_reference_hypothesis(name, data):
    a, kwargs = data.draw(reduction_inputs(allow_tuple=name not in ARG_FUNCTIONS))
    if name in DDOF_FUNCTIONS:
        kwargs["ddof"] = data.draw(st.integers(0, 4), label="ddof")
    before = a.tobytes()
    check_against_reference(name, a, **kwargs)
    assert a.tobytes() == before, f"{name} modified its input"


# ---------------------------------------------------------------- hand-picked edge cases


class ArrayLike:
    """Not an ndarray, but converts to one through the __array__ protocol."""

    def __init__(self, values):
        self.values = values

    def __array__(self, dtype=None, copy=None):
        return np.array(self.values, dtype=dtype)


nan, inf = np.nan, np.inf
I64_MAX, I64_MIN = 2**63 - 1, -(2**63)

# (function, input, kwargs, expected value, expected dtype). A Python scalar as expected
# value means the result must be a NumPy scalar; a list means an ndarray.
EDGE_CASES = [
    ("nansum", [nan, nan], {}, 0.0, np.float64),
    ("nansum", np.array([], np.float32), {}, 0.0, np.float32),
    ("nansum", np.array([], np.int8), {}, 0, np.int64),
    ("nansum", np.array([True, True, False]), {}, 2, np.int64),
    ("nansum", np.array([200, 100], np.uint8), {}, 300, np.uint64),
    ("nansum", np.array([2**62, 1, 1], np.int64), {}, 2**62 + 2, np.int64),
    ("nansum", [inf, 1.0, nan], {}, inf, np.float64),
    ("nansum", [inf, -inf], {}, nan, np.float64),
    ("nansum", [-inf, nan, -inf], {}, -inf, np.float64),
    ("nansum", np.zeros((0, 3)), {"axis": 1}, np.zeros(0).tolist(), np.float64),
    ("nansum", np.zeros((0, 3)), {"axis": 0}, [0.0, 0.0, 0.0], np.float64),
    ("nansum", [[1, 2], [3, 4]], {"axis": 0}, [4, 6], np.int64),
    ("nansum", 3.0, {}, 3.0, np.float64),
    ("ss", [], {}, 0.0, np.float64),
    ("ss", [3.0, 4.0], {}, 25.0, np.float64),
    ("ss", [3.0, nan], {}, nan, np.float64),
    ("ss", [-inf, 1.0], {}, inf, np.float64),
    ("ss", np.array([-128, 127], np.int8), {}, 32513, np.int64),
    ("ss", np.array([255], np.uint8), {}, 65025, np.uint64),
    ("ss", np.array([2**32, 3], np.int64), {}, 9, np.int64),
    ("ss", np.array([True, True, False]), {}, 2, np.int64),
    ("ss", np.array([3, 4], np.float16), {}, 25.0, np.float16),
    ("ss", np.array([300, 1], np.float16), {}, inf, np.float16),
    ("nansum", np.array([60000, 60000, nan], np.float16), {}, inf, np.float16),
    ("nansum", np.array([60000, 60000, -60000], np.float16), {}, 60000, np.float16),
    ("nanvar", np.array([-60000, 60000], np.float16), {}, inf, np.float16),
    ("nanmean", np.array([60000, 60000], np.float16), {}, 60000, np.float16),
    ("nansum", np.array([3e38, 3e38], np.float32), {}, inf, np.float32),
    ("nanmean", np.array([3e38, 3e38], np.float32), {}, np.float32(3e38), np.float32),
    ("nanmean", [nan], {}, nan, np.float64),
    ("nanmean", [], {}, nan, np.float64),
    ("nanmean", [1.0, nan, 2.0], {}, 1.5, np.float64),
    ("nanmean", [inf, -inf], {}, nan, np.float64),
    ("nanmean", [inf, 1.0], {}, inf, np.float64),
    ("nanmean", np.array([I64_MAX, I64_MAX], np.int64), {}, float(I64_MAX), np.float64),
    ("nanmean", np.array([1, 2], np.float16), {}, 1.5, np.float16),
    ("nanmean", np.zeros((0, 3)), {"axis": 0}, [nan, nan, nan], np.float64),
    ("nanmean", ArrayLike([1.0, nan, 4.0]), {}, 2.5, np.float64),
    ("nanvar", [1.0, 3.0], {}, 1.0, np.float64),
    ("nanvar", [1.0, 3.0, nan], {"ddof": 1}, 2.0, np.float64),
    ("nanvar", [1.0], {"ddof": 1}, nan, np.float64),
    ("nanvar", [1.0, 2.0], {"ddof": 2}, nan, np.float64),
    ("nanvar", [1.0, 2.0], {"ddof": 5}, nan, np.float64),
    ("nanvar", [nan, nan], {}, nan, np.float64),
    ("nanvar", [], {}, nan, np.float64),
    ("nanvar", [5.0], {}, 0.0, np.float64),
    ("nanvar", np.array([1, 2, 3, 4], np.int8), {}, 1.25, np.float64),
    ("nanvar", np.array([1, 3], np.float32), {}, 1.0, np.float32),
    ("nanstd", [1.0, 3.0], {}, 1.0, np.float64),
    ("nanstd", [2.0, 4.0, 4.0, nan, 4.0, 5.0, 5.0, 7.0, 9.0], {}, 2.0, np.float64),
    ("nanstd", [], {}, nan, np.float64),
    ("nanstd", [[1.0, 3.0], [2.0, 2.0]], {"axis": 1, "ddof": 1}, [2**0.5, 0.0], np.float64),
    ("nanmin", [inf, nan], {}, inf, np.float64),
    ("nanmin", [nan, 1.0, nan, -2.0], {}, -2.0, np.float64),
    ("nanmin", [nan, nan], {}, nan, np.float64),
    ("nanmin", np.array([2**64 - 1, 2**63], np.uint64), {}, 2**63, np.uint64),
    ("nanmin", np.array([True, False]), {}, False, np.bool_),
    ("nanmin", np.zeros((0, 3)), {"axis": 1}, np.zeros(0).tolist(), np.float64),
    ("nanmin", [[nan, nan], [2.0, nan]], {"axis": 1}, [nan, 2.0], np.float64),
    ("nanmax", [nan, -inf], {}, -inf, np.float64),
    ("nanmax", np.array([I64_MIN, I64_MAX], np.int64), {}, I64_MAX, np.int64),
    ("nanmax", np.array([-5, -3], np.int8), {}, -3, np.int8),
    ("nanmax", np.float32(2.5), {}, 2.5, np.float32),
    ("nanargmin", [nan, 2.0, 1.0, 1.0], {}, 2, np.intp),
    ("nanargmin", [[3.0, nan], [nan, 1.0]], {}, 3, np.intp),
    ("nanargmin", [[3.0, nan], [nan, 1.0]], {"axis": 0}, [0, 1], np.intp),
    ("nanargmin", [[3.0, nan], [nan, 1.0]], {"axis": -1, "keepdims": True}, [[0], [1]], np.intp),
    ("nanargmin", np.zeros((0, 3)), {"axis": 1}, np.zeros(0, int).tolist(), np.intp),
    ("nanargmax", [nan, -inf], {}, 1, np.intp),
    ("nanargmax", [inf, nan, inf], {}, 0, np.intp),
    ("nanargmax", np.array([1, 7, 7], np.uint8), {}, 1, np.intp),
    ("nanargmax", 5.0, {}, 0, np.intp),
    ("median", [1.0, nan, 3.0], {}, nan, np.float64),
    ("median", [4.0, 1.0, 3.0, 2.0], {}, 2.5, np.float64),
    ("median", [inf, 1.0], {}, inf, np.float64),
    ("median", [], {}, nan, np.float64),
    ("median", np.array([1, 2], np.int64), {}, 1.5, np.float64),
    ("median", np.array([I64_MAX, I64_MAX, 0], np.int64), {}, float(I64_MAX), np.float64),
    ("median", np.array([1, 2], np.float16), {}, 1.5, np.float16),
    ("median", [[1, 2], [3, 4]], {"axis": -1, "keepdims": True}, [[1.5], [3.5]], np.float64),
    ("nanmedian", [nan, 1.0, 2.0, nan, 4.0], {}, 2.0, np.float64),
    ("nanmedian", [nan, 1.0, 2.0, nan], {}, 1.5, np.float64),
    ("nanmedian", [nan], {}, nan, np.float64),
    ("nanmedian", np.array([5, 1, 3, 4], np.uint8), {}, 3.5, np.float64),
    ("nanmedian", np.zeros((2, 0)), {"axis": 1}, [nan, nan], np.float64),
    ("anynan", [1.0, nan], {}, True, np.bool_),
    ("anynan", [], {}, False, np.bool_),
    ("anynan", np.array([1, 2], np.int64), {}, False, np.bool_),
    ("anynan", [[1.0, nan], [2.0, 3.0]], {"axis": 1}, [True, False], np.bool_),
    ("anynan", np.zeros((0, 3)), {"axis": 0}, [False, False, False], np.bool_),
    ("allnan", [], {}, True, np.bool_),
    ("allnan", [nan, nan], {}, True, np.bool_),
    ("allnan", [nan, 1.0], {}, False, np.bool_),
    ("allnan", np.zeros(3, np.int32), {}, False, np.bool_),
    ("allnan", np.zeros(0, np.int32), {}, True, np.bool_),
    ("allnan", np.zeros((0, 3), np.int8), {"axis": 0}, [True, True, True], np.bool_),
    ("allnan", [[nan, nan], [nan, 1.0]], {"axis": 1}, [True, False], np.bool_),
]


@pytest.mark.parametrize(
    ("name", "a", "kwargs", "expected", "dtype"), EDGE_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(EDGE_CASES)],
)
def test_edge_case(name, a, kwargs, expected, dtype):
    got = call(getattr(mypkg, name), a, **kwargs)
    if isinstance(expected, list):
        assert isinstance(got, np.ndarray), f"expected an ndarray, got {type(got)}"
        assert got.shape == np.shape(expected)
    else:
        assert isinstance(got, np.generic), f"expected a NumPy scalar, got {type(got)}"
    assert got.dtype == np.dtype(dtype)
    assert_array_equal(got, np.array(expected, dtype=got.dtype))


ERROR_CASES = [
    ("nanmin", [], {}),
    ("nanmin", np.zeros(0, np.int8), {}),
    ("nanmax", np.zeros((0, 3)), {"axis": 0}),
    ("nanmax", np.zeros((0, 3)), {}),
    ("nanargmin", [], {}),
    ("nanargmax", np.zeros((3, 0)), {"axis": 1}),
    ("nanargmin", [nan, nan], {}),
    ("nanargmax", [[1.0, nan], [nan, nan]], {"axis": 1}),
    ("nanargmin", [[nan, 1.0], [nan, 2.0]], {"axis": 0}),
]


@pytest.mark.parametrize(("name", "a", "kwargs"), ERROR_CASES)
def test_edge_case_raises_value_error(name, a, kwargs):
    with pytest.raises(ValueError):
        call(getattr(mypkg, name), a, **kwargs)


@pytest.mark.parametrize("name", TUPLE_AXIS_FUNCTIONS)
def test_empty_axis_tuple_reduces_nothing(name):
    a = cases.make_values(np.float64, (3, 4), "nan", seed=3)
    check_against_reference(name, a, axis=())


@pytest.mark.parametrize("name", FUNCTIONS)
def test_integer_like_axis_and_ddof(name):
    a = cases.make_values(np.float32, (3, 4), "nan", seed=4)
    kwargs = {"axis": np.int64(-1)}
    if name in DDOF_FUNCTIONS:
        kwargs["ddof"] = np.int32(1)
    check_against_reference(name, a, **kwargs)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_positional_axis_and_ddof(name):
    a = cases.make_values(np.float64, (3, 4), "nan", seed=5)
    args = (a, 0, 1) if name in DDOF_FUNCTIONS else (a, 0)
    expected = getattr(reference, "slow_" + name)(*args)
    assert_result(name, call(getattr(mypkg, name), *args), expected, a, {})


# ---------------------------------------------------------------- accuracy


def test_nanmean_float32_ones_is_exact():
    got = call(mypkg.nanmean, np.ones(2**25, np.float32))
    assert got.dtype == np.float32
    assert got == 1


def test_nansum_float32_many_tenths():
    got = call(mypkg.nansum, np.full(10**7, 0.1, np.float32))
    assert got.dtype == np.float32
    assert abs(float(got) - 1e6) <= 1e-6 * 1e6


@pytest.mark.parametrize("name", ["nansum", "nanmean"])
def test_float32_is_accumulated_in_float64(name):
    x = np.random.default_rng(6).random(10**6).astype(np.float32) + np.float32(1000)
    x[::7] = np.nan
    exact = getattr(reference, "slow_" + name)(x.astype(np.float64))
    numpy_error = abs(float(getattr(np, name)(x)) - exact)
    got = call(getattr(mypkg, name), x)
    assert got.dtype == np.float32
    error = abs(float(got) - exact)
    # A float64 accumulator leaves only the final rounding to float32.
    assert error <= 0.5 * float(np.spacing(np.float32(exact))) * (1 + 1e-6)
    assert error <= numpy_error


@pytest.mark.parametrize("with_nan", [False, True], ids=["dense", "nan"])
def test_nanvar_of_large_offset_is_exact(with_nan):
    noise = np.random.default_rng(7).standard_normal(10**5)
    x = 1e9 + noise
    if with_nan:
        x[::10] = np.nan
        noise = noise[~np.isnan(x)]
    for ddof in (0, 1):
        assert_allclose(call(mypkg.nanvar, x, ddof=ddof), np.var(noise, ddof=ddof), rtol=1e-6)
        assert_allclose(call(mypkg.nanstd, x, ddof=ddof), np.std(noise, ddof=ddof), rtol=1e-6)


def test_nanvar_float32_is_accumulated_in_float64():
    x = (1e4 + np.random.default_rng(8).standard_normal(10**6)).astype(np.float32)
    exact = np.var(x.astype(np.float64))
    got = call(mypkg.nanvar, x)
    assert got.dtype == np.float32
    assert_allclose(float(got), exact, rtol=1e-6)


# ---------------------------------------------------------------- out=

# NaNs in every row and column, but no all-NaN lane along either axis; x[3, 3] is NaN so
# that corrupting it through an aliased out changes anynan/median results.
OUT_INPUT = np.array([
    [1.5, nan, -2.0, 4.0],
    [nan, 3.0, 3.0, -1.0],
    [0.5, 2.5, nan, 8.0],
    [7.0, -4.0, 6.0, nan],
])
OUT_INPUTS = {
    "float64": OUT_INPUT,
    "int16": np.array([[3, -1, 4, 1], [5, 9, -2, 6], [5, 3, 5, 8]], np.int16),
    "bool": np.array([[1, 0, 0, 1], [0, 0, 0, 0], [1, 1, 1, 1]], bool),
}
OUT_REDUCTIONS = [
    {"axis": None, "keepdims": False},
    {"axis": None, "keepdims": True},
    {"axis": 0, "keepdims": False},
    {"axis": 1, "keepdims": True},
]


def sentinel(shape, dtype, layout="C"):
    """A writable array of -7 (no result here is -7; True for bool) laid out as `layout`."""
    return cases.with_layout(np.full(shape, -7).astype(dtype), layout)


def prefilled_out(expected, dtype, layout="C"):
    """An out array for `expected` none of whose elements already holds the result."""
    if np.dtype(dtype) == np.bool_:
        return cases.with_layout(np.logical_not(expected), layout)
    return sentinel(np.shape(expected), dtype, layout)


def assert_out_holds(name, out, expected, a, kwargs):
    with np.errstate(all="ignore"):
        want = np.asarray(expected).astype(out.dtype.newbyteorder("="))
    assert_values(name, out, want, a, describe(name, kwargs))


@pytest.mark.parametrize("layout", cases.LAYOUTS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_any_writable_layout(name, layout):
    for kwargs in OUT_REDUCTIONS:
        expected = getattr(reference, "slow_" + name)(OUT_INPUT, **kwargs)
        out = prefilled_out(expected, expected.dtype, layout)
        got = call(getattr(mypkg, name), OUT_INPUT, out=out, **kwargs)
        assert got is out, f"{describe(name, kwargs)} did not return out itself"
        assert_out_holds(name, out, expected, OUT_INPUT, kwargs)


@pytest.mark.parametrize("input_name", list(OUT_INPUTS))
@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_dtype_same_kind(name, input_name):
    a = OUT_INPUTS[input_name]
    expected = getattr(reference, "slow_" + name)(a, axis=1)
    for dtype in cases.DTYPES:
        out = prefilled_out(expected, dtype)
        before = out.tobytes()
        if np.can_cast(expected.dtype, dtype, "same_kind"):
            got = call(getattr(mypkg, name), a, axis=1, out=out)
            assert got is out
            assert_out_holds(name, out, expected, a, {"out": dtype})
        else:
            with pytest.raises(TypeError):
                call(getattr(mypkg, name), a, axis=1, out=out)
            assert out.tobytes() == before, f"{name} wrote into a rejected {dtype} out"


BAD_OUT_SHAPES = [
    ({"axis": 1}, [(4,), (3, 1), (1, 3), (), (2,)]),
    ({"axis": 1, "keepdims": True}, [(3,), (1, 3), (3, 1, 1)]),
    ({"axis": None}, [(1,), (1, 1)]),
    ({"axis": None, "keepdims": True}, [(), (1,), (3, 4)]),
]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_wrong_shape(name):
    a = OUT_INPUT[:3]
    for kwargs, shapes in BAD_OUT_SHAPES:
        dtype = getattr(reference, "slow_" + name)(a, **kwargs).dtype
        for shape in shapes:
            out = sentinel(shape, dtype)
            with pytest.raises(ValueError):
                call(getattr(mypkg, name), a, out=out, **kwargs)
            assert out.tobytes() == sentinel(shape, dtype).tobytes(), f"{shape} {kwargs}"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_read_only(name):
    expected = getattr(reference, "slow_" + name)(OUT_INPUT, axis=0)
    out = sentinel(expected.shape, expected.dtype)
    out.flags.writeable = False
    with pytest.raises(ValueError):
        call(getattr(mypkg, name), OUT_INPUT, axis=0, out=out)
    assert out.tobytes() == sentinel(expected.shape, expected.dtype).tobytes()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_must_be_an_ndarray(name):
    with pytest.raises((TypeError, ValueError)):
        call(getattr(mypkg, name), OUT_INPUT, axis=0, out=[0.0] * 4)


@pytest.mark.parametrize("nan_row", [0, 1, 2])
@pytest.mark.parametrize("name", ARG_FUNCTIONS)
def test_out_untouched_when_a_lane_is_all_nan(name, nan_row):
    a = OUT_INPUT[:3].copy()
    a[nan_row] = nan
    for kwargs in ({"axis": 1}, {"axis": 1, "keepdims": True}):
        shape = (3, 1) if kwargs.get("keepdims") else (3,)
        out = sentinel(shape, np.intp)
        with pytest.raises(ValueError):
            call(getattr(mypkg, name), a, out=out, **kwargs)
        assert out.tobytes() == sentinel(shape, np.intp).tobytes()


@pytest.mark.parametrize("name", ["nanmin", "nanmax", "nanargmin", "nanargmax"])
def test_out_untouched_when_a_lane_is_empty(name):
    out = sentinel((3,), np.intp if name in ARG_FUNCTIONS else np.float64)
    with pytest.raises(ValueError):
        call(getattr(mypkg, name), np.zeros((0, 3)), axis=0, out=out)
    assert out.tobytes() == sentinel((3,), out.dtype).tobytes()


def failing_calls(name):
    """(description, args, kwargs) of calls that must fail before writing into out."""
    a = OUT_INPUT
    yield "axis out of range", (a,), {"axis": 5}
    yield "non-integer axis", (a,), {"axis": 0.5}
    yield "string input", (a.astype(str),), {"axis": 0}
    yield "unknown keyword", (a,), {"axis": 0, "bogus": 1}
    if name in DDOF_FUNCTIONS:
        yield "non-integer ddof", (a,), {"axis": 0, "ddof": "1"}
    if name in ARG_FUNCTIONS:
        yield "tuple axis", (a,), {"axis": (0,)}
    else:
        yield "duplicate axis", (a,), {"axis": (0, -2)}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_untouched_on_bad_arguments(name):
    dtype = getattr(reference, "slow_" + name)(OUT_INPUT, axis=0).dtype
    for what, args, kwargs in failing_calls(name):
        out = sentinel((4,), dtype)
        with pytest.raises((TypeError, ValueError)):
            call(getattr(mypkg, name), *args, out=out, **kwargs)
        assert out.tobytes() == sentinel((4,), dtype).tobytes(), what


def aliased_out(a, shape, dtype):
    """An out array made of the last bytes of `a`, in reverse order, so a kernel that
    writes lane results before reading later lanes corrupts its own input."""
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    tail = a.reshape(-1).view(np.uint8)[a.nbytes - nbytes:]
    return tail.view(dtype)[::-1].reshape(shape)


@pytest.mark.parametrize(
    "kwargs", [{"axis": 0}, {"axis": 1}, {"axis": 1, "keepdims": True}, {"axis": None}],
    ids=["axis0", "axis1", "axis1-keepdims", "all"],
)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_sharing_memory_with_input(name, kwargs):
    a = OUT_INPUT.copy()
    expected = getattr(reference, "slow_" + name)(a, **kwargs)
    out = aliased_out(a, np.shape(expected), expected.dtype)
    assert np.shares_memory(a, out)
    got = call(getattr(mypkg, name), a, out=out, **kwargs)
    assert got is out
    assert_out_holds(name, out, expected, OUT_INPUT, kwargs)


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize("name", FUNCTIONS)
def test_axis_out_of_range(name):
    func = getattr(mypkg, name)
    a = OUT_INPUT[:3]
    bad = [2, -3, 100]
    if name not in ARG_FUNCTIONS:
        bad += [(0, 2), (-3,), (1, -5)]
    for axis in bad:
        with pytest.raises(AxisError):
            call(func, a, axis=axis)
    with pytest.raises(AxisError):
        call(func, np.float64(1.0), axis=0)
    with pytest.raises(AxisError):
        call(func, np.array(1.0), axis=-1)


@pytest.mark.parametrize("axis", [(0, 0), (1, -1), (0, 1, 0)])
@pytest.mark.parametrize("name", TUPLE_AXIS_FUNCTIONS)
def test_duplicate_axis(name, axis):
    with pytest.raises(ValueError):
        call(getattr(mypkg, name), OUT_INPUT, axis=axis)


@pytest.mark.parametrize("axis", [1.0, "1", True, [0], np.float64(0), (0, 1.0), (False,)])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_non_integer_axis(name, axis):
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), OUT_INPUT, axis=axis)


@pytest.mark.parametrize("axis", [(0,), (1,), (0, 1), ()])
@pytest.mark.parametrize("name", ARG_FUNCTIONS)
def test_arg_functions_reject_tuple_axis(name, axis):
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), OUT_INPUT, axis=axis)


@pytest.mark.parametrize("ddof", [1.5, "1", None, [1], np.float64(1.0)])
@pytest.mark.parametrize("name", DDOF_FUNCTIONS)
def test_non_integer_ddof(name, ddof):
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), OUT_INPUT, ddof=ddof)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_unknown_keyword(name):
    func = getattr(mypkg, name)
    for kwargs in ({"axes": 0}, {"dtype": np.float64}, {"bogus": None}):
        with pytest.raises(TypeError):
            call(func, OUT_INPUT, **kwargs)
    if name not in DDOF_FUNCTIONS:
        with pytest.raises(TypeError):
            call(func, OUT_INPUT, ddof=1)
    with pytest.raises(TypeError):
        call(func)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_out_and_keepdims_are_keyword_only(name):
    func = getattr(mypkg, name)
    lead = (OUT_INPUT, None, 0) if name in DDOF_FUNCTIONS else (OUT_INPUT, None)
    dtype = getattr(reference, "slow_" + name)(OUT_INPUT).dtype
    out = sentinel((), dtype)
    for extra in (out, True):
        with pytest.raises(TypeError):
            call(func, *lead, extra)
    assert out.tobytes() == sentinel((), dtype).tobytes()


# complex, object, datetime64 and timedelta64 input computes through NumPy: tests/test_fallback.py
UNSUPPORTED_INPUTS = {
    "str": np.array(["a", "b"]),
    "str-list": ["a", "b"],
    "str-empty": np.array([], str),
    "bytes": np.array([b"a", b"b"]),
    "record": np.zeros(2, [("x", "f8")]),
}


@pytest.mark.parametrize("input_name", list(UNSUPPORTED_INPUTS))
@pytest.mark.parametrize("name", FUNCTIONS)
def test_unsupported_dtype(name, input_name):
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), UNSUPPORTED_INPUTS[input_name])
