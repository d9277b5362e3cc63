"""The planner (mypkg._arrays.plan/execute) and the two reduction shortcuts in front of it.

Every reduction called through its public function either takes a shortcut (FullReduction for
every element of a C-contiguous array, reduce_axis for one int axis without out) or the
planner; the shortcuts must give exactly what the planner gives (same value bits, dtype, scalar
or array) and must decline whatever they cannot handle (byte-swapped, misaligned, unsupported
dtypes, keepdims over all axes). Then the planner's own decisions: direct writes into out,
merged axes without copies, quantile rows and in-place conversion.
"""

import cases
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mypkg
from mypkg import _arrays
from mypkg._kernels import KERNELS, NATIVE

# One per kind of output and per way a kernel may fail: a sum, a float result with a
# parameter, the input's dtype (raises on empty lanes), a position (ordered, partial), a bool,
# a selection on scratch memory.
FUNCTIONS = {"nansum": (), "nanvar": (1,), "nanmin": (), "nanargmax": (), "anynan": (),
             "median": ()}


def general(name, a, axis, keepdims, params):
    """The planner, whatever the input."""
    return _arrays.apply(KERNELS[name], name, a, axis, None, params, keepdims)


def public(name, a, axis, keepdims, params, planned):
    """The public function; appends to ``planned`` if it reached the planner (no shortcut)."""
    apply = _arrays.apply

    def spy(*args):
        planned.append(args)
        return apply(*args)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(_arrays, "apply", spy)
        kwargs = {"ddof": params[0]} if params else {}
        return getattr(mypkg, name)(a, axis, keepdims=keepdims, **kwargs)


def shortcut_applies(a, axis, keepdims):
    native = a.dtype in NATIVE and a.flags.aligned
    if axis is None:
        return native and not keepdims and a.flags.carray  # C-contiguous, aligned, writeable
    return native and type(axis) is int and -a.ndim <= axis < a.ndim


def outcome(func, *args):
    """The result of ``func(*args)``, or the type and message of what it raised."""
    try:
        return func(*args)
    except (ValueError, TypeError) as exc:
        return type(exc), str(exc)


def assert_identical(got, expected, what):
    assert type(got) is type(expected), what
    if isinstance(expected, tuple):  # an exception
        assert got == expected, what
        return
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.dtype == expected.dtype, what
    assert got.shape == expected.shape, what
    assert got.tobytes() == expected.tobytes(), (what, got, expected)


@pytest.mark.parametrize("case_id, a", cases.arrays(), ids=lambda x: x if isinstance(x, str)
                         else "")
def test_shortcuts_match_the_planner(case_id, a):
    for name, params in FUNCTIONS.items():
        for axis in cases.axes_for(a.ndim, tuples=False):
            for keepdims in (False, True):
                what = (case_id, name, axis, keepdims)
                planned = []
                expected = outcome(general, name, a, axis, keepdims, params)
                got = outcome(public, name, a, axis, keepdims, params, planned)
                assert bool(planned) != shortcut_applies(a, axis, keepdims), what
                assert_identical(got, expected, what)


def test_the_matrix_takes_every_path():
    """The matrix above runs both shortcuts and the planner on a byte-swapped, misaligned,
    0-d and empty input, so the comparison cannot pass vacuously."""
    arrays = dict(cases.arrays())
    assert any(a.ndim == 0 and shortcut_applies(a, None, False) for a in arrays.values())
    assert any(a.size == 0 and shortcut_applies(a, 0, False) for a in arrays.values())
    for layout in ("byteswapped", "misaligned"):
        views = [a for key, a in arrays.items() if key.endswith(layout)]
        assert views and not any(shortcut_applies(a, 0, False) for a in views)
    assert any(key.endswith("-F") and not shortcut_applies(a, None, False)
               and shortcut_applies(a, 1, False) for key, a in arrays.items())


@st.composite
def views(draw):
    """A random view of a random array: any dtype mypkg supports, any byte order, steps,
    reversals and axis permutations."""
    dtype = draw(st.sampled_from(cases.DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    a = cases.make_values(dtype, shape, "nan" if dtype.kind == "f" else "random",
                          seed=draw(st.integers(0, 2**32 - 1)))
    if draw(st.booleans()):
        a = a.astype(a.dtype.newbyteorder())
    steps = tuple(draw(st.sampled_from([1, 2, -1, -2])) for _ in shape)
    a = a[tuple(slice(None, None, s) for s in steps) + (Ellipsis,)]  # 0-d stays an array
    return a.transpose(draw(st.permutations(range(a.ndim))))


@settings(max_examples=300, deadline=None)
@given(a=views(), data=st.data())
def test_shortcuts_match_the_planner_on_random_views(a, data):
    name = data.draw(st.sampled_from(sorted(FUNCTIONS)))
    axis = data.draw(st.sampled_from(cases.axes_for(a.ndim, tuples=False)))
    keepdims = data.draw(st.booleans())
    params = FUNCTIONS[name]
    expected = outcome(general, name, a, axis, keepdims, params)
    planned = []
    got = outcome(public, name, a, axis, keepdims, params, planned)
    assert bool(planned) != shortcut_applies(a, axis, keepdims)
    assert_identical(got, expected, (name, axis, keepdims))


# ---------------------------------------------------------------------------- plan decisions


def test_aligned_out_of_the_kernel_dtype_is_written_directly():
    a = np.arange(12.0).reshape(3, 4)
    out = np.empty(3)
    p = _arrays.plan(KERNELS["nansum"], "nansum", a, 1, out)
    assert p.direct and np.shares_memory(p.res, out)
    assert _arrays.execute(p) is out
    np.testing.assert_array_equal(out, [6.0, 22.0, 38.0])


@pytest.mark.parametrize("why, out, a_slice", [
    ("another dtype", np.empty(3, np.float32), None),
    ("byte-swapped", np.empty(3, ">f8"), None),
    ("misaligned", np.ndarray((3,), np.float64, np.zeros(25, np.uint8), offset=1), None),
    ("overlaps the input", None, 0),
])
def test_out_that_is_not_safe_gets_a_temporary(why, out, a_slice):
    a = np.arange(12.0).reshape(4, 3)
    if out is None:
        out = a[a_slice]
    p = _arrays.plan(KERNELS["nanmax"], "nanmax", a, 0, out)
    assert not p.direct and not np.shares_memory(p.res, out), why
    assert _arrays.execute(p) is out
    np.testing.assert_array_equal(out, [9.0, 10.0, 11.0])


def test_a_kernel_that_may_fail_part_way_never_writes_out_directly():
    out = np.empty(3, np.intp)
    p = _arrays.plan(KERNELS["nanargmin"], "nanargmin", np.ones((3, 4)), 1, out)
    assert not p.direct


def test_reduced_axes_are_merged_without_a_copy_when_the_layout_allows():
    a = np.zeros((50, 6, 7))[:, ::-1, ::-1]  # axes 1 and 2 merge (reversed); 0 and 2 do not
    merged = _arrays.plan(KERNELS["nansum"], "nansum", a, (1, 2))
    assert np.shares_memory(merged.src, a)
    assert merged.shape == (50, 42) and merged.axis == 1
    copied = _arrays.plan(KERNELS["nansum"], "nansum", a, (0, 2))
    assert not np.shares_memory(copied.src, a)
    assert copied.shape == (6, 350) and copied.axis == 1


def test_an_ordered_reduction_merges_in_c_order_only():
    a = np.zeros((40, 60)).T  # memory order is the reverse of C order
    p = _arrays.plan(KERNELS["nanargmin"], "nanargmin", a, None)
    assert p.shape == (2400,) and p.strides == (8,) and not np.shares_memory(p.src, a)
    free = _arrays.plan(KERNELS["nanmin"], "nanmin", a, None)
    assert free.shape == (2400,) and np.shares_memory(free.src, a)


def test_quantile_rows_are_written_into_out():
    a = np.arange(20.0).reshape(4, 5)
    out = np.empty((2, 4))
    q = np.array([0.0, 1.0])
    p = _arrays.plan(KERNELS["quantile"], "quantile", a, 1, out, (q,))
    assert p.direct and p.args[1:] == (2, out.strides[0])
    _arrays.execute(p)
    np.testing.assert_array_equal(out, [[0.0, 5.0, 10.0, 15.0], [4.0, 9.0, 14.0, 19.0]])


@pytest.mark.parametrize("layout", ["C", "F", "strided", "reversed", "transposed",
                                    "byteswapped", "misaligned"])
def test_replace_in_place_or_through_a_written_back_copy(layout):
    a = cases.with_layout(np.arange(24.0).reshape(2, 3, 4) % 5, layout)
    p = _arrays.plan(KERNELS["replace"], "replace", a, None, a, (3.0, -1.0))
    converted = layout in ("byteswapped", "misaligned")
    assert (p.src is a) != converted and p.direct != converted
    expected = np.where(a == 3.0, -1.0, a)
    assert _arrays.execute(p) is a
    np.testing.assert_array_equal(a, expected)


# ---------------------------------------------------------------------------- the lane fast path

# One same-shape function per family with its parameters (after the axis): moving windows,
# ranks, partitions (kth from the lane length), fills.
LANE_FUNCTIONS = {
    "move_mean": lambda n: (min(2, n), 1),
    "move_std": lambda n: (min(3, n), 1, 1),
    "move_quantile": lambda n: (min(2, n), 1, 0.25),
    "rankdata": lambda n: (),
    "partition": lambda n: ((n // 2,),),
    "push": lambda n: (-1,),
}


def lane_shortcut_applies(name, a):
    return (a.dtype in NATIVE and a.flags.aligned and a.size > 0
            and _arrays._direct(KERNELS[name], a.dtype) is not None)


@pytest.mark.parametrize("case_id, a", [(k, a) for k, a in cases.arrays() if a.ndim],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_lane_shortcut_matches_the_planner(case_id, a):
    """run_lanes (the lean path of moving windows, ranks, partitions and fills) gives exactly
    what the planner gives, and declines what it cannot take."""
    for name, params in LANE_FUNCTIONS.items():
        for axis in range(a.ndim):
            if not a.shape[axis]:
                continue
            args = params(a.shape[axis])
            what = (case_id, name, axis)
            expected = outcome(_arrays.apply, KERNELS[name], name, a, axis, None, args)
            got = outcome(_arrays.run_lanes, KERNELS[name], name, a, axis, args)
            if not lane_shortcut_applies(name, a):
                assert got is None, what
                continue
            assert_identical(got, expected, what)


def test_the_lane_matrix_takes_both_paths():
    arrays = [a for _, a in cases.arrays() if a.ndim]
    for name in LANE_FUNCTIONS:
        assert any(lane_shortcut_applies(name, a) for a in arrays), name
        assert any(a.size and not lane_shortcut_applies(name, a) for a in arrays), name


def test_public_lane_functions_take_the_shortcut_only_without_out():
    a = np.arange(12.0).reshape(3, 4)
    planned = []
    apply = _arrays.apply
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_arrays, "apply", lambda *args: planned.append(args) or apply(*args))
        mypkg.move_mean(a, 2, axis=0)
        mypkg.rankdata(a, axis=1)
        mypkg.partition(a, 1, axis=0)
        mypkg.push(a, axis=0)
        assert planned == []
        out = np.empty_like(a)
        mypkg.move_mean(a, 2, axis=0, out=out)
        assert len(planned) == 1


@pytest.mark.parametrize("case_id, a", cases.arrays(), ids=lambda x: x if isinstance(x, str)
                         else "")
def test_quantile_shortcut_matches_the_planner(case_id, a):
    """quantile_lanes (one float q, no out, no keepdims) gives what the planner gives, or
    declines."""
    for name in ("quantile", "nanquantile"):
        spec = KERNELS[name]
        for axis in [None, *range(a.ndim)]:
            what = (case_id, name, axis)
            got = outcome(_arrays.quantile_lanes, spec, name, a, axis, 0.3)
            expected = outcome(_arrays.apply, spec, name, a, axis, None, (np.array(0.3),))
            applies = (a.dtype in NATIVE and a.size > 0 and a.flags.aligned
                       and (axis is not None or a.flags.c_contiguous))
            assert (got is None) != applies, what
            if applies:
                assert_identical(got, expected, what)
            assert_identical(getattr(mypkg, name)(a, 0.3, axis) if a.size else expected,
                             expected, what)
