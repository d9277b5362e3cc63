"""The kernel table machinery shared by every family: which symbol computes an operation for a
dtype, which element type that C kernel writes, and which dtype the public function returns.

A family module declares one ``KernelSpec`` per operation; csrc/mypkg.h is the authority on
the output element types, mirrored by ``OUT_KINDS`` (checked by tests/test_build.py).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

# dtypes with native kernels, by the suffix of their symbols (mypkg_<op>_<suffix>)
NATIVE = {np.dtype(np.float64): "f64", np.dtype(np.float32): "f32", np.dtype(np.int64): "i64",
          np.dtype(np.int32): "i32", np.dtype(np.uint64): "u64"}
SUFFIX_DTYPE = {sfx: dt for dt, sfx in NATIVE.items()}

_F64, _F32, _I64, _U64 = (np.dtype(t) for t in (np.float64, np.float32, np.int64, np.uint64))

# What a kernel family writes, by input suffix (see the table in csrc/mypkg.h).
OUT_KINDS: dict[str, Callable[[str], np.dtype]] = {
    "same": lambda sfx: SUFFIX_DTYPE[sfx],
    "sum": lambda sfx: {"f64": _F64, "f32": _F32, "u64": _U64}.get(sfx, _I64),
    "float": lambda sfx: _F32 if sfx == "f32" else _F64,
    "f64": lambda sfx: _F64,
    "index": lambda sfx: _I64,
    "bool": lambda sfx: np.dtype(np.bool_),
}


def numpy_result(twin: Callable[[np.ndarray], Any]) -> Callable[[np.dtype], np.dtype]:
    """A result-dtype rule: whatever ``twin`` (a NumPy function) returns for that dtype."""
    def rule(dtype: np.dtype) -> np.dtype:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return np.asarray(twin(np.ones(2, dtype))).dtype
    return rule


def float_result(dtype: np.dtype) -> np.dtype:
    """A result-dtype rule: float32 and float16 stay themselves (in native byte order),
    everything else is float64."""
    return dtype.newbyteorder("=") if dtype.kind == "f" and dtype.itemsize <= 4 else _F64


def same_result(dtype: np.dtype) -> np.dtype:
    """A result-dtype rule: the input's dtype, in native byte order."""
    return dtype.newbyteorder("=")


@dataclass(frozen=True)
class KernelSpec:
    """One operation: its symbol prefix, what its C kernels write, what the caller gets."""

    name: str  # symbols are mypkg_<name>_<suffix>
    out_kind: str  # a key of OUT_KINDS
    result_rule: Callable[[np.dtype], np.dtype]  # input dtype -> public result dtype
    may_fail: bool = False  # can fail after writing some lanes: never write into out directly

    def symbol(self, sfx: str) -> str:
        return f"mypkg_{self.name}_{sfx}"

    def kernel_out(self, sfx: str) -> np.dtype:
        return OUT_KINDS[self.out_kind](sfx)

    def result_dtype(self, dtype: np.dtype) -> np.dtype:
        return _cached_result(self, dtype)


@functools.lru_cache(maxsize=None)
def _cached_result(spec: KernelSpec, dtype: np.dtype) -> np.dtype:
    return np.dtype(spec.result_rule(dtype))


def fixed(dtype: Any) -> Callable[[np.dtype], np.dtype]:
    """A result-dtype rule that ignores the input dtype."""
    result = np.dtype(dtype)
    return lambda _: result
