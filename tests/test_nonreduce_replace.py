"""replace writes only the elements that match (issue 16, item 5): a memory-mapped file where
nothing matches keeps its mtime, and another thread's writes to other elements survive."""

import os
import threading
import time

import numpy as np
import pytest

import mypkg


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint64])
@pytest.mark.parametrize("old", [7, np.nan])
def test_memmap_untouched_when_nothing_matches(tmp_path, dtype, old):
    if np.isnan(old) and np.dtype(dtype).kind != "f":
        pytest.skip("NaN only exists in floats")
    path = tmp_path / "data.bin"
    np.arange(100_003, dtype=dtype).tofile(path)  # holds no NaN; 7 is present
    past = time.time_ns() - 10**10
    os.utime(path, ns=(past, past))
    m = np.memmap(path, dtype=dtype, mode="r+")
    mypkg.replace(m, -5 if not np.isnan(old) else old, 1)  # nothing matches
    mypkg.replace(m[::3], -5 if not np.isnan(old) else old, 1)
    m.flush()
    del m
    assert os.stat(path).st_mtime_ns == past


def test_memmap_only_matches_written(tmp_path):
    path = tmp_path / "data.bin"
    a = np.arange(10_000, dtype=np.float64) % 97
    a.tofile(path)
    m = np.memmap(path, dtype=np.float64, mode="r+")
    mypkg.replace(m, 5.0, -1.0)
    m.flush()
    expected = a.copy()
    expected[expected == 5.0] = -1.0
    np.testing.assert_array_equal(np.fromfile(path), expected)


def test_concurrent_replace_of_other_values_is_not_undone():
    """Two threads replace different values in one array at once (the kernels run without the
    GIL). One counts every number up, 1 -> 2 -> ... -> K + 1, a pass per step; the other
    replaces NaN, which sits elsewhere. A replace that stored whole vectors would write back a
    stale count now and then, and that element would be left behind for good."""
    n, passes = 1 << 18, 300
    a = np.ones(n)
    nan_at = np.arange(0, n, 1000)
    a[nan_at] = np.nan
    counting = threading.Event()
    counting.set()

    def nan_replacer():
        while counting.is_set():
            mypkg.replace(a, np.nan, np.nan)  # matches only the NaN, rewrites them unchanged

    t = threading.Thread(target=nan_replacer)
    t.start()
    try:
        for k in range(1, passes + 1):
            mypkg.replace(a, float(k), float(k + 1))
    finally:
        counting.clear()
        t.join()
    numbers = np.delete(a, nan_at)
    assert np.all(numbers == passes + 1), np.unique(numbers)
