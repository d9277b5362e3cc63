"""The reductions along every path of csrc/reduce.c: contiguous lanes of every length around
the vector steps (unrolled units, single units, scalar tail; the SSE2 and AVX2 copies step
differently), the extreme at every position with ties, blocks of neighbouring lanes whose count
is or is not a multiple of a vector unit, strided blocks, exact 64-bit integer extremes, and the
AVX2 copies agreeing bit for bit with the baseline."""

import os
import subprocess
import sys

import cases
import numpy as np
import pytest
from numpy.testing import assert_array_equal
from test_reduce import check_against_reference

import mypkg

NAMES = ("nansum", "ss", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin",
         "nanargmax", "anynan", "allnan")
EXTREMES = ("nanmin", "nanmax", "nanargmin", "nanargmax")
VALUES = [(np.float64, "nan"), (np.float64, "inf"), (np.float64, "ties"), (np.float32, "nan"),
          (np.float32, "ties"), (np.int64, "extremes"), (np.int32, "extremes"),
          (np.uint64, "extremes")]
# SSE2 steps are 128 bytes, AVX2 steps 256 (16/32 float64, 32/64 float32 elements), units 32
# bytes; lengths up to 140 cover a step, leftover units and a scalar tail in either copy.
LENGTHS = list(range(1, 141)) + [255, 256, 257, 1000]


@pytest.mark.parametrize("dtype, pattern", VALUES, ids=map(str, VALUES))
@pytest.mark.parametrize("name", NAMES)
def test_contiguous_lane_every_length(name, dtype, pattern):
    a = cases.make_values(dtype, (1000,), pattern, seed=5)
    for n in LENGTHS:
        check_against_reference(name, a[:n], axis=0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint64])
@pytest.mark.parametrize("name", EXTREMES)
def test_extreme_at_every_position(name, dtype):
    """The extreme alone at each position, then tied with a later copy of itself: the first
    index wins, found by the vector search wherever it sits in a step."""
    n = 100
    best = 7 if name.endswith("max") else -7
    if np.dtype(dtype).kind == "u":
        best = 7 if name.endswith("max") else 0
    for i in range(n):
        a = np.full(n, 3, dtype)
        a[i] = best
        check_against_reference(name, a)
        a[(i * 7 + 11) % n] = best
        check_against_reference(name, a)


# (rows, lanes): lane counts around a vector unit (4 float64, 8 float32) and the driver's
# blocks of 128.
BLOCKS = [(5, 1), (5, 3), (9, 4), (9, 7), (9, 8), (9, 9), (17, 31), (17, 33), (3, 127),
          (3, 128), (3, 129), (40, 200)]


@pytest.mark.parametrize("layout", ["C", "strided"])
@pytest.mark.parametrize("dtype, pattern", VALUES, ids=map(str, VALUES))
@pytest.mark.parametrize("name", NAMES)
def test_block_of_neighbouring_lanes(name, dtype, pattern, layout):
    for rows, lanes in BLOCKS:
        a = cases.with_layout(cases.make_values(dtype, (rows, lanes), pattern, seed=rows), layout)
        check_against_reference(name, a, axis=0)


def test_int64_and_uint64_extremes_are_exact():
    """Neighbours of 2**62 and 2**64 - 1 that a detour through double would merge."""
    i = np.array([2**62 + 1, 2**62, 2**62 + 3, 2**62 + 2] * 9, np.int64)
    assert mypkg.nanmin(i) == 2**62 and mypkg.nanmax(i) == 2**62 + 3
    assert mypkg.nanargmin(i) == 1 and mypkg.nanargmax(i) == 2
    u = np.array([2**64 - 2, 2**64 - 1, 2**64 - 3] * 11, np.uint64)
    assert mypkg.nanmin(u) == 2**64 - 3 and mypkg.nanmax(u) == 2**64 - 1
    assert mypkg.nanargmin(u) == 2 and mypkg.nanargmax(u) == 1
    assert_array_equal(mypkg.nanmax(u.reshape(3, 11, order="F"), axis=1),
                       np.array([2**64 - 2, 2**64 - 1, 2**64 - 3], np.uint64))


_COMPARE = """
import sys, numpy as np, mypkg
rng = np.random.default_rng(1)
for dtype in (np.float64, np.float32, np.int64, np.int32, np.uint64):
    for shape, axis in (((1003,), 0), ((37, 45), 0), ((37, 45), 1)):
        a = (rng.standard_normal(shape) * 100).astype(dtype)
        if a.dtype.kind == "f":
            a[rng.random(shape) < 0.2] = np.nan
        for name in %r:
            sys.stdout.write(repr(getattr(mypkg, name)(a, axis=axis).tobytes()) + "\\n")
"""


def test_baseline_and_avx2_copies_agree():
    """The same results, bit for bit, with MYPKG_CPU_FEATURES=baseline (the SSE2 copies; a
    no-op where the library has no such switch or the CPU no AVX2)."""
    library = mypkg.library_info()["path"]
    outputs = []
    for features in ("", "baseline"):
        env = dict(os.environ, MYPKG_CPU_FEATURES=features, MYPKG_LIBRARY=str(library),
                   PYTHONPATH=os.path.dirname(os.path.dirname(mypkg.__file__)))
        run = subprocess.run([sys.executable, "-c", _COMPARE % (EXTREMES,)], env=env,
                             capture_output=True, text=True, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
