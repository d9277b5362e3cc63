"""mypkg: fast NaN-aware NumPy reductions computed by a plain C library bound with cffi."""

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
    # issue 14: grouped reductions
    "group_nanall", "group_nanany", "group_nanargmax", "group_nanargmin", "group_nancount",
    "group_nanfirst", "group_nanlast", "group_nanmax", "group_nanmean", "group_nanmin",
    "group_nanprod", "group_nanstd", "group_nansum", "group_nansum_of_squares", "group_nanvar",
]
