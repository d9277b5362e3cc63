"""The native build: header and cdef agree, the library is plain C with only the ABI exported,
the C sources are warning-free, and the Python kernel table matches the C output types."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import cffi
import numpy as np
import pytest

import mypkg
from mypkg import _errors, _kernels, _library
from mypkg import reduce as reduce_mod
from mypkg._library import ffi

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import build_ffi  # noqa: E402

CC = shutil.which("cc") or shutil.which("gcc")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler")
needs_binutils = pytest.mark.skipif(shutil.which("readelf") is None or shutil.which("nm") is None,
                                    reason="binutils not installed")


@needs_cc
def test_cdef_compiles_after_header(tmp_path):
    """The header followed by the cdef text (what cffi sees) must compile without conflicts:
    a drifted return type or integer width is a redeclaration error."""
    # enums cannot be declared twice in C; their values are compared in another test
    declarations = re.sub(r"enum\s*\w*\s*\{.*?\};", "", build_ffi.read_cdef(), flags=re.S)
    assert "mypkg_nansum_f64" in declarations
    src = tmp_path / "check.c"
    src.write_text('#include "mypkg.h"\n' + declarations)
    subprocess.run([CC, "-std=c11", "-fsyntax-only", "-Werror", "-I", str(ROOT / "csrc"),
                    str(src)], check=True)


@needs_cc
def test_cdef_drift_is_caught(tmp_path):
    """The check above can fail: a declaration with a wrong integer width is rejected."""
    src = tmp_path / "check.c"
    src.write_text('#include "mypkg.h"\nint64_t mypkg_abi_version(int);\n')
    result = subprocess.run([CC, "-std=c11", "-fsyntax-only", "-Werror", "-I",
                             str(ROOT / "csrc"), str(src)], capture_output=True)
    assert result.returncode != 0


def test_generated_ffi_module_matches_header():
    """The shipped cffi module was generated from the current header (not a stale copy)."""
    fresh = cffi.FFI()
    fresh.cdef(build_ffi.read_cdef())
    fresh_lib = fresh.dlopen(None)
    names = sorted(n for n in dir(fresh_lib) if n.startswith("mypkg_"))
    assert tuple(names) == _library.SYMBOLS
    fresh_active = fresh.dlopen(_library.current().file)
    for name in names:
        assert (fresh.typeof(getattr(fresh_active, name)).cname
                == ffi.typeof(getattr(_library.current().handle, name)).cname), name


def test_generated_c_text_is_current():
    """csrc/mypkg.h's declarations, csrc/kernels.h and csrc/exports.c are what the registry
    generates (`python build_ffi.py --generate`), and every registry row is exported."""
    assert build_ffi.generate(check=True) == []
    reg = build_ffi.load_registry()
    expected = {k.symbol(sfx) for k in reg.KERNELS for sfx in k.dtypes}
    assert expected == {name for name in _library.SYMBOLS if name.count("_") >= 2} - {
        "mypkg_abi_version", "mypkg_build_info"}


def test_generated_c_text_drift_is_caught(tmp_path, monkeypatch):
    """The check above can fail: a hand edit of the generated block is reported stale."""
    header = tmp_path / "mypkg.h"
    header.write_text(build_ffi.HEADER.read_text().replace("mypkg_nansum_f64", "mypkg_nansum_x"))
    monkeypatch.setattr(build_ffi, "HEADER", header)
    assert header in build_ffi.generate(check=True)


def test_status_codes_match_header():
    probe = ffi.dlopen(None)
    assert (_errors.OK, _errors.EINVAL, _errors.ENOMEM, _errors.EEMPTY, _errors.EALLNAN) == (
        probe.MYPKG_OK, probe.MYPKG_EINVAL, probe.MYPKG_ENOMEM, probe.MYPKG_EEMPTY,
        probe.MYPKG_EALLNAN)


@needs_binutils
def test_library_is_plain_c_without_libpython():
    path = _library.current().path
    dynamic = subprocess.run(["readelf", "-d", path], capture_output=True, text=True,
                             check=True).stdout
    needed = [line for line in dynamic.splitlines() if "(NEEDED)" in line]
    assert needed, dynamic
    assert not any("python" in line.lower() for line in needed), needed
    assert "(SYMBOLIC)" in dynamic  # linked with -Wl,-Bsymbolic: internal calls stay local


@needs_binutils
def test_only_the_abi_is_exported():
    path = _library.current().path
    out = subprocess.run(["nm", "-D", "--defined-only", path], capture_output=True, text=True,
                         check=True).stdout
    exported = sorted(line.split()[-1] for line in out.splitlines()
                      if line.split()[1] in ("T", "D", "B", "R"))
    assert exported == list(_library.SYMBOLS)


@pytest.mark.slow
@needs_cc
def test_c_sources_are_warning_free():
    sources = sorted(str(p) for p in (ROOT / "csrc").glob("*.c"))
    subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                    "-DMYPKG_BUILDING"] + sources, check=True)


@pytest.mark.parametrize("name", sorted(reduce_mod._REDUCTIONS))
@pytest.mark.parametrize("dtype", sorted(_kernels.NATIVE, key=str), ids=str)
def test_kernel_output_dtype_is_numpys_for_native_dtypes(name, dtype):
    """The full-reduction fast path returns the kernel's dtype directly: it must be NumPy's."""
    spec = reduce_mod._REDUCTIONS[name]
    sfx = _kernels.NATIVE[dtype]
    assert spec.kernel_out(sfx) == spec.result_dtype(dtype)
    got = getattr(mypkg, name)(np.ones(3, dtype))
    assert got.dtype == spec.kernel_out(sfx)


def test_build_info_names_variant_and_flags():
    info = _library.current().info()
    assert info["variant"] in build_ffi.VARIANTS
    assert "-fvisibility=hidden" in info["flags"]
    assert info["version"] == mypkg.__version__
    assert info["abi_version"] == _library.ABI_VERSION


# ------------------------------------------------------------------ the compiled call path

needs_api = pytest.mark.skipif(_library._API is None, reason="the compiled call path is not built")


@needs_api
def test_compiled_table_covers_every_header_symbol():
    """The API-mode module has one trampoline and one table slot per function of the header,
    with the header's parameter types (after the table), and nothing else."""
    api_ffi, api_lib, order = _library._API
    header = build_ffi.header_functions(build_ffi.read_cdef())
    assert sorted(order) == sorted(name for _, name, _ in header) == list(_library.SYMBOLS)
    assert len(set(order)) == len(order) == api_lib.mypkg_api_count()
    assert api_lib.mypkg_api_symbol(len(order)) == api_ffi.NULL
    handle = _library.current().handle
    for name in order:
        trampoline = api_ffi.typeof(getattr(api_lib, name))
        exported = ffi.typeof(getattr(handle, name))
        assert trampoline.args[0].cname == "void * *", name
        assert [t.cname for t in trampoline.args[1:]] == [t.cname for t in exported.args], name
        assert trampoline.result.cname == exported.result.cname, name


@needs_api
def test_compiled_table_holds_the_librarys_functions():
    if _library.call_path() != "api":
        pytest.skip("the table is filled on the compiled call path")
    api_ffi, _, order = _library._API
    library = _library.current()
    for i, name in enumerate(order):
        address = int(ffi.cast("uintptr_t", getattr(library.handle, name)))
        assert int(api_ffi.cast("uintptr_t", library.table[i])) == address, name


def test_api_render_is_generic_over_any_declaration():
    """A new family's parameter list needs nothing but its declaration in the header."""
    cdef, source = build_ffi.render_api(
        "int64_t mypkg_abi_version(void);\n"
        "int mypkg_new_f64(const void *a, int64_t n,\n    double q, const int64_t *kth);\n")
    assert "int mypkg_new_f64(void *const *table, const void *a, int64_t n, double q, " \
           "const int64_t *kth);" in cdef
    assert "return ((int (*)(const void *a, int64_t n, double q, const int64_t *kth))" \
           "table[1])(a, n, q, kth);" in source
    assert "return ((int64_t (*)(void))table[0])();" in source


@needs_api
@needs_binutils
def test_api_module_is_abi3_and_holds_no_kernels():
    path = Path(sys.modules[f"mypkg.{build_ffi.API_MODULE}"].__file__)
    assert path.name.startswith(f"{build_ffi.API_MODULE}.abi3."), path.name
    out = subprocess.run(["nm", "-D", "--defined-only", str(path)], capture_output=True,
                         text=True, check=True).stdout
    exported = [line.split()[-1] for line in out.splitlines()]
    assert exported == [f"PyInit_{build_ffi.API_MODULE}"], exported
    # cffi's wrapper per function is a few KB of argument conversion: kernels would be far more
    nfunctions = len(build_ffi.header_functions(build_ffi.read_cdef()))
    assert path.stat().st_size < 8 * 1024 * nfunctions


def test_wheel_hook_tags_abi3_and_removes_its_build_dir(tmp_path, monkeypatch):
    """The hook's temporary build folder is gone once the wheel is assembled."""
    monkeypatch.setattr(build_ffi.tempfile, "tempdir", str(tmp_path))

    def fake_build(name):
        return lambda output=None, **_: Path(output if str(output).endswith(".so")
                                             else Path(output) / name).resolve()

    def touch(build):
        def run(*args, **kwargs):
            path = build(*args, **kwargs)
            path.write_text("")
            return path
        return run

    monkeypatch.setattr(build_ffi, "build_library", touch(fake_build("libmypkg.so")))
    monkeypatch.setattr(build_ffi, "build_ffi_module", touch(fake_build("_mypkg_ffi.py")))
    monkeypatch.setattr(build_ffi, "build_api_module",
                        touch(fake_build("_mypkg_api.abi3.so")))

    class Hook(build_ffi.MypkgBuildHook):
        target_name = "wheel"

    hook = Hook.__new__(Hook)
    build_data = {"force_include": {}}
    hook.initialize("standard", build_data)
    assert build_data["tag"].startswith(f"{build_ffi.ABI3_TAG}-")
    assert sorted(Path(src).name for src in build_data["force_include"]) == [
        "_mypkg_api.abi3.so", "_mypkg_ffi.py", "libmypkg.so"]
    assert [p.name[:12] for p in tmp_path.iterdir()] == ["mypkg-build-"]
    hook.finalize("standard", build_data, str(tmp_path / "mypkg.whl"))
    assert list(tmp_path.iterdir()) == []
