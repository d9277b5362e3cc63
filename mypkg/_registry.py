"""The kernel registry: the one list of mypkg's native kernels, their dtypes and output rules.

Every row of ``KERNELS`` names an operation, its family (which fixes the C parameter list and
the internal entry function its exports call), the element type its C kernels write per input
dtype, and the dtype the public Python function returns. From this file alone:

- ``python build_ffi.py --generate`` writes the declarations in ``csrc/mypkg.h``, the exported
  definitions in ``csrc/exports.c`` and the internal table ``csrc/kernels.h``;
- ``mypkg._kernels`` builds the Python kernel table (symbols, kernel and result dtypes).

Adding a kernel: one row here, its C kernel (defining ``<name>_kernel_<sfx>`` for every dtype
suffix), its wrapper with docstring, tests and the README row. Standard library only: the build
loads this file without importing mypkg.
"""

from __future__ import annotations

from dataclasses import dataclass

# Input dtypes with native kernels, in the order of the C `enum dt`: symbol suffix ->
# (enum constant, C element type, NumPy dtype name).
DTYPES: dict[str, tuple[str, str, str]] = {
    "f64": ("F64", "double", "float64"),
    "f32": ("F32", "float", "float32"),
    "i64": ("I64", "int64_t", "int64"),
    "i32": ("I32", "int32_t", "int32"),
    "u64": ("U64", "uint64_t", "uint64"),
}

# C element type of each NumPy dtype a kernel may write.
C_TYPES: dict[str, str] = {
    "float64": "double", "float32": "float", "int64": "int64_t", "int32": "int32_t",
    "uint64": "uint64_t", "bool": "uint8_t",
}

# What a kernel writes (its output element type), by input suffix.
OUTPUTS: dict[str, dict[str, str]] = {
    "same": {sfx: np_name for sfx, (_, _, np_name) in DTYPES.items()},
    "sum": {"f64": "float64", "f32": "float32", "i64": "int64", "i32": "int64",
            "u64": "uint64"},
    "float": {sfx: "float32" if sfx == "f32" else "float64" for sfx in DTYPES},
    "f64": {sfx: "float64" for sfx in DTYPES},
    "index": {sfx: "int64" for sfx in DTYPES},
    "bool": {sfx: "bool" for sfx in DTYPES},
    "count": {sfx: "int64" for sfx in DTYPES},  # issue 13: nancount
}

# The arguments every array kernel starts with: input, geometry, output, axis.
_ARRAY = (("const void *", "a"), ("int64_t", "ndim"), ("const int64_t *", "shape"),
          ("const int64_t *", "astrides"), ("void *", "out"), ("const int64_t *", "ostrides"),
          ("int64_t", "axis"))
_WINDOW = (("int64_t", "window"), ("int64_t", "min_count"))
_THREADS = (("int64_t", "nthreads"),)
# issue 14: grouped reductions take one label per lane element (contiguous) and the group count
_GROUPS = (("const int64_t *", "labels"), ("int64_t", "num_labels"))
# issue 13: a second input array, and an alpha array with the minimum weight
_SECOND = (("const void *", "b"), ("const int64_t *", "bstrides"))
_ALPHA = (("const void *", "alpha"), ("const int64_t *", "alphastrides"),
          ("double", "min_weight"))
# end issue 13


@dataclass(frozen=True)
class Family:
    """A C calling convention shared by several kernels."""

    name: str
    params: tuple[tuple[str, str], ...]  # (C type, name) of every exported parameter
    reduces: bool  # True: the output lacks the axis (ostrides[axis] is ignored)

    @property
    def entry(self) -> str:
        """The internal C function every export of this family calls with its kernel."""
        return f"{self.name}_entry"


FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("reduce", _ARRAY + _THREADS, True),
    Family("reduce_ddof", _ARRAY + (("int64_t", "ddof"),) + _THREADS, True),
    Family("quantile", _ARRAY + (("const double *", "q"), ("int64_t", "nq"),
                                 ("int64_t", "qstride")) + _THREADS, True),
    Family("map", _ARRAY + _THREADS, False),
    Family("kth", _ARRAY + (("const int64_t *", "kth"), ("int64_t", "nkth")) + _THREADS, False),
    Family("fill", _ARRAY + (("int64_t", "limit"),) + _THREADS, False),
    Family("replace", (("void *", "a"), ("int64_t", "ndim"), ("const int64_t *", "shape"),
                       ("const int64_t *", "strides"), ("int64_t", "axis"),
                       ("const void *", "old_new")) + _THREADS, False),
    Family("move", _ARRAY + _WINDOW + _THREADS, False),
    Family("move_ddof", _ARRAY + _WINDOW + (("int64_t", "ddof"),) + _THREADS, False),
    Family("move_q", _ARRAY + _WINDOW + (("double", "q"),) + _THREADS, False),
    # issue 14: grouped reductions. Not `reduces`: the output keeps the axis, with num_labels
    # groups along it at ostrides[axis].
    Family("group", _ARRAY + _GROUPS + _THREADS, False),
    Family("group_ddof", _ARRAY + _GROUPS + (("int64_t", "ddof"),) + _THREADS, False),
    # issue 13: kernels reading several arrays of the lane geometry (csrc/multi.c): b (a second
    # input) and alpha (per-element decay factors, float64) have their own byte strides.
    Family("move_exp", _ARRAY + _ALPHA + _THREADS, False),
    Family("move_exp2", _ARRAY + _SECOND + _ALPHA + _THREADS, False),
    Family("move_pair", _ARRAY + _SECOND + _WINDOW + (("int64_t", "ddof"),) + _THREADS, False),
    # end issue 13
)}


@dataclass(frozen=True)
class Kernel:
    """One operation with a native kernel per dtype suffix."""

    name: str  # exported as mypkg_<name>_<sfx>
    family: str  # a key of FAMILIES
    output: str  # a key of OUTPUTS: the element type the C kernel writes
    # The dtype the public function returns for an input dtype: "same" (the input's, native
    # byte order), "float" (float16/32 kept, else float64), "numpy:<f>" (what np.<f> gives),
    # "sum_of_squares" (what np.sum(a * a) gives), or a NumPy dtype name.
    result: str
    # True if a failing call may already have written some lanes (so the wrapper never lets
    # it write into the caller's out directly).
    partial: bool = False
    dtypes: tuple[str, ...] = tuple(DTYPES)

    def symbol(self, sfx: str) -> str:
        return f"mypkg_{self.name}_{sfx}"

    def out_c_type(self, sfx: str) -> str:
        return C_TYPES[OUTPUTS[self.output][sfx]]


KERNELS: tuple[Kernel, ...] = (
    # reductions (csrc/reduce.c)
    Kernel("nansum", "reduce", "sum", "numpy:nansum"),
    Kernel("ss", "reduce", "sum", "sum_of_squares"),
    Kernel("nanmean", "reduce", "float", "numpy:nanmean"),
    Kernel("nanvar", "reduce_ddof", "float", "numpy:nanvar"),
    Kernel("nanstd", "reduce_ddof", "float", "numpy:nanstd"),
    Kernel("nanmin", "reduce", "same", "numpy:nanmin"),
    Kernel("nanmax", "reduce", "same", "numpy:nanmax"),
    Kernel("nanargmin", "reduce", "index", "intp", partial=True),
    Kernel("nanargmax", "reduce", "index", "intp", partial=True),
    Kernel("anynan", "reduce", "bool", "bool"),
    Kernel("allnan", "reduce", "bool", "bool"),
    Kernel("median", "reduce", "float", "numpy:median"),
    Kernel("nanmedian", "reduce", "float", "numpy:nanmedian"),
    # ranking, partitioning, filling, replacing, quantiles (csrc/nonreduce.c)
    Kernel("rankdata", "map", "f64", "float64"),
    Kernel("nanrankdata", "map", "f64", "float64"),
    Kernel("partition", "kth", "same", "same"),
    Kernel("argpartition", "kth", "index", "intp"),
    Kernel("push", "fill", "same", "same"),
    Kernel("bfill", "fill", "same", "same"),
    Kernel("replace", "replace", "same", "same"),
    Kernel("quantile", "quantile", "float", "float"),
    Kernel("nanquantile", "quantile", "float", "float"),
    # moving windows (csrc/move_*.c)
    Kernel("move_sum", "move", "float", "float"),
    Kernel("move_mean", "move", "float", "float"),
    Kernel("move_var", "move_ddof", "float", "float"),
    Kernel("move_std", "move_ddof", "float", "float"),
    Kernel("move_min", "move", "float", "float"),
    Kernel("move_max", "move", "float", "float"),
    Kernel("move_argmin", "move", "float", "float"),
    Kernel("move_argmax", "move", "float", "float"),
    Kernel("move_median", "move", "float", "float"),
    Kernel("move_quantile", "move_q", "float", "float"),
    Kernel("move_rank", "move", "float", "float"),
    # issue 14: grouped reductions (csrc/group.c)
    Kernel("group_nansum", "group", "sum", "numpy:nansum"),
    Kernel("group_nansum_of_squares", "group", "sum", "sum_of_squares"),
    Kernel("group_nanprod", "group", "sum", "numpy:nanprod"),
    Kernel("group_nancount", "group", "index", "intp"),
    Kernel("group_nanmean", "group", "float", "float"),
    Kernel("group_nanvar", "group_ddof", "float", "float"),
    Kernel("group_nanstd", "group_ddof", "float", "float"),
    Kernel("group_nanmin", "group", "float", "float"),
    Kernel("group_nanmax", "group", "float", "float"),
    Kernel("group_nanargmin", "group", "index", "intp"),
    Kernel("group_nanargmax", "group", "index", "intp"),
    Kernel("group_nanfirst", "group", "float", "float"),
    Kernel("group_nanlast", "group", "float", "float"),
    Kernel("group_nanany", "group", "bool", "bool"),
    Kernel("group_nanall", "group", "bool", "bool"),
    # issue 13: exponentially weighted statistics (csrc/move_exp.c), moving covariance and
    # correlation (csrc/move_pair.c), nancount (csrc/count.c)
    Kernel("move_exp_nancount", "move_exp", "float", "float"),
    Kernel("move_exp_nansum", "move_exp", "float", "float"),
    Kernel("move_exp_nanmean", "move_exp", "float", "float"),
    Kernel("move_exp_nanvar", "move_exp", "float", "float"),
    Kernel("move_exp_nanstd", "move_exp", "float", "float"),
    Kernel("move_exp_nancov", "move_exp2", "float", "float"),
    Kernel("move_exp_nancorr", "move_exp2", "float", "float"),
    Kernel("move_cov", "move_pair", "float", "float"),
    Kernel("move_corr", "move_pair", "float", "float"),
    Kernel("nancount", "reduce", "count", "int64"),
    # end issue 13
)

BY_NAME: dict[str, Kernel] = {k.name: k for k in KERNELS}
