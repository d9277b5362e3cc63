"""The code paths of select.h's lane selection and of replace that the generated matrix may not
reach: both builds of the selection (portable and AVX2) on the same lanes, around their vector
widths and thresholds (sampling from 512 values on, the vector selection above 64), on
adversarial data, strided lanes and lanes along a slow axis (tiles); replace's contiguous and
strided loops.

On an AVX2 machine mypkg always runs the AVX2 build for float64/float32, so the portable build
is checked here directly: the lane functions of select.h are compiled into a small test library
(needs a C compiler) and both builds are called on the same lanes. (Every integer dtype runs
the portable build through mypkg itself; median/nanmedian share the selection, AVX2 build
included, with quantile and partition.)"""

import shutil
import subprocess
import warnings
from pathlib import Path

import cffi
import numpy as np
import pytest

import mypkg

CSRC = Path(__file__).resolve().parent.parent / "csrc"
CC = shutil.which("cc") or shutil.which("gcc")
FLOATS = (np.float64, np.float32)
LENGTHS = (1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 129, 511, 512, 513, 1000, 1031,
           4099)


def lane_data(kind, n, dtype, rng):
    """One lane of a named pattern (random, NaN-heavy, sorted, organ pipe, few values, ...)."""
    x = rng.standard_normal(n)
    if kind == "nan5":
        x[rng.random(n) < 0.05] = np.nan
    elif kind == "nan50":
        x[rng.random(n) < 0.5] = np.nan
    elif kind == "allnan":
        x[:] = np.nan
    elif kind == "sorted":
        x = np.arange(n, dtype=np.float64)
    elif kind == "reversed":
        x = np.arange(n, dtype=np.float64)[::-1].copy()
    elif kind == "organ":
        x = np.concatenate([np.arange(n - n // 2), np.arange(n // 2)[::-1]]).astype(np.float64)
    elif kind == "few":
        x = rng.integers(0, 3, n).astype(np.float64)
    elif kind == "equal":
        x = np.full(n, 2.5)
    elif kind == "special":
        x = rng.choice([-np.inf, np.inf, -0.0, 0.0, np.nan, 1.0, -1.0], n)
    return x.astype(dtype)


KINDS = ("normal", "nan5", "nan50", "allnan", "sorted", "reversed", "organ", "few", "equal",
         "special")


def kth_sets(n):
    sets = [[0], [n - 1], [n // 2], sorted({0, n // 2, n - 1}),
            sorted({n // 3, min(n - 1, n // 3 + 1)})]
    if n > 8:
        sets.append(list(range(0, n, max(1, n // 7))))
    return sets


def lane_problem(lane, got, ks, whole=True):
    """Why ``got`` is not np.partition(lane, ks) (None if it is): the values at ks are the
    sorted lane's, and (whole) got is a permutation partitioned at each of them, NaN last."""
    want = np.sort(lane)  # NaN last, as partition sorts them
    if not np.array_equal(got[ks], want[ks], equal_nan=True):
        return f"values at {ks}: {got[ks]}, expected {want[ks]}"
    if not whole:
        return None
    if not np.array_equal(np.sort(got), want, equal_nan=True):
        return "not a permutation of the lane"
    # sort keys: NaN above everything
    key = np.where(np.isnan(got), np.inf, got).astype(np.float64)
    nan = np.isnan(got)
    for k in ks:
        before, after = slice(0, k), slice(k + 1, None)
        if nan[k]:
            if not nan[after].all():
                return f"a number after the NaN at {k}"
            continue
        if nan[before].any() or (key[before] > key[k]).any() or (key[after] < key[k]).any():
            return f"not partitioned at {k}"
    return None


# ------------------------------------------------------------------------------ through mypkg


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", LENGTHS)
def test_partition_lanes(dtype, n):
    """partition/argpartition along the fast axis (direct lanes), a slow axis (tiles) and a
    strided view, at every kth set, on every data pattern."""
    rng = np.random.default_rng(n)
    rows = np.stack([lane_data(kind, n, dtype, rng) for kind in KINDS])
    views = {"rows": rows, "columns": np.ascontiguousarray(rows.T),
             "strided": np.repeat(rows, 2, axis=1)[:, ::2]}
    for ks in kth_sets(n):
        for name, a in views.items():
            axis = 0 if name == "columns" else 1
            got = np.moveaxis(mypkg.partition(a, ks, axis=axis), axis, -1)
            idx = np.moveaxis(mypkg.argpartition(a, ks, axis=axis), axis, -1)
            lanes = np.moveaxis(a, axis, -1)
            for j, lane in enumerate(lanes):
                where = f"{name} {KINDS[j]} n={n} kth={ks} {np.dtype(dtype)}"
                assert lane_problem(lane, got[j], ks) is None, where
                assert np.array_equal(np.sort(idx[j]), np.arange(n)), where
                assert lane_problem(lane, lane[idx[j]], ks) is None, where


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", (63, 64, 65, 513, 1000, 4099))
def test_quantiles_lanes(dtype, n):
    """quantile/nanquantile select through the same lanes (positions only: not whole)."""
    rng = np.random.default_rng(n + 1)
    a = np.stack([lane_data(kind, n, dtype, rng) for kind in KINDS if kind != "allnan"])
    q = [0.0, 0.1, 0.25, 0.5, 0.99, 1.0]
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(mypkg.nanquantile(a, q, axis=1),
                                   np.nanquantile(a.astype(np.float64), q, axis=1),
                                   rtol=1e-6, equal_nan=True)
        np.testing.assert_allclose(mypkg.quantile(a.T, q, axis=0),
                                   np.quantile(a.astype(np.float64), q, axis=1),
                                   rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("dtype", FLOATS + (np.int64, np.uint64))
@pytest.mark.parametrize("n", (1, 2, 63, 64, 65, 66, 511, 512, 513, 1000, 4099))
def test_median_lanes(dtype, n):
    """median/nanmedian through quantile's selection (sampled split from 512 values, vector
    selection above 64), along the fast axis, a slow axis (tiles) and a strided view."""
    rng = np.random.default_rng(n + 3)
    kinds = KINDS if np.dtype(dtype).kind == "f" else ("normal", "sorted", "organ", "few")
    rows = np.stack([lane_data(kind, n, np.float64, rng) for kind in kinds])
    if np.dtype(dtype).kind != "f":
        rows = np.abs(rows * 1000)
    rows = rows.astype(dtype)
    views = {"rows": (rows, 1), "columns": (np.ascontiguousarray(rows.T), 0),
             "strided": (np.repeat(rows, 2, axis=1)[:, ::2], 1)}
    ref = rows.astype(np.float64)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's all-NaN slice warnings
        want = {"median": np.median(ref, axis=1), "nanmedian": np.nanmedian(ref, axis=1)}
        for name, (a, axis) in views.items():
            for func in ("median", "nanmedian"):
                got = getattr(mypkg, func)(a, axis=axis)
                np.testing.assert_allclose(got, want[func], rtol=1e-6, equal_nan=True,
                                           err_msg=f"{func} {name} n={n} {np.dtype(dtype)}")


@pytest.mark.parametrize("dtype", (np.int64, np.uint64))
@pytest.mark.parametrize("n", (9, 100, 1000, 4099))
def test_wide_integers_exact(dtype, n):
    """int64/uint64 values that differ in bits a double cannot hold are ordered exactly: every
    kth value of partition and argpartition is NumPy's, not a neighbour's."""
    rng = np.random.default_rng(n + 4)
    top = np.iinfo(dtype).max
    a = (top - rng.permutation(n).astype(dtype)).astype(dtype)  # top, top - 1, ... shuffled
    for ks in kth_sets(n):
        want = np.sort(a)[ks]
        np.testing.assert_array_equal(mypkg.partition(a, ks)[ks], want)
        np.testing.assert_array_equal(a[mypkg.argpartition(a, ks)][ks], want)
        cols = np.stack([a, a[::-1]], axis=1)  # lanes along a slow axis (tiles)
        np.testing.assert_array_equal(mypkg.partition(cols, ks, axis=0)[ks],
                                      np.stack([want, want], axis=1))


@pytest.mark.parametrize("dtype", FLOATS + (np.int64, np.int32, np.uint64))
@pytest.mark.parametrize("n", (1, 3, 4, 7, 8, 9, 17, 1000))
def test_replace_paths(dtype, n):
    """replace's contiguous (blend) loop at lengths around its vector widths, and its strided
    loop, which must not touch the elements between."""
    rng = np.random.default_rng(n)
    base = rng.integers(0, 4, n).astype(dtype)
    if np.dtype(dtype).kind == "f":
        base[rng.random(n) < 0.3] = np.nan
        olds = (np.nan, 2.0)
    else:
        olds = (2,)
    for old in olds:
        a = base.copy()
        want = base.copy()
        match = np.isnan(want) if old != old else want == old
        want[match] = 7
        assert mypkg.replace(a, old, 7) is a
        np.testing.assert_array_equal(a, want)
        wide = np.repeat(base, 2)
        marker = wide.copy()
        view = wide[1::2]
        mypkg.replace(view, old, 7)
        np.testing.assert_array_equal(view, want)
        np.testing.assert_array_equal(wide[0::2], marker[0::2])


# ------------------------------------------------------------------------------ both builds

LANE_LIB_SOURCE = r"""
#include "select.h"
int have_avx2(void) { return mypkg_have_avx2(); }
/* t: F64 or F32 (enum dt) */
void lane_portable(int t, const char *a, int64_t n, int64_t as, void *dst, void *mid,
                   const int64_t *ks, int64_t nk, int whole)
{
    if (t == F64) sel_lane(F64, 0, a, n, as, dst, mid, ks, nk, whole);
    else sel_lane(F32, 0, a, n, as, dst, mid, ks, nk, whole);
}
#if MYPKG_X86
MYPKG_AVX2 void lane_avx2(int t, const char *a, int64_t n, int64_t as, void *dst, void *mid,
                          const int64_t *ks, int64_t nk, int whole)
{
    if (t == F64) sel_lane(F64, 1, a, n, as, dst, mid, ks, nk, whole);
    else sel_lane(F32, 1, a, n, as, dst, mid, ks, nk, whole);
}
#else /* never called: have_avx2() is 0 */
void lane_avx2(int t, const char *a, int64_t n, int64_t as, void *dst, void *mid,
               const int64_t *ks, int64_t nk, int whole)
{
    lane_portable(t, a, n, as, dst, mid, ks, nk, whole);
}
#endif
"""
LANE_LIB_CDEF = """
int have_avx2(void);
void lane_portable(int t, const char *a, int64_t n, int64_t as, void *dst, void *mid,
                   const int64_t *ks, int64_t nk, int whole);
void lane_avx2(int t, const char *a, int64_t n, int64_t as, void *dst, void *mid,
               const int64_t *ks, int64_t nk, int whole);
"""
ENUM_DT = {np.dtype(np.float64): 0, np.dtype(np.float32): 1}  # F64, F32 in kernels.h


@pytest.fixture(scope="module")
def lane_lib(tmp_path_factory):
    if CC is None:
        pytest.skip("no C compiler")
    tmp = tmp_path_factory.mktemp("select_lanes")
    src, lib = tmp / "lanes.c", tmp / "liblanes.so"
    src.write_text(LANE_LIB_SOURCE)
    subprocess.run([CC, "-std=c11", "-O2", "-fPIC", "-shared", "-Wall", "-Wextra", "-Werror",
                    "-Wno-unused-function", "-fno-trapping-math", "-fno-math-errno", "-I",
                    str(CSRC), str(src), "-o", str(lib), "-lm"], check=True)
    ffi = cffi.FFI()
    ffi.cdef(LANE_LIB_CDEF)
    return ffi, ffi.dlopen(str(lib))


@pytest.mark.slow
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", LENGTHS)
def test_both_builds(lane_lib, dtype, n):
    """The portable build (and the AVX2 one where the CPU has it) partitions every lane right,
    whole or only at the wanted positions, contiguous or strided."""
    ffi, lib = lane_lib
    builds = [0, 1] if lib.have_avx2() else [0]
    t = ENUM_DT[np.dtype(dtype)]
    rng = np.random.default_rng(n + 2)
    for kind in KINDS:
        lane = lane_data(kind, n, dtype, rng)
        for step in (1, 3):
            src = np.repeat(lane, step)[::step] if step > 1 else lane
            holder = np.repeat(lane, step) if step > 1 else lane
            for ks in kth_sets(n):
                kk = np.array(ks, np.int64)
                for whole in (0, 1):
                    for avx2 in builds:
                        dst, mid = np.empty(n, dtype), np.empty(n, dtype)
                        lane_fn = lib.lane_avx2 if avx2 else lib.lane_portable
                        lane_fn(t, ffi.cast("const char *", holder.ctypes.data), n,
                                step * src.itemsize, ffi.cast("void *", dst.ctypes.data),
                                ffi.cast("void *", mid.ctypes.data),
                                ffi.cast("const int64_t *", kk.ctypes.data), len(ks), whole)
                        where = f"{kind} n={n} step={step} kth={ks} whole={whole} avx2={avx2}"
                        assert lane_problem(lane, dst, ks, whole) is None, where
