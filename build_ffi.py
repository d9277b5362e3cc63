"""Build mypkg's native parts: the plain C shared library and the cffi ABI-mode module.

``python build_ffi.py`` rebuilds both in place (inside ``mypkg/``);
``python build_ffi.py --variant native --output /tmp/libmypkg-native.so`` builds one variant of
the library. The same file is the hatchling build hook behind ``pip install``.

The cdef handed to cffi is ``csrc/mypkg.h`` itself, run through the C preprocessor with
``MYPKG_CDEF`` defined, so the header stays the only description of the ABI.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
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


def build_library(variant: str = "default", output: Path | None = None) -> Path:
    """Compile csrc/*.c into the plain shared library for one variant; return its path."""
    if variant not in VARIANTS:
        raise SystemExit(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    output = Path(output) if output else PACKAGE / library_filename(variant)
    output.parent.mkdir(parents=True, exist_ok=True)
    cc = compiler()
    version_line = subprocess.run(cc + ["--version"], capture_output=True, text=True).stdout
    flags = COMMON_FLAGS + VARIANTS[variant]
    info = (f"variant={variant}; compiler={version_line.splitlines()[0] if version_line else cc[0]}; "
            f"flags={' '.join(flags)}")
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
                                  for src, obj in zip(sources, objects)]):
                done.check_returncode()
        subprocess.run(cc + flags + ["-o", str(output)] + objects + LINK_FLAGS, check=True)
    return output


def build_ffi_module(output_dir: Path = PACKAGE) -> Path:
    """Emit the out-of-line ABI-mode cffi module (pure Python) into output_dir."""
    import cffi

    ffibuilder = cffi.FFI()
    ffibuilder.cdef(read_cdef())
    ffibuilder.set_source(f"mypkg.{FFI_MODULE}", None)
    target = Path(output_dir) / f"{FFI_MODULE}.py"
    ffibuilder.emit_python_code(str(target))
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", default="default", choices=sorted(VARIANTS),
                        help="which build of the library to make (default: %(default)s)")
    parser.add_argument("--output", type=Path,
                        help="where to write the library (default: inside mypkg/)")
    args = parser.parse_args(argv)
    print(build_library(args.variant, args.output))
    if args.output is None:  # an in-place build also refreshes the package's cffi module
        print(build_ffi_module())


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # plain `python build_ffi.py` does not need hatchling
    BuildHookInterface = object


class MypkgBuildHook(BuildHookInterface):
    """Hatchling hook: build the library and ffi module, ship them in a py3-none wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"
        if version == "editable":
            # the editable install imports mypkg/ from this tree: build right there
            build_library()
            build_ffi_module()
            return
        out = Path(tempfile.mkdtemp(prefix="mypkg-build-"))
        lib = build_library(output=out / library_filename())
        ffi = build_ffi_module(out)
        build_data["force_include"][str(lib)] = f"mypkg/{lib.name}"
        build_data["force_include"][str(ffi)] = f"mypkg/{ffi.name}"


if __name__ == "__main__":
    main()
