"""mypkg.bottleneck: bottleneck's namespace and signatures, bottleneck's results (checked against
the real bottleneck where it is installed), and install_as_bottleneck."""

import inspect
import subprocess
import sys
import warnings

import numpy as np
import pytest

import mypkg
from mypkg import bottleneck as mbn

bn = pytest.importorskip("bottleneck")

FUNCTIONS = mbn.get_functions("all", as_string=True)


def test_namespace_matches_bottleneck():
    assert mbn.__version__ == "1.6.0"
    assert FUNCTIONS == bn.get_functions("all", as_string=True)
    for group in ("reduce", "move", "nonreduce", "nonreduce_axis"):
        assert mbn.get_functions(group, as_string=True) == bn.get_functions(group, True)
        assert mbn.get_functions(group) == [getattr(mbn, n) for n in bn.get_functions(group, True)]
        assert sorted(vars(getattr(mbn, group))) == sorted(bn.get_functions(group, True))
    assert sorted(vars(mbn.slow)) == sorted(FUNCTIONS)
    with pytest.raises(ValueError, match="module_name"):
        mbn.get_functions("nope")


@pytest.mark.parametrize("name", FUNCTIONS)
def test_signatures_take_bottleneck_arguments_in_order(name):
    """Every positional-or-keyword parameter of bottleneck's (from its docstring's first line)
    is accepted at the same position with the same default."""
    first_line = getattr(bn, name).__doc__.strip().splitlines()[0]
    expected = [p.strip() for p in first_line[first_line.index("(") + 1:-1].split(",")]
    params = list(inspect.signature(getattr(mbn, name)).parameters.values())
    for param, spec in zip(params, expected, strict=False):
        pname, _, default = spec.partition("=")
        assert param.name == pname
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        if default:
            assert repr(param.default) == default
    assert len(params) >= len(expected)


def cases():
    rng = np.random.default_rng(11)
    for dtype in ("float64", "float32", "int64", "int32", "complex128", "object"):
        for shape in ((9,), (4, 6), (2, 3, 5)):
            a = rng.integers(-4, 5, shape).astype(float)
            if dtype in ("float64", "float32", "complex128", "object"):
                a[rng.random(shape) < 0.25] = np.nan
            yield f"{dtype}-{shape}", a.astype(dtype)


ARGS = {"move": (3,), "partition": (2,), "argpartition": (2,)}


def run(func, name, a, axis):
    args = ARGS["move" if name.startswith("move_") else name] if (
        name.startswith("move_") or name in ARGS) else ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy's nan-function warnings, bottleneck's casts
        if name == "replace":
            b = a.copy()
            func(b, b.flat[0], 7)
            return b
        return func(a, *args, axis)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_results_equal_bottlenecks(name):
    """Same values as the real bottleneck on floats, integers, complex and object arrays
    (the listed differences aside: int32 sums widen, complex push keeps the imaginary part)."""
    compared = 0
    for case, a in cases():
        axes = [None] if name == "replace" else list(range(a.ndim)) + (
            [] if name.startswith("move_") or name in ("push", "partition", "argpartition")
            else [None])
        for axis in axes:
            expected = got = None
            if name in ("partition", "argpartition"):
                if a.dtype == object:
                    continue
                a = np.nan_to_num(a, nan=99)  # bottleneck's partition is undefined with NaN
            try:
                expected = run(getattr(bn, name), name, a, axis)
            except (TypeError, ValueError, ZeroDivisionError) as exc:  # NumPy's object path
                expected = exc
            try:
                got = run(getattr(mbn, name), name, a, axis)
            except (TypeError, ValueError) as exc:
                got = exc
            if isinstance(expected, Exception):
                continue  # ours may compute what bottleneck's NumPy path cannot
            assert not isinstance(got, Exception), (case, axis, got)
            if (name == "push" and a.dtype == complex) or (name == "median" and a.dtype == object):
                continue  # bottleneck's NumPy path drops imaginary parts, misorders object NaN
            got, expected = np.asarray(got), np.asarray(expected)
            if name == "argpartition":
                lanes = a.reshape(-1) if axis is None else a
                got = np.take_along_axis(lanes, got, -1 if axis is None else axis)
                expected = np.take_along_axis(lanes, expected, -1 if axis is None else axis)
            if name in ("partition", "argpartition"):
                got, expected = (np.take(x, 2, axis=-1 if axis is None else axis)
                                 for x in (got, expected))
            assert got.shape == expected.shape, (case, axis)
            np.testing.assert_allclose(got.astype(complex), expected.astype(complex),
                                       rtol=1e-5, atol=1e-6, equal_nan=True,
                                       err_msg=f"{case} axis={axis}")
            compared += 1
    assert compared >= 12


def test_rankdata_ranks_nan_last_as_bottleneck():
    a = np.array([[np.nan, 2.0, 1.0, np.nan], [3.0, 3.0, np.nan, 0.0]])
    np.testing.assert_array_equal(mbn.rankdata(a, 1), [[3, 2, 1, 4], [2.5, 2.5, 4, 1]])
    np.testing.assert_array_equal(mbn.rankdata(a), bn.rankdata(a))
    np.testing.assert_array_equal(mbn.slow.rankdata(a, 0), bn.rankdata(a, 0))
    assert np.isnan(mypkg.rankdata(a, 1)).all()  # the main namespace keeps scipy's NaN rule


def test_rankdata_ranks_strings_as_bottleneck():
    """xarray's Variable.rank on strings calls bottleneck.rankdata."""
    words = np.array([["c", "b", "a"], ["a", "a", "b"]])
    for axis in (None, 0, 1):
        np.testing.assert_array_equal(mbn.rankdata(words, axis), bn.rankdata(words, axis))
    with pytest.raises(TypeError, match="nanrankdata"):
        mbn.nanrankdata(words)


def test_positional_push_as_xarray_calls_it():
    a = np.array([[1.0, np.nan, np.nan, np.nan], [np.nan, 2.0, np.nan, 5.0]])
    np.testing.assert_array_equal(mbn.push(a, 2, 1), bn.push(a, 2, 1))
    np.testing.assert_array_equal(mbn.push(a, None, 0), bn.push(a, None, 0))


def test_install_as_bottleneck_in_a_fresh_interpreter():
    code = """
import sys, warnings
import mypkg
warnings.simplefilter("error")
mypkg.install_as_bottleneck()
mypkg.install_as_bottleneck()  # a second call is harmless: no warning, same module
import bottleneck
assert bottleneck is mypkg.bottleneck and bottleneck.__version__ == "1.6.0"
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.stdout.strip() == "ok", result.stderr


def test_install_as_bottleneck_warns_if_the_real_one_was_imported():
    code = """
import bottleneck, sys, warnings
import mypkg
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mypkg.install_as_bottleneck()
assert sys.modules["bottleneck"] is mypkg.bottleneck
print([str(w.message) for w in caught])
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert "already imported" in result.stdout, result.stderr
