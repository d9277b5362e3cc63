"""move_median, move_quantile and move_rank against reference_move.py on inputs aimed at the
order-statistic kernel's internal paths (csrc/move_order.c), which the generated matrix in
test_move.py reaches only by chance: blocks sorted in one counting run or in several merged
runs, window bitmaps of one or many words (with and without the word tree, and walks long
enough to fall back on it), segments skipped because no window reaches min_count, and the
block-of-lanes rank for when only the last positions count."""

import numpy as np
import pytest
import reference_move as ref
from numpy.testing import assert_array_equal
from test_reduce import call

import mypkg

NAMES = ("move_median", "move_quantile", "move_rank")
QS = (0.0, 0.25, 1 / 3, 0.5, 0.9, 1.0)


def check(name, a, window, min_count, axis=-1, q=0.25):
    kwargs = {"window": window, "min_count": min_count, "axis": axis}
    if name == "move_quantile":
        kwargs["q"] = q
    expected = getattr(ref, "slow_" + name)(a, **kwargs)
    got = call(getattr(mypkg, name), a, **kwargs)
    assert got.dtype == expected.dtype
    # quantile interpolates: allow its last-bit rounding; the others pick or count values
    if name == "move_quantile":
        np.testing.assert_allclose(got, expected, rtol=1e-6 if a.dtype == np.float32 else 1e-12,
                                   atol=0, equal_nan=True, err_msg=f"{name} {kwargs}")
    else:
        assert_array_equal(got, expected, err_msg=f"{name} {kwargs}")


def values(pattern, n, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    if pattern == "random":
        a = rng.standard_normal(n)
    elif pattern == "ties":  # few distinct values: long runs of equal sorted values
        a = rng.integers(-2, 3, n).astype(np.float64)
    elif pattern == "sorted":
        a = np.arange(n, dtype=np.float64)
    elif pattern == "reversed":
        a = -np.arange(n, dtype=np.float64)
    elif pattern == "inf":
        a = rng.standard_normal(n)
        a[rng.random(n) < 0.2] = np.inf
        a[rng.random(n) < 0.2] = -np.inf
    elif pattern == "nan bursts":  # windows full of NaN between stretches of values
        a = rng.standard_normal(n)
        for start in range(0, n, 97):
            a[start:start + rng.integers(0, 60)] = np.nan
    elif pattern == "sparse nan":
        a = rng.standard_normal(n)
        a[rng.random(n) < 0.05] = np.nan
    elif pattern == "levels":  # the window's middle sorted values far apart between blocks
        a = np.where(np.arange(n) // 37 % 2 == 0, 0.0, 20.0) + rng.random(n) * 1e-3
        for start in range(0, n, 2400):
            a[start + 1200:start + 2400] = 10.0 + rng.random(a[start + 1200:start + 2400].size)
    else:
        raise ValueError(pattern)
    return a.astype(dtype)


# windows around the one-run counting sort (<= 32 values), the 64-bit words of the bitmap,
# the 8-word limit of rank's walk and the 32-word limit of the order statistics' walk
WINDOWS = (1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 256, 257, 300)


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["random", "ties", "inf", "nan bursts", "sorted"])
@pytest.mark.parametrize("name", NAMES)
def test_windows_around_internal_sizes(name, pattern):
    a = values(pattern, 700, seed=len(pattern))
    for i, window in enumerate(WINDOWS):
        for min_count in (None, 1, max(1, window - 3)):
            check(name, a, window, min_count, q=QS[i % len(QS)])


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["random", "levels", "ties", "sparse nan", "reversed"])
@pytest.mark.parametrize("name", NAMES)
def test_large_windows_use_the_word_tree(name, pattern):
    """Windows of 1030 and 1200 values: bitmaps of 33 and more words, where the order
    statistics keep the word tree; 'levels' makes single walks span many words."""
    a = values(pattern, 3700, seed=3)
    for window, min_count, q in ((1030, 1, 0.25), (1200, 700, 1.0)):
        check(name, a, window, min_count, q=q)


@pytest.mark.slow
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", NAMES)
def test_segments_without_enough_values_are_skipped(name, dtype):
    """min_count = window with NaN in most windows: most segments are skipped, and the first
    one computed after a skipped one sorts the block before it late."""
    a = values("sparse nan", 4000, dtype, seed=5)
    for window in (20, 21, 50, 200):
        check(name, a, window, None)
        check(name, a, window, window - 1)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint64])
@pytest.mark.parametrize("name", NAMES)
def test_integers_with_ties_after_conversion(name, dtype):
    """Integers beyond 2**53 that are distinct but equal as float64 sort as ties."""
    rng = np.random.default_rng(7)
    base = 2**62 if dtype == np.int64 or dtype == np.uint64 else 0
    a = (base + rng.integers(0, 5, 700)).astype(dtype)
    for window in (5, 20, 33, 150):
        check(name, a, window, 1, q=0.3)


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["random", "ties", "sparse nan", "inf"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_rank_of_last_positions_in_blocks_of_lanes(dtype, pattern):
    """Along axis 0 of a C-ordered array, when only the last rows reach min_count, move_rank
    handles up to 128 neighbouring lanes at once (300 lanes: blocks of 128, 128 and 44)."""
    a = values(pattern, 50 * 300, seed=11)
    if np.dtype(dtype).kind == "i":
        a = np.nan_to_num(a * 3, posinf=9, neginf=-9).round()
    a = a.astype(dtype).reshape(50, 300)
    for window, min_count in ((50, None), (50, 48), (45, 45), (40, 1)):
        check("move_rank", a, window, min_count, axis=0)
        check("move_rank", a[:, ::-3], window, min_count, axis=0)
