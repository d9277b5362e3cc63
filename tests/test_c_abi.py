"""The C ABI seen from C: every exported kernel called directly with edge geometry and bad
parameters (tests/c/abi_edge.c, with its kernel table generated here from the registry), and
the MYPKG_CPU_FEATURES switch that forces the portable code paths.

``test_abi_edge_cases`` links against the library under test (``--mypkg-library``; an ``asan``
variant is linked with the sanitizers). ``test_abi_edge_cases_asan`` runs the same program
against an AddressSanitizer/UBSan build named by $MYPKG_ASAN_LIBRARY, made with
``python build_ffi.py --variant asan --output /tmp/libmypkg-asan.so`` (a minute or two of
compiling, so the test does not build one itself).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import mypkg

ROOT = Path(__file__).resolve().parent.parent
C_TESTS = ROOT / "tests" / "c"
sys.path.insert(0, str(ROOT))
import build_ffi  # noqa: E402

CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc") or shutil.which("clang")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler")
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
            "-fno-omit-frame-pointer"]
SANITIZER_ENV = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
                 "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}

# ------------------------------------------------------------------ the generated kernel table

# Each family parameter (C type, name) -> the struct call field abi_edge.c passes for it, and the
# flag that tells abi_edge.c to test it. A parameter missing here fails the generator: teach
# abi_edge.c its valid and invalid values first.
PARAMETERS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("const void *", "a"): ("(const void *)c->a", None),
    ("void *", "a"): ("c->a", "IN_PLACE"),
    ("int64_t", "ndim"): ("c->ndim", None),
    ("const int64_t *", "shape"): ("c->shape", None),
    ("const int64_t *", "astrides"): ("c->astrides", None),
    ("const int64_t *", "strides"): ("c->astrides", None),
    ("void *", "out"): ("c->out", None),
    ("const int64_t *", "ostrides"): ("c->ostrides", None),
    ("int64_t", "axis"): ("c->axis", None),
    ("int64_t", "window"): ("c->window", "HAS_WINDOW"),
    ("int64_t", "min_count"): ("c->min_count", "HAS_WINDOW"),
    ("int64_t", "ddof"): ("c->ddof", "HAS_DDOF"),
    ("double", "q"): ("c->q", "HAS_Q"),
    ("const double *", "q"): ("c->qs", "HAS_QS"),
    ("int64_t", "nq"): ("c->nq", "HAS_QS"),
    ("int64_t", "qstride"): ("c->qstride", "HAS_QS"),
    ("const int64_t *", "kth"): ("c->kth", "HAS_KTH"),
    ("int64_t", "nkth"): ("c->nkth", "HAS_KTH"),
    ("int64_t", "limit"): ("c->limit", "HAS_LIMIT"),
    ("const void *", "old_new"): ("c->old_new", "HAS_OLD_NEW"),
    ("int64_t", "nthreads"): ("c->nthreads", None),
    # issue 14: grouped reductions
    ("const int64_t *", "labels"): ("c->labels", "HAS_LABELS"),
    ("int64_t", "num_labels"): ("c->num_labels", "HAS_LABELS"),
    # issue 13: b is a itself (same geometry); alpha one value seen through zero strides
    ("const void *", "b"): ("(const void *)c->a", "HAS_B"),
    ("const int64_t *", "bstrides"): ("c->astrides", "HAS_B"),
    ("const void *", "alpha"): ("c->alpha", "HAS_ALPHA"),
    ("const int64_t *", "alphastrides"): ("c->alphastrides", "HAS_ALPHA"),
    ("double", "min_weight"): ("c->min_weight", "HAS_ALPHA"),
}

# Reductions without an identity: over a zero-length axis they fail with MYPKG_EEMPTY (mypkg.h).
NO_IDENTITY = {"nanmin", "nanmax", "nanargmin", "nanargmax"}

_C_KIND = {"double": "'f'", "float": "'f'", "int64_t": "'i'", "int32_t": "'i'",
           "uint64_t": "'u'", "uint8_t": "'u'"}


def render_kernel_table(reg) -> str:
    """abi_kernels.h: a call function per exported kernel and the KERNELS table."""
    calls, rows = [], []
    for k in reg.KERNELS:
        family = reg.FAMILIES[k.family]
        args, flags = [], {"REDUCES"} if family.reduces else set()
        for param in family.params:
            if param not in PARAMETERS:
                raise AssertionError(f"family {family.name}: parameter {param} is new; teach "
                                     "tests/c/abi_edge.c and PARAMETERS in this file about it")
            field, flag = PARAMETERS[param]
            args.append(field)
            flags |= {flag} if flag else set()
        if k.name in NO_IDENTITY:
            flags.add("NO_IDENTITY")
        for sfx in k.dtypes:
            symbol = k.symbol(sfx)
            in_type, out_type = reg.DTYPES[sfx][1], k.out_c_type(sfx)
            calls.append(f"static int call_{symbol}(const struct call *c)\n"
                         f"{{\n    return {symbol}({', '.join(args)});\n}}\n")
            rows.append(f'    {{"{symbol}", call_{symbol}, {_C_KIND[in_type]}, '
                        f"{_C_KIND[out_type]}, sizeof({in_type}), sizeof({out_type}), "
                        f"{' | '.join(sorted(flags)) or '0'}}},")
    return ("/* Generated by tests/test_c_abi.py from mypkg/_registry.py. */\n"
            + "\n".join(calls)
            + "\nstatic const struct kernel KERNELS[] = {\n" + "\n".join(rows) + "\n};\n")


def test_kernel_table_covers_the_registry():
    """Every registered kernel and dtype gets a row (the generator knows every parameter)."""
    reg = build_ffi.load_registry()
    table = render_kernel_table(reg)
    assert table.count("static int call_") == sum(len(k.dtypes) for k in reg.KERNELS)
    assert '"mypkg_move_quantile_u64", call_mypkg_move_quantile_u64' in table
    assert "c->qs, c->nq, c->qstride" in table  # quantile's q array, not move_q's scalar


# ------------------------------------------------------------------------- build and run

def build_edge_program(tmp_path: Path, library: str, sanitize: bool) -> Path:
    (tmp_path / "abi_kernels.h").write_text(render_kernel_table(build_ffi.load_registry()))
    exe = tmp_path / "abi_edge"
    cmd = [CC, "-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror", "-I", str(ROOT / "csrc"),
           "-I", str(tmp_path), str(C_TESTS / "abi_edge.c"), "-o", str(exe),
           os.path.abspath(library), "-lm"] + (SANITIZE if sanitize else [])
    subprocess.run(cmd, check=True)
    return exe


def run_edge_program(exe: Path, sanitize: bool) -> None:
    env = dict(os.environ, **(SANITIZER_ENV if sanitize else {}))
    result = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    reg = build_ffi.load_registry()
    summary = re.search(r"(\d+) kernels, (\d+) calls, 0 failures", result.stdout)
    assert summary, report[-6000:]
    assert int(summary.group(1)) == sum(len(k.dtypes) for k in reg.KERNELS)


@needs_cc
def test_abi_edge_cases(tmp_path):
    """Every export: zero-length axes with NULL data, stride 0, negative strides, ndim 1 and
    64, bad ndim/axis/nthreads/sizes and each family's bad parameters give mypkg.h's codes."""
    info = mypkg.library_info()
    sanitize = info["variant"] == "asan"
    run_edge_program(build_edge_program(tmp_path, info["file"], sanitize), sanitize)


@needs_cc
@pytest.mark.skipif(not os.environ.get("MYPKG_ASAN_LIBRARY"),
                    reason="set MYPKG_ASAN_LIBRARY to a `build_ffi.py --variant asan` build")
def test_abi_edge_cases_asan(tmp_path):
    """The same program, with AddressSanitizer and UBSan in the library and the program."""
    library = os.environ["MYPKG_ASAN_LIBRARY"]
    run_edge_program(build_edge_program(tmp_path, library, sanitize=True), sanitize=True)


# ------------------------------------------------------------------------ MYPKG_CPU_FEATURES

x86_only = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64", "i686"),
                              reason="only x86 builds have AVX2 copies to switch off")


@needs_cc
@x86_only
def test_cpu_features_variable_is_read_at_load(tmp_path):
    """lanes.c's load-time check, compiled into a small program: "baseline" turns AVX2 off; any
    other value, empty or unset leaves what the CPU has."""
    exe = tmp_path / "cpu_features"
    subprocess.run([CC, "-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-I",
                    str(ROOT / "csrc"), str(C_TESTS / "cpu_features.c"),
                    str(ROOT / "csrc" / "lanes.c"), "-o", str(exe)], check=True)

    def have_avx2(value: str | None) -> tuple[int, int]:
        env = {k: v for k, v in os.environ.items() if k != "MYPKG_CPU_FEATURES"}
        if value is not None:
            env["MYPKG_CPU_FEATURES"] = value
        out = subprocess.run([str(exe)], capture_output=True, text=True, env=env, check=True)
        chosen, cpu = out.stdout.split()
        return int(chosen), int(cpu)

    chosen, cpu = have_avx2(None)
    assert chosen == cpu
    assert have_avx2("baseline") == (0, cpu)
    for other in ("native", "", "BASELINE", "avx2", "baseline,avx2"):
        assert have_avx2(other) == (cpu, cpu), other


_PATHS_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import mypkg

    rng = np.random.default_rng(7)
    results = {}
    for dtype in (np.float64, np.float32):
        a = rng.normal(3.0, 2.0, (64, 300)).astype(dtype)
        a[rng.random(a.shape) < 0.05] = np.nan
        for name in ("move_sum", "move_mean", "move_var", "move_std"):
            for axis in (0, 1):
                for window in (3, 40):
                    key = f"{name}-{dtype.__name__}-{axis}-{window}"
                    results[key] = getattr(mypkg, name)(a, window, axis=axis)
        b = np.ascontiguousarray(a[:, :257])
        for axis in (0, 1):
            kth = [3, 30, 50]
            results[f"partition-{dtype.__name__}-{axis}"] = mypkg.partition(b, kth, axis=axis)
            results[f"argpartition-{dtype.__name__}-{axis}"] = np.take_along_axis(
                b, mypkg.argpartition(b, kth, axis=axis), axis=axis)
            results[f"nanquantile-{dtype.__name__}-{axis}"] = mypkg.nanquantile(
                b, [0.1, 0.5, 0.9], axis=axis)
            results[f"nanmedian-{dtype.__name__}-{axis}"] = mypkg.nanmedian(b, axis=axis)
        results[f"replace-{dtype.__name__}"] = r = b.copy()
        mypkg.replace(r, np.nan, 0.0)
    np.savez(sys.argv[1], **results)
""")


def _results(tmp_path: Path, features: str | None) -> dict[str, np.ndarray]:
    env = {k: v for k, v in os.environ.items() if k != "MYPKG_CPU_FEATURES"}
    env["MYPKG_LIBRARY"] = mypkg.library_info()["file"]
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if features is not None:
        env["MYPKG_CPU_FEATURES"] = features
    target = tmp_path / f"{features}.npz"
    subprocess.run([sys.executable, "-c", _PATHS_SCRIPT, str(target)], env=env, check=True,
                   timeout=120)
    with np.load(target) as data:
        return dict(data)


def test_baseline_paths_agree_with_native(tmp_path):
    """MYPKG_CPU_FEATURES=baseline (the portable copies) gives the results of the CPU's own
    paths, as mypkg.h promises: exactly, except the last bits of float64 moments (the 2-wide
    copy splits a lane at other points and multiplies by a looked-up 1/(n(n-ddof)) where the
    4-wide one divides) and partition's order outside the kth positions (compared sorted)."""
    native, baseline = _results(tmp_path, None), _results(tmp_path, "baseline")
    assert native.keys() == baseline.keys()
    for key in native:
        x, y = native[key], baseline[key]
        if key.startswith("move_"):
            rtol = 1e-5 if "float32" in key else 1e-12
            np.testing.assert_allclose(x, y, rtol=rtol, atol=0, equal_nan=True, err_msg=key)
            continue
        if "partition" in key:
            axis = int(key[-1])
            for k in (3, 30, 50):
                np.testing.assert_array_equal(np.take(x, k, axis=axis), np.take(y, k, axis=axis),
                                              err_msg=key)
            x, y = np.sort(x, axis=axis), np.sort(y, axis=axis)
        np.testing.assert_array_equal(x, y, err_msg=key)
