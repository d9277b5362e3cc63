"""mypkg on dask arrays (mypkg/dask.py): every lazy result equals in-memory mypkg on the same
data, over uneven chunkings, chunks smaller than the window, NaN patterns and every axis; in
process (scheduler="sync") in the fast tier, on a 2-process LocalCluster in the slow tier."""

import math
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import mypkg

da = pytest.importorskip("dask.array")
mdask = pytest.importorskip("mypkg.dask")

SHAPE = (13, 17)
# uneven chunkings; the second has chunks of 1 and 2 (smaller than window - 1 = 3)
CHUNKINGS = [((5, 8), (6, 11)), ((1, 2, 4, 6), (2, 1, 3, 11)), ((13,), (17,))]
WINDOW = 4

REDUCTIONS = [("nansum", {}), ("nanmean", {}), ("nanvar", {}), ("nanvar", {"ddof": 1}),
              ("nanstd", {"ddof": 1}), ("nanmin", {}), ("nanmax", {}), ("ss", {}),
              ("anynan", {}), ("allnan", {}), ("nancount", {}), ("median", {}),
              ("nanmedian", {}), ("quantile", {"q": 0.3}), ("nanquantile", {"q": [0.1, 0.75]})]
ARGS = ["nanargmin", "nanargmax"]
MOVING = [("move_sum", {}), ("move_mean", {"min_count": 1}), ("move_var", {"ddof": 1}),
          ("move_std", {"min_count": 2}), ("move_min", {}), ("move_max", {"min_count": 1}),
          ("move_argmin", {}), ("move_argmax", {"min_count": 1}), ("move_median", {}),
          ("move_quantile", {"q": 0.25, "min_count": 1}), ("move_rank", {"min_count": 1})]
LANES = [("rankdata", {}), ("nanrankdata", {}), ("partition", {"kth": 2}),
         ("argpartition", {"kth": 3}), ("push", {}), ("push", {"n": 1}), ("bfill", {"n": 2}),
         ("ffill", {"limit": 3})]


def data(seed=0, dtype=np.float64, all_nan_lanes=True):
    """SHAPE of random values with NaN runs across chunk borders, repeats (ties), ±inf, and
    (if asked) an all-NaN row and column."""
    rng = np.random.default_rng(seed)
    a = rng.integers(-5, 6, SHAPE).astype(np.float64) + rng.choice([0, 0.5], SHAPE)
    a[rng.random(SHAPE) < 0.25] = np.nan
    a[2, 3:12] = np.nan
    a[4:11, 9] = np.nan
    a[7, 2], a[8, 5] = np.inf, -np.inf
    if all_nan_lanes:
        a[10, :] = np.nan
        a[:, 15] = np.nan
    return a.astype(dtype) if np.dtype(dtype).kind == "f" else np.nan_to_num(a).astype(dtype)


def same(lazy, expected, rtol=1e-12):
    assert isinstance(lazy, da.Array)
    got = lazy.compute(scheduler="sync")
    assert np.shape(got) == np.shape(expected)
    assert np.asarray(got).dtype == np.asarray(expected).dtype
    assert_allclose(got, expected, rtol=rtol, atol=1e-12)


def ids(cases):
    return [f"{n}{kw or ''}" for n, kw in cases]


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("axis", [0, 1, None, (0, 1)])
@pytest.mark.parametrize(("name", "kwargs"), REDUCTIONS, ids=ids(REDUCTIONS))
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_in_memory(name, kwargs, axis, chunks, keepdims):
    a = data()
    x = da.from_array(a, chunks=chunks)
    func = getattr(mypkg, name)
    same(func(x, axis=axis, keepdims=keepdims, **kwargs),
         func(a, axis=axis, keepdims=keepdims, **kwargs))


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("axis", [0, 1, None])
@pytest.mark.parametrize("name", ARGS)
@pytest.mark.parametrize("keepdims", [False, True])
def test_arg_reductions_give_the_global_index(name, axis, chunks, keepdims):
    a = data(all_nan_lanes=False)
    func = getattr(mypkg, name)
    same(func(da.from_array(a, chunks=chunks), axis=axis, keepdims=keepdims),
         func(a, axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize(("name", "kwargs"), MOVING, ids=ids(MOVING))
def test_moving_windows_match_in_memory(name, kwargs, axis, chunks):
    a = data()
    func = getattr(mypkg, name)
    same(func(da.from_array(a, chunks=chunks), WINDOW, axis=axis, **kwargs),
         func(a, WINDOW, axis=axis, **kwargs), rtol=1e-10)


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("axis", [0, 1, None])
@pytest.mark.parametrize(("name", "kwargs"), LANES, ids=ids(LANES))
def test_lane_functions_match_in_memory(name, kwargs, axis, chunks):
    if axis is None and name in ("push", "bfill", "ffill"):
        axis = -1  # fills take an integer axis
    a = data()
    func = getattr(mypkg, name)
    same(func(da.from_array(a, chunks=chunks), axis=axis, **kwargs),
         func(a, axis=axis, **kwargs))


@pytest.mark.parametrize("n", [None, 0, 1, 2, 3, 6])
@pytest.mark.parametrize("name", ["push", "bfill"])
def test_fill_limit_counts_across_chunks(name, n):
    a = np.full((3, 20), np.nan)
    a[0, [0, 7]] = [1.0, 2.0]
    a[1, [3, 19]] = [3.0, 4.0]
    for chunks in [1, 2, 3, (4, 1, 1, 9, 5)]:
        x = da.from_array(a, chunks=(2, chunks))
        same(getattr(mypkg, name)(x, n), getattr(mypkg, name)(a, n))


def test_main_namespace_returns_lazy_arrays_for_every_function():
    x = da.from_array(data(), chunks=(5, 6))
    for name in mdask.__all__:
        extra = {"move_quantile": (WINDOW, 0.5), "quantile": (0.5,), "nanquantile": (0.5,),
                 "partition": (1,), "argpartition": (1,)}.get(
                     name, (WINDOW,) if name.startswith("move_") else ())
        assert isinstance(getattr(mypkg, name)(x, *extra), da.Array), name


def test_plain_calls_do_not_import_dask():
    code = ("import sys, numpy, mypkg; mypkg.nansum(numpy.ones(3)); mypkg.nancount([1.0]); "
            "mypkg.move_mean(numpy.ones(3), 2); print(any(m.startswith('dask') for m in "
            "sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def _never(block):
    raise AssertionError("computed")


def test_small_chunks_without_rechunk_raise_before_computing():
    x = da.from_array(data(), chunks=(13, (2, 2, 13))).map_blocks(_never, dtype=np.float64)
    with pytest.raises(ValueError, match=r"axis 1 must hold at least window - 1 = 3"):
        mypkg.move_mean(x, WINDOW, rechunk=False)
    a = data()
    x = da.from_array(a, chunks=(13, (2, 2, 13)))
    same(mdask.move_mean(x, WINDOW, rechunk=True), mypkg.move_mean(a, WINDOW))
    same(mdask.move_mean(da.from_array(a, chunks=(13, (3, 3, 11))), WINDOW, rechunk=False),
         mypkg.move_mean(a, WINDOW))


def test_bad_arguments_raise_at_call_with_the_in_memory_message():
    x = da.from_array(data(), chunks=5).map_blocks(_never, dtype=np.float64)
    with pytest.raises(ValueError, match="window must be in"):
        mypkg.move_sum(x, 18)
    with pytest.raises(ValueError, match="min_count"):
        mypkg.move_sum(x, 3, min_count=4)
    with pytest.raises(np.exceptions.AxisError):
        mypkg.nanmean(x, axis=2)
    with pytest.raises(TypeError, match="out="):
        mypkg.nansum(x, out=np.empty(()))
    with pytest.raises(ValueError):
        mypkg.push(x, -1)


def test_all_nan_lane_raises_for_arg_reductions_on_compute():
    x = da.from_array(data(), chunks=5)
    with pytest.raises(ValueError, match="All-NaN"):
        mypkg.nanargmin(x, axis=1).compute(scheduler="sync")


def test_arg_ties_go_to_the_first_global_index():
    x = da.from_array(np.array([5.0, 1.0, np.nan, 1.0, 1.0, 7.0, 7.0]), chunks=(1, 2, 4))
    assert mypkg.nanargmin(x).compute(scheduler="sync") == 1
    assert mypkg.nanargmax(x).compute(scheduler="sync") == 5


def test_sums_combine_chunks_exactly():
    values = np.array([1e16, 1.0, -1e16, 3.0, 1e-3, 2.5e15, -2.5e15, 1.0] * 5)
    x = da.from_array(values, chunks=1)
    assert mdask.nansum(x).compute(scheduler="sync") == math.fsum(values)
    assert mdask.ss(x).compute(scheduler="sync") == math.fsum(values * values)


def test_variance_merges_chunks_with_chan_formula():
    rng = np.random.default_rng(3)
    a = 1e9 + rng.standard_normal(1000)
    x = da.from_array(a, chunks=37)
    assert_allclose(mdask.nanvar(x).compute(scheduler="sync"), np.var(a), rtol=1e-9)
    assert_allclose(mdask.nanmean(x).compute(scheduler="sync"), np.mean(a), rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.complex128])
def test_other_dtypes_match_in_memory(dtype):
    a = data(dtype=np.float64, all_nan_lanes=False)
    a = np.nan_to_num(a, nan=0, posinf=9, neginf=-9).astype(dtype) if dtype != np.float32 \
        else a.astype(dtype)
    x = da.from_array(a, chunks=((1, 12), (2, 15)))
    for name in ["nansum", "nanmean", "nanvar", "nanmin", "nanargmax", "median"]:
        if dtype == np.complex128 and name in ("nanmin", "nanargmax"):
            continue
        func = getattr(mypkg, name)
        same(func(x, axis=1), func(a, axis=1), rtol=1e-6)
    same(mypkg.move_mean(x, 5, axis=1), mypkg.move_mean(a, 5, axis=1), rtol=1e-6)
    same(mypkg.push(x, 1, axis=0), mypkg.push(a, 1, axis=0))


def test_whole_array_reductions_return_scalars_like_in_memory():
    a = np.nan_to_num(data(), nan=np.nan, posinf=3, neginf=-3)
    assert np.ndim(mdask.nansum(da.from_array(a, chunks=4)).compute(scheduler="sync")) == 0
    assert mdask.nansum(da.from_array(a, chunks=4)).compute(scheduler="sync") == \
        pytest.approx(mypkg.nansum(a))


# ---------------------------------------------------------------------------- distributed


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize("chunks", CHUNKINGS)
def test_on_a_local_cluster(client, chunks):
    a = data(seed=7)
    b = data(seed=8, all_nan_lanes=False)
    x, y = da.from_array(a, chunks=chunks), da.from_array(b, chunks=chunks)
    lazy, expected = [], []
    for axis in (0, 1):
        for name, kwargs in REDUCTIONS + LANES:
            func = getattr(mypkg, name)
            lazy.append(func(x, axis=axis, **kwargs))
            expected.append(func(a, axis=axis, **kwargs))
        for name, kwargs in MOVING:
            func = getattr(mypkg, name)
            lazy.append(func(x, WINDOW, axis=axis, **kwargs))
            expected.append(func(a, WINDOW, axis=axis, **kwargs))
        for name in ARGS:
            lazy.append(getattr(mypkg, name)(y, axis=axis))
            expected.append(getattr(mypkg, name)(b, axis=axis))
    for got, want in zip(client.gather(client.compute(lazy)), expected, strict=True):
        assert np.asarray(got).dtype == np.asarray(want).dtype
        assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert_array_equal(client.compute(mypkg.nansum(x)).result(), mypkg.nansum(a))
