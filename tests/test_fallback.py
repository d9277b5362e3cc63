"""The dtype fallback (mypkg/_fallback.py): complex, object, datetime64, timedelta64 and long
double input computes through NumPy instead of raising, and the NumPy versions (the ``slow``
namespace of mypkg.bottleneck) agree with the native kernels on the dtypes both handle."""

import warnings

import numpy as np
import pytest

import mypkg
from mypkg import _fallback

REDUCTIONS = ("nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin",
              "nanargmax", "ss", "anynan", "allnan", "median", "nanmedian")
MOVES = ("move_sum", "move_mean", "move_var", "move_std", "move_min", "move_max",
         "move_argmin", "move_argmax", "move_median", "move_rank")
LANES = ("rankdata", "nanrankdata", "push", "bfill")
EVERY = REDUCTIONS + MOVES + LANES + ("move_quantile", "partition", "argpartition", "quantile",
                                      "nanquantile", "replace")


def data(shape, seed, nan=0.3, ties=False):
    """Float64 test data with NaN at a rate of ``nan`` (one all-NaN row when 2-d)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(-3, 4, shape).astype(float) if ties else rng.standard_normal(shape)
    a[rng.random(shape) < nan] = np.nan
    if a.ndim == 2:
        a[0] = np.nan
    return a


def call(name, func, a, axis):
    """``name`` called the way the tests need it: a window of 3 along ``axis``, kth 1, q 0.25,
    an all-NaN lane skipped for the arg-functions."""
    ax = -1 if axis is None else axis
    if name.startswith("move_"):
        extra = (0.25,) if name == "move_quantile" else ()
        return func(a, 3, *extra, min_count=2, axis=ax)
    if name in ("partition", "argpartition"):
        return func(np.where(a != a, 9.0, a), 1, axis)
    if name in ("quantile", "nanquantile"):
        return func(a, [0.25, 0.5], axis)
    if name in ("push", "bfill"):
        return func(a, 1, ax)
    if name == "replace":
        b = a.copy()
        func(b, np.nan, 5.0)
        return b
    if name in ("nanargmin", "nanargmax"):
        return func(a[1:] if a.ndim == 2 else a, axis)
    return func(a, axis)


def normalized(name, a, result, axis):
    """A partition's result as what it determines: the element at kth along the axis."""
    result = np.asarray(result)
    if name not in ("partition", "argpartition"):
        return result
    ax = -1 if axis is None else axis
    if name == "argpartition":
        values = np.where(a != a, 9.0, a)
        result = np.take_along_axis(values.reshape(-1) if axis is None else values, result, ax)
    return np.take(result, 1, axis=ax)


def check_same(name, a, got, expected, axis):
    got, expected = normalized(name, a, got, axis), normalized(name, a, expected, axis)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.astype(complex), expected.astype(complex), rtol=1e-12,
                               atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("axis", [None, 0, 1])
@pytest.mark.parametrize("name", EVERY)
def test_numpy_versions_agree_with_the_kernels(name, axis):
    if axis is None and name.startswith("move_"):
        pytest.skip("moving windows need an axis")
    for seed in range(3):
        a = data((5, 8), seed, ties=seed == 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = call(name, getattr(mypkg, name), a, axis)
            got = call(name, getattr(_fallback, name), a, axis)
        check_same(name, a, got, expected, axis)


@pytest.mark.parametrize("name", EVERY)
def test_object_arrays_of_numbers(name):
    """Object input (xarray pads bool data with NaN into object arrays) gives the float result."""
    a = data((4, 7), 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = call(name, getattr(mypkg, name), a, 1)
        got = call(name, getattr(mypkg, name), a.astype(object), 1)
    if name not in ("replace", "argpartition"):
        got = np.asarray(got, dtype=float)
    check_same(name, a, got, expected, 1)


@pytest.mark.parametrize("name", [name for name in EVERY if "quantile" not in name])
def test_complex_with_zero_imaginary_part_matches_the_real_kernel(name):
    a = data((4, 7), 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = call(name, getattr(mypkg, name), a, 1)
        got = call(name, getattr(mypkg, name), a + 0j, 1)
    check_same(name, a, got, expected, 1)


@pytest.mark.parametrize("name", ["nansum", "nanmean", "move_sum", "move_mean", "push"])
def test_complex_linear_functions_keep_the_imaginary_part(name):
    re, im = data((3, 6), 6), data((3, 6), 7, nan=0)
    im[np.isnan(re)] = 0  # NaN lies in the real part only
    z = re + 1j * im
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = call(name, getattr(mypkg, name), re, 1)
        got = call(name, getattr(mypkg, name), z, 1)
        imag = call(name, getattr(mypkg, name), np.where(np.isnan(re), np.nan, im), 1)
    assert np.iscomplexobj(got)
    np.testing.assert_allclose(got.real, expected, equal_nan=True)
    numbers = ~np.isnan(expected)
    np.testing.assert_allclose(got.imag[numbers], imag[numbers], atol=1e-12)
    assert np.count_nonzero(got.imag[numbers]) > numbers.sum() // 2


@pytest.mark.parametrize("name", ["quantile", "nanquantile", "move_quantile"])
def test_complex_quantiles_raise_as_numpy_does(name):
    """NumPy's quantiles reject complex input, and bottleneck has no quantile to follow."""
    with pytest.raises(TypeError):
        call(name, getattr(mypkg, name), data((3, 4), 9) + 1j, 1)


def test_object_arrays_of_other_objects_go_to_numpy():
    """Objects that are not real numbers are NumPy's to compute (or reject); None converts
    to NaN with the numbers."""
    z = np.array([1 + 1j, np.nan, 2 + 0j], dtype=object)
    assert mypkg.nansum(z) == 3 + 1j
    assert mypkg.nanmax(np.array([1, None, 3], dtype=object)) == 3.0
    with pytest.raises(TypeError):
        mypkg.nanmax(np.array([1, "a", 3], dtype=object))


def test_complex_rankdata_orders_lexicographically_as_numpy_sorts():
    z = np.array([1 + 2j, 1 + 1j, 0 + 5j, 1 + 1j])
    np.testing.assert_array_equal(mypkg.rankdata(z), [4.0, 2.5, 1.0, 2.5])


def test_timedelta_and_datetime():
    seconds = np.array([5, 1, -2, 7, 3, 3], "m8[s]")
    assert mypkg.nanmin(seconds) == np.timedelta64(-2, "s")
    assert mypkg.median(seconds) == np.timedelta64(3, "s")
    assert mypkg.nanargmax(seconds) == 3
    with_nat = seconds.copy()
    with_nat[1] = np.timedelta64("NaT")
    assert mypkg.nanmax(with_nat) == np.timedelta64(7, "s")
    assert mypkg.anynan(with_nat) and not mypkg.anynan(seconds)
    # moving windows work in float64 seconds, NaT counting as missing
    np.testing.assert_array_equal(mypkg.move_sum(with_nat, 2, min_count=1),
                                  [5.0, 5.0, -2.0, 5.0, 10.0, 6.0])
    days = np.array(["2026-01-03", "NaT", "2026-01-01"], "M8[D]")
    assert mypkg.nanmin(days) == np.datetime64("2026-01-01")
    np.testing.assert_array_equal(mypkg.push(days), days[[0, 0, 2]])


def test_long_double_and_out():
    a = data((3, 5), 8).astype(np.longdouble)
    out = np.empty(3, np.longdouble)
    assert mypkg.nansum(a, 1, out=out) is out
    np.testing.assert_allclose(out.astype(float), mypkg.nansum(a.astype(float), 1))
    moved = np.empty((3, 5))
    assert mypkg.move_mean(a, 2, min_count=1, out=moved) is moved
    np.testing.assert_allclose(moved, mypkg.move_mean(a.astype(float), 2, min_count=1),
                               equal_nan=True)


def test_replace_works_in_place_on_object_and_complex_arrays():
    obj = np.array([1.0, np.nan, 2, np.nan], dtype=object)
    assert mypkg.replace(obj, np.nan, 0) is obj
    assert obj.tolist() == [1.0, 0, 2, 0]
    z = np.array([1 + 1j, 2, 1 + 1j])
    mypkg.replace(z, 1 + 1j, 9)
    np.testing.assert_array_equal(z, [9, 2, 9])


@pytest.mark.parametrize("dtype", ["U3", "S3", "V8", [("x", "f8")]])
@pytest.mark.parametrize("name, args", [("nansum", ()), ("move_mean", (2,)), ("rankdata", ()),
                                        ("partition", (1,)), ("push", ())])
def test_strings_and_records_still_raise_type_error(name, args, dtype):
    with pytest.raises(TypeError, match=name):
        getattr(mypkg, name)(np.zeros(4, dtype), *args)


def test_errors_name_the_argument_on_the_fallback_path():
    z = np.ones(5, complex)
    with pytest.raises(ValueError, match="window"):
        mypkg.move_sum(z, 9)
    with pytest.raises(ValueError, match="min_count"):
        mypkg.move_sum(z, 2, min_count=3)
    with pytest.raises(np.exceptions.AxisError):
        mypkg.push(z, None, 1)


def test_native_input_reaches_the_kernel_wrapper_unchanged():
    """The hook wraps every public function, and only those (the wrapped one is kept)."""
    for name in EVERY:
        func = getattr(mypkg, name)
        assert func.__wrapped__.__module__.startswith("mypkg.")
        assert func.__wrapped__ is not func
        assert func.__name__ == name
