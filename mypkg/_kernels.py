"""The Python side of the kernel registry (``_registry.py``): for every kernel, its symbols, the
dtype its C kernels write per input dtype, and the dtype the public function returns.

Family modules look their kernels up in ``KERNELS`` by name; nothing here is written by hand
per kernel.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _registry

# dtypes with native kernels, by the suffix of their symbols (mypkg_<op>_<suffix>)
NATIVE: dict[np.dtype, str] = {np.dtype(np_name): sfx
                               for sfx, (_, _, np_name) in _registry.DTYPES.items()}
SUFFIX_DTYPE: dict[str, np.dtype] = {sfx: dt for dt, sfx in NATIVE.items()}

_F64 = np.dtype(np.float64)


def numpy_result(twin: Callable[[np.ndarray], object]) -> Callable[[np.dtype], np.dtype]:
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


def _result_rule(name: str) -> Callable[[np.dtype], np.dtype]:
    """The registry's ``result`` string as a rule (see ``_registry.Kernel.result``)."""
    if name == "same":
        return same_result
    if name == "float":
        return float_result
    if name == "sum_of_squares":
        return numpy_result(lambda x: np.sum(x * x))
    if name.startswith("numpy:"):
        return numpy_result(getattr(np, name.removeprefix("numpy:")))
    fixed = np.dtype(name)
    return lambda _: fixed


@dataclass(frozen=True)
class KernelSpec:
    """One operation: its symbol prefix, what its C kernels write, what the caller gets."""

    name: str  # symbols are mypkg_<name>_<suffix>
    family: str  # a key of _registry.FAMILIES
    kernel_outs: tuple[tuple[str, np.dtype], ...]  # (suffix, C output dtype) per suffix
    result_rule: Callable[[np.dtype], np.dtype]  # input dtype -> public result dtype
    partial: bool  # may fail after writing some lanes: never write into out directly

    def symbol(self, sfx: str) -> str:
        return f"mypkg_{self.name}_{sfx}"

    def kernel_out(self, sfx: str) -> np.dtype:
        return dict(self.kernel_outs)[sfx]

    def result_dtype(self, dtype: np.dtype) -> np.dtype:
        return _cached_result(self, dtype)


@functools.lru_cache(maxsize=None)
def _cached_result(spec: KernelSpec, dtype: np.dtype) -> np.dtype:
    return np.dtype(spec.result_rule(dtype))


KERNELS: dict[str, KernelSpec] = {
    k.name: KernelSpec(
        name=k.name, family=k.family,
        kernel_outs=tuple((sfx, np.dtype(_registry.OUTPUTS[k.output][sfx])) for sfx in k.dtypes),
        result_rule=_result_rule(k.result), partial=k.partial)
    for k in _registry.KERNELS
}
