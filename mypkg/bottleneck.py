"""bottleneck's public namespace (API 1.6.0) on mypkg's kernels, for code that imports
``bottleneck`` by name: call ``mypkg.install_as_bottleneck()`` before importing pandas or xarray.

Every function takes bottleneck's arguments in bottleneck's order (positionally too: xarray calls
``push(a, n, axis)``); mypkg's keyword-only extras (``out=``, ``keepdims=``) stay available. Input
of a dtype without a native kernel (complex, object, datetime64, timedelta64, long double) is
computed through NumPy, as bottleneck's own slow path does; ``slow`` holds those NumPy versions
for every function.

Where the results differ from bottleneck 1.6:

- ``rankdata`` ranks NaN after every number, each NaN its own rank (in the order NumPy's
  default argsort puts them), as bottleneck does; ``mypkg.rankdata`` gives NaN for a lane
  holding NaN, like scipy.
- int32 input: ``nansum`` and ``ss`` give int64 (NumPy's rule), where bottleneck keeps int32
  and wraps on overflow.
- float32 input is accumulated in float64 and sums are compensated: results can differ from
  bottleneck's float32 accumulation in the last bits (bottleneck's can be far off for long
  inputs).
- With ``axis=None`` the result is a NumPy scalar of the result dtype (``np.float32`` for
  float32 input), where bottleneck returns a Python float or int.
- ``push`` of complex input fills the whole complex value (bottleneck's slow path drops the
  imaginary part of filled values).
- ``anynan``, ``allnan``, ``push`` and ``replace`` find NaN in object arrays (bottleneck raises
  TypeError), and moving windows count NaT as missing.
- ``rankdata`` ranks strings (NumPy's sort order), as bottleneck does; the other functions
  reject them as the main namespace does.
- ``bench``, ``bench_detailed`` and ``test`` (bottleneck's own benchmark and test runners) are
  not provided.

Examples
--------
>>> import numpy as np
>>> from mypkg import bottleneck as bn
>>> bn.rankdata([3.0, np.nan, 1.0])
array([2., 3., 1.])
>>> bn.push(np.array([1.0, np.nan, np.nan, 4.0]), 1, -1)
array([ 1.,  1., nan,  4.])
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from . import (  # noqa: F401  (re-exported: bottleneck's namespace)
    _fallback,
    allnan,
    anynan,
    argpartition,
    median,
    move_argmax,
    move_argmin,
    move_max,
    move_mean,
    move_median,
    move_min,
    move_rank,
    move_std,
    move_sum,
    move_var,
    nanargmax,
    nanargmin,
    nanmax,
    nanmean,
    nanmedian,
    nanmin,
    nanrankdata,
    nanstd,
    nansum,
    nanvar,
    partition,
    push,
    replace,
    ss,
)

__version__ = "1.6.0"

_GROUPS: dict[str, tuple[str, ...]] = {
    "reduce": ("nansum", "nanmean", "nanstd", "nanvar", "nanmin", "nanmax", "median",
               "nanmedian", "ss", "nanargmin", "nanargmax", "anynan", "allnan"),
    "move": ("move_sum", "move_mean", "move_std", "move_var", "move_min", "move_max",
             "move_argmin", "move_argmax", "move_median", "move_rank"),
    "nonreduce": ("replace",),
    "nonreduce_axis": ("partition", "argpartition", "rankdata", "nanrankdata", "push"),
}


def rankdata(a: Any, axis: int | None = None) -> Any:
    """Average ranks (float64) along ``axis`` (None: the flattened array), NaN ranked last.

    As bottleneck's ``rankdata``: every NaN ranks after the numbers, each its own rank (in
    the order NumPy's default argsort puts them); ties among numbers get their average rank.

    Examples
    --------
    >>> import numpy as np
    >>> from mypkg import bottleneck as bn
    >>> bn.rankdata([[np.nan, 2.0, 2.0], [np.nan, np.nan, 0.0]], axis=1)
    array([[3. , 1.5, 1.5],
           [2. , 3. , 1. ]])
    """
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf" or _fallback.has_fallback(arr.dtype):
        return _fallback.rankdata_nan_last(arr, axis)  # strings too: bottleneck ranks them
    if axis is None:
        arr, axis = arr.reshape(-1), 0
    ranks = nanrankdata(arr, axis)
    missing = np.isnan(ranks)
    if missing.any():  # a NaN's rank is its place in NumPy's default argsort, as bottleneck's
        places = np.empty_like(ranks)
        shape = [1] * arr.ndim
        shape[axis] = arr.shape[axis]
        np.put_along_axis(places, np.argsort(arr, axis=axis),
                          np.arange(1.0, arr.shape[axis] + 1).reshape(shape), axis=axis)
        ranks[missing] = places[missing]
    return ranks


def _function(name: str) -> Any:
    value: Any = globals()[name]
    return value


reduce = SimpleNamespace(**{name: _function(name) for name in _GROUPS["reduce"]})
move = SimpleNamespace(**{name: _function(name) for name in _GROUPS["move"]})
nonreduce = SimpleNamespace(**{name: _function(name) for name in _GROUPS["nonreduce"]})
nonreduce_axis = SimpleNamespace(**{name: _function(name) for name in _GROUPS["nonreduce_axis"]})

#: NumPy versions of every function (bottleneck's ``bottleneck.slow``)
slow = SimpleNamespace(**{
    name: _fallback.rankdata_nan_last if name == "rankdata" else getattr(_fallback, name)
    for names in _GROUPS.values() for name in names})


def get_functions(module_name: str, as_string: bool = False) -> list[Any]:
    """The functions of one of bottleneck's groups, as bottleneck lists them.

    Parameters
    ----------
    module_name : {'all', 'reduce', 'move', 'nonreduce', 'nonreduce_axis'}
        The group; 'all' is every function.
    as_string : bool, optional
        Names instead of the functions.

    Returns
    -------
    list
        Functions (or their names) in bottleneck's order.

    Examples
    --------
    >>> from mypkg import bottleneck as bn
    >>> bn.get_functions("nonreduce", as_string=True)
    ['replace']
    """
    if module_name == "all":
        names = [name for group in ("reduce", "move", "nonreduce", "nonreduce_axis")
                 for name in _GROUPS[group]]
    elif module_name in _GROUPS:
        names = list(_GROUPS[module_name])
    else:
        raise ValueError(f"get_functions: module_name must be one of 'all', "
                         f"{', '.join(map(repr, _GROUPS))}; got {module_name!r}")
    return names if as_string else [_function(name) for name in names]
