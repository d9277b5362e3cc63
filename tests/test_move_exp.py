"""Correctness of mypkg/move_exp.py (issue 13): the exponentially weighted statistics,
move_cov/move_corr, nancount and ffill against the plain-loop references of
reference_move_exp.py over generated cases, against pandas and numbagg, the accuracy cases
(offsets, spikes, long streams), and every bad argument (nothing written to out)."""

import cases
import numpy as np
import pytest
import reference_move_exp as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError
from numpy.testing import assert_allclose, assert_array_equal
from test_reduce import call

import mypkg

ONE = ("count", "sum", "mean", "var", "std")
TWO = ("cov", "corr")
RTOL = {np.dtype(np.float16): 2e-3, np.dtype(np.float32): 2e-5, np.dtype(np.float64): 1e-9}
DTYPES = [np.dtype(t) for t in (np.bool_, np.int8, np.int32, np.uint64, np.float16, np.float32,
                                np.float64)]
SHAPES = ((1,), (7,), (3, 4), (2, 1, 5))
# The fast tier runs the matrices for these dtypes; the rest are marked slow.
FAST = {np.dtype(np.int32), np.dtype(np.float32), np.dtype(np.float64)}
MATRIX_DTYPES = [pytest.param(d, id=str(d), marks=() if d in FAST else pytest.mark.slow)
                 for d in DTYPES]


def exp_func(kind):
    return getattr(mypkg, "move_exp_nan" + kind)


def run_exp(kind, arrays, **kwargs):
    return call(exp_func(kind), *arrays, **kwargs)


def compare(got, expected, scale=1.0):
    """Same dtype, shape and NaN positions; values to the dtype's tolerance of `scale`."""
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape
    rtol = RTOL[got.dtype]
    assert_array_equal(np.isnan(got), np.isnan(expected))
    assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=rtol,
                    atol=rtol * scale, equal_nan=True)


def values(dtype, shape, seed, layout="C"):
    return cases.with_layout(cases.make_values(dtype, shape, "nan" if dtype.kind == "f"
                                               else "random", seed=seed), layout)


def alphas(shape, axis, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "scalar":
        return 0.3
    if kind == "one":
        return rng.uniform(0.05, 1.0, shape[axis])
    return rng.uniform(0.05, 1.0, shape)


def scale_of(*arrays):
    finite = [np.abs(np.asarray(x, np.float64)) for x in arrays]
    top = max(float(x[np.isfinite(x)].max(initial=0.0)) for x in finite)
    return max(top, 1.0) ** 2


# ------------------------------------------------------------------- the generated matrix

@pytest.mark.parametrize("dtype", MATRIX_DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("kind", ONE + TWO)
@pytest.mark.parametrize("alpha_kind", ("scalar", "one", "full"))
def test_exp_matrix(dtype, shape, kind, alpha_kind):
    for axis in range(-len(shape), len(shape)):
        arrays = [values(dtype, shape, 1)] + ([values(dtype, shape, 2)] if kind in TWO else [])
        alpha = alphas(shape, axis, alpha_kind, 3)
        for min_weight in (0.0, 0.6):
            got = run_exp(kind, arrays, alpha=alpha, min_weight=min_weight, axis=axis)
            expected = ref.slow_move_exp(kind, arrays, alpha, min_weight, axis)
            compare(got, expected, scale_of(*arrays))


@pytest.mark.parametrize("layout", cases.LAYOUTS[1:])
@pytest.mark.parametrize("kind", ("mean", "var", "corr"))
def test_exp_layouts(layout, kind):
    shape = (2, 3, 4, 5)
    for dtype in (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.int32)):
        arrays = [values(dtype, shape, 4, layout)]
        if kind in TWO:
            arrays.append(values(dtype, shape, 5, "reversed"))
        for axis in range(4):
            alpha = alphas(shape, axis, "full", 6)
            got = run_exp(kind, arrays, alpha=alpha, axis=axis)
            compare(got, ref.slow_move_exp(kind, arrays, alpha, 0.0, axis), scale_of(*arrays))


@pytest.mark.parametrize("dtype", MATRIX_DTYPES)
@pytest.mark.parametrize("kind", TWO)
def test_pair_matrix(dtype, kind):
    for shape in SHAPES + ((2, 3, 4, 5),):
        a, b = values(dtype, shape, 7), values(dtype, shape, 8, "strided")
        for axis in range(len(shape)):
            n = shape[axis]
            for window in sorted({1, min(2, n), min(3, n), n}):
                for min_count in sorted({1, window}):
                    for ddof in (0, 1):
                        got = call(getattr(mypkg, "move_" + kind), a, b, window, min_count,
                                   axis=axis, ddof=ddof)
                        expected = ref.slow_move_pair(kind, a, b, window, min_count, axis, ddof)
                        compare(got, expected, scale_of(a, b))


def test_pair_long_lanes():
    """Many blocks per lane, along each axis of a 2-D array (the block driver's two paths)."""
    rng = np.random.default_rng(9)
    a = rng.standard_normal((40, 60))
    b = a * 0.5 + rng.standard_normal((40, 60))
    a[rng.random(a.shape) < 0.1] = np.nan
    for axis in (0, 1):
        for window in (1, 3, 7, 40):
            for kind in TWO:
                got = getattr(mypkg, "move_" + kind)(a, b, window, 1, axis=axis)
                compare(got, ref.slow_move_pair(kind, a, b, window, 1, axis), 1.0)


def test_broadcasting_and_mixed_dtypes():
    rng = np.random.default_rng(10)
    a = rng.standard_normal((3, 6)).astype(np.float32)
    b = rng.standard_normal(6)
    got = mypkg.move_exp_nancov(a, b, alpha=0.4)
    assert got.dtype == np.float64 and got.shape == (3, 6)
    compare(got, ref.slow_move_exp("cov", [a, b], 0.4, 0.0, -1))
    got = mypkg.move_corr(a, b[None, :], 3, axis=1)
    compare(got, ref.slow_move_pair("corr", a, b[None, :], 3, None, 1))
    got = mypkg.move_cov(a, a.astype(np.float16), 2)
    assert got.dtype == np.float32


@settings(max_examples=60)
@given(hnp.arrays(np.float64, st.integers(1, 30),
                  elements=st.floats(-1e6, 1e6) | st.just(np.nan)),
       st.floats(0.01, 1.0), st.sampled_from(ONE))
def test_exp_hypothesis(a, alpha, kind):
    compare(run_exp(kind, [a], alpha=alpha), ref.slow_move_exp(kind, [a], alpha),
            scale_of(a) * 1e3)


@settings(max_examples=60)
@given(hnp.arrays(np.float64, st.integers(1, 30),
                  elements=st.floats(-1e6, 1e6) | st.just(np.nan)),
       st.integers(1, 30), st.integers(1, 30), st.sampled_from(TWO))
def test_pair_hypothesis(a, window, min_count, kind):
    window = min(window, len(a))
    min_count = min(min_count, window)
    b = a[::-1] * 0.5 + np.arange(len(a))
    got = getattr(mypkg, "move_" + kind)(a, b, window, min_count)
    expected = ref.slow_move_pair(kind, a, b, window, min_count)
    assert_array_equal(np.isnan(got), np.isnan(expected))
    assert_allclose(got, expected, rtol=1e-7, atol=1e-7 * scale_of(a, b))


# ------------------------------------------------------------------- pandas and numbagg

def nan_series(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n) * 3 + 1
    x[rng.random(n) < 0.15] = np.nan
    return x


@pytest.mark.parametrize("alpha", (0.05, 0.5, 0.99))
def test_exp_matches_pandas(alpha):
    pd = pytest.importorskip("pandas")
    a, b = nan_series(300, 1), nan_series(300, 2)
    ewm = pd.Series(a).ewm(alpha=alpha, adjust=True, ignore_na=False)
    expected = {"mean": ewm.mean(), "sum": ewm.sum(), "var": ewm.var(bias=False),
                "std": ewm.std(bias=False), "cov": ewm.cov(pd.Series(b), bias=False),
                "corr": ewm.corr(pd.Series(b))}
    for kind, series in expected.items():
        got = run_exp(kind, [a, b] if kind in TWO else [a], alpha=alpha)
        want = series.to_numpy()
        if kind == "corr":  # pandas leaves rounding noise where a variance is 0
            want = np.where(np.isnan(got), np.nan, want)
        # pandas computes sum(w) - sum(w^2) / sum(w) as written, which loses digits when one
        # weight dominates (alpha near 1 after NaN steps), down to NaN where it rounds to 0;
        # mypkg does not (the reference checks that)
        if alpha > 0.9:
            both = np.isfinite(got) & np.isfinite(want)
            assert both.sum() > 0.9 * np.isfinite(got).sum()
            got, want = got[both], want[both]
        rtol = 1e-9 if alpha < 0.9 else 1e-6
        assert_allclose(got, want, rtol=rtol, atol=rtol, equal_nan=True, err_msg=kind)


@pytest.mark.parametrize("window,min_periods", ((1, 1), (5, 2), (20, 20)))
def test_pair_matches_pandas(window, min_periods):
    pd = pytest.importorskip("pandas")
    a, b = nan_series(300, 3), nan_series(300, 4)
    rolling = pd.Series(a).rolling(window, min_periods=min_periods)
    assert_allclose(mypkg.move_cov(a, b, window, min_periods),
                    rolling.cov(pd.Series(b)).to_numpy(), rtol=1e-9, atol=1e-12, equal_nan=True)
    got = mypkg.move_corr(a, b, window, min_periods)
    want = rolling.corr(pd.Series(b)).to_numpy()
    finite = np.isfinite(got)
    assert_allclose(got[finite], want[finite], rtol=1e-9, atol=1e-12)
    assert np.isnan(want[~finite]).all() or window == 1


@pytest.mark.slow  # numbagg compiles every function on its first call: half a minute
@pytest.mark.parametrize("axis", (0, 1))
def test_matches_numbagg(axis):
    numbagg = pytest.importorskip("numbagg")
    a, b = nan_series(2000, 5).reshape(40, 50), nan_series(2000, 6).reshape(40, 50)
    alpha = np.random.default_rng(7).uniform(0.05, 1.0, a.shape[axis])
    for kind in ONE + TWO:
        arrays = [a, b] if kind in TWO else [a]
        got = run_exp(kind, arrays, alpha=alpha, min_weight=0.2, axis=axis)
        want = getattr(numbagg, "move_exp_nan" + kind)(*arrays, alpha=alpha, min_weight=0.2,
                                                      axis=axis)
        assert_allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=kind)
    for kind in TWO:
        got = getattr(mypkg, "move_" + kind)(a, b, 10, 3, axis=axis)
        want = getattr(numbagg, "move_" + kind)(a, b, window=10, min_count=3, axis=axis)
        assert_allclose(got, want, rtol=1e-8, atol=1e-10, equal_nan=True, err_msg=kind)
    assert_array_equal(mypkg.nancount(a, axis=axis), numbagg.nancount(a, axis=axis))
    assert_array_equal(mypkg.ffill(a, limit=2, axis=axis),
                       numbagg.ffill(a, limit=2, axis=axis))


# ------------------------------------------------------------------- accuracy

def test_offset_data_keeps_its_digits():
    """A mean of 1e8 and a variance of 1: running sums of squares leave no digit of it."""
    rng = np.random.default_rng(11)
    x = 1e8 + rng.standard_normal(5000)
    var = mypkg.move_exp_nanvar(x, alpha=0.01)
    for i in (10, 999, 4999):
        assert var[i] == pytest.approx(ref.long_double_exp_var(x, 0.01, i), rel=1e-7)
    cov = mypkg.move_cov(x, -x, 50)
    assert cov[-1] == pytest.approx(-ref.long_double_move_cov(x, x, 50, len(x) - 1), rel=1e-7)


@pytest.mark.parametrize("kind", ("mean", "var", "std", "cov", "corr"))
def test_spike_leaves_no_trace(kind):
    """Once a 1e8 spike's weight is below 1e-16 (squared: below 1e-32) the result is that of
    the series without it."""
    rng = np.random.default_rng(12)
    x = rng.standard_normal(400)
    y = rng.standard_normal(400)
    spiked = x.copy()
    spiked[100] = 1e8
    arrays = ([spiked, y], [x, y]) if kind in TWO else ([spiked], [x])
    got = run_exp(kind, arrays[0], alpha=0.5)
    clean = run_exp(kind, arrays[1], alpha=0.5)
    assert_allclose(got[100 + 110:], clean[100 + 110:], rtol=1e-12, atol=1e-14)
    if kind in TWO:
        got = getattr(mypkg, "move_" + kind)(spiked, y, 10)
        clean = getattr(mypkg, "move_" + kind)(x, y, 10)
        assert_allclose(got[110:], clean[110:], rtol=1e-12, atol=1e-14)


def test_variances_never_negative_and_corr_bounded():
    rng = np.random.default_rng(13)
    x = np.repeat(rng.standard_normal(200) * 1e6 + 1e9, 7)  # runs of equal values
    y = 3 * x - 2
    assert (mypkg.move_exp_nanvar(x, alpha=0.3)[1:] >= 0).all()
    for corr in (mypkg.move_exp_nancorr(x, y, alpha=0.3), mypkg.move_corr(x, y, 5, 2)):
        finite = corr[np.isfinite(corr)]
        assert finite.size and (np.abs(finite) <= 1).all()
    const = np.full(50, 2.5)
    assert np.isnan(mypkg.move_corr(const, x[:50], 5)).all()
    assert np.isnan(mypkg.move_exp_nancorr(const, x[:50], alpha=0.3)).all()
    assert (mypkg.move_exp_nanvar(const, alpha=0.3)[1:] == 0).all()


def test_inf_affects_exactly_its_windows():
    x = np.arange(20.0)
    x[8] = np.inf
    cov = mypkg.move_cov(x, x, 4)
    assert np.isnan(cov[8:12]).all()
    assert np.isfinite(cov[3:8]).all() and np.isfinite(cov[12:]).all()


@pytest.mark.slow
def test_no_drift_over_long_streams():
    """1e7 steps against long-double references at checkpoints."""
    rng = np.random.default_rng(14)
    n = 10**7
    x = 1e6 + rng.standard_normal(n) * 10
    y = x * 0.5 + rng.standard_normal(n)
    var = mypkg.move_exp_nanvar(x, alpha=0.001)
    cov = mypkg.move_cov(x, y, 1000)
    for i in (10**5, 3 * 10**6, n - 1):
        assert var[i] == pytest.approx(ref.long_double_exp_var(x, 0.001, i), rel=1e-9)
        assert cov[i] == pytest.approx(ref.long_double_move_cov(x, y, 1000, i), rel=1e-9)


# ------------------------------------------------------------------- nancount and ffill

@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_nancount(dtype):
    for shape in ((), (0,), (7,), (3, 4), (2, 3, 4)):
        a = values(dtype, shape, 15, "transposed")
        for axis in cases.axes_for(len(shape)):
            for keepdims in (False, True):
                got = call(mypkg.nancount, a, axis=axis, keepdims=keepdims)
                expected = ref.slow_nancount(a, axis, keepdims)
                assert np.asarray(got).dtype == np.int64
                assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_ffill(dtype):
    for layout in ("C", "reversed", "byteswapped"):
        a = values(dtype, (3, 9), 16, layout)
        for axis in (0, 1, -1):
            for limit in (None, 0, 1, 3):
                got = call(mypkg.ffill, a, limit=limit, axis=axis)
                assert got.dtype == a.dtype.newbyteorder("=")
                assert_array_equal(got, ref.slow_ffill(a, limit, axis))


# ------------------------------------------------------------------- out= and bad input

def test_out():
    rng = np.random.default_rng(17)
    a, b = rng.standard_normal((4, 9)), rng.standard_normal((4, 9))
    for func, args, kwargs in ((mypkg.move_exp_nanmean, (a,), {"alpha": 0.2}),
                               (mypkg.move_exp_nancorr, (a, b), {"alpha": 0.2}),
                               (mypkg.move_cov, (a, b, 3), {})):
        out = np.empty((4, 9))
        assert func(*args, out=out, **kwargs) is out
        assert_array_equal(out, func(*args, **kwargs))
        out32 = np.empty((4, 9), np.float32)
        func(*args, out=out32, **kwargs)
        assert_allclose(out32, func(*args, **kwargs), rtol=1e-6)
    inplace = a.copy()
    expected = mypkg.move_cov(inplace, b, 3)
    mypkg.move_cov(inplace, b, 3, out=inplace)  # out overlapping an input
    assert_array_equal(inplace, expected)
    counts = np.zeros(4, np.int64)
    assert mypkg.nancount(a, axis=1, out=counts) is counts and (counts == 9).all()


BAD = [
    (lambda a, o: mypkg.move_exp_nanmean(a, alpha=0.0, out=o), ValueError, "alpha"),
    (lambda a, o: mypkg.move_exp_nanmean(a, alpha=1.5, out=o), ValueError, "alpha"),
    (lambda a, o: mypkg.move_exp_nanmean(a, alpha=np.nan, out=o), ValueError, "alpha"),
    (lambda a, o: mypkg.move_exp_nanvar(a, alpha=np.full(5, 0.5), out=o), ValueError, "alpha"),
    (lambda a, o: mypkg.move_exp_nanvar(a, alpha=np.full((3, 6), 0.5), out=o), ValueError,
     "alpha"),
    (lambda a, o: mypkg.move_exp_nanvar(a, alpha=[0.5] * 5 + [0.0], out=o), ValueError,
     "alpha"),
    (lambda a, o: mypkg.move_exp_nanstd(a, alpha="x", out=o), TypeError, "alpha"),
    (lambda a, o: mypkg.move_exp_nansum(a, alpha=0.5, min_weight=-0.1, out=o), ValueError,
     "min_weight"),
    (lambda a, o: mypkg.move_exp_nansum(a, alpha=0.5, min_weight=np.nan, out=o), ValueError,
     "min_weight"),
    (lambda a, o: mypkg.move_exp_nancount(a, alpha=0.5, axis=2, out=o), AxisError, "axis"),
    (lambda a, o: mypkg.move_exp_nancov(a, a[:, :4], alpha=0.5, out=o), ValueError,
     "broadcast"),
    (lambda a, o: mypkg.move_cov(a, a, 0, out=o), ValueError, "window"),
    (lambda a, o: mypkg.move_cov(a, a, 7, out=o), ValueError, "window"),
    (lambda a, o: mypkg.move_corr(a, a, 3, 4, out=o), ValueError, "min_count"),
    (lambda a, o: mypkg.move_corr(a, a, 3, 0, out=o), ValueError, "min_count"),
    (lambda a, o: mypkg.move_cov(a, a, 3, ddof=-1, out=o), ValueError, "ddof"),
    (lambda a, o: mypkg.move_cov(a, a, 3, axis=None, out=o), TypeError, "axis"),
    (lambda a, o: mypkg.move_cov(a, a, 2.5, out=o), TypeError, "window"),
    (lambda a, o: mypkg.ffill(a, limit=-1, out=o), ValueError, "limit"),
]


@pytest.mark.parametrize("bad,error,word", BAD)
def test_bad_input_writes_nothing(bad, error, word):
    a = np.arange(12.0).reshape(2, 6)
    out = np.full((2, 6), 7.0)
    with pytest.raises(error, match=word if error is not AxisError else None):
        bad(a, out)
    assert (out == 7.0).all()


def test_zero_d_and_empty():
    with pytest.raises(ValueError):
        mypkg.move_exp_nanmean(np.float64(1.0), alpha=0.5)
    with pytest.raises(ValueError):
        mypkg.move_cov(1.0, 2.0, 1)
    assert mypkg.move_exp_nanmean(np.empty((0, 3)), alpha=0.5).shape == (0, 3)
    assert mypkg.move_exp_nancorr(np.empty((3, 0)), np.empty((3, 0)), alpha=0.5,
                                  axis=0).shape == (3, 0)
    assert mypkg.move_cov(np.empty((0, 3)), np.empty((0, 3)), 2).shape == (0, 3)
    assert mypkg.nancount(np.empty((0, 3))) == 0
