"""Correctness of ranking, partitioning, filling, replacing and quantiles: the generated matrix
and hypothesis against reference_nonreduce.py, adversarial selection inputs, NumPy/SciPy
agreement, hand-picked edge cases, ``out=`` and argument validation."""

import warnings

import cases
import numpy as np
import pytest
import reference_nonreduce as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError
from numpy.testing import assert_allclose, assert_array_equal

import mypkg

nan, inf = np.nan, np.inf
CASES = list(cases.arrays())
LONG_CASES = list(cases.long_arrays())
QS = (0.5, [0.0, 0.25, 1.0], [[0.1], [0.9]])
RTOL = {np.dtype(np.float16): 1e-3, np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-13}


def call(func, *args, **kwargs):
    """Call with every warning raised as an error: mypkg must never warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


def assert_same(got, expected, where):
    """Same type (scalar or array), dtype, shape and values (floats to a tight tolerance)."""
    assert isinstance(got, np.ndarray) == isinstance(expected, np.ndarray), where
    assert got.dtype == expected.dtype, f"{where}: dtype {got.dtype}, expected {expected.dtype}"
    assert got.shape == expected.shape, f"{where}: shape {got.shape}, expected {expected.shape}"
    if expected.dtype.kind != "f":
        assert_array_equal(got, expected, err_msg=where)
        return
    finite = np.abs(expected[np.isfinite(expected)]).astype(np.float64)
    rtol = RTOL[expected.dtype]
    assert_allclose(got, expected, rtol=rtol, atol=rtol * float(finite.max(initial=0.0)),
                    equal_nan=True, err_msg=where)


def check(name, a, *args, **kwargs):
    """mypkg.<name> agrees with the reference, raises what it raises, and leaves a alone."""
    where = f"{name}{args}{kwargs} on {a.dtype}{a.shape}"
    before = a.tobytes()
    try:
        expected = getattr(ref, "slow_" + name)(a, *args, **kwargs)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            call(getattr(mypkg, name), a, *args, **kwargs)
        return
    assert_same(call(getattr(mypkg, name), a, *args, **kwargs), expected, where)
    assert a.tobytes() == before, f"{where} modified its input"


def check_partition(a, kth, axis=-1):
    """partition and argpartition results satisfy NumPy's definition."""
    where = f"kth={kth} axis={axis} on {a.dtype}{a.shape}"
    before = a.tobytes()
    got = call(mypkg.partition, a, kth, axis)
    assert got.dtype == a.dtype.newbyteorder("=") and isinstance(got, np.ndarray), where
    assert not ref.partition_violations(a, kth, axis, got), where
    idx = call(mypkg.argpartition, a, kth, axis)
    assert idx.dtype == np.intp, where
    flat, ax = (a.reshape(-1), 0) if axis is None else (a, axis)
    assert_array_equal(np.sort(idx, axis=ax), np.broadcast_to(
        np.arange(flat.shape[ax]).reshape([-1 if d == ax % flat.ndim else 1
                                           for d in range(flat.ndim)]), idx.shape), where)
    assert not ref.partition_violations(a, kth, axis, np.take_along_axis(flat, idx, ax)), where
    assert a.tobytes() == before, f"{where}: input modified"


def kth_choices(n):
    return [0, -1, n // 2, [0, n // 2, n - 1], list(range(n))[::-1]] if n else []


# ---------------------------------------------------------------- the generated matrix


@pytest.mark.slow
@pytest.mark.parametrize("a", [a for _, a in CASES], ids=[i for i, _ in CASES])
def test_matrix(a):
    for axis in [None, *range(-a.ndim, a.ndim)]:
        check("rankdata", a, axis=axis)
        check("nanrankdata", a, axis=axis)
        n = a.size if axis is None else a.shape[axis]
        for kth in kth_choices(n):
            check_partition(a, kth, axis)
        if axis is not None:
            for n_fill in (None, 0, 1):
                check("push", a, n_fill, axis)
                check("bfill", a, n_fill, axis)
    for axis in cases.axes_for(a.ndim):
        for q in QS:
            for keepdims in (False, True):
                check("quantile", a, q, axis, keepdims=keepdims)
                check("nanquantile", a, q, axis, keepdims=keepdims)


@pytest.mark.slow
@pytest.mark.parametrize("a", [a for _, a in LONG_CASES], ids=[i for i, _ in LONG_CASES])
def test_long_lanes(a):
    for axis in range(a.ndim):
        n = a.shape[axis]
        check("nanrankdata", a, axis=axis)
        check("push", a, 3, axis)
        check("bfill", a, None, axis)
        check_partition(a, [1, n // 3, n - 2], axis)
        check("nanquantile", a, [0.0, 0.3, 0.5, 1.0], axis)
        check("quantile", a, 0.7, axis)


def replace_values(a):
    """(old, new) pairs worth replacing in a: a value it holds, NaN, one it lacks."""
    present = a.reshape(-1)[0].item() if a.size else 0
    pairs = [(present, 1), (nan, 0), (12345, 0)]
    return pairs if a.dtype.kind == "f" else pairs + [(nan, 1), (2.5, 0)]


def copy_with_layout(a):
    """A copy of a's whole buffer and the same view of it: (view, buffer)."""
    owner = a
    while owner.base is not None:
        owner = owner.base
    buffer = owner.copy(order="K")
    offset = a.__array_interface__["data"][0] - owner.__array_interface__["data"][0]
    return np.ndarray(a.shape, a.dtype, buffer, offset, a.strides), buffer


@pytest.mark.parametrize("a", [a for _, a in CASES], ids=[i for i, _ in CASES])
def test_replace_matrix(a):
    for old, new in replace_values(a):
        work, buffer = copy_with_layout(a)
        expected, expected_buffer = copy_with_layout(a)
        expected[...] = ref.slow_replace(a, old, new)
        assert call(mypkg.replace, work, old, new) is work
        assert_array_equal(work, expected, err_msg=f"replace({old}, {new}) {a.dtype}{a.shape}")
        assert buffer.tobytes() == expected_buffer.tobytes(), "wrote outside the view"


# ---------------------------------------------------------------- hypothesis


def elements(dtype):
    if dtype.kind != "f":
        return None
    return st.floats(width=8 * dtype.itemsize) | st.sampled_from([-0.0, 0.0, 1.0])


@st.composite
def arrays(draw, min_dims=1):
    dtype = draw(st.sampled_from(cases.DTYPES))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=0, max_side=9))
    values = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    return cases.with_layout(values, draw(st.sampled_from(cases.LAYOUTS)))


@settings(max_examples=150, deadline=None, database=None)
@given(a=arrays(), data=st.data())
def test_hypothesis_same_shape(a, data):
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1) | st.none(), label="axis")
    check("rankdata", a, axis=axis)
    check("nanrankdata", a, axis=axis)
    n = a.size if axis is None else a.shape[axis]
    if n:
        kth = data.draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=4), label="kth")
        check_partition(a, kth, axis)
    if axis is not None:
        n_fill = data.draw(st.none() | st.integers(0, 4), label="n")
        check("push", a, n_fill, axis)
        check("bfill", a, n_fill, axis)


@settings(max_examples=150, deadline=None, database=None)
@given(a=arrays(min_dims=0), data=st.data())
def test_hypothesis_quantiles(a, data):
    axis = data.draw(st.none() | (st.integers(-a.ndim, a.ndim - 1) if a.ndim else st.none())
                     | hnp.valid_tuple_axes(a.ndim), label="axis")
    q = data.draw(st.floats(0, 1) | st.lists(st.floats(0, 1), max_size=3), label="q")
    keepdims = data.draw(st.booleans(), label="keepdims")
    check("quantile", a, q, axis, keepdims=keepdims)
    check("nanquantile", a, q, axis, keepdims=keepdims)


def castable(value, dtype):
    """Whether replace must accept ``value`` as ``new`` for an array of ``dtype``."""
    if dtype.kind == "f":
        return True
    if isinstance(value, float) and not value.is_integer():  # NaN included
        return False
    if dtype.kind == "b":
        return value in (0, 1)
    info = np.iinfo(dtype)
    return info.min <= value <= info.max


@settings(max_examples=100, deadline=None, database=None)
@given(a=arrays(), data=st.data())
def test_hypothesis_replace(a, data):
    pool = a.reshape(-1).tolist()[:5] + [nan, 0, 1, -1.5]
    old, new = data.draw(st.sampled_from(pool)), data.draw(st.sampled_from(pool))
    before = a.copy()
    if not castable(new, a.dtype):
        with pytest.raises(ValueError):
            call(mypkg.replace, a, old, new)
        assert_array_equal(a, before)
        return
    expected = ref.slow_replace(before, old, new)
    call(mypkg.replace, a, old, new)
    assert_array_equal(a, expected)


# ---------------------------------------------------------------- adversarial selection


def organ_pipe(n):
    half = np.arange(n // 2)
    return np.concatenate([half, half[::-1]]).astype(np.float64)


def median_of_three_killer(n):
    """Musser's sequence that drives median-of-three quickselect to quadratic time."""
    k = n // 2
    a = np.empty(n)
    for i in range(1, k + 1):
        if i % 2:
            a[i - 1], a[i] = i, k + i
        a[k + i - 1] = 2 * i
    return a


ADVERSARIAL = {
    "sorted": lambda n: np.arange(n, dtype=np.float64),
    "reversed": lambda n: np.arange(n, 0, -1, dtype=np.float64),
    "organ-pipe": organ_pipe,
    "all-equal": lambda n: np.ones(n),
    "two-values": lambda n: (np.arange(n) % 2).astype(np.float64),
    "median-of-3-killer": median_of_three_killer,
    "sawtooth": lambda n: (np.arange(n) % 1000).astype(np.float64),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_selection(name):
    """Large adversarial lanes finish (within the suite's time budget, not a timed assertion)
    and are right: a quadratic selection would take minutes here."""
    n = 400_000
    a = ADVERSARIAL[name](n)
    s = np.sort(a)
    ks = [0, n // 3, n // 2, n - 1]
    p = call(mypkg.partition, a, ks)
    assert_array_equal(p[ks], s[ks])
    assert (p[: n // 2] <= s[n // 2]).all() and (p[n // 2:] >= s[n // 2]).all()
    idx = call(mypkg.argpartition, a, n // 2)
    assert a[idx[n // 2]] == s[n // 2]
    assert (a[idx[: n // 2]] <= s[n // 2]).all() and (a[idx[n // 2:]] >= s[n // 2]).all()
    assert_array_equal(call(mypkg.nanquantile, a, [0.1, 0.5, 0.99]),
                       np.quantile(a, [0.1, 0.5, 0.99]))


# ---------------------------------------------------------------- agreement with NumPy, SciPy


def test_rankdata_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(1)
    a = rng.integers(0, 6, (40, 50)).astype(np.float64)
    a[a == 5] = nan
    for axis in (0, 1):
        assert_array_equal(call(mypkg.nanrankdata, a, axis),
                           stats.rankdata(a, axis=axis, nan_policy="omit"))
        assert_array_equal(call(mypkg.rankdata, a, axis), stats.rankdata(a, axis=axis))
    b = rng.standard_normal(10_000)
    assert_array_equal(call(mypkg.rankdata, b), stats.rankdata(b))


@pytest.mark.parametrize("shape_axis", [((100_003,), None), ((301, 407), 0), ((301, 407), 1),
                                        ((7, 11, 13), (0, 2))])
def test_nanquantile_equals_numpy(shape_axis):
    shape, axis = shape_axis
    rng = np.random.default_rng(2)
    a = rng.standard_normal(shape)
    a[rng.random(shape) < 0.1] = nan
    q = [0.0, 0.01, 0.25, 0.5, 0.75, 1.0]
    assert_array_equal(call(mypkg.nanquantile, a, q, axis), np.nanquantile(a, q, axis=axis))
    b = np.where(np.isnan(a), 0.5, a)
    assert_array_equal(call(mypkg.quantile, b, q, axis), np.quantile(b, q, axis=axis))


def test_partition_matches_numpy_at_kth():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((50, 3000)).astype(np.float32)
    a[rng.random(a.shape) < 0.2] = nan
    kth = [5, 1500, 2800, 2999]
    assert_array_equal(np.take(call(mypkg.partition, a, kth), kth, axis=1),
                       np.take(np.partition(a, kth), kth, axis=1))


# ---------------------------------------------------------------- hand-picked cases

EDGE_CASES = [
    ("rankdata", ([3, 1, 3, 2],), {}, [3.5, 1.0, 3.5, 2.0]),
    ("rankdata", ([[3, 1], [1, 1]],), {}, [4.0, 2.0, 2.0, 2.0]),
    ("rankdata", ([[3, 1], [1, 1]],), {"axis": 0}, [[2.0, 1.5], [1.0, 1.5]]),
    ("rankdata", ([1.0, nan, 0.0],), {}, [nan, nan, nan]),
    ("rankdata", ([-0.0, 0.0, -inf, inf],), {}, [2.5, 2.5, 1.0, 4.0]),
    ("nanrankdata", ([1.0, nan, 0.0, 1.0],), {}, [2.5, nan, 1.0, 2.5]),
    ("nanrankdata", ([nan, nan],), {}, [nan, nan]),
    ("rankdata", (np.array([2**63 - 1, -2**63, 2**63 - 2]),), {}, [3.0, 1.0, 2.0]),
    ("rankdata", (np.array([2**64 - 1, 0, 2**63], np.uint64),), {}, [3.0, 1.0, 2.0]),
    ("partition", ([nan, 3.0, 1.0, 2.0], [0, 1, 2]), {}, [1.0, 2.0, 3.0, nan]),
    ("partition", ([5, 4, 3, 2, 1], [0, -1]), {}, None),
    ("argpartition", ([nan, 3.0, 1.0], [0, -2]), {}, [2, 1, 0]),
    ("push", ([nan, 1.0, nan, nan, 4.0, nan],), {}, [nan, 1.0, 1.0, 1.0, 4.0, 4.0]),
    ("push", ([nan, 1.0, nan, nan, 4.0, nan],), {"n": 1}, [nan, 1.0, 1.0, nan, 4.0, 4.0]),
    ("push", ([1.0, nan, nan],), {"n": 0}, [1.0, nan, nan]),
    ("push", ([[1.0, nan], [nan, 2.0]],), {"axis": 0}, [[1.0, nan], [1.0, 2.0]]),
    ("bfill", ([nan, 1.0, nan, nan, 4.0, nan],), {}, [1.0, 1.0, 4.0, 4.0, 4.0, nan]),
    ("bfill", ([nan, 1.0, nan, nan, 4.0, nan],), {"n": 1}, [1.0, 1.0, nan, 4.0, 4.0, nan]),
    ("quantile", ([1.0, 2.0, 3.0, 4.0], 0.5), {}, 2.5),
    ("quantile", ([1.0, nan, 3.0], 0.5), {}, nan),
    ("nanquantile", ([1.0, nan, 3.0], 0.5), {}, 2.0),
    ("nanquantile", ([1.0, nan, 3.0], [0.0, 1.0]), {}, [1.0, 3.0]),
    ("nanquantile", ([nan, nan], 0.5), {}, nan),
    ("nanquantile", (np.zeros(0), 0.5), {}, nan),
    ("nanquantile", ([10, 20], 0.25), {}, 12.5),
    ("nanquantile", ([1.0, inf], 1.0), {}, nan),  # NumPy's lerp: inf - inf
    ("nanquantile", ([[1.0, 2.0], [3.0, nan]], 0.5), {"axis": 1}, [1.5, 3.0]),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "expected"), EDGE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(EDGE_CASES)])
def test_edge_case(name, args, kwargs, expected):
    got = call(getattr(mypkg, name), *args, **kwargs)
    if expected is None:  # only the kth positions are determined
        assert_array_equal(got[[0, -1]], [1, 5])
    else:
        assert_array_equal(got, expected)


def test_rank_dtypes_and_scalars():
    assert call(mypkg.rankdata, np.float32(3.0)).tolist() == [1.0]
    assert call(mypkg.nanrankdata, [True, False, True]).dtype == np.float64
    assert call(mypkg.partition, np.array([3, 1, 2], np.int8), 0).dtype == np.int8
    assert call(mypkg.push, np.array([1, 2], np.uint16)).dtype == np.uint16
    assert call(mypkg.nanquantile, np.ones(3, np.float32), 0.5).dtype == np.float32
    assert call(mypkg.nanquantile, np.ones(3, np.int8), 0.5).dtype == np.float64
    assert isinstance(call(mypkg.nanquantile, [1.0, 2.0], 0.5), np.float64)
    assert call(mypkg.nanquantile, np.ones((2, 3)), [0.5], axis=0, keepdims=True).shape == (
        1, 1, 3)


def test_replace_honours_strides():
    base = np.arange(12.0)
    view = base[::-3]  # 11, 8, 5, 2
    assert call(mypkg.replace, view, 8.0, -1.0) is view
    expected = np.arange(12.0)
    expected[8] = -1.0
    assert_array_equal(base, expected)
    grid = np.zeros((4, 6))
    call(mypkg.replace, grid[1:3, ::2].T, 0.0, 7.0)
    assert grid.sum() == 7.0 * 6 and (grid[1:3, ::2] == 7.0).all()


@pytest.mark.parametrize("layout", ["byteswapped", "misaligned"])
@pytest.mark.parametrize("dtype", [np.float16, np.float64, np.int8, np.uint64, np.bool_])
def test_replace_converted_layouts(layout, dtype):
    values = np.array([0, 1, 1, 0, 1], dtype)
    a = cases.with_layout(values, layout)
    call(mypkg.replace, a, 1, 0)
    assert_array_equal(a, np.zeros(5, dtype))
    assert a.dtype == cases.with_layout(values, layout).dtype


def test_replace_nan_and_int_no_match():
    a = np.array([1, 2, 3], np.int32)
    for old in (nan, 2.5, 2**40, -1):
        call(mypkg.replace, a, old, 0)
        assert_array_equal(a, [1, 2, 3])
    call(mypkg.replace, a, 2.0, 7)
    assert_array_equal(a, [1, 7, 3])
    f = np.array([0.1, nan, 0.5], np.float32)
    call(mypkg.replace, f, 0.1, 9.0)  # 0.1 rounds to float32's 0.1, as NumPy compares
    assert_array_equal(f, np.array([9.0, nan, 0.5], np.float32))


REPLACE_ERRORS = [
    (lambda: [1.0, 2.0], 1.0, 0.0, TypeError),
    (lambda: (1.0, 2.0), 1.0, 0.0, TypeError),
    (lambda: np.array([b"a"]), 1.0, 0.0, TypeError),
    (lambda: np.array(["a"]), 1.0, 0.0, TypeError),
    (lambda: np.zeros(3), "1", 0.0, TypeError),
    (lambda: np.zeros(3), 0.0, None, TypeError),
    (lambda: np.zeros(3, np.int32), 0, nan, ValueError),
    (lambda: np.zeros(3, np.int32), 0, 2.5, ValueError),
    (lambda: np.zeros(3, np.int8), 0, 300, ValueError),
    (lambda: np.zeros(3, np.uint32), 0, -1, ValueError),
    (lambda: np.zeros(3, np.bool_), 0, 2, ValueError),
    (lambda: np.zeros(3, np.float16), 0, 1e6, ValueError),
    (lambda: np.zeros(3, np.float32), 0, 2**200, ValueError),
]


@pytest.mark.parametrize(("make", "old", "new", "error"), REPLACE_ERRORS)
def test_replace_rejects(make, old, new, error):
    a = make()
    before = np.array(a, copy=True)
    with pytest.raises(error):
        call(mypkg.replace, a, old, new)
    assert_array_equal(np.asarray(a), before)


def test_replace_read_only_is_untouched():
    a = np.array([1.0, nan, 3.0])
    a.flags.writeable = False
    with pytest.raises(ValueError):
        call(mypkg.replace, a, nan, 0.0)
    assert np.isnan(a[1])
    view = np.broadcast_to(np.array([nan]), (4,))
    with pytest.raises(ValueError):
        call(mypkg.replace, view, nan, 0.0)


# ---------------------------------------------------------------- out=

SAME_SHAPE = {
    "rankdata": ((), {"axis": 1}),
    "nanrankdata": ((), {"axis": 0}),
    "partition": ((1,), {}),
    "argpartition": (([0, 2],), {"axis": 0}),
    "push": ((), {"n": 1}),
    "bfill": ((), {"axis": 0}),
}
OUT_INPUT = np.array([[1.5, nan, -2.0, 4.0], [nan, 3.0, 3.0, -1.0], [0.5, 2.5, nan, 8.0]])


def expected_out(name, a, args, kwargs):
    if name in ("partition", "argpartition"):
        return None
    return getattr(ref, "slow_" + name)(a, *args, **kwargs)


@pytest.mark.parametrize("layout", cases.LAYOUTS)
@pytest.mark.parametrize("name", list(SAME_SHAPE))
def test_out_any_layout(name, layout):
    args, kwargs = SAME_SHAPE[name]
    dtype = np.intp if name == "argpartition" else np.float64
    out = cases.with_layout(np.full(OUT_INPUT.shape, -7).astype(dtype), layout)
    got = call(getattr(mypkg, name), OUT_INPUT, *args, out=out, **kwargs)
    assert got is out
    assert_array_equal(out, call(getattr(mypkg, name), OUT_INPUT, *args, **kwargs))
    expected = expected_out(name, OUT_INPUT, args, kwargs)
    if expected is not None:
        assert_array_equal(out, expected)


@pytest.mark.parametrize("name", ["push", "bfill", "partition"])
def test_out_is_the_input(name):
    a = OUT_INPUT.copy()
    args, kwargs = SAME_SHAPE[name]
    expected = call(getattr(mypkg, name), a, *args, **kwargs)
    assert call(getattr(mypkg, name), a, *args, out=a, **kwargs) is a
    assert_array_equal(a, expected)


def bad_calls(name):
    """(description, args, kwargs, exception) of calls that must fail before writing out."""
    args, kwargs = SAME_SHAPE[name]
    yield "wrong out shape", args, {**kwargs, "out": np.zeros((4, 3))}, ValueError
    yield "axis out of range", args, {**kwargs, "axis": 2}, AxisError
    yield "non-integer axis", args, {**kwargs, "axis": 0.5}, TypeError
    yield "unknown keyword", args, {**kwargs, "bogus": 1}, TypeError
    if name in ("partition", "argpartition"):
        yield "kth too large", (4,), {}, ValueError
        yield "kth too small", ([0, -5],), {}, ValueError
        yield "kth float", (1.5,), {}, TypeError
        yield "kth bool", (True,), {}, TypeError
        yield "kth 2-D", ([[0, 1]],), {}, ValueError
    if name in ("push", "bfill"):
        yield "negative n", (), {"n": -1}, ValueError
        yield "float n", (), {"n": 1.5}, TypeError
        yield "bool n", (), {"n": True}, TypeError


@pytest.mark.parametrize("name", list(SAME_SHAPE))
def test_bad_arguments_leave_out_untouched(name):
    dtype = np.intp if name == "argpartition" else np.float64
    for what, args, kwargs, error in bad_calls(name):
        out = kwargs.pop("out", np.full(OUT_INPUT.shape, -7, dtype))
        before = out.copy()
        with pytest.raises(error):
            call(getattr(mypkg, name), OUT_INPUT, *args, out=out, **kwargs)
        assert_array_equal(out, before, err_msg=what)


@pytest.mark.parametrize("name", list(SAME_SHAPE))
def test_out_dtype_and_read_only(name):
    args, kwargs = SAME_SHAPE[name]
    out = np.zeros(OUT_INPUT.shape, np.int32 if name != "argpartition" else np.bool_)
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), OUT_INPUT, *args, out=out, **kwargs)
    assert not out.any()
    out = np.zeros(OUT_INPUT.shape, np.float32 if name != "argpartition" else np.int64)
    out.flags.writeable = False
    with pytest.raises(ValueError):
        call(getattr(mypkg, name), OUT_INPUT, *args, out=out, **kwargs)
    assert not out.any()


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile_out(name):
    q = [0.25, 0.75]
    expected = getattr(ref, "slow_" + name)(OUT_INPUT, q, 1, keepdims=True)
    for layout in cases.LAYOUTS:
        out = cases.with_layout(np.full((2, 3, 1), -7.0), layout)
        assert call(getattr(mypkg, name), OUT_INPUT, q, 1, out=out, keepdims=True) is out
        assert_array_equal(out, expected)
    out = np.full((2, 3), -7.0)
    for bad in ({"q": 1.5}, {"q": [0.5, nan]}, {"q": "a"}, {"axis": 3}, {"axis": (0, 0)},
                {"out_shape": (3, 2)}):
        kwargs = {"q": q, "axis": 1, **bad}
        target = np.full(kwargs.pop("out_shape", (2, 3)), -7.0)
        with pytest.raises((TypeError, ValueError)):
            call(getattr(mypkg, name), OUT_INPUT, out=target, **kwargs)
        assert (target == -7.0).all(), bad
    with pytest.raises(TypeError):
        call(getattr(mypkg, name), OUT_INPUT, q, 1, out=np.zeros((2, 3), np.int64))


# complex, object and datetime input computes through NumPy: tests/test_fallback.py
UNSUPPORTED = [np.array(["a"]), np.array([b"a"]), np.zeros(1, [("x", "f8")])]


@pytest.mark.parametrize("a", UNSUPPORTED, ids=lambda a: str(a.dtype))
def test_unsupported_dtypes(a):
    for func, args in ((mypkg.rankdata, ()), (mypkg.nanrankdata, ()), (mypkg.partition, (0,)),
                       (mypkg.argpartition, (0,)), (mypkg.push, ()), (mypkg.bfill, ()),
                       (mypkg.quantile, (0.5,)), (mypkg.nanquantile, (0.5,)),
                       (mypkg.replace, (1, 0))):
        with pytest.raises(TypeError):
            call(func, a, *args)
