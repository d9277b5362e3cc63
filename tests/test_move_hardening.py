"""Issue 16 items 1, 2, 3 (moving sums) and 7: huge ddof, large finite values, compensated
moving sums, and moving-window memory that does not grow with the window."""

import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import mypkg
from tests import reference_move as ref

MOMENTS = ["move_sum", "move_mean", "move_var", "move_std"]
# below and from the window where the running sums take over (move_moments.c RUN_WINDOW)
WINDOWS = [3, 700, 1024, 1500]


@pytest.mark.parametrize("name", ["move_var", "move_std"])
@pytest.mark.parametrize("ddof", [3, 4, 2**31, 2**62, 2**63 - 1])
@pytest.mark.parametrize("min_count", [1, 2, None])
def test_huge_ddof_is_nan_without_overflow(name, ddof, min_count):
    got = getattr(mypkg, name)(np.arange(10.0), 3, min_count=min_count, ddof=ddof)
    assert np.isnan(got).all()


@pytest.mark.parametrize("name", ["move_var", "move_std"])
@pytest.mark.parametrize("window", WINDOWS)
def test_ddof_up_to_the_window_matches_reference(name, window):
    a = np.random.default_rng(window).standard_normal(window + 500)
    for ddof in (window - 1, window):
        got = getattr(mypkg, name)(a, window, min_count=1, ddof=ddof)
        want = getattr(ref, "slow_" + name)(a, window, min_count=1, ddof=ddof)
        np.testing.assert_allclose(got, want, rtol=1e-9, equal_nan=True)


def test_large_values_issue_reproducers():
    assert mypkg.move_std(np.array([1e154, -1e154]), 2)[1] == 1e154
    got = mypkg.move_std(np.array([1e154, 0, 0, 0.0]), 3, min_count=1)
    want = ref.slow_move_std(np.array([1.0, 0, 0, 0]), 3, min_count=1) * 1e154
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("name", MOMENTS)
@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("scale", [1e154, 1e300, 1.7e308])
def test_large_finite_values_never_nan(name, window, axis, scale):
    if scale > 1e300 and name in ("move_sum", "move_mean") and window < 1024:
        pytest.skip("the van Herk sums of small windows still overflow to NaN (issue 16 item 2 "
                    "covers var and std)")
    rng = np.random.default_rng(window)
    a = rng.uniform(-1, 1, (window + 40, 3)) * scale
    a = a if axis == 0 else np.ascontiguousarray(a.T)
    with np.errstate(over="ignore"):
        got = getattr(mypkg, name)(a, window, axis=axis, min_count=1)
        # the same statistic of the values divided by 2^k, scaled back (inf where it overflows)
        small = getattr(ref, "slow_" + name)(a / 2.0**600, window, axis=axis, min_count=1)
        want = small * 2.0**600
        want = want * 2.0**600 if name == "move_var" else want
    assert not np.isnan(got).any()
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-9)
    np.testing.assert_array_equal(got[~finite], want[~finite])


def test_huge_values_do_not_spoil_the_other_windows():
    a = np.random.default_rng(2).standard_normal(3000)
    a[100] = 1e300
    for name in MOMENTS:
        got = getattr(mypkg, name)(a, 1024, min_count=2)[1124:]
        want = getattr(ref, "slow_" + name)(a[101:], 1024, min_count=2)[1023:]
        np.testing.assert_allclose(got, want, rtol=1e-9)


@pytest.mark.parametrize("window", [1024, 1500, 3000])
def test_large_window_sums_are_compensated(window):
    a = np.tile([1e16, 1.0, -1e16], 1000)
    for name in ("move_sum", "move_mean"):
        got = getattr(mypkg, name)(a, window, min_count=1)
        for i in range(0, a.size, 97):
            vals = a[max(0, i - window + 1): i + 1]
            exact = math.fsum(vals) / (vals.size if name == "move_mean" else 1)
            assert got[i] == exact


@pytest.mark.parametrize("window", [1024, 1500])
def test_large_window_no_drift_and_exact_inf_counts(window):
    rng = np.random.default_rng(5)
    a = rng.standard_normal(6_000)
    a[100] = 1e12  # a spike: its square is 1e24 times the others
    a[2000] = np.inf
    a[4000] = -np.inf
    a[rng.random(a.size) < 0.05] = np.nan
    for name in MOMENTS:
        got = getattr(mypkg, name)(a, window, min_count=2)
        want = getattr(ref, "slow_" + name)(a, window, min_count=2)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True)


def _peak_rss_delta(code):
    """Peak RSS growth (bytes) of `code` run in a fresh interpreter after its setup."""
    script = textwrap.dedent(f"""
        import resource, numpy as np, mypkg
        x = np.ones(2_000_000); out = np.empty_like(x); out[:] = 0
        mypkg.move_sum(x[:2000], 1000, out=out[:2000])
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        {code}
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return int(done.stdout.split()[-1])


@pytest.mark.parametrize("name", MOMENTS)
def test_large_window_memory_does_not_grow_with_the_window(name):
    # main needed ~192 bytes per window element here (190 MB); out= is preallocated
    grown = _peak_rss_delta(f"mypkg.{name}(x, 1_000_000, out=out)")
    assert grown < 8 * 2**20


@pytest.mark.slow
def test_window_above_2_to_the_29():
    n = 2**29 + 2
    a = np.broadcast_to(np.float32(1.0), (n,))
    got = mypkg.move_sum(a, 2**29 + 1)
    assert np.isnan(got[: 2**29]).all()
    assert got[-2:].tolist() == [float(np.float32(2.0**29 + 1))] * 2  # float32 rounds it
