"""The code paths of select.h's lane selection and of replace that the generated matrix may not
reach: both builds of the selection (portable and AVX2) on the same lanes, around their vector
widths and thresholds (sampling from 512 values on, the vector selection above 64), on
adversarial data, strided lanes and lanes along a slow axis (tiles); replace's contiguous and
strided loops.

On an AVX2 machine mypkg always runs the AVX2 build for float64/float32, so the portable build
is checked here directly: the lane functions of select.h are compiled into a small test library
(needs a C compiler) and both builds are called on the same lanes. (median/nanmedian in
reduce.c and every integer dtype run the portable build through mypkg itself.)"""

import shutil
import subprocess
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
#define ISNUM(x) ((x) == (x))
DEFINE_SELECT(f64, double)
DEFINE_MULTISELECT(f64, double, ISNUM)
DEFINE_MULTISELECT_AVX2(f64, double, ISNUM)
DEFINE_SELECT(f32, float)
DEFINE_MULTISELECT(f32, float, ISNUM)
DEFINE_MULTISELECT_AVX2(f32, float, ISNUM)
int have_avx2(void) { return mypkg_have_avx2(); }
#define LANE(sfx, T)                                                                       \
    void lane_##sfx(const char *a, int64_t n, int64_t as, T *dst, T *mid, const int64_t *ks, \
                    int64_t nk, int whole, int avx2)                                       \
    {                                                                                      \
        if (avx2) mypkg_partition_lane_avx2_##sfx(a, n, as, dst, mid, ks, nk, whole);      \
        else mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, nk, whole);                \
    }
LANE(f64, double)
LANE(f32, float)
"""
LANE_LIB_CDEF = """
int have_avx2(void);
void lane_f64(const char *a, int64_t n, int64_t as, double *dst, double *mid, const int64_t *ks,
              int64_t nk, int whole, int avx2);
void lane_f32(const char *a, int64_t n, int64_t as, float *dst, float *mid, const int64_t *ks,
              int64_t nk, int whole, int avx2);
"""


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
    sfx, ctype = ("f64", "double") if dtype == np.float64 else ("f32", "float")
    lane_fn = getattr(lib, "lane_" + sfx)
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
                        lane_fn(ffi.cast("const char *", holder.ctypes.data), n,
                                step * src.itemsize, ffi.cast(ctype + " *", dst.ctypes.data),
                                ffi.cast(ctype + " *", mid.ctypes.data),
                                ffi.cast("const int64_t *", kk.ctypes.data), len(ks), whole, avx2)
                        where = f"{kind} n={n} step={step} kth={ks} whole={whole} avx2={avx2}"
                        assert lane_problem(lane, dst, ks, whole) is None, where
