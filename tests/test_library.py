"""Loading the native library: the bundled one, MYPKG_LIBRARY, and every kind of bad library
raising LibraryError while the active library keeps working."""

import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import mypkg
from mypkg import _library

CC = shutil.which("cc") or shutil.which("gcc")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler")


def compile_library(tmp_path, name, source):
    src = tmp_path / f"{name}.c"
    src.write_text(textwrap.dedent(source))
    out = tmp_path / f"{name}.so"
    subprocess.run([CC, "-shared", "-fPIC", "-o", str(out), str(src)], check=True)
    return out


def assert_still_working():
    assert mypkg.nansum(np.array([1.0, np.nan, 2.0])) == 3.0


def test_bundled_library_is_loaded_by_absolute_path():
    info = _library.current().info()
    assert os.path.isabs(info["path"])
    assert info["abi_version"] == _library.ABI_VERSION
    assert set(info) == {"path", "file", "version", "abi_version", "variant", "compiler",
                         "flags"}


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.so"
    with pytest.raises(mypkg.LibraryError) as err:
        _library.open_library(missing)
    assert str(missing) in str(err.value) and "MYPKG_LIBRARY" in str(err.value)
    assert_still_working()


def test_text_file(tmp_path):
    text = tmp_path / "libfake.so"
    text.write_text("not a library\n")
    with pytest.raises(mypkg.LibraryError) as err:
        _library.open_library(text)
    assert str(text) in str(err.value)
    assert_still_working()


@needs_cc
def test_library_without_the_abi_symbols(tmp_path):
    lib = compile_library(tmp_path, "partial", """
        #include <stdint.h>
        int64_t mypkg_abi_version(void) { return 1; }
        const char *mypkg_version(void) { return "x"; }
        const char *mypkg_build_info(void) { return "variant=partial"; }
    """)
    with pytest.raises(mypkg.LibraryError) as err:
        _library.open_library(lib)
    message = str(err.value)
    assert str(lib) in message and "lacks" in message and "mypkg_" in message
    assert_still_working()


@needs_cc
def test_library_without_abi_version(tmp_path):
    lib = compile_library(tmp_path, "noabi", "int unrelated(void) { return 0; }\n")
    with pytest.raises(mypkg.LibraryError, match="mypkg_abi_version"):
        _library.open_library(lib)
    assert_still_working()


@needs_cc
def test_library_reporting_another_abi_version(tmp_path):
    lib = compile_library(tmp_path, "future", """
        #include <stdint.h>
        int64_t mypkg_abi_version(void) { return 999; }
    """)
    with pytest.raises(mypkg.LibraryError, match="999"):
        _library.open_library(lib)
    assert_still_working()


def test_loading_the_same_path_twice_reuses_it():
    path = _library.current().path
    assert _library.open_library(path) is _library.current()


def _run_with_env(library_path):
    env = dict(os.environ, MYPKG_LIBRARY=str(library_path))
    code = ("import mypkg, numpy as np; from mypkg import _library; "
            "print(_library.current().path); print(mypkg.nanmax(np.arange(5.0)))")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_env_var_selects_another_build(tmp_path):
    copy = tmp_path / "libmypkg-copy.so"
    shutil.copy(_library.current().path, copy)
    result = _run_with_env(copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(copy), "4.0"]


def test_env_var_pointing_nowhere_fails_clearly(tmp_path):
    missing = tmp_path / "missing.so"
    result = _run_with_env(missing)
    assert result.returncode != 0
    assert "LibraryError" in result.stderr and str(missing) in result.stderr


def test_kernels_reject_bad_geometry_themselves():
    """Defence in depth: the C side validates ndim, axis and shape before touching memory."""
    kernel = _library.current().kernels["mypkg_nansum_f64"]
    a = np.zeros(4)
    out = np.zeros(1)
    ptr, optr = _library.ffi.from_buffer(a), _library.ffi.from_buffer(out)
    assert kernel(ptr, 0, [4], [8], optr, [0], 0, 1) == mypkg._errors.EINVAL
    assert kernel(ptr, 1, [4], [8], optr, [0], 1, 1) == mypkg._errors.EINVAL
    assert kernel(ptr, 1, [-1], [8], optr, [0], 0, 1) == mypkg._errors.EINVAL
    assert kernel(ptr, 65, [4] * 65, [8] * 65, optr, [0] * 65, 0, 1) == mypkg._errors.EINVAL
    assert kernel(ptr, 1, [4], [8], optr, [0], 0, -1) == mypkg._errors.EINVAL
    assert out[0] == 0
    assert kernel(ptr, 1, [4], [8], optr, [0], 0, 1) == 0
