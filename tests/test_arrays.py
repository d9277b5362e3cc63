"""The array plumbing shared by every family: no copies of large strided input, conversions
only where needed, write-back into awkward out arrays, concurrent calls from threads, masked
arrays refused on every path, and reductions over no axis (also of 64-d input)."""

import threading
import tracemalloc
import warnings

import numpy as np
import pytest

import mypkg
from mypkg import _arrays


def peak_extra_bytes(func):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        func()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


BIG = np.random.default_rng(1).standard_normal((1200, 1600))


@pytest.mark.parametrize("view_name, view, axis", [
    ("strided rows", BIG[::2], 0),
    ("strided columns", BIG[:, ::2], 1),
    ("reversed", BIG[::-1, ::-1], 0),
    ("transposed", BIG.T, 1),
    ("transposed, all axes", BIG.T, None),
    ("fortran", np.asfortranarray(BIG), 0),
    ("column slice", BIG.reshape(-1, 4)[:, 1], 0),
])
@pytest.mark.parametrize("func", [mypkg.nansum, mypkg.nanvar, mypkg.nanmax, mypkg.nanargmin])
def test_large_views_are_not_copied(view_name, view, axis, func):
    if func is mypkg.nanargmin and axis is None:
        pytest.skip("an arg-reduction over all axes of a transposed view needs C order")
    extra = peak_extra_bytes(lambda: func(view, axis=axis))
    assert extra < view.nbytes / 20, (view_name, extra, view.nbytes)
    np.testing.assert_allclose(func(view, axis=axis), func(np.array(view), axis=axis))


def test_a_copy_would_be_seen_by_the_memory_check():
    """The tracemalloc measurement above is able to fail."""
    extra = peak_extra_bytes(lambda: np.ascontiguousarray(BIG[::2]))
    assert extra >= BIG[::2].nbytes


def test_native_views_are_passed_without_conversion():
    a = np.arange(20.0)[::-3]
    assert _arrays.prepare_input(a, "f") is a


@pytest.mark.parametrize("dtype, kernel", [
    ("?", "int32"), ("i1", "int32"), ("u1", "int32"), ("i2", "int32"), ("u2", "int32"),
    ("u4", "int64"), (">f8", "float64"), ("<f2", "float32"), (">i8", "int64"),
])
def test_conversions(dtype, kernel):
    a = np.arange(6).astype(dtype)
    converted = _arrays.prepare_input(a, "f")
    assert converted.dtype == np.dtype(kernel) and converted.dtype.isnative
    np.testing.assert_array_equal(converted, a)


def test_misaligned_input_is_realigned():
    raw = np.zeros(8 * 10 + 1, np.uint8)
    a = np.ndarray((10,), np.float64, buffer=raw, offset=1)
    a[:] = np.arange(10.0)
    assert not a.flags.aligned
    converted = _arrays.prepare_input(a, "f")
    assert converted.flags.aligned
    assert mypkg.nansum(a) == 45.0


# complex, datetime, object and long double input computes through NumPy: tests/test_fallback.py
@pytest.mark.parametrize("bad", [np.array(["a"]), np.array([b"a"]), np.zeros(2, "V8"),
                                 np.zeros(2, [("x", "f8")])])
def test_unsupported_dtypes(bad):
    with pytest.raises(TypeError, match="supported dtypes"):
        mypkg.nansum(bad)


def test_out_through_every_awkward_layout():
    a = np.random.default_rng(2).standard_normal((6, 5))
    expected = np.nansum(a, axis=1)
    raw = np.zeros(6 * 8 + 1, np.uint8)
    layouts = {
        "strided": np.zeros(12)[::2],
        "reversed": np.zeros(6)[::-1],
        "byte-swapped": np.zeros(6, ">f8"),
        "misaligned": np.ndarray((6,), np.float64, buffer=raw, offset=1),
        "float32": np.zeros(6, np.float32),
    }
    for name, out in layouts.items():
        assert mypkg.nansum(a, axis=1, out=out) is out, name
        np.testing.assert_allclose(out, expected, rtol=1e-6, err_msg=name)


def test_out_sharing_memory_with_input():
    a = np.random.default_rng(3).standard_normal((4, 4))
    expected = np.nanmax(a, axis=0)
    mypkg.nanmax(a, axis=0, out=a[0])
    np.testing.assert_array_equal(a[0], expected)


def test_failed_call_leaves_out_untouched():
    a = np.array([[1.0, 2.0], [np.nan, np.nan], [3.0, 0.0]])
    out = np.full(3, -7, np.int64)
    with pytest.raises(ValueError, match="All-NaN"):
        mypkg.nanargmin(a, axis=1, out=out)
    np.testing.assert_array_equal(out, [-7, -7, -7])


def test_concurrent_calls_from_threads():
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal((300, 200)) for _ in range(8)]
    expected = [np.nanvar(x, axis=0) for x in arrays]
    failures = []

    def work(i):
        for _ in range(20):
            got = mypkg.nanvar(arrays[i], axis=0)
            if not np.allclose(got, expected[i]):
                failures.append(i)
            if mypkg.nansum(np.ones(8)) != 8.0:
                failures.append(-i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_merge_dims():
    assert _arrays.merge_dims((3, 4), (32, 8)) == (12, 8)
    assert _arrays.merge_dims((3, 4), (64, 8)) is None
    assert _arrays.merge_dims((3, 1, 4), (32, 999, 8)) == (12, 8)
    assert _arrays.merge_dims((3, 4), (-32, -8)) == (12, -8)
    assert _arrays.merge_dims((), ()) == (1, 0)
    assert _arrays.merge_dims((5, 0), (8, 8)) == (0, 0)


# ---------------------------------------------------------------------------- masked arrays

MASKED = np.ma.array([1.0, 2.0, np.nan, 4.0], mask=[False, True, False, False])

# every public entry with the arguments that reach each fast path on a plain ndarray
MASKED_CALLS = {
    "nansum over all": lambda a: mypkg.nansum(a),
    "nanmean along an axis": lambda a: mypkg.nanmean(a, axis=0),
    "nanvar with out": lambda a: mypkg.nanvar(a, out=np.empty(())),
    "median": lambda a: mypkg.median(a),
    "anynan": lambda a: mypkg.anynan(a),
    "move_sum": lambda a: mypkg.move_sum(a, 2),
    "move_quantile": lambda a: mypkg.move_quantile(a, 2, 0.5),
    "rankdata": lambda a: mypkg.rankdata(a),
    "nanrankdata along an axis": lambda a: mypkg.nanrankdata(a, axis=0),
    "partition": lambda a: mypkg.partition(a, 1),
    "push": lambda a: mypkg.push(a),
    "bfill": lambda a: mypkg.bfill(a),
    "quantile": lambda a: mypkg.quantile(a, 0.5),
    "nanquantile": lambda a: mypkg.nanquantile(a, [0.25, 0.5], axis=0),
    "replace": lambda a: mypkg.replace(a, np.nan, 0.0),
}


@pytest.mark.parametrize("call", MASKED_CALLS.values(), ids=MASKED_CALLS)
def test_masked_arrays_are_refused_on_every_path(call):
    """A mask is never ignored silently: every function raises TypeError (documented in the
    README), and a plain ndarray with the same data works on the same path."""
    a = MASKED.copy()
    with pytest.raises(TypeError, match="masked arrays are not supported"):
        call(a)
    assert a.data.tolist()[:2] == [1.0, 2.0] and np.isnan(a.data[2])  # untouched
    call(MASKED.data.copy())


# ---------------------------------------------------------------------------- axis=()


@pytest.mark.parametrize("func", ["nansum", "nanmean", "nanmax", "nanvar", "median"])
def test_empty_axis_tuple_reduces_nothing_like_numpy(func):
    a = np.array([[1.0, np.nan, 3.0], [-2.0, 5.0, np.inf]])[:, ::-1]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns about its all-NaN one-element slices
        expected = getattr(np, func)(a, axis=())
    for keepdims in (False, True):
        got = getattr(mypkg, func)(a, axis=(), keepdims=keepdims)
        np.testing.assert_array_equal(got, expected)
        assert got.shape == a.shape
    out = np.full(a.shape, 7.0)
    assert getattr(mypkg, func)(a, axis=(), out=out) is out
    np.testing.assert_array_equal(out, expected)


def test_64_dimensional_input_with_an_empty_axis_tuple():
    """NumPy's maximum number of dimensions: nothing may add a 65th."""
    a = np.arange(2.0).reshape((1,) * 63 + (2,))
    a[(0,) * 63 + (1,)] = np.nan
    np.testing.assert_array_equal(mypkg.nansum(a, axis=()), np.nansum(a, axis=()))
    assert mypkg.nanmean(a, axis=()).shape == a.shape
    q = mypkg.quantile(a, 0.5, axis=())
    assert q.shape == a.shape
    np.testing.assert_array_equal(q, a)
    np.testing.assert_array_equal(mypkg.nansum(np.ones((1,) * 64), axis=()), np.ones((1,) * 64))
