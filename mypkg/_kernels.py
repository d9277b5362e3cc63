"""The Python side of the kernel registry (``_registry.py``): for every kernel, its symbols, the
dtype its C kernels write per input dtype, the dtype the public function returns, and what the
planner (``_arrays``) needs to know about its family.

Family modules look their kernels up in ``KERNELS`` by name; nothing here is written by hand
per kernel.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import _registry

# dtypes with native kernels, by the suffix of their symbols (mypkg_<op>_<suffix>)
NATIVE: dict[np.dtype[Any], str] = {np.dtype(np_name): sfx
                                    for sfx, (_, _, np_name) in _registry.DTYPES.items()}
SUFFIX_DTYPE: dict[str, np.dtype[Any]] = {sfx: dt for dt, sfx in NATIVE.items()}

_F64: np.dtype[Any] = np.dtype(np.float64)

DtypeRule = Callable[[np.dtype[Any]], np.dtype[Any]]


def numpy_result(twin: Callable[[NDArray[Any]], object]) -> DtypeRule:
    """A result-dtype rule: whatever ``twin`` (a NumPy function) returns for that dtype."""
    def rule(dtype: np.dtype[Any]) -> np.dtype[Any]:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return np.asarray(twin(np.ones(2, dtype))).dtype
    return rule


def float_result(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """A result-dtype rule: float32 and float16 stay themselves (in native byte order),
    everything else is float64."""
    return dtype.newbyteorder("=") if dtype.kind == "f" and dtype.itemsize <= 4 else _F64


def same_result(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """A result-dtype rule: the input's dtype, in native byte order."""
    native: np.dtype[Any] = dtype.newbyteorder("=")
    return native


def _sum_of_squares(x: NDArray[Any]) -> object:
    return np.sum(x * x)


def _result_rule(name: str) -> DtypeRule:
    """The registry's ``result`` string as a rule (see ``_registry.Kernel.result``)."""
    if name == "same":
        return same_result
    if name == "float":
        return float_result
    if name == "sum_of_squares":
        return numpy_result(_sum_of_squares)
    if name.startswith("numpy:"):
        return numpy_result(getattr(np, name.removeprefix("numpy:")))
    fixed = np.dtype(name)
    return lambda _: fixed


@dataclass(frozen=True, eq=False)  # one instance per kernel: hashed by identity
class KernelSpec:
    """One operation: its symbol prefix, what its C kernels write, what the caller gets, and
    the shape of its family's call."""

    name: str  # symbols are mypkg_<name>_<suffix>
    family: str  # a key of _registry.FAMILIES
    outs: dict[str, np.dtype[Any]]  # C output dtype per input suffix
    result_rule: DtypeRule  # input dtype -> public result dtype
    partial: bool  # may fail after writing some lanes: never write into out directly
    reduces: bool  # the result lacks the lane axis (the family's ``reduces``)
    in_place: bool  # the kernel rewrites its input (the family has no ``out`` parameter)
    # The result is a position within a lane, so merged axes must be walked in C order.
    ordered: bool
    # (symbol, C output dtype) per native input dtype: one look-up on the hot paths
    native: dict[np.dtype[Any], tuple[str, np.dtype[Any]]] = field(init=False)
    _results: dict[np.dtype[Any], np.dtype[Any]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "native", {dt: (self.symbol(sfx), self.outs[sfx])
                                            for dt, sfx in NATIVE.items() if sfx in self.outs})

    def symbol(self, sfx: str) -> str:
        return f"mypkg_{self.name}_{sfx}"

    def kernel_out(self, sfx: str) -> np.dtype[Any]:
        return self.outs[sfx]

    def result_dtype(self, dtype: np.dtype[Any]) -> np.dtype[Any]:
        try:
            return self._results[dtype]
        except KeyError:
            return self._results.setdefault(dtype, np.dtype(self.result_rule(dtype)))


def _spec(k: _registry.Kernel) -> KernelSpec:
    family = _registry.FAMILIES[k.family]
    return KernelSpec(
        name=k.name, family=k.family,
        outs={sfx: np.dtype(_registry.OUTPUTS[k.output][sfx]) for sfx in k.dtypes},
        result_rule=_result_rule(k.result), partial=k.partial, reduces=family.reduces,
        in_place=all(name != "out" for _, name in family.params),
        ordered=k.output == "index")


KERNELS: dict[str, KernelSpec] = {k.name: _spec(k) for k in _registry.KERNELS}
