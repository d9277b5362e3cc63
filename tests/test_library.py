"""Loading the native library: the bundled one, MYPKG_LIBRARY (a path or a variant name), and
every kind of bad library or argument raising LibraryError while the active library keeps
working."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import mypkg
from mypkg import _library

ROOT = Path(__file__).resolve().parent.parent
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


# ------------------------------------------------------------------ every failure is a LibraryError


@pytest.mark.parametrize("library", [b"/no/such/libmypkg.so", 42, None, ["default"]],
                         ids=["bytes", "int", "None", "list"])
def test_load_library_of_any_argument_raises_library_error(library):
    before = _library.current()
    with pytest.raises(mypkg.LibraryError) as err:
        mypkg.load_library(library)
    assert ("/no/such/libmypkg.so" if isinstance(library, bytes) else repr(library)) \
        in str(err.value)
    assert _library.current() is before
    assert_still_working()


def test_bytes_path_of_a_good_library_is_accepted(tmp_path):
    copy = tmp_path / "libmypkg-bytes.so"
    shutil.copy(_library.current().file, copy)
    with mypkg.use_library(os.fsencode(copy)) as info:
        assert info["path"] == str(copy)
        assert_still_working()


def _stub_source(version_body):
    """C source exporting every header function as a stub, mypkg_version returning
    ``version_body``: a library that passes every check but the version string."""
    sys.path.insert(0, str(ROOT))
    import build_ffi

    lines = ["#include <stdint.h>"]
    for ret, name, params in build_ffi.header_functions(build_ffi.read_cdef()):
        body = {"mypkg_abi_version": f"return {_library.ABI_VERSION};",
                "mypkg_version": f"return {version_body};",
                "mypkg_build_info": 'return "variant=stub";'}.get(name, "return 0;")
        lines.append(f"{ret} {name}({', '.join(params) or 'void'}) {{ {body} }}")
    return "\n".join(lines) + "\n"


@needs_cc
def test_library_whose_version_is_null(tmp_path):
    lib = compile_library(tmp_path, "nullversion", _stub_source("0"))
    before = _library.current()
    with pytest.raises(mypkg.LibraryError, match="mypkg_version.*NULL") as err:
        mypkg.load_library(lib)
    assert str(lib) in str(err.value)
    assert _library.current() is before
    assert_still_working()


@needs_cc
def test_stub_with_every_symbol_loads(tmp_path):
    """The control for the test above: the same stub with a version string is accepted."""
    lib = compile_library(tmp_path, "stub", _stub_source('"stub"'))
    assert _library.open_library(lib).version == "stub"


# ------------------------------------------------------------------ variant names


def test_env_var_accepts_a_variant_name():
    result = _run_with_env("default")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(_library.variant_path("default")), "4.0"]


@pytest.mark.parametrize("how", ["env", "load_library"])
def test_unknown_variant_lists_the_valid_ones(how):
    assert not os.path.exists("debgu")
    if how == "env":
        result = _run_with_env("debgu")
        assert result.returncode != 0
        message = result.stderr
    else:
        with pytest.raises(mypkg.LibraryError) as err:
            mypkg.load_library("debgu")
        message = str(err.value)
    assert "'debgu'" in message
    assert all(variant in message for variant in _library.VARIANTS)
    assert "no mypkg library at" not in message


def test_unbuilt_variant_hint_outside_a_source_tree(monkeypatch):
    """An installed (non-editable) mypkg has no build_ffi.py next to it: the hint says how to
    build a variant from a checkout and pass its path, not to run a script that is not there."""
    monkeypatch.setattr(_library, "_IN_SOURCE_TREE", False)
    monkeypatch.setattr(_library, "variant_path",
                        lambda variant: ROOT / "no-such-dir" / f"libmypkg-{variant}.so")
    with pytest.raises(mypkg.LibraryError) as err:
        _library.resolve("debug")
    message = str(err.value)
    assert "source checkout" in message and "--output" in message and "pass that path" in message
    monkeypatch.setattr(_library, "_IN_SOURCE_TREE", True)
    with pytest.raises(mypkg.LibraryError, match=r"python build_ffi.py --variant debug` in"):
        _library.resolve("debug")


def test_pytest_option_with_a_bad_path_is_a_one_line_usage_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--mypkg-library", "/bad/path", str(ROOT / "tests" / "test_library.py")],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 4  # pytest's usage error
    assert "INTERNALERROR" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ERROR:") and "/bad/path" in lines[0]
