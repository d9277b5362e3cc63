"""Shared pytest set-up: the --mypkg-library option (run the whole suite against any build
of csrc/mypkg.h: a path or a variant name), the --mypkg-call-path option (the compiled API-mode
module or the pure ABI-mode fallback), a header naming both, and the hypothesis profile CI
runs with."""

import os

import pytest
from hypothesis import HealthCheck, settings

import mypkg
from mypkg import _library

# CI (which .ci/run marks by exporting CI) draws the same examples on every run, so a red
# build is reproducible and never a lucky draw; locally each run explores new examples.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
if "CI" in os.environ:
    settings.load_profile("ci")


def pytest_addoption(parser):
    parser.addoption(
        "--mypkg-library", metavar="PATH_OR_VARIANT", default=None,
        help="run the suite against this native library: a path to a build of csrc/mypkg.h or "
             "a variant built into the package (default, native, debug, asan)")
    parser.addoption(
        "--mypkg-call-path", choices=("abi", "api"), default=None,
        help="how kernels are called: api (the compiled cffi module, the default when built) "
             "or abi (the pure cffi ABI-mode fallback)")


def pytest_configure(config):
    library = config.getoption("--mypkg-library")
    path = config.getoption("--mypkg-call-path")
    try:
        if path:
            _library.set_call_path(path)
        if library:
            mypkg.load_library(library)
    except mypkg.LibraryError as exc:
        raise pytest.UsageError(f"--mypkg-library / --mypkg-call-path: {exc}") from None


def pytest_report_header(config):
    info = mypkg.library_info()
    return [(f"mypkg {mypkg.__version__}: {info['path']} (variant {info['variant']}, "
             f"ABI {info['abi_version']}, call path {_library.call_path()})")]
