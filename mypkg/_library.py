"""Find, validate, load and swap mypkg's native library: the only module that calls dlopen.

Every kernel call reads the active library once, at call time (``current()``): the library of
the innermost ``use_library`` block of the calling thread or asyncio task, else the process-wide
one that ``load_library`` sets. A call already running finishes on the build it started with:
libraries are never closed. Public API: ``load_library``, ``use_library``, ``library_info``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import LibraryError

try:
    from ._mypkg_ffi import ffi
except ImportError as exc:  # a source checkout that was never built
    raise ImportError(
        "mypkg's cffi module (mypkg/_mypkg_ffi.py) is missing: this looks like an unbuilt "
        "source checkout. Run `pip install -e .` or `python build_ffi.py` in the repository."
    ) from exc

# what the rest of the package and the tests use (ffi too: the one FFI object every module uses)
__all__ = ["ABI_VERSION", "ENV_VAR", "SYMBOLS", "VARIANTS", "Library", "activate", "current", "ffi",
           "library_info", "load_library", "open_library", "resolve", "use_library",
           "variant_path"]

ENV_VAR = "MYPKG_LIBRARY"
PACKAGE_DIR = Path(__file__).resolve().parent
_SUFFIX = ".dylib" if sys.platform == "darwin" else ".so"
# RTLD_NODELETE keeps the code mapped even if cffi ever closes a handle.
_DLOPEN_FLAGS = ffi.RTLD_NOW | ffi.RTLD_LOCAL | getattr(ffi, "RTLD_NODELETE", 0)


def _declared_functions() -> tuple[str, ...]:
    """Every function the cdef (csrc/mypkg.h) declares; a library must export all of them."""
    probe = ffi.dlopen(None)  # the process itself: lists names without resolving them
    return tuple(sorted(n for n in dir(probe) if n.startswith("mypkg_")))


SYMBOLS = _declared_functions()
ABI_VERSION = int(ffi.dlopen(None).MYPKG_ABI_VERSION)


# the variants `python build_ffi.py --variant NAME` builds (checked against it by a test)
VARIANTS = ("default", "native", "debug", "asan")


def variant_path(variant: str) -> Path:
    """Where ``python build_ffi.py --variant NAME`` puts a variant's library by default."""
    name = "libmypkg" if variant == "default" else f"libmypkg-{variant}"
    return PACKAGE_DIR / f"{name}{_SUFFIX}"


def resolve(library: str | os.PathLike[str]) -> str:
    """An absolute library path from a path or the name of a variant built into the package."""
    if isinstance(library, str) and library in VARIANTS:
        path = variant_path(library)
        if not path.is_file():
            raise LibraryError(
                f"variant {library!r} is not built (no {path}): build it with "
                f"`python build_ffi.py --variant {library}` in the source tree, or pass a path")
        return str(path)
    return os.path.abspath(os.fspath(library))


@dataclass(frozen=True)
class Library:
    """One loaded, validated build of the native library."""

    path: str  # as the caller named it
    file: str  # what was dlopened: path itself, or a private copy of a rebuilt file
    version: str
    abi_version: int
    build_info: str
    handle: Any = field(repr=False)
    kernels: dict[str, Any] = field(repr=False)

    def info(self) -> dict[str, Any]:
        """Path, version, ABI version and the build description split into its fields."""
        fields = dict(part.split("=", 1) for part in self.build_info.split("; ") if "=" in part)
        return {"path": self.path, "file": self.file, "version": self.version,
                "abi_version": self.abi_version,
                "variant": fields.get("variant", "unknown"),
                "compiler": fields.get("compiler", "unknown"),
                "flags": fields.get("flags", "unknown")}


_lock = threading.RLock()
# by (path, file identity); never emptied: nothing is ever dlclosed
_loaded: dict[tuple[str, int, int, int, int], Library] = {}
# the process-wide library (load_library); assigned once at import, at the end of this module
_active: Library
# the library of the innermost use_library block in this thread or asyncio task; unset outside
_block: ContextVar[Library] = ContextVar("mypkg_library")
# the private copies of rebuilt files (see open_library), removed when the process exits
_reload_dirs: list[str] = []


def _validate(path: str, file: str, handle: Any) -> Library:
    def fail(why: str) -> LibraryError:
        return LibraryError(f"{path} is not a usable mypkg library: {why}. {_HOW_TO_OVERRIDE}")

    try:
        abi = int(handle.mypkg_abi_version())
    except (AttributeError, ffi.error) as exc:
        raise fail(f"it does not export mypkg_abi_version ({exc})") from None
    if abi != ABI_VERSION:
        raise fail(f"it implements ABI version {abi}, this mypkg needs {ABI_VERSION}")
    kernels, missing = {}, []
    for name in SYMBOLS:
        try:
            kernels[name] = getattr(handle, name)
        except (AttributeError, ffi.error):
            missing.append(name)
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        shown = ", ".join(missing[:5]) + more
        raise fail(f"it lacks {len(missing)} of the {len(SYMBOLS)} ABI symbols ({shown})")
    return Library(path=path, file=file,
                   version=ffi.string(handle.mypkg_version()).decode(),
                   abi_version=abi,
                   build_info=ffi.string(handle.mypkg_build_info()).decode(),
                   handle=handle, kernels=kernels)


_HOW_TO_OVERRIDE = (f"Set {ENV_VAR}=/absolute/path/to/libmypkg{_SUFFIX} to use another build, "
                    "or rebuild the bundled one with `python build_ffi.py`.")


def open_library(path: str | os.PathLike[str]) -> Library:
    """Load and validate the library at ``path``; the same unchanged file is loaded only once.

    dlopen hands back the already-loaded image for a path it has seen, so a file rebuilt in
    place (say after editing a kernel) is loaded from a private copy instead.
    """
    path = os.path.abspath(os.fspath(path))
    with _lock:
        try:
            stat = os.stat(path)
        except OSError:
            raise LibraryError(f"no mypkg library at {path}. {_HOW_TO_OVERRIDE}") from None
        key = (path, stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if key in _loaded:
            return _loaded[key]
        if not os.path.isfile(path):
            raise LibraryError(f"{path} is not a file. {_HOW_TO_OVERRIDE}")
        if not any(known[0] == path for known in _loaded):
            library = _dlopen(path, path)
        else:
            copy_dir = tempfile.mkdtemp(prefix="mypkg-reload-")
            file = os.path.join(copy_dir, os.path.basename(path))
            try:
                shutil.copy2(path, file)
                library = _dlopen(path, file)
            except BaseException:
                shutil.rmtree(copy_dir, ignore_errors=True)
                raise
            # kept while the process runs: library_info()["file"] names it, gdb reads it
            _reload_dirs.append(copy_dir)
        _loaded[key] = library
        return library


def _dlopen(path: str, file: str) -> Library:
    try:
        handle = ffi.dlopen(file, _DLOPEN_FLAGS)
    except OSError as exc:
        raise LibraryError(f"cannot load {path}: {exc}. {_HOW_TO_OVERRIDE}") from None
    return _validate(path, file, handle)


@atexit.register
def _remove_reload_copies() -> None:
    for copy_dir in _reload_dirs:
        shutil.rmtree(copy_dir, ignore_errors=True)


def activate(library: Library) -> Library:
    """Make ``library`` the process-wide one (used outside ``use_library`` blocks); return the
    previous one."""
    global _active
    with _lock:
        previous, _active = _active, library
    return previous


def current() -> Library:
    """The active library in this thread or task: the kernel table every wrapper reads at call
    time. On every call's hot path, so it is one ContextVar lookup and nothing else."""
    return _block.get(_active)


def load_library(library: str | os.PathLike[str]) -> dict[str, Any]:
    """Validate a build of the native library and make it the process-wide active one.

    Every later call on every thread uses it, except inside a ``use_library`` block, where the
    block's library stays in effect until the block ends.

    Parameters
    ----------
    library : str or os.PathLike
        A path to a shared library implementing csrc/mypkg.h, or the name of a variant built
        into the package (``"default"``, ``"native"``, ``"debug"``, ``"asan"``).

    Returns
    -------
    dict
        ``library_info()`` of the newly active library.

    Raises
    ------
    mypkg.LibraryError
        If the file is missing, not a library, of another ABI version or lacks a symbol; the
        previously active library then stays active.

    Examples
    --------
    >>> import mypkg
    >>> mypkg.load_library("default")["variant"]
    'default'
    """
    new = open_library(resolve(library))
    activate(new)
    return new.info()


@contextlib.contextmanager
def use_library(library: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Activate a library (a path or a variant name) for a ``with`` block, then restore the
    previously active one, also when the block raises.

    The choice belongs to the calling thread or asyncio task (a context variable): blocks on
    other threads, and ``load_library`` anywhere, do not change it, and it changes nothing
    elsewhere. A thread started inside the block begins with the process-wide library (run it
    in ``contextvars.copy_context()`` to hand it the block's); an asyncio task created inside
    the block inherits the block's library.

    Examples
    --------
    >>> import mypkg
    >>> with mypkg.use_library("default") as info:
    ...     total = mypkg.nansum([1.0, 2.0])
    """
    chosen = open_library(resolve(library))
    token = _block.set(chosen)
    try:
        yield chosen.info()
    finally:
        _block.reset(token)


def library_info() -> dict[str, Any]:
    """Describe the active native library.

    Returns
    -------
    dict
        ``path`` (as given), ``file`` (what was loaded), ``version``, ``abi_version``,
        ``variant``, ``compiler`` and ``flags``.

    Examples
    --------
    >>> import mypkg
    >>> sorted(mypkg.library_info())[:3]
    ['abi_version', 'compiler', 'file']
    """
    return current().info()


def _initial_library() -> Library:
    override = os.environ.get(ENV_VAR)
    if override:
        return open_library(override)
    return open_library(variant_path("default"))


_active = _initial_library()
