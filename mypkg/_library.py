"""Find, validate, load and swap mypkg's native library: the only module that calls dlopen.

Two call paths reach the kernels. The compiled one (``mypkg/_mypkg_api*.so``, cffi API mode,
built by ``build_ffi.py``) holds one trampoline per header function that calls through a table
of the library's function pointers; each loaded library gets its own table, filled once at
load. The pure ABI-mode one calls the dlopened functions through cffi's libffi path, and is the
fallback when the compiled module is absent. ``MYPKG_CALL_PATH=abi|api`` (or ``set_call_path``)
chooses; the default is ``api`` when the module is there.

Every kernel call reads the active library once, at call time (``current()``): the library of
the innermost ``use_library`` block of the calling thread or asyncio task, else the process-wide
one that ``load_library`` sets. A call already running finishes on the build it started with:
libraries are never closed. Public API: ``load_library``, ``use_library``, ``library_info``.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import shutil
import sys
import tempfile
import threading
import types
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
__all__ = ["ABI_VERSION", "CALL_PATH_VAR", "ENV_VAR", "SYMBOLS", "VARIANTS", "Library", "activate",
           "call_path", "current", "ffi", "library_info", "load_library", "open_library",
           "resolve", "set_call_path", "use_library", "variant_path"]

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

CALL_PATH_VAR = "MYPKG_CALL_PATH"


def _api_module() -> tuple[Any, Any, tuple[str, ...]] | None:
    """The compiled call path: its ffi, lib and table order, or None if it is not built or
    was built from another header (then the ABI path is used)."""
    try:
        from ._mypkg_api import ffi as api_ffi
        from ._mypkg_api import lib as api_lib
    except ImportError:
        return None
    order = tuple(api_ffi.string(api_lib.mypkg_api_symbol(i)).decode()
                  for i in range(api_lib.mypkg_api_count()))
    return (api_ffi, api_lib, order) if sorted(order) == list(SYMBOLS) else None


_API = _api_module()


# the variants `python build_ffi.py --variant NAME` builds (checked against it by a test)
VARIANTS = ("default", "native", "debug", "asan")


def variant_path(variant: str) -> Path:
    """Where ``python build_ffi.py --variant NAME`` puts a variant's library by default."""
    name = "libmypkg" if variant == "default" else f"libmypkg-{variant}"
    return PACKAGE_DIR / f"{name}{_SUFFIX}"


# an editable install or a source checkout, where `python build_ffi.py` rebuilds mypkg/ itself
_IN_SOURCE_TREE = (PACKAGE_DIR.parent / "build_ffi.py").is_file()


def _how_to_build(variant: str) -> str:
    if _IN_SOURCE_TREE:
        return f"build it with `python build_ffi.py --variant {variant}` in {PACKAGE_DIR.parent}"
    return (f"this installed mypkg ships only the default library: build the {variant!r} variant "
            f"from a source checkout with `python build_ffi.py --variant {variant} --output "
            f"/some/dir/libmypkg-{variant}{_SUFFIX}` and pass that path")


def _looks_like_a_name(library: str) -> bool:
    """A bare word (no directory, no library suffix) that is not a file: meant as a variant."""
    return (os.sep not in library and "/" not in library and "." not in library
            and not os.path.exists(library))


def resolve(library: str | os.PathLike[str] | bytes) -> str:
    """An absolute library path from a path or the name of a variant built into the package.

    A bare word that names no file is taken as a variant name, so a misspelt one is reported
    with the valid names rather than as a missing file.
    """
    try:
        name = os.fsdecode(library)
    except TypeError:
        raise LibraryError(f"a library is a path or a variant name ({', '.join(VARIANTS)}), "
                           f"not {type(library).__name__} {library!r}") from None
    if name in VARIANTS:
        path = variant_path(name)
        if not path.is_file():
            raise LibraryError(f"variant {name!r} is not built (no {path}): "
                               f"{_how_to_build(name)}, or pass a path")
        return str(path)
    if name and _looks_like_a_name(name):
        raise LibraryError(f"unknown mypkg library variant {name!r}: the variants are "
                           f"{', '.join(VARIANTS)}; anything else must be a path to a library "
                           f"file (e.g. ./libmypkg{_SUFFIX})")
    return os.path.abspath(name)


@dataclass(frozen=True)
class Library:
    """One loaded, validated build of the native library."""

    path: str  # as the caller named it
    file: str  # what was dlopened: path itself, or a private copy of a rebuilt file
    version: str
    abi_version: int
    build_info: str
    handle: Any = field(repr=False)
    # symbol -> callable with the C signature, on the call path chosen when it was made
    kernels: dict[str, Any] = field(repr=False)
    # the compiled path's function-pointer table for this library (None on the ABI path);
    # never freed, as calls may still run through it
    table: Any = field(repr=False, default=None)

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
# the private copies of rebuilt files (see open_library) with the process that made them, which
# removes them when it exits (a forked child that exits leaves its parent's copies alone)
_reload_dirs: list[tuple[int, str]] = []


def _check_call_path(path: str) -> str:
    if path not in ("abi", "api"):
        raise ValueError(f"call path must be 'abi' or 'api', not {path!r}")
    if path == "api" and _API is None:
        raise LibraryError("the compiled call path (mypkg/_mypkg_api*.so) is not built, or was "
                           "built from another csrc/mypkg.h: run `python build_ffi.py`")
    return path


_call_path = _check_call_path(os.environ.get(CALL_PATH_VAR) or ("api" if _API else "abi"))


def call_path() -> str:
    """The call path kernels are reached through: "api" (the compiled module) or "abi"."""
    return _call_path


def set_call_path(path: str) -> None:
    """Move every loaded library (and later ones) to call path "api" or "abi". For tests and
    benchmarks: not meant to run while other threads call kernels."""
    global _call_path, _active
    with _lock:
        _call_path = _check_call_path(path)
        moved = {id(library): _on_path(library, path) for library in _loaded.values()}
        for key, library in _loaded.items():
            _loaded[key] = moved[id(library)]
        _active = moved.get(id(_active)) or _on_path(_active, path)


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
    strings = []
    for name in ("mypkg_version", "mypkg_build_info"):
        text = getattr(handle, name)()
        if text == ffi.NULL:
            raise fail(f"{name}() returned NULL")
        strings.append(ffi.string(text).decode(errors="replace"))
    library = Library(path=path, file=file, version=strings[0], abi_version=abi,
                      build_info=strings[1], handle=handle, kernels=kernels)
    return _on_path(library, _call_path)


def _on_path(library: Library, path: str) -> Library:
    """``library`` with its kernels on call path ``path`` ("api": through a new table of its
    function pointers in the compiled module; "abi": cffi's dlopened functions)."""
    if path == "abi":
        kernels = {name: getattr(library.handle, name) for name in SYMBOLS}
        return dataclasses.replace(library, kernels=kernels, table=None)
    assert _API is not None
    api_ffi, api_lib, order = _API
    table = api_ffi.new("void *[]", len(order))
    for i, name in enumerate(order):
        table[i] = api_ffi.cast("void *", int(ffi.cast("uintptr_t", getattr(library.handle,
                                                                             name))))
    # a method bound to the table: CPython prepends it without copying the arguments (a
    # functools.partial copies them, which costs as much as the call through cffi)
    kernels = {name: types.MethodType(getattr(api_lib, name), table) for name in SYMBOLS}
    return dataclasses.replace(library, kernels=kernels, table=table)


_HOW_TO_OVERRIDE = (
    f"Set {ENV_VAR} to a variant name ({', '.join(VARIANTS)}) or to /absolute/path/to/"
    f"libmypkg{_SUFFIX} to use another build, or "
    + ("rebuild the bundled one with `python build_ffi.py`." if _IN_SOURCE_TREE else
       "reinstall mypkg (`pip install --force-reinstall mypkg`) to restore the bundled one."))


def open_library(path: str | os.PathLike[str] | bytes) -> Library:
    """Load and validate the library at ``path``; the same unchanged file is loaded only once.
    Every failure is a LibraryError naming the path.

    dlopen hands back the already-loaded image for a path it has seen, so a file rebuilt in
    place (say after editing a kernel) is loaded from a private copy instead.
    """
    path = resolve(path) if isinstance(path, bytes) else os.path.abspath(os.fspath(path))
    try:
        return _open(path)
    except LibraryError:
        raise
    except Exception as exc:  # anything a broken file can make cffi or the checks raise
        raise LibraryError(f"{path} is not a usable mypkg library: {type(exc).__name__}: "
                           f"{exc}. {_HOW_TO_OVERRIDE}") from exc


def _open(path: str) -> Library:
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
            _reload_dirs.append((os.getpid(), copy_dir))
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
    for pid, copy_dir in _reload_dirs:
        if pid == os.getpid():
            shutil.rmtree(copy_dir, ignore_errors=True)


def _reset_lock_in_child() -> None:
    """A fork while another thread held the lock (inside load_library) would leave it held
    forever in the child, where that thread does not exist: the child starts with a new one."""
    global _lock
    _lock = threading.RLock()


os.register_at_fork(after_in_child=_reset_lock_in_child)


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


def load_library(library: str | os.PathLike[str] | bytes) -> dict[str, Any]:
    """Validate a build of the native library and make it the process-wide active one.

    Every later call on every thread uses it, except inside a ``use_library`` block, where the
    block's library stays in effect until the block ends.

    Parameters
    ----------
    library : str or os.PathLike
        A path to a shared library implementing csrc/mypkg.h (str, bytes or os.PathLike), or
        the name of a variant built into the package (``"default"``, ``"native"``,
        ``"debug"``, ``"asan"``).

    Returns
    -------
    dict
        ``library_info()`` of the newly active library.

    Raises
    ------
    mypkg.LibraryError
        For every failure (an unknown variant, a missing file, not a library, another ABI
        version, a missing symbol, ...), naming the path; the previously active library then
        stays active.

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
def use_library(library: str | os.PathLike[str] | bytes) -> Iterator[dict[str, Any]]:
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
        return open_library(resolve(override))
    return open_library(variant_path("default"))


_active = _initial_library()
