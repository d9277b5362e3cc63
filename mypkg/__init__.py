"""mypkg: fast NaN-aware NumPy reductions computed by a plain C library bound with cffi."""

from ._errors import KernelError, LibraryError, MypkgError
from ._library import library_info, load_library, use_library
from ._version import __version__
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
    # issue 13
    "ffill", "move_corr", "move_cov", "move_exp_nancorr", "move_exp_nancount", "move_exp_nancov",
    "move_exp_nanmean", "move_exp_nanstd", "move_exp_nansum", "move_exp_nanvar", "nancount",
]
