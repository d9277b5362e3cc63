"""Zero-size input follows NumPy (issue 16, item 12): the same result shape and dtype, or the
same kind of error, for every reduction and same-shape function over every axis."""

import warnings

import numpy as np
import pytest

import mypkg

SHAPES = [(0,), (0, 0), (0, 3), (3, 0), (2, 0, 3)]

# mypkg function -> its NumPy twin (a callable taking (a, axis)).
REDUCTIONS = {
    "nansum": np.nansum,
    "nanmean": np.nanmean,
    "nanvar": np.nanvar,
    "nanstd": np.nanstd,
    "nanmin": np.nanmin,
    "nanmax": np.nanmax,
    "nanargmin": np.nanargmin,
    "nanargmax": np.nanargmax,
    "median": np.median,
    "nanmedian": np.nanmedian,
    "ss": lambda a, axis: np.sum(a * a, axis=axis),
    "anynan": lambda a, axis: np.isnan(a).any(axis=axis),
    "allnan": lambda a, axis: np.isnan(a).all(axis=axis),
}
SAME_SHAPE = {
    "partition": lambda a, axis: np.partition(a, 0, axis=axis),
    "argpartition": lambda a, axis: np.argpartition(a, 0, axis=axis),
    "rankdata": lambda a, axis: a.astype(np.float64),
    "nanrankdata": lambda a, axis: a.astype(np.float64),
    "push": lambda a, axis: a.copy(),
    "bfill": lambda a, axis: a.copy(),
}


def _outcome(f, a, axis):
    """The result's shape and dtype kind, or "ValueError"; NumPy's empty-mean warnings hushed."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            r = np.asarray(f(a, axis=axis))
        except ValueError:
            return "ValueError"
    return r.shape, r.dtype.kind


def _axes(shape, with_none):
    return ([None] if with_none else []) + list(range(len(shape)))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_of_zero_size_input_follows_numpy(name, shape):
    a = np.zeros(shape)
    for axis in _axes(shape, True):
        expected = _outcome(REDUCTIONS[name], a, axis=axis)
        got = _outcome(getattr(mypkg, name), a, axis=axis)
        assert got == expected, (name, shape, axis)


@pytest.mark.parametrize("name", ["nanmin", "nanmax", "nanargmin", "nanargmax"])
def test_no_identity_reduction_of_empty_axis_raises_even_for_empty_result(name):
    with pytest.raises(ValueError, match=name):
        getattr(mypkg, name)(np.zeros((0, 0)), axis=0)
    with pytest.raises(ValueError, match=name):
        getattr(mypkg, name)(np.zeros((0, 4), np.float32), axis=0, out=np.empty(4, np.float32)
                             if not name.startswith("nanarg") else np.empty(4, np.int64))
    assert getattr(mypkg, name)(np.zeros((0, 4)), axis=1).shape == (0,)


def test_no_identity_tuple_axis_of_empty_input():
    assert mypkg.nanmin(np.zeros((0, 3)), axis=(1,)).shape == (0,)
    assert mypkg.nanmax(np.zeros((0, 3)), axis=()).shape == (0, 3)
    with pytest.raises(ValueError):
        mypkg.nanmax(np.zeros((0, 3)), axis=(0, 1))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", SAME_SHAPE)
def test_same_shape_function_of_zero_size_input_follows_numpy(name, shape):
    a = np.zeros(shape)
    for axis in _axes(shape, False):
        expected = _outcome(SAME_SHAPE[name], a, axis=axis)
        if name in ("partition", "argpartition"):
            got = _outcome(lambda x, axis: getattr(mypkg, name)(x, 0, axis=axis), a, axis=axis)
        else:
            got = _outcome(getattr(mypkg, name), a, axis=axis)
        assert got == expected, (name, shape, axis)


@pytest.mark.parametrize("kth", [0, 5, -1, [0, 2]])
@pytest.mark.parametrize("name", ["partition", "argpartition"])
def test_partition_of_empty_axis_accepts_any_kth(name, kth):
    got = getattr(mypkg, name)(np.zeros((2, 0)), kth, axis=1)
    assert got.shape == (2, 0)
    with pytest.raises(TypeError):
        getattr(mypkg, name)(np.zeros(0), 1.5)
