"""Correctness of mypkg's grouped reductions (mypkg.group): the generated matrix against the
plain-loop reference (reference_group.py), pandas and numbagg cross-checks, accuracy, empty
groups, ``out=`` semantics, every bad input, and the C kernel's own label check."""

import math
import warnings
import zlib

import cases
import numpy as np
import pytest
from numpy.exceptions import AxisError
from numpy.testing import assert_allclose, assert_array_equal
from reference_group import RESULT_DTYPES, slow_group

import mypkg
from mypkg import _library

FUNCTIONS = tuple(RESULT_DTYPES)
DDOF_FUNCTIONS = ("group_nanvar", "group_nanstd")
# These pick or test input values, so they must match the reference exactly.
EXACT_FUNCTIONS = ("group_nanmin", "group_nanmax", "group_nanargmin", "group_nanargmax",
                   "group_nanfirst", "group_nanlast", "group_nanany", "group_nanall",
                   "group_nancount")
MAGNITUDE_POWER = {"group_nanvar": 2, "group_nansum_of_squares": 2}
RTOL = {np.dtype(np.float16): 2e-3, np.dtype(np.float32): 2e-6, np.dtype(np.float64): 1e-12}

CASES = list(cases.arrays())
# The fast tier: every third array of the matrix (all dtypes, shapes and layouts still occur).
FAST_CASES = CASES[::3]


def call(func, *args, **kwargs):
    """Call `func` with every warning raised as an error: mypkg must never warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


def make_labels(shape, ngroups, seed):
    """Labels in [-1, ngroups) for the reduced axes' shape: about one in eight skipped."""
    rng = np.random.default_rng(seed)
    return rng.integers(-1, max(ngroups, 1), shape) if ngroups else np.full(shape, -1)


def labels_shape(a, axis):
    if axis is None:
        return a.shape
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(a.shape[d] for d in axes)


def assert_values(name, got, expected, a, err_msg):
    """`got` equals `expected`: exactly, or to its float dtype's tolerance scaled by the input."""
    assert got.dtype == expected.dtype, err_msg
    assert got.shape == expected.shape, err_msg
    if name in EXACT_FUNCTIONS or expected.dtype.kind in "biu":
        assert_array_equal(got, expected, err_msg=err_msg)
        return
    finite = np.asarray(a, np.float64)
    scale = float(np.abs(finite[np.isfinite(finite)]).max(initial=1.0))
    rtol = RTOL[expected.dtype]
    assert_allclose(got, expected, rtol=rtol, atol=rtol * scale ** MAGNITUDE_POWER.get(name, 1),
                    equal_nan=True, err_msg=err_msg)


def check_against_reference(name, case_id, a, axis, num_labels_extra):
    seed = zlib.crc32(f"{case_id}-{axis}".encode())
    lshape = labels_shape(a, axis)
    ngroups = 3 if math.prod(lshape) > 4 else 2
    labels = make_labels(lshape, ngroups, seed)
    kwargs = {"axis": axis}
    if num_labels_extra is not None:
        kwargs["num_labels"] = ngroups + num_labels_extra  # empty groups at the end
    if name in DDOF_FUNCTIONS:
        kwargs["ddof"] = seed % 2
    msg = f"{name}({case_id}, {kwargs})"
    expected = slow_group(name, a, labels, **kwargs)
    got = call(getattr(mypkg, name), a, labels, **kwargs)
    assert_values(name, got, expected, a, msg)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_matrix_fast(name):
    """A third of the generated arrays, reduced over every axis and over the last one."""
    for case_id, a in FAST_CASES:
        for axis in (None, -1) if a.ndim else (None,):
            check_against_reference(name, case_id, a, axis, 2 if a.ndim % 2 else None)


@pytest.mark.slow
@pytest.mark.parametrize("name", FUNCTIONS)
def test_matrix_full(name):
    """Every generated array over every axis form cases.axes_for gives (ints, tuples, None)."""
    for case_id, a in CASES:
        for axis in cases.axes_for(a.ndim):
            check_against_reference(name, case_id, a, axis, 1)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("axis", [0, 1, 2, (2, 0), (0, 1), None])
def test_axis_forms(name, axis):
    """Tuples in any order (labels follow the tuple), on a transposed, reversed view."""
    a = cases.with_layout(cases.make_values(np.float64, (4, 3, 5), "nan", seed=3), "reversed")
    a = a.transpose(1, 0, 2)
    check_against_reference(name, f"axes-{axis}", a, axis, 1)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_long_lanes(name):
    """Long lanes, many groups, with the strided and F-order layouts of cases.py."""
    for case_id, a in cases.long_arrays():
        if a.dtype in (np.float64, np.int32):
            labels = make_labels(a.shape[-1:], 40, zlib.crc32(case_id.encode()))
            expected = slow_group(name, a, labels, axis=-1)
            got = call(getattr(mypkg, name), a, labels, axis=-1)
            assert_values(name, got, expected, a, f"{name}({case_id})")


# ------------------------------------------------------------------------ hand-picked values


VALUES = [1.0, np.nan, 4.0, -2.0, 7.0, np.nan, 3.0]
LABELS = [0, 0, 2, 0, -1, 2, 2]  # group 1 is empty, value 7 is skipped
EXPECTED = {
    "group_nansum": [-1.0, 0.0, 7.0, 0.0],
    "group_nansum_of_squares": [5.0, 0.0, 25.0, 0.0],
    "group_nanprod": [-2.0, 1.0, 12.0, 1.0],
    "group_nancount": [2, 0, 2, 0],
    "group_nanmean": [-0.5, np.nan, 3.5, np.nan],
    "group_nanvar": [4.5, np.nan, 0.5, np.nan],
    "group_nanstd": [math.sqrt(4.5), np.nan, math.sqrt(0.5), np.nan],
    "group_nanmin": [-2.0, np.nan, 3.0, np.nan],
    "group_nanmax": [1.0, np.nan, 4.0, np.nan],
    "group_nanargmin": [3, -1, 6, -1],
    "group_nanargmax": [0, -1, 2, -1],
    "group_nanfirst": [1.0, np.nan, 4.0, np.nan],
    "group_nanlast": [-2.0, np.nan, 3.0, np.nan],
    "group_nanany": [True, False, True, False],
    "group_nanall": [True, True, True, True],
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hand_picked(name):
    """Values written out: NaN skipped, a negative label skipped, empty groups in the middle
    and at the end (num_labels=4)."""
    got = call(getattr(mypkg, name), VALUES, LABELS, num_labels=4)
    assert_array_equal(got, np.array(EXPECTED[name], RESULT_DTYPES[name](np.dtype(float))))


def test_inf_sums():
    """inf survives the compensated sum (its error term is NaN), inf - inf is NaN."""
    got = mypkg.group_nansum([np.inf, 1.0, np.inf, -np.inf, 1e308, 1e308], [0, 0, 1, 1, 2, 2])
    assert_array_equal(got, [np.inf, np.nan, np.inf])
    assert_array_equal(mypkg.group_nanmean([-np.inf, 2.0], [0, 0]), [-np.inf])


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("dtype", cases.DTYPES, ids=str)
def test_result_dtype(name, dtype):
    got = mypkg.__dict__[name](np.ones((2, 3), dtype), [0, 1, 1], axis=1)
    assert got.dtype == RESULT_DTYPES[name](dtype)
    assert got.shape == (2, 2)


def test_integer_sums_wrap_like_numpy():
    a = np.array([2**62, 2**62, 2**62, 5], np.int64)
    assert mypkg.group_nansum(a, [0, 0, 0, 1])[0] == np.sum(a[:3])
    assert mypkg.group_nanprod(np.array([2**40, 2**40], np.int64), [0, 0])[0] == np.prod(
        np.array([2**40, 2**40], np.int64))
    u = np.array([2**63, 2**63 + 1], np.uint64)
    assert mypkg.group_nansum(u, [0, 0]).tolist() == [1]


# ------------------------------------------------------------------------ accuracy


def test_float32_sum_is_the_exact_sum():
    """Big and small terms that cancel: a float32 accumulator would lose the small ones."""
    rng = np.random.default_rng(1)
    a = (rng.standard_normal(100_000) * 10.0 ** rng.integers(-3, 6, 100_000)).astype(np.float32)
    labels = rng.integers(0, 5, a.size)
    got = mypkg.group_nansum(a, labels)
    for g in range(5):
        assert got[g] == np.float32(math.fsum(a[labels == g].astype(np.float64)))


def test_float64_sum_is_compensated():
    a = np.array([1e16, 1.0, -1e16, 1.0] * 1000)
    assert mypkg.group_nansum(a, np.zeros(a.size, int))[0] == 2000.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_variance_without_cancellation(dtype):
    rng = np.random.default_rng(2)
    noise = rng.standard_normal(200_000)
    labels = rng.integers(0, 4, noise.size)
    a = (1e9 if dtype == np.float64 else 1e4) + noise
    got = mypkg.group_nanvar(a.astype(dtype), labels)
    rounded = a.astype(dtype).astype(np.float64)
    for g in range(4):
        assert_allclose(got[g], np.var(rounded[labels == g], ddof=1), rtol=1e-6)


# ------------------------------------------------------------------------ peers


PANDAS_AGG = {
    "group_nansum": "sum", "group_nanmean": "mean", "group_nanvar": "var", "group_nanstd": "std",
    "group_nanmin": "min", "group_nanmax": "max", "group_nanfirst": "first",
    "group_nanlast": "last", "group_nancount": "count", "group_nanprod": "prod",
    "group_nanargmin": "idxmin", "group_nanargmax": "idxmax",
}


@pytest.mark.parametrize("name", sorted(PANDAS_AGG))
def test_matches_pandas(name):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(3)
    a = rng.standard_normal(5000)
    a[rng.random(a.size) < 0.2] = np.nan
    labels = rng.integers(-1, 50, a.size)
    kept = labels >= 0
    expected = pd.Series(a[kept], index=np.flatnonzero(kept)).groupby(labels[kept]).agg(
        PANDAS_AGG[name])
    got = getattr(mypkg, name)(a, labels)
    assert_allclose(got, expected.to_numpy(), rtol=1e-12)


# numbagg compiles each function per dtype on first use (a second or two): the fast tier checks
# three, the slow tier all.
NUMBAGG_FAST = ("group_nansum", "group_nanmean", "group_nanvar")
NUMBAGG_CASES = [
    pytest.param(f, dt, marks=() if f in NUMBAGG_FAST and dt == np.float64 else pytest.mark.slow)
    for f in FUNCTIONS if f not in ("group_nanargmin", "group_nanargmax")
    for dt in (np.float64, np.float32)]


@pytest.mark.parametrize("name, dtype", NUMBAGG_CASES)
def test_matches_numbagg(name, dtype):
    numbagg = pytest.importorskip("numbagg")
    rng = np.random.default_rng(4)
    a = rng.standard_normal((3, 2000)).astype(dtype)
    a[rng.random(a.shape) < 0.2] = np.nan
    labels = rng.integers(-1, 30, a.shape[-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = getattr(numbagg, name)(a, labels, axis=-1, num_labels=32)
    got = getattr(mypkg, name)(a, labels, axis=-1, num_labels=32)
    assert_allclose(got, expected.astype(got.dtype), rtol=RTOL[np.dtype(dtype)] * 10,
                    equal_nan=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["group_nanargmin", "group_nanargmax"])
def test_arg_matches_numbagg(name):
    """numbagg gives positions for groups holding numbers (and garbage for the others)."""
    numbagg = pytest.importorskip("numbagg")
    rng = np.random.default_rng(5)
    a = rng.standard_normal(3000)
    a[rng.random(a.size) < 0.2] = np.nan
    labels = rng.integers(0, 20, (3000,))
    assert_array_equal(getattr(mypkg, name)(a, labels), getattr(numbagg, name)(a, labels))


# ------------------------------------------------------------------------ empty input


EMPTY_GROUPS = {"group_nansum": 0, "group_nansum_of_squares": 0, "group_nancount": 0,
                "group_nanprod": 1, "group_nanany": False, "group_nanall": True,
                "group_nanargmin": -1, "group_nanargmax": -1}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_empty_values(name):
    """No values: no groups by default; num_labels groups of the empty result otherwise."""
    func = getattr(mypkg, name)
    assert func(np.zeros(0), np.zeros(0, int)).shape == (0,)
    got = func(np.zeros((2, 0)), np.zeros(0, int), axis=1, num_labels=3)
    expected = EMPTY_GROUPS.get(name, np.nan)
    assert got.shape == (2, 3)
    assert_array_equal(got, np.full((2, 3), expected, got.dtype))
    assert func(np.zeros((0, 4)), [0, 1, 1, 0], axis=1).shape == (0, 2)
    all_skipped = func([1.0, 2.0], [-1, -1])
    assert all_skipped.shape == (0,)


def test_zero_d():
    assert mypkg.group_nansum(np.float32(2.5), 0).tolist() == [2.5]
    assert mypkg.group_nanargmax(np.float32(2.5), 1).tolist() == [-1, 0]


# ------------------------------------------------------------------------ out=


def test_out_written_directly():
    out = np.full(3, -7.0)
    res = mypkg.group_nansum([1.0, 2.0, 3.0], [0, 2, 2], num_labels=3, out=out)
    assert res is out
    assert_array_equal(out, [1.0, 0.0, 5.0])


def test_out_cast_and_strided():
    base = np.full((2, 6), -7.0, np.float32)
    out = base[:, ::2]
    res = mypkg.group_nanmean(np.arange(8.0).reshape(2, 4), [0, 1, 1, 2], axis=1, out=out)
    assert res is out
    assert_array_equal(base[:, 1::2], -7.0)
    assert_array_equal(out, [[0.0, 1.5, 3.0], [4.0, 5.5, 7.0]])


@pytest.mark.parametrize("kwargs, error", [
    ({"labels": [0, 1, 5]}, ValueError),
    ({"labels": [0.0, 1.0, 1.0]}, TypeError),
    ({"labels": [True, False, True]}, TypeError),
    ({"labels": [0, 1]}, ValueError),
    ({"labels": [[0, 1, 1]]}, ValueError),
    ({"num_labels": -1}, ValueError),
    ({"num_labels": 2.0}, TypeError),
    ({"axis": 1}, AxisError),
    ({"axis": (0, 0)}, ValueError),
    ({"axis": 0.0}, TypeError),
    ({"ddof": -1}, ValueError),
    ({"out": np.zeros(4)}, ValueError),
    ({"out": np.zeros(3, np.int64)}, TypeError),
])
def test_bad_input_raises_and_leaves_out(kwargs, error):
    name = "group_nanvar" if "ddof" in kwargs else "group_nanmean"
    out = kwargs.pop("out", np.full(3, -7.0))
    sentinel = out.copy()
    args = {"labels": [0, 1, 2], "num_labels": 3, **kwargs}
    labels = args.pop("labels")
    with pytest.raises(error):
        getattr(mypkg, name)([1.0, 2.0, 3.0], labels, out=out, **args)
    assert_array_equal(out, sentinel)


def test_unsupported_values_dtype():
    with pytest.raises(TypeError, match="unsupported dtype"):
        mypkg.group_nansum(np.array(["a"]), [0])


def test_uint64_labels_beyond_int64():
    with pytest.raises(ValueError, match="labels"):
        mypkg.group_nansum([1.0], np.array([2**63], np.uint64))


def test_c_kernel_rejects_a_label_out_of_range():
    """The library checks labels itself: EINVAL, and not a byte of out written."""
    ffi = _library.ffi
    kernel = _library.current().kernels["mypkg_group_nansum_f64"]
    a = np.arange(4.0)
    out = np.full(2, -7.0)
    for bad in (2, 2**62):
        labels = np.array([0, 1, bad, 0], np.int64)
        rc = kernel(ffi.from_buffer(a), 1, [4], [8], ffi.from_buffer(out), [8], 0,
                    ffi.from_buffer("int64_t[]", labels), 2, 1)
        assert rc == -1
        assert_array_equal(out, -7.0)
