"""Find, validate, load and swap mypkg's native library: the only module that calls dlopen.

Every kernel call goes through ``current()`` at call time, so swapping the active library
affects all later calls. Libraries are never closed: a call running on another thread, or a
Library object still referenced somewhere, keeps working on the build it started with.
"""

from __future__ import annotations

import os
import sys
import threading
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


def variant_path(variant: str) -> Path:
    """Where ``python build_ffi.py --variant NAME`` puts a variant's library by default."""
    name = "libmypkg" if variant == "default" else f"libmypkg-{variant}"
    return PACKAGE_DIR / f"{name}{_SUFFIX}"


@dataclass(frozen=True)
class Library:
    """One loaded, validated build of the native library."""

    path: str
    version: str
    abi_version: int
    build_info: str
    handle: Any = field(repr=False)
    kernels: dict = field(repr=False)

    def info(self) -> dict[str, Any]:
        """Path, version, ABI version and the build description split into its fields."""
        fields = dict(part.split("=", 1) for part in self.build_info.split("; ") if "=" in part)
        return {"path": self.path, "version": self.version, "abi_version": self.abi_version,
                "variant": fields.get("variant", "unknown"),
                "compiler": fields.get("compiler", "unknown"),
                "flags": fields.get("flags", "unknown")}


_lock = threading.Lock()
_loaded: dict[str, Library] = {}  # by absolute path; never emptied (nothing is dlclosed)
_active: Library | None = None


def _validate(path: str, handle: Any) -> Library:
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
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise fail(f"it lacks {len(missing)} of the {len(SYMBOLS)} ABI symbols ({shown})")
    return Library(path=path,
                   version=ffi.string(handle.mypkg_version()).decode(),
                   abi_version=abi,
                   build_info=ffi.string(handle.mypkg_build_info()).decode(),
                   handle=handle, kernels=kernels)


_HOW_TO_OVERRIDE = (f"Set {ENV_VAR}=/absolute/path/to/libmypkg{_SUFFIX} to use another build, "
                    "or rebuild the bundled one with `python build_ffi.py`.")


def open_library(path: str | os.PathLike) -> Library:
    """Load and validate the library at ``path`` (reusing it if that path is already loaded)."""
    path = os.path.abspath(os.fspath(path))
    with _lock:
        if path in _loaded:
            return _loaded[path]
        if not os.path.isfile(path):
            raise LibraryError(f"no mypkg library at {path}. {_HOW_TO_OVERRIDE}")
        try:
            handle = ffi.dlopen(path, _DLOPEN_FLAGS)
        except OSError as exc:
            raise LibraryError(f"cannot load {path}: {exc}. {_HOW_TO_OVERRIDE}") from None
        library = _validate(path, handle)
        _loaded[path] = library
        return library


def activate(library: Library) -> Library:
    """Make ``library`` the one every later kernel call uses; return the previous one."""
    global _active
    with _lock:
        previous, _active = _active, library
    return previous


def current() -> Library:
    """The active library (the kernel table every wrapper reads at call time)."""
    return _active


def _initial_library() -> Library:
    override = os.environ.get(ENV_VAR)
    if override:
        return open_library(override)
    return open_library(variant_path("default"))


activate(_initial_library())
