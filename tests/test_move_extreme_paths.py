"""move_min, move_max, move_argmin, move_argmax along every path of csrc/move_extreme.c:
groups of consecutive blocks of a lane (fast axis) with their first, short and leftover
blocks; tiles of neighbouring lanes (slow axis), contiguous or not, several tiles per call;
and the lane-by-lane fallback for windows whose tile table would be too large."""

import cases
import numpy as np
import pytest
import reference_move as ref
from numpy.testing import assert_array_equal
from test_move import check

import mypkg

NAMES = ("move_min", "move_max", "move_argmin", "move_argmax")
nan, inf = np.nan, np.inf

VALUES = [(np.float64, "nan"), (np.float64, "inf"), (np.float64, "ties"), (np.float32, "nan"),
          (np.int64, "extremes"), (np.int32, "random"), (np.uint64, "extremes")]


def min_count_for(window, index):
    return (None, 1, (window + 1) // 2)[index % 3]


@pytest.mark.parametrize("dtype, pattern", VALUES, ids=map(str, VALUES))
@pytest.mark.parametrize("name", NAMES)
def test_fast_axis_every_window(name, dtype, pattern):
    """Every window of a 61-long lane: lanes of one block, of a block and a short one, and of
    every count of leftover full blocks after the groups of consecutive blocks."""
    a = cases.make_values(dtype, (61,), pattern, seed=3)
    for window in range(1, 62):
        check(name, a, window=window, min_count=min_count_for(window, window), axis=0)


# (shape, layout, axis): lanes along a slow axis. 13 lanes: a tile of eight neighbours and a
# partial one; 136: more lanes than the driver hands over at once; strided/reversed: the
# neighbours are not adjacent in memory.
SLOW_AXIS = [((23, 13), "C", 0), ((17, 136), "C", 0), ((13, 23), "F", 1),
             ((23, 13), "strided", 0), ((23, 5), "reversed", 0)]


@pytest.mark.slow
@pytest.mark.parametrize("shape, layout, axis", SLOW_AXIS, ids=map(str, SLOW_AXIS))
@pytest.mark.parametrize("dtype, pattern", VALUES, ids=map(str, VALUES))
@pytest.mark.parametrize("name", NAMES)
def test_slow_axis_matches_reference(name, dtype, pattern, shape, layout, axis):
    a = cases.with_layout(cases.make_values(dtype, shape, pattern, seed=7), layout)
    n = shape[axis]
    # one block, one and a short one, several blocks with and without a short last one
    for index, window in enumerate(sorted({1, 2, 5, 8, n // 2, n // 2 + 1, n - 1, n})):
        check(name, a, window=window, min_count=min_count_for(window, index), axis=axis)


def window_result(name, lane, i, window, min_count):
    """The output at position i of a 1-D float64 lane, straight from its window."""
    values = lane[max(0, i - window + 1): i + 1]
    real = ~np.isnan(values)
    if real.sum() < (window if min_count is None else min_count):
        return nan
    best = values[real].max() if name.endswith("max") else values[real].min()
    if name in ("move_min", "move_max"):
        return best
    offsets = np.arange(values.size)[::-1]
    return float(offsets[real & (values == best)].min())


def assert_paths_agree(name, a, window, min_count, positions):
    """Along axis 0 of C-ordered `a` (tiles of neighbouring lanes) the result equals the one
    along axis 1 of its transposed copy (lane by lane), and the window's own values at
    `positions` of every lane."""
    got = getattr(mypkg, name)(a, window, min_count, axis=0)
    lanes = np.ascontiguousarray(a.T)
    assert_array_equal(got, getattr(mypkg, name)(lanes, window, min_count, axis=1).T)
    for j, lane in enumerate(lanes.astype(np.float64)):
        for i in positions:
            expected = window_result(name, lane, i, window, min_count)
            assert_array_equal(got[i, j], expected, err_msg=f"{name} lane {j} position {i}")


@pytest.mark.parametrize("name", NAMES)
def test_slow_axis_tiles(name):
    """Windows long enough that lanes are cut into several tiles (the last one partial)."""
    a = cases.make_values(np.float64, (2100, 30), "inf", seed=11)
    positions = [0, 1, 998, 999, 1000, 1999, 2000, 2099]
    for window, min_count in ((20, None), (700, 1), (1000, 600), (2100, 1)):
        assert_paths_agree(name, a, window, min_count, positions)


@pytest.mark.parametrize("window", [50000, 65537])
@pytest.mark.parametrize("name", NAMES)
def test_window_too_long_for_tiles(name, window):
    """Windows whose tile table would pass the size cap: lane by lane instead (at 50000 only
    for the arg kinds, whose table rows are wider)."""
    a = cases.make_values(np.float64, (window + 3, 3), "nan", seed=13)
    a[window - 5: window + 1, 1] = inf if name.endswith("min") else -inf
    positions = [0, 1, 2, window - 2, window - 1, window, window + 1, window + 2]
    assert_paths_agree(name, a, window, 1, positions)
    assert_paths_agree(name, a, window, None, positions)


SLOW_AXIS_EDGES = [
    # a real +inf beats NaN in the suffix as in the prefix, and ties go to the newest
    ("move_argmin", [[inf, 1], [nan, 1], [inf, 1], [nan, 2], [nan, 1]], 3,
     [[0, 0], [1, 0], [0, 0], [1, 1], [2, 0]]),
    ("move_argmax", [[-inf, 0.0], [nan, -0.0], [nan, 0.0], [-inf, -1], [nan, -0.0]], 2,
     [[0, 0], [1, 0], [nan, 0], [0, 1], [1, 0]]),
    ("move_min", [[inf, nan], [nan, nan], [nan, -inf], [inf, nan]], 2,
     [[inf, nan], [inf, nan], [nan, -inf], [inf, -inf]]),
]


@pytest.mark.parametrize("name, values, window, expected", SLOW_AXIS_EDGES,
                         ids=[c[0] for c in SLOW_AXIS_EDGES])
def test_slow_axis_edge_cases(name, values, window, expected):
    """min_count=1 along axis 0, for 2 lanes and for 2 lanes repeated into full tiles."""
    a = np.array(values, np.float64)
    expected = np.array(expected, np.float64)
    got = getattr(mypkg, name)(a, window, 1, axis=0)
    assert_array_equal(got, expected)
    assert_array_equal(getattr(mypkg, name)(np.tile(a, 9), window, 1, axis=0),
                       np.tile(expected, 9))
    assert_array_equal(got, getattr(ref, "slow_" + name)(a, window, 1, axis=0))
