"""The code paths of move_sum/mean/var/std (csrc/move_moments.c; its 2-wide and, with AVX2,
4-wide kernels) that the generated matrix in test_move.py reaches only by chance: lanes of
exactly one window, lanes split into sequences of any length, and blocks of neighbouring lanes
along a slow axis (several tiles, lane counts not a multiple of the width, non-adjacent lanes,
blocks starting with NaN or inf, large offsets)."""

import numpy as np
import pytest
import reference_move as ref
from numpy.testing import assert_allclose

import mypkg

NAMES = ("move_sum", "move_mean", "move_var", "move_std")


def check(name, a, window, min_count=None, axis=-1, ddof=None):
    kwargs = {"min_count": min_count, "axis": axis}
    if ddof is not None:
        kwargs["ddof"] = ddof
    got = getattr(mypkg, name)(a, window, **kwargs)
    want = getattr(ref, "slow_" + name)(a, window, **kwargs)
    rtol = 1e-5 if a.dtype == np.float32 else 1e-10
    scale = np.abs(a[np.isfinite(a)]).max(initial=1.0).astype(np.float64)
    atol = rtol * window * scale ** (2 if name == "move_var" else 1)
    assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=atol,
                    equal_nan=True, err_msg=f"{name} window={window} {kwargs}")


def values(shape, dtype=np.float64, seed=0, nan=0.2, inf=0.02, offset=0.0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape) + offset
    a[rng.random(shape) < nan] = np.nan
    a[rng.random(shape) < inf / 2] = np.inf
    a[rng.random(shape) < inf / 2] = -np.inf
    return a.astype(dtype)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [1, 2, 5, 37])
def test_lane_of_one_window(name, n):
    a = values(n, seed=n, inf=0.0)
    check(name, a, n)
    for min_count in sorted({1, 2, (n + 1) // 2, n} & set(range(1, n + 1))):
        check(name, a, n, min_count=min_count)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_lane_split_in_two(name, dtype):
    """Every length from window + 1 (sequences of exactly one window) to several blocks; the
    larger windows take contiguous lanes through rows of four (transposed loads) and a
    remainder, with min_count below and above the first block's NaN rows."""
    for window in (1, 2, 3, 7, 13):
        for n in range(window + 1, 5 * window + 4):
            a = values(n, seed=n, dtype=np.float64)
            if dtype == np.int64:
                a = np.nan_to_num(a * 100, posinf=7, neginf=-7).astype(np.int64)
            else:
                a = a.astype(dtype)
            kwargs = {"ddof": n % 3} if name in ("move_var", "move_std") else {}
            check(name, a, window, min_count=max(1, window // 2), **kwargs)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("m", [2, 3, 5, 131, 260])
def test_block_of_lanes(name, m):
    """Axis 0 of C-ordered arrays: pairs of adjacent lanes, an odd last lane, several calls of
    the driver's blocks."""
    a = values((45, m), seed=m)
    for window in (1, 4, 9, 45):
        check(name, a, window, axis=0)
        check(name, a, window, min_count=1, axis=0)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_block_tiles_and_strided_lanes(name):
    """A window long enough that a block call takes its lanes in several tiles, and lanes that
    are not adjacent elements."""
    a = values((1500, 40), seed=3, nan=0.05)
    check(name, a, 600, min_count=300, axis=0)
    check(name, a[:, ::3], 700, min_count=1, axis=0)
    check(name, a[::-1, 1::2].astype(np.float32), 650, axis=0)


@pytest.mark.slow
@pytest.mark.parametrize("name", ("move_var", "move_std"))
@pytest.mark.parametrize("axis", [0, 1])
def test_blocks_starting_with_nan_keep_large_offsets(name, axis):
    """Values near 1e9 with unit noise where many blocks start with NaN (their suffix sums are
    shifted by another value and re-expressed): no cancellation, along lanes and blocks."""
    a = values((150, 150), seed=5, nan=0.3, inf=0.0, offset=1e9)
    a[::7] = np.nan
    for window in (7, 20):
        got = getattr(mypkg, name)(a, window, min_count=2, axis=axis)
        want = getattr(ref, "slow_" + name)(a, window, min_count=2, axis=axis)
        assert_allclose(got, want, rtol=1e-6, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_two_wide_copy(name, dtype):
    """The 2-wide kernels (the only ones on a CPU without AVX2) serve lanes shorter than two
    windows and blocks of two or three lanes: here through several blocks each, with NaN and
    inf, and strided outputs."""
    for window in (3, 8, 50):
        n = 2 * window - 1
        a = values((4, n), seed=window, dtype=dtype)
        check(name, a, window, axis=1)
        check(name, a[:, ::-1], window, min_count=1, axis=1)
        b = values((5 * window + 2, 3), seed=window + 1, dtype=dtype)
        check(name, b, window, axis=0)
        check(name, b[:, :2], window, min_count=1, axis=0)
        check(name, b[::2, ::2], window, min_count=2, axis=0)
