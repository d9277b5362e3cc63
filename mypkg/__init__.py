"""mypkg: fast NaN-aware NumPy reductions computed by a plain C library bound with cffi."""

from ._errors import KernelError, LibraryError, MypkgError
from ._library import library_info, load_library, use_library
from ._version import __version__
from .reduce import (allnan, anynan, median, nanargmax, nanargmin, nanmax, nanmean, nanmedian,
                     nanmin, nanstd, nansum, nanvar, ss)

__all__ = [
    "KernelError", "LibraryError", "MypkgError", "__version__",
    "library_info", "load_library", "use_library",
    "allnan", "anynan", "median", "nanargmax", "nanargmin", "nanmax", "nanmean", "nanmedian",
    "nanmin", "nanstd", "nansum", "nanvar", "ss",
]
