"""mypkg: fast NaN-aware NumPy reductions computed by a plain C library bound with cffi."""

from . import _fallback
from ._errors import KernelError, LibraryError, MypkgError
from ._library import library_info, load_library, use_library
from ._version import __version__

# issue 14: grouped reductions
from .group import (
    group_nanall,
    group_nanany,
    group_nanargmax,
    group_nanargmin,
    group_nancount,
    group_nanfirst,
    group_nanlast,
    group_nanmax,
    group_nanmean,
    group_nanmin,
    group_nanprod,
    group_nanstd,
    group_nansum,
    group_nansum_of_squares,
    group_nanvar,
)
from .move import (
    move_argmax,
    move_argmin,
    move_max,
    move_mean,
    move_median,
    move_min,
    move_quantile,
    move_rank,
    move_std,
    move_sum,
    move_var,
)
from .move_exp import (  # issue 13
    ffill,
    move_corr,
    move_cov,
    move_exp_nancorr,
    move_exp_nancount,
    move_exp_nancov,
    move_exp_nanmean,
    move_exp_nanstd,
    move_exp_nansum,
    move_exp_nanvar,
    nancount,
)
from .nonreduce import (
    argpartition,
    bfill,
    nanquantile,
    nanrankdata,
    partition,
    push,
    quantile,
    rankdata,
    replace,
)
from .reduce import (
    allnan,
    anynan,
    median,
    nanargmax,
    nanargmin,
    nanmax,
    nanmean,
    nanmedian,
    nanmin,
    nanstd,
    nansum,
    nanvar,
    ss,
)

__all__ = [
    "KernelError", "LibraryError", "MypkgError", "__version__",
    "library_info", "load_library", "use_library",
    "allnan", "anynan", "median", "nanargmax", "nanargmin", "nanmax", "nanmean", "nanmedian",
    "nanmin", "nanstd", "nansum", "nanvar", "ss",
    "move_argmax", "move_argmin", "move_max", "move_mean", "move_median", "move_min",
    "move_quantile", "move_rank", "move_std", "move_sum", "move_var",
    "argpartition", "bfill", "nanquantile", "nanrankdata", "partition", "push", "quantile",
    "rankdata", "replace",
    "install_as_bottleneck",
    # issue 14: grouped reductions
    "group_nanall", "group_nanany", "group_nanargmax", "group_nanargmin", "group_nancount",
    "group_nanfirst", "group_nanlast", "group_nanmax", "group_nanmean", "group_nanmin",
    "group_nanprod", "group_nanstd", "group_nansum", "group_nansum_of_squares", "group_nanvar",
    # issue 13
    "ffill", "move_corr", "move_cov", "move_exp_nancorr", "move_exp_nancount", "move_exp_nancov",
    "move_exp_nanmean", "move_exp_nanstd", "move_exp_nansum", "move_exp_nanvar", "nancount",
]

# ---- dtype fallback (issue 15): input of a dtype without a native kernel (complex, object,
# datetime64, timedelta64, long double) computes through NumPy in mypkg/_fallback.py.
for _name in __all__:
    if _name in vars(_fallback):
        globals()[_name] = _fallback.dispatch(globals()[_name])
del _name

# ---- dask (issue 15 part 4): a dask array given to these functions returns a lazy dask array
# (mypkg/dask.py; dispatch above covers the others); dask is imported only for dask input.
nancount = _fallback.dask_aware(nancount)
ffill = _fallback.dask_aware(ffill)
# ---- end of dask


def install_as_bottleneck() -> None:
    """Register ``mypkg.bottleneck`` as the module ``bottleneck`` in ``sys.modules``.

    Call it before pandas or xarray is imported: they look bottleneck up when they load. If a
    real bottleneck was already imported, it is replaced with a RuntimeWarning (modules that
    already hold it keep it). Calling it again is harmless.

    Examples
    --------
    >>> import mypkg, sys
    >>> mypkg.install_as_bottleneck()
    >>> import bottleneck
    >>> bottleneck.__name__, bottleneck.__version__
    ('mypkg.bottleneck', '1.6.0')
    >>> del sys.modules["bottleneck"]
    """
    import sys
    import warnings

    from . import bottleneck

    current = sys.modules.get("bottleneck")
    if current is bottleneck:
        return
    if current is not None:
        warnings.warn("install_as_bottleneck: bottleneck was already imported; modules that "
                      "imported it before keep the real one", RuntimeWarning, stacklevel=2)
    sys.modules["bottleneck"] = bottleneck
# ---- end of dtype fallback and bottleneck
