"""Compensated float sums (issue 16, item 3): nansum, nanmean, nanvar's mean and ss add every
term with TwoSum, so their error stays within a few ulps of sum|x| on every layout (contiguous,
strided and the row-by-row block paths), at least as accurate as NumPy's pairwise sum."""

import math

import numpy as np
import pytest

import mypkg

EPS = np.finfo(np.float64).eps

# name -> how a lane of the array is presented to the kernel: x (1-D) -> (array, axis)
LAYOUTS = {
    "contiguous": lambda x: (x, None),
    "strided": lambda x: (np.repeat(x, 2)[::2], None),
    "reversed": lambda x: (x[::-1].copy()[::-1], None),
    "rows": lambda x: (np.tile(x[:, None], (1, 9)), 0),  # neighbouring lanes, read row by row
    "rows_strided": lambda x: (np.tile(x[:, None], (1, 9))[:, ::2], 0),
    "lanes": lambda x: (np.tile(x[None, :], (3, 1)), 1),
}


def _sum_of(x, layout):
    a, axis = LAYOUTS[layout](x)
    r = mypkg.nansum(a, axis=axis)
    return float(np.ravel(r)[0])


def _cancelling(rng, n):
    """Terms over 30 decades whose sum cancels to a tiny fraction of sum|x|."""
    x = rng.standard_normal(n) * 10.0 ** rng.integers(0, 30, n)
    x = np.concatenate([x, -x * (1 + 1e-9 * rng.standard_normal(n))])
    rng.shuffle(x)
    return x


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nansum_of_cancelling_tile_is_exact(layout):
    x = np.tile([1e16, 1.0, -1e16], 1000)
    assert _sum_of(x, layout) == 1000.0
    with_nan = np.insert(x, np.arange(0, x.size, 7), np.nan)
    assert _sum_of(with_nan, layout) == 1000.0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nansum_beats_pairwise_on_generated_cancellation(layout):
    rng = np.random.default_rng(16)
    for _ in range(60):
        x = _cancelling(rng, int(rng.integers(1, 1500)))
        exact = math.fsum(x)
        err = abs(_sum_of(x, layout) - exact)
        assert err <= abs(float(np.sum(x)) - exact), (x.size, err)
        assert err <= 4 * EPS * float(np.sum(np.abs(x))), (x.size, err)


def test_nanmean_and_nanvar_use_the_compensated_sum():
    x = np.tile([1e16, 3.0, -1e16], 1000)
    assert mypkg.nanmean(x) == 1.0
    assert mypkg.nanmean(x.reshape(-1, 1), axis=0)[0] == 1.0
    # the mean of 1e16, -1e16 and 1e16 + 2 is (1e16 + 2) / 3 only if the 2 survives the sum
    y = np.array([1e16, -1e16, 1e16 + 2, np.nan])
    assert mypkg.nanmean(y) == (1e16 + 2) / 3
    assert mypkg.nanvar(np.array([1e8, 1.0, -1e8, 1.0]), ddof=0) == pytest.approx(
        np.var(np.array([1e8, 1.0, -1e8, 1.0], dtype=np.longdouble)), rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_ss_keeps_small_squares_next_to_a_large_one(dtype):
    x = np.ones(3001, dtype)
    x[0] = 2.0**27 if dtype == np.float64 else 2.0**12
    expected = float(x[0]) ** 2 + 3000
    assert float(mypkg.ss(x)) == np.float64(expected).astype(dtype)
    assert float(mypkg.ss(x.reshape(-1, 1), axis=0)[0]) == np.float64(expected).astype(dtype)


def test_non_finite_terms_still_win():
    assert mypkg.nansum(np.array([np.inf, 1.0, 2.0] * 5)) == np.inf
    assert np.isnan(mypkg.nansum(np.array([np.inf, -np.inf] * 5)))
    assert mypkg.nansum(np.full(9, 1e308)) == np.inf
    assert np.isnan(mypkg.ss(np.array([1.0, np.nan] * 9)))
    assert mypkg.nansum(np.array([np.nan] * 9)) == 0.0
