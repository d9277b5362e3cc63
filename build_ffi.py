"""Build mypkg's native parts: the plain C shared library and the two cffi modules.

The ABI-mode module (``_mypkg_ffi.py``, pure Python) dlopens and validates the library. The
API-mode module (``_mypkg_api.abi3.so``, limited API) holds no kernels: one trampoline per
header function, calling through a table of the library's function pointers that the loader
fills, generated from the preprocessed header like the cdef (so there is no second list).

``python build_ffi.py`` rebuilds all three in place (inside ``mypkg/``);
``python build_ffi.py --variant native --output /tmp/libmypkg-native.so`` builds one variant of
the library. The same file is the hatchling build hook behind ``pip install``.

The cdef handed to cffi is ``csrc/mypkg.h`` itself, run through the C preprocessor with
``MYPKG_CDEF`` defined, so the header stays the only description of the ABI.

``python build_ffi.py --generate`` rewrites the C text that comes from the kernel registry
(``mypkg/_registry.py``): the declarations in ``csrc/mypkg.h``, the exported definitions in
``csrc/exports.c`` and the internal ``csrc/kernels.h``. Every build regenerates them first, and
``--check`` fails if the committed files are stale.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CSRC = ROOT / "csrc"
HEADER = CSRC / "mypkg.h"
PACKAGE = ROOT / "mypkg"
FFI_MODULE = "_mypkg_ffi"
API_MODULE = "_mypkg_api"
REGISTRY = PACKAGE / "_registry.py"
GENERATED_BEGIN = "/* @generated-begin"
GENERATED_END = "/* @generated-end */"

COMMON_FLAGS = [
    "-std=c11", "-Wall", "-Wextra", "-fPIC", "-fvisibility=hidden", "-DMYPKG_BUILDING",
    # results stay IEEE-exact; these only let GCC if-convert and vectorize NaN tests and sqrt
    "-fno-trapping-math", "-fno-math-errno",
]
LINK_FLAGS = ["-shared", "-Wl,-Bsymbolic", "-lm"]
VARIANTS = {
    "default": ["-O3", "-DNDEBUG"],
    "native": ["-O3", "-march=native", "-DNDEBUG"],
    "debug": ["-O0", "-g", "-UNDEBUG"],
    "asan": ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined",
             "-fno-sanitize-recover=undefined"],
}


def compiler() -> list[str]:
    """The C compiler command: $CC if set, else ``cc``."""
    return shlex.split(os.environ.get("CC", "cc"))


def library_filename(variant: str = "default") -> str:
    """File name of a variant's library as placed inside the package."""
    suffix = ".dylib" if sys.platform == "darwin" else ".so"
    return f"libmypkg{suffix}" if variant == "default" else f"libmypkg-{variant}{suffix}"


def package_version() -> str:
    text = (PACKAGE / "_version.py").read_text()
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def read_cdef() -> str:
    """The header's declarations as cffi should see them (macros expanded)."""
    cmd = compiler() + ["-E", "-P", "-DMYPKG_CDEF", "-x", "c", str(HEADER)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


# ------------------------------------------------------------------------- generated C text


def load_registry():
    """mypkg/_registry.py as a module, without importing mypkg (which needs a built library)."""
    spec = importlib.util.spec_from_file_location("mypkg_registry", REGISTRY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def _wrap(prefix: str, name: str, pieces: list[str], suffix: str = "") -> str:
    """`prefix name(piece, piece, ...)suffix`, continuation lines aligned after the parenthesis,
    wrapped at 100 columns."""
    line = f"{prefix}{name}("
    indent = " " * len(line)
    lines = []
    for i, piece in enumerate(pieces):
        piece += ")" + suffix if i == len(pieces) - 1 else ","
        if not line.endswith("(") and len(line) + 1 + len(piece) > 100:
            lines.append(line)
            line = indent + piece
        else:
            line += ("" if line.endswith("(") else " ") + piece
    return "\n".join(lines + [line])


def _params(params) -> list[str]:
    return [f"{ctype}{'' if ctype.endswith('*') else ' '}{name}" for ctype, name in params]


def render_declarations(reg) -> str:
    """The exported kernel declarations for csrc/mypkg.h, one block per kernel."""
    out = []
    for k in reg.KERNELS:
        params = reg.FAMILIES[k.family].params
        outs = ", ".join(f"{sfx} -> {k.out_c_type(sfx)}" for sfx in k.dtypes)
        out.append(f"/* {k.name} ({k.family}): {outs} */"
                   if len(k.name + k.family + outs) < 88 else
                   f"/* {k.name} ({k.family}):\n * {outs} */")
        for sfx in k.dtypes:
            out.append(_wrap("MYPKG_API int ", k.symbol(sfx), _params(params), ";"))
        out.append("")
    return "\n".join(out)


def render_kernels_h(reg) -> str:
    dts = list(reg.DTYPES.items())
    enum = ", ".join(dt for _, (dt, _, _) in dts)
    lines = [
        "/* kernels.h: generated by `python build_ffi.py --generate` from mypkg/_registry.py;",
        " * do not edit. The internal side of the registry: the dtype enum, the kernel descriptor",
        " * every family file defines per (kernel, dtype), and each family's entry function. */",
        "#ifndef MYPKG_KERNELS_H",
        "#define MYPKG_KERNELS_H",
        "",
        '#include "lanes.h"',
        "",
        "/* The input element types with kernels, in the registry's order. */",
        f"enum dt {{ {enum}, NDT }};",
        "",
        "/* X(sfx, DT, ...) for every dtype, in enum dt order. */",
        "#define FOR_EACH_DTYPE(X, ...) \\",
        *[f"    X({sfx}, {dt}, __VA_ARGS__)" + (" \\" if i < len(dts) - 1 else "")
          for i, (sfx, (dt, _, _)) in enumerate(dts)],
        "",
        "/* Family entry functions: validate the family's parameters, then run the lane driver. */",
    ]
    for fam in reg.FAMILIES.values():
        params = (("const struct mypkg_kernel *", "k"),) + fam.params
        lines.append(_wrap("int ", fam.entry, _params(params), ";"))
    lines.append("")
    lines.append("/* One descriptor per kernel and dtype, defined by the kernel's family file. */")
    for k in reg.KERNELS:
        names = ", ".join(f"{k.name}_kernel_{sfx}" for sfx in k.dtypes)
        decl = f"extern const struct mypkg_kernel {names};"
        wrapped = "extern const struct mypkg_kernel\n    " + names.replace(", ", ",\n    ") + ";"
        lines.append(decl if len(decl) <= 100 else wrapped)
    lines += ["", "#endif /* MYPKG_KERNELS_H */", ""]
    return "\n".join(lines)


def render_exports_c(reg) -> str:
    lines = [
        "/* exports.c: generated by `python build_ffi.py --generate` from mypkg/_registry.py; do",
        " * not edit. Every exported kernel: its family's entry function called with its",
        " * descriptor. */",
        '#include "kernels.h"',
        "",
    ]
    for k in reg.KERNELS:
        fam = reg.FAMILIES[k.family]
        for sfx in k.dtypes:
            lines.append(_wrap("MYPKG_API int ", k.symbol(sfx), _params(fam.params)))
            lines.append("{")
            args = [f"&{k.name}_kernel_{sfx}"] + [p for _, p in fam.params]
            lines.append(_wrap("    return ", fam.entry, args, ";"))
            lines.append("}")
            lines.append("")
    return "\n".join(lines)


def generated_files() -> dict[Path, str]:
    """Every file (or header block) the registry determines, with its up-to-date text."""
    reg = load_registry()
    header = HEADER.read_text()
    begin = header.index(GENERATED_BEGIN)
    begin = header.index("\n", begin) + 1
    end = header.index(GENERATED_END)
    header = header[:begin] + render_declarations(reg) + header[end:]
    return {HEADER: header, CSRC / "kernels.h": render_kernels_h(reg),
            CSRC / "exports.c": render_exports_c(reg)}


def generate(check: bool = False) -> list[Path]:
    """Write the registry's C text where it is stale; return the stale files. With check=True,
    write nothing."""
    stale = {path: text for path, text in generated_files().items()
             if not path.is_file() or path.read_text() != text}
    if not check:
        for path, text in stale.items():
            path.write_text(text)
    return list(stale)


def build_library(variant: str = "default", output: Path | None = None) -> Path:
    """Compile csrc/*.c into the plain shared library for one variant; return its path."""
    if variant not in VARIANTS:
        raise SystemExit(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    output = Path(output) if output else PACKAGE / library_filename(variant)
    output.parent.mkdir(parents=True, exist_ok=True)
    generate()
    cc = compiler()
    version_line = subprocess.run(cc + ["--version"], capture_output=True, text=True).stdout
    flags = COMMON_FLAGS + VARIANTS[variant]
    compiler_name = version_line.splitlines()[0] if version_line else cc[0]
    info = f"variant={variant}; compiler={compiler_name}; flags={' '.join(flags)}"
    info = info.replace("\\", "/").replace('"', "'")
    defines = [f'-DMYPKG_BUILD_INFO="{info}"', f'-DMYPKG_VERSION_STRING="{package_version()}"']
    sources = sorted(CSRC.glob("*.c"))
    with tempfile.TemporaryDirectory() as tmp:
        objects = [str(Path(tmp) / (src.stem + ".o")) for src in sources]
        # One compiler per source, as many at once as there are CPUs: the moment kernels
        # alone take over a minute at -O3, so a serial build would wait on them last.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for done in pool.map(subprocess.run,
                                 [cc + flags + defines + ["-c", str(src), "-o", obj]
                                  for src, obj in zip(sources, objects, strict=True)]):
                done.check_returncode()
        subprocess.run(cc + flags + ["-o", str(output)] + objects + LINK_FLAGS, check=True)
    return output


def build_ffi_module(output_dir: Path = PACKAGE) -> Path:
    """Emit the out-of-line ABI-mode cffi module (pure Python) into output_dir."""
    import cffi

    generate()
    ffibuilder = cffi.FFI()
    ffibuilder.cdef(read_cdef())
    ffibuilder.set_source(f"mypkg.{FFI_MODULE}", None)
    target = Path(output_dir) / f"{FFI_MODULE}.py"
    ffibuilder.emit_python_code(str(target))
    return target


# ------------------------------------------------------------------ the compiled call path

_DECLARATION = re.compile(r"([^;{}]*?)\b(mypkg_\w+)\s*\(([^)]*)\)\s*;")


def header_functions(cdef: str) -> list[tuple[str, str, list[str]]]:
    """(return type, name, parameter declarations) of every function the header declares."""
    found = []
    for ret, name, params in _DECLARATION.findall(cdef):
        pieces = [" ".join(p.split()) for p in params.split(",")]
        found.append((" ".join(ret.split()), name, [] if pieces == ["void"] else pieces))
    return found


def _param_name(declaration: str) -> str:
    return re.findall(r"\w+", declaration)[-1]


def render_api(cdef: str) -> tuple[str, str]:
    """The cdef and the C source of the API-mode module: per header function one trampoline of
    the same name that takes a table of the library's function pointers first and calls entry
    i of it, plus the table's length and symbol names (the order the loader fills it in)."""
    funcs = header_functions(cdef)
    table = "void *const *table"
    decls, source = [], ["#include <stdint.h>", ""]
    for i, (ret, name, params) in enumerate(funcs):
        decls.append(f"{ret} {name}({', '.join([table] + params)});")
        fn_type = f"{ret} (*)({', '.join(params) or 'void'})"
        call = ", ".join(_param_name(p) for p in params)
        source += [f"static {ret} {name}({', '.join([table] + params)})",
                   f"{{\n    return (({fn_type})table[{i}])({call});\n}}"]
    names = ",\n    ".join(f'"{name}"' for _, name, _ in funcs)
    decls += ["int mypkg_api_count(void);", "const char *mypkg_api_symbol(int i);"]
    source += [f"static const char *const symbols[] = {{\n    {names}\n}};",
               f"static int mypkg_api_count(void) {{ return {len(funcs)}; }}",
               "static const char *mypkg_api_symbol(int i)",
               f"{{\n    return i >= 0 && i < {len(funcs)} ? symbols[i] : 0;\n}}", ""]
    return "\n".join(decls) + "\n", "\n".join(source)


def build_api_module(output_dir: Path = PACKAGE) -> Path:
    """Compile the API-mode module (trampolines only, limited API: abi3) into output_dir."""
    import cffi

    generate()
    cdef, source = render_api(read_cdef())
    ffibuilder = cffi.FFI()
    ffibuilder.cdef(cdef)
    ffibuilder.set_source(f"mypkg.{API_MODULE}", source, py_limited_api=True,
                          extra_compile_args=["-O2"])
    with tempfile.TemporaryDirectory(prefix="mypkg-api-") as tmp:
        built = Path(ffibuilder.compile(tmpdir=tmp, verbose=False))
        Path(output_dir).mkdir(parents=True, exist_ok=True)
        for old in Path(output_dir).glob(f"{API_MODULE}.*"):
            old.unlink()
        target = Path(output_dir) / built.name
        shutil.copyfile(built, target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", default="default", choices=sorted(VARIANTS),
                        help="which build of the library to make (default: %(default)s)")
    parser.add_argument("--output", type=Path,
                        help="where to write the library (default: inside mypkg/)")
    parser.add_argument("--generate", action="store_true",
                        help="only rewrite the C text generated from mypkg/_registry.py")
    parser.add_argument("--check", action="store_true",
                        help="only check that the generated C text is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    if args.generate or args.check:
        stale = generate(check=args.check)
        for path in stale:
            print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
        raise SystemExit(1 if args.check and stale else 0)
    print(build_library(args.variant, args.output))
    if args.output is None:  # an in-place build also refreshes the package's cffi modules
        print(build_ffi_module())
        print(build_api_module())


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # plain `python build_ffi.py` does not need hatchling
    BuildHookInterface = object


# the oldest Python the wheel's abi3 module serves (pyproject.toml's requires-python)
ABI3_TAG = "cp310-abi3"


class MypkgBuildHook(BuildHookInterface):
    """Hatchling hook: build the library and both cffi modules, ship them in one abi3 wheel per
    platform (the compiled module uses only the limited API; the library no Python at all)."""

    PLUGIN_NAME = "custom"
    _build_dir: Path | None = None

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"{ABI3_TAG}-{platform}"
        if version == "editable":
            # the editable install imports mypkg/ from this tree: build right there
            build_library()
            build_ffi_module()
            build_api_module()
            return
        # removed by finalize once the wheel holds the files (and at exit if the build fails)
        self._build_dir = out = Path(tempfile.mkdtemp(prefix="mypkg-build-"))
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        for built in (build_library(output=out / library_filename()), build_ffi_module(out),
                      build_api_module(out)):
            build_data["force_include"][str(built)] = f"mypkg/{built.name}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._build_dir is not None:
            shutil.rmtree(self._build_dir, ignore_errors=True)
            self._build_dir = None


if __name__ == "__main__":
    main()
