"""Shared pytest set-up: report which native library the suite runs against."""

import mypkg
from mypkg import _library


def pytest_report_header(config):
    info = _library.current().info()
    return [f"mypkg {mypkg.__version__}: {info['path']} (variant {info['variant']}, "
            f"ABI {info['abi_version']})"]
