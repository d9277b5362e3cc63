"""Time mypkg side by side with its peers (bottleneck, numbagg, NumPy, pandas) in one process.

Prints one table per case: mypkg's time per call, a check of mypkg's result, and for each peer
the ratio peer time / mypkg time (>1 means mypkg is faster); ends with the targets missed.
It informs and never gates: the exit status is 0 unless a call raised.
See ``python benchmarks/bench.py --help`` and benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import platform
import random
import sys
import time
import timeit
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def _optional_import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


bn = _optional_import("bottleneck")
numbagg = _optional_import("numbagg")
pd = _optional_import("pandas")


# ----------------------------------------------------------------------------------------------
# The table: what to run. Everything after it is generic; adding a family is adding a Family.
#
# A call entry is either the name of a function in that implementation's module, called as
# f(a, **layout.kwargs), or a callable taking those same arguments that adapts the call.
# Lambdas may use a peer's module freely: they only run when that peer is installed.
# ----------------------------------------------------------------------------------------------

Call = str | Callable[..., Any]


@dataclass(frozen=True)
class Impl:
    name: str  # the key of call entries and of --peers
    label: str  # column heading
    module: Any  # None when not installed


PEERS = (
    Impl("bottleneck", "bn", bn),
    Impl("numbagg", "numbagg", numbagg),
    Impl("numpy", "numpy", np),
    Impl("pandas", "pandas", pd),
)


@dataclass(frozen=True)
class Func:
    name: str
    calls: Mapping[str, Call]  # implementation name -> call entry; absent: it has none


def func(name: str, **calls: Call) -> Func:
    """One table row; mypkg is called by the row's name unless the row says otherwise."""
    return Func(name, {"mypkg": name, **calls})


@dataclass(frozen=True)
class Layout:
    shape: tuple[int, ...]
    kwargs: Mapping[str, Any]  # passed to every implementation, e.g. {"axis": 0}
    dtypes: tuple[str, ...] = ("float64", "float32")
    max_us: float | None = None  # target for mypkg's absolute time per call
    purpose: str = ""


@dataclass(frozen=True)
class Family:
    name: str
    layouts: tuple[Layout, ...]
    reference: str  # the implementation whose result on a float64 copy of the input is truth
    must_beat: tuple[str, ...]  # peers that mypkg must be at least as fast as, in every case
    funcs: tuple[Func, ...]


REDUCE = Family(
    name="reduce",
    layouts=(
        Layout((10**6,), {"axis": None}),
        Layout((1000, 1000), {"axis": 0}),
        Layout((1000, 1000), {"axis": 1}),
        Layout((8,), {"axis": None}, dtypes=("float64",), max_us=2.0, purpose="call overhead"),
    ),
    reference="numpy",
    must_beat=("bottleneck", "numpy"),
    funcs=(
        func("nansum", bottleneck="nansum", numbagg="nansum", numpy=np.nansum),
        func("nanmean", bottleneck="nanmean", numbagg="nanmean", numpy=np.nanmean),
        # numbagg's variance defaults to ddof=1; everyone else's to ddof=0.
        func(
            "nanvar",
            bottleneck="nanvar",
            numbagg=lambda a, axis: numbagg.nanvar(a, ddof=0, axis=axis),
            numpy=np.nanvar,
        ),
        func(
            "nanstd",
            bottleneck="nanstd",
            numbagg=lambda a, axis: numbagg.nanstd(a, ddof=0, axis=axis),
            numpy=np.nanstd,
        ),
        func("nanmin", bottleneck="nanmin", numbagg="nanmin", numpy=np.nanmin),
        func("nanmax", bottleneck="nanmax", numbagg="nanmax", numpy=np.nanmax),
        func("nanargmin", bottleneck="nanargmin", numbagg="nanargmin", numpy=np.nanargmin),
        func("nanargmax", bottleneck="nanargmax", numbagg="nanargmax", numpy=np.nanargmax),
        func("ss", bottleneck="ss", numpy=lambda a, axis: np.sum(a * a, axis=axis)),
        func(
            "anynan",
            bottleneck="anynan",
            numbagg="anynan",
            numpy=lambda a, axis: np.isnan(a).any(axis=axis),
        ),
        func(
            "allnan",
            bottleneck="allnan",
            numbagg="allnan",
            numpy=lambda a, axis: np.isnan(a).all(axis=axis),
        ),
        func("median", bottleneck="median", numpy=np.median),
        func("nanmedian", bottleneck="nanmedian", numbagg="nanmedian", numpy=np.nanmedian),
    ),
)


def rolling(method: str, **options: Any) -> Callable[..., Any]:
    """A pandas ``rolling(window).<method>(**options)`` call along ``axis`` of a 1-D or 2-D
    array (pandas rolls along the index, so axis=-1 of a 2-D array rolls the transpose)."""

    def call(a: np.ndarray, window: int, axis: int) -> np.ndarray:
        if a.ndim == 1:
            return getattr(pd.Series(a).rolling(window), method)(**options).to_numpy()
        along_rows = axis in (1, -1)
        frame = pd.DataFrame(a.T if along_rows else a).rolling(window)
        result = getattr(frame, method)(**options).to_numpy()
        return result.T if along_rows else result

    return call


MOVE = Family(
    name="move",
    layouts=tuple(
        Layout(shape, {"window": window, "axis": axis})
        for window in (20, 1000)
        for shape, axis in (((10**6,), -1), ((1000, 1000), 0), ((1000, 1000), 1))
    ),
    reference="bottleneck",
    must_beat=("bottleneck",),
    funcs=(
        func("move_sum", bottleneck="move_sum", numbagg="move_sum", pandas=rolling("sum")),
        func("move_mean", bottleneck="move_mean", numbagg="move_mean", pandas=rolling("mean")),
        # numbagg's move_var has no ddof (it is 1): timed as is, ratios stay comparable
        func("move_var", bottleneck="move_var", numbagg="move_var", pandas=rolling("var", ddof=0)),
        # numbagg's move_std has no ddof (it is 1): timed as is, ratios stay comparable
        func("move_std", bottleneck="move_std", numbagg="move_std", pandas=rolling("std", ddof=0)),
        func("move_min", bottleneck="move_min", pandas=rolling("min")),
        func("move_max", bottleneck="move_max", pandas=rolling("max")),
        func("move_argmin", bottleneck="move_argmin"),
        func("move_argmax", bottleneck="move_argmax"),
        func("move_median", bottleneck="move_median", pandas=rolling("median")),
        func(
            "move_quantile",
            mypkg=lambda a, window, axis: importlib.import_module("mypkg").move_quantile(
                a, window, 0.25, axis=axis
            ),
            pandas=rolling("quantile", q=0.25),
        ),
        func("move_rank", bottleneck="move_rank", pandas=rolling("rank")),
    ),
)

def kth_values(partitioner: Callable[..., Any], kth: int = 500) -> Callable[..., Any]:
    """Partition at ``kth`` (an index along the axis), then read the kth values: a cheap step
    that makes the result unique, so that it can be checked against NumPy's."""

    def call(a: np.ndarray, axis: int, kth: int = kth) -> np.ndarray:
        result = partitioner(a, kth, axis=axis)
        if result.dtype.kind in "iu":  # indices
            return np.take_along_axis(a, np.take(result, [kth], axis=axis), axis)
        return np.take(result, kth, axis=axis)

    return call


def numpy_fill(a: np.ndarray, axis: int, backward: bool = False) -> np.ndarray:
    """Unlimited forward (or backward) fill of NaN with NumPy alone: the running maximum of
    the positions holding a value."""
    lanes = np.moveaxis(a, axis, -1)
    if backward:
        lanes = lanes[..., ::-1]
    positions = np.where(np.isnan(lanes), 0, np.arange(lanes.shape[-1]))
    np.maximum.accumulate(positions, axis=-1, out=positions)
    filled = np.take_along_axis(lanes, positions, -1)
    return np.moveaxis(filled[..., ::-1] if backward else filled, -1, axis)


def numpy_replace(a: np.ndarray, old: float, new: float) -> np.ndarray:
    np.copyto(a, new, where=np.isnan(a) if np.isnan(old) else a == old)
    return a


def mypkg_func(name: str) -> Callable[..., Any]:
    """mypkg.<name>, looked up when called (mypkg is imported after this table)."""
    return lambda *args, **kwargs: getattr(importlib.import_module("mypkg"), name)(*args, **kwargs)


# replace works in place: NaN -> NaN does the full work on every call and leaves the input
# as it was, so every call sees the same data. rankdata propagates NaN (SciPy's default), so
# with NaN in the input it only fills NaN: compare it with --nan-fraction 0.
NONREDUCE = Family(
    name="nonreduce",
    layouts=(
        Layout((10**6,), {"axis": -1}),
        Layout((1000, 1000), {"axis": 0}),
        Layout((1000, 1000), {"axis": 1}),
    ),
    reference="numpy",
    must_beat=("bottleneck", "numpy"),
    funcs=(
        func("rankdata", bottleneck="rankdata"),
        func("nanrankdata", bottleneck="nanrankdata"),
        func(
            "partition",
            mypkg=kth_values(mypkg_func("partition")),
            bottleneck=kth_values(lambda *args, **kw: bn.partition(*args, **kw)),
            numpy=kth_values(np.partition),
        ),
        func(
            "argpartition",
            mypkg=kth_values(mypkg_func("argpartition")),
            bottleneck=kth_values(lambda *args, **kw: bn.argpartition(*args, **kw)),
            numpy=kth_values(np.argpartition),
        ),
        func(
            "push",
            bottleneck="push",
            numbagg=lambda a, axis: numbagg.ffill(a, axis=axis),
            numpy=numpy_fill,
        ),
        func(
            "bfill",
            numbagg=lambda a, axis: numbagg.bfill(a, axis=axis),
            numpy=lambda a, axis: numpy_fill(a, axis, backward=True),
        ),
        func(
            "replace",
            mypkg=lambda a, axis: mypkg_func("replace")(a, np.nan, np.nan),
            bottleneck=lambda a, axis: bn.replace(a, np.nan, np.nan),
            numpy=lambda a, axis: numpy_replace(a, np.nan, np.nan),
        ),
        func(
            "nanquantile",
            mypkg=lambda a, axis: mypkg_func("nanquantile")(a, 0.25, axis=axis),
            numbagg=lambda a, axis: numbagg.nanquantile(a, 0.25, axis=axis),
            numpy=lambda a, axis: np.nanquantile(a, 0.25, axis=axis),
        ),
        func(
            "quantile",
            mypkg=lambda a, axis: mypkg_func("quantile")(a, [0.25, 0.75], axis=axis),
            numpy=lambda a, axis: np.quantile(a, [0.25, 0.75], axis=axis),
        ),
    ),
)

FAMILIES = {family.name: family for family in (REDUCE, MOVE, NONREDUCE)}

DTYPES = ("float64", "float32")
# Tolerance of the result check, relative to the largest |reference| value of the case, so that
# a sum that happens to land near zero is not flagged for ordinary rounding.
RTOL = {"float64": 1e-7, "float32": 1e-3}
# Ratios this close below 1 are within the timing noise of a busy 2-core machine.
NOISE = 0.05


# ----------------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    repeat: int  # timed batches per implementation; the fastest one counts
    min_time: float  # seconds that one timed batch lasts at least
    seed: int
    nan_fraction: float


@dataclass
class Outcome:
    """What one implementation did on one function of one case."""

    seconds: float | None = None  # best time per call
    error: str | None = None


@dataclass
class Row:
    func: str
    mypkg: Outcome
    check: str  # "ok", or why mypkg's result is not to be trusted
    peers: dict[str, Outcome | None]  # None: that peer has no such function


@dataclass
class Case:
    family: Family
    layout: Layout
    dtype: str
    rows: list[Row] = field(default_factory=list)

    @property
    def where(self) -> str:
        shape = "x".join(str(n) for n in self.layout.shape)
        args = " ".join(f"{key}={value!r}" for key, value in self.layout.kwargs.items())
        return f"{self.dtype} {shape} {args}"

    @property
    def title(self) -> str:
        text = f"{self.family.name}: {self.where}"
        if self.layout.purpose:
            text += f" ({self.layout.purpose})"
        if self.layout.max_us is not None:
            text += f"; target: mypkg <= {self.layout.max_us:g} µs per call"
        return text


def make_input(shape: tuple[int, ...], dtype: str, settings: Settings) -> np.ndarray:
    """Seeded normal data with a fraction of NaN; the same values for every dtype."""
    rng = np.random.default_rng(settings.seed)
    a = rng.standard_normal(shape)
    a[rng.random(shape) < settings.nan_fraction] = np.nan
    return a.astype(dtype)


def resolve(impl: Impl, entry: Func) -> Callable[..., Any] | None:
    call = entry.calls.get(impl.name)
    if impl.module is None or call is None:
        return None
    if isinstance(call, str):
        return getattr(impl.module, call, None)
    return call


def make_timer(fn: Callable[..., Any], a: np.ndarray, kwargs: Mapping[str, Any]) -> timeit.Timer:
    # The call is spelled out in the timed statement, as a user would write it, so the timing
    # loop adds no wrapper call of its own; that matters in the 8-element overhead case.
    args = "".join(f", {key}={key}" for key in kwargs)
    return timeit.Timer(f"fn(a{args})", globals={"fn": fn, "a": a, **kwargs})


def calls_per_batch(timer: timeit.Timer, min_time: float) -> int:
    """How many calls make a batch last min_time, found cheaply in the way of autorange."""
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min_time / 10 or number >= 10**6:
            break
        number *= 10
    return max(1, math.ceil(number * min_time / max(elapsed, 1e-9)))


def check_result(got: Any, want: Any, dtype: str) -> str:
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return f"WRONG shape {got.shape}"
    if got.dtype.kind not in "biuf":
        return f"WRONG dtype {got.dtype}"
    if want.dtype.kind in "biu":
        return "ok" if np.array_equal(got, want) else "WRONG"
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size else 1.0
    rtol = RTOL[dtype]
    ok = np.allclose(got.astype(np.float64), want, rtol=rtol, atol=rtol * scale, equal_nan=True)
    return "ok" if ok else "WRONG"


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:120]


def time_func(
    fns: Mapping[str, Callable[..., Any]],
    a: np.ndarray,
    kwargs: Mapping[str, Any],
    settings: Settings,
    shuffler: random.Random,
    warmup: dict[str, float],
) -> tuple[dict[str, Outcome], Any, bool]:
    """Time every implementation of one function on ``a``.

    Returns each one's outcome, mypkg's result, and whether mypkg wrote into ``a`` (which is
    then restored, so that the peers still see the same input).
    """
    pristine = a.copy()
    outcomes: dict[str, Outcome] = {}
    timers: dict[str, tuple[timeit.Timer, int]] = {}
    result, mutated = None, False
    for name, fn in fns.items():
        # The first call is untimed: it pays numbagg's JIT compilation (once per dtype and
        # layout) and page faults; mypkg's gives the result to check.
        start = time.perf_counter()
        try:
            out = fn(a, **kwargs)
        except Exception as exc:  # shown in the table: one failing call must not hide the rest
            outcomes[name] = Outcome(error=describe(exc))
            continue
        finally:
            warmup[name] += time.perf_counter() - start
        if name == "mypkg":
            result = out
            mutated = not np.array_equal(a, pristine, equal_nan=True)
            np.copyto(a, pristine)
        timer = make_timer(fn, a, kwargs)
        timers[name] = (timer, calls_per_batch(timer, settings.min_time))
        outcomes[name] = Outcome()
    # Interleave the implementations so that drift on a busy machine hits them all alike, in a
    # shuffled order so that periodic noise cannot keep landing on the same one.
    names = list(timers)
    for _ in range(settings.repeat):
        shuffler.shuffle(names)
        for name in names:
            timer, number = timers[name]
            per_call = timer.timeit(number) / number
            best = outcomes[name].seconds
            outcomes[name].seconds = per_call if best is None else min(best, per_call)
    np.copyto(a, pristine)
    return outcomes, result, mutated


def run_case(
    case: Case,
    funcs: Sequence[Func],
    impls: Sequence[Impl],
    settings: Settings,
    warmup: dict[str, float],
) -> None:
    """Fill ``case.rows``; ``impls`` is mypkg followed by the peers to compare with."""
    kwargs = case.layout.kwargs
    a = make_input(case.layout.shape, case.dtype, settings)
    reference = next(impl for impl in (*impls, *PEERS) if impl.name == case.family.reference)
    shuffler = random.Random(settings.seed)
    for entry in funcs:
        fns = {impl.name: resolve(impl, entry) for impl in impls}
        if fns["mypkg"] is None:
            continue
        outcomes, result, mutated = time_func(
            {name: fn for name, fn in fns.items() if fn is not None},
            a,
            kwargs,
            settings,
            shuffler,
            warmup,
        )
        want = resolve(reference, entry)
        if outcomes["mypkg"].error is not None:
            check = "error"
        elif mutated:
            check = "WRONG: writes input"
        elif want is None:
            check = "unchecked"
        else:
            check = check_result(result, want(a.astype(np.float64), **kwargs), case.dtype)
        peers = {impl.name: outcomes.get(impl.name) for impl in impls[1:]}
        case.rows.append(Row(entry.name, outcomes["mypkg"], check, peers))


# ----------------------------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------------------------


def ratio(peer: Outcome | None, mine: Outcome) -> float | None:
    if peer is None or peer.seconds is None or mine.seconds is None:
        return None
    return peer.seconds / mine.seconds


def is_slower(r: float) -> bool:
    # Judged at the precision shown, so that a printed 1.00 is never a miss.
    return round(r, 2) < 1


def format_us(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us:.0f}" if us >= 100 else f"{us:.1f}" if us >= 10 else f"{us:.2f}"


def format_ratio(r: float) -> str:
    return f"{r:.0f}" if r >= 100 else f"{r:.1f}" if r >= 10 else f"{r:.2f}"


def peer_cell(outcome: Outcome | None, mine: Outcome, must_beat: bool) -> str:
    if outcome is None:
        return "-"
    if outcome.error is not None:
        return "error"
    r = ratio(outcome, mine)
    if r is None:
        return "?"
    return format_ratio(r) + ("*" if must_beat and is_slower(r) else "")


def over_max(case: Case, row: Row) -> bool:
    limit = case.layout.max_us
    return limit is not None and row.mypkg.seconds is not None and row.mypkg.seconds * 1e6 > limit


def render(case: Case, peers: Sequence[Impl]) -> str:
    shown = [peer for peer in peers if any(row.peers.get(peer.name) for row in case.rows)]
    header = ["func", "mypkg µs", "check"] + [f"{peer.label}/mypkg" for peer in shown]
    lines = []
    for row in case.rows:
        if row.mypkg.seconds is None:
            mine = "error"
        else:
            mine = format_us(row.mypkg.seconds) + ("*" if over_max(case, row) else "")
        lines.append(
            [row.func, mine, row.check]
            + [
                peer_cell(row.peers[peer.name], row.mypkg, peer.name in case.family.must_beat)
                for peer in shown
            ]
        )
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def join(cells: list[str]) -> str:
        # Names and checks read left to right; numbers line up on the right.
        return " | ".join(
            cell.ljust(width) if i in (0, 2) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([case.title, join(header), rule, *(join(line) for line in lines)])


def shortfalls(case: Case, row: Row, peers: Sequence[Impl]) -> tuple[list[str], bool]:
    """The targets mypkg missed in one row, and whether every miss is within timing noise."""
    reasons, within_noise = [], True
    if over_max(case, row):
        reasons.append(f"{row.mypkg.seconds * 1e6:.2f} µs > {case.layout.max_us:g} µs")
        within_noise = False
    for peer in peers:
        r = ratio(row.peers.get(peer.name), row.mypkg)
        if peer.name in case.family.must_beat and r is not None and is_slower(r):
            reasons.append(f"{peer.label}/mypkg {format_ratio(r)}")
            within_noise = within_noise and r >= 1 - NOISE
    return reasons, within_noise


def row_errors(row: Row) -> list[tuple[str, str]]:
    """(implementation, error) for every call in the row that raised."""
    outcomes = [("mypkg", row.mypkg), *row.peers.items()]
    return [(name, out.error) for name, out in outcomes if out is not None and out.error]


def summary(cases: Sequence[Case], peers: Sequence[Impl]) -> list[str]:
    missed, marginal, wrong, errors = [], [], [], []
    width = max((len(row.func) for case in cases for row in case.rows), default=0)
    for case in cases:
        for row in case.rows:
            where = f"{row.func.ljust(width)}  {case.where}"
            if row.check not in ("ok", "unchecked", "error"):
                wrong.append(f"{where}: {row.check}")
            errors += [f"{where}: {name}: {error}" for name, error in row_errors(row)]
            reasons, within_noise = shortfalls(case, row, peers)
            if reasons:
                (marginal if within_noise else missed).append(f"{where}: {'; '.join(reasons)}")
    sections = (
        ("Targets missed", missed),
        (
            f"Targets missed by less than {NOISE:.0%}, within timing noise here "
            "(rerun with --func to confirm)",
            marginal,
        ),
        ("Wrong results", wrong),
        ("Errors", errors),
    )
    lines = []
    for title, items in sections:
        lines.append(f"{title}: {len(items) or 'none'}")
        lines += [f"  {item}" for item in items]
    return lines


def targets(families: Sequence[Family]) -> str:
    parts = []
    for family in families:
        labels = [peer.label for peer in PEERS if peer.name in family.must_beat]
        text = f"{family.name}: mypkg at least as fast as {' and '.join(labels)}"
        limits = {layout.max_us for layout in family.layouts if layout.max_us is not None}
        text += "".join(f", <= {limit:g} µs per call on tiny input" for limit in sorted(limits))
        parts.append(text)
    return "; ".join(parts)


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# --sweep: time per call against size, 1-D float64
# ----------------------------------------------------------------------------------------------

SWEEP_SIZES = (8, 64, 512, 4096, 32768, 262144, 2097152)
SWEEP_PEERS = ("bottleneck", "numbagg", "numpy")


def sweep_kwargs(family: Family, entry: Func, n: int) -> dict[str, Any]:
    """The arguments of one sweep call on n elements: every element (reductions), the last
    axis, a window of 4 (20 from 64 elements), kth in the middle."""
    if family is REDUCE:
        return {"axis": None}
    if family is MOVE:
        return {"window": 4 if n < 64 else 20, "axis": -1}
    if entry.name in ("partition", "argpartition"):
        return {"axis": -1, "kth": n // 2}
    return {"axis": -1}


def crossover(times: Sequence[float | None], peer: Sequence[float | None]) -> str:
    """The smallest size from which mypkg is at least as fast as ``peer`` at every larger size
    (within the timing noise), or '-' if it never is."""
    found = "-"
    for n, mine, theirs in reversed(list(zip(SWEEP_SIZES, times, peer, strict=True))):
        if mine is None or theirs is None or is_slower(theirs / mine):
            break
        found = str(n)
    return found


def plot_sweep(results: Mapping[str, Mapping[str, dict[str, list[float | None]]]],
               path: str) -> None:
    """One log-log panel per family: each implementation's time per call against the number
    of elements, as the geometric mean over the family's functions it has (the legend says how
    many)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 4), squeeze=False)
    for ax, (family, funcs) in zip(axes[0], results.items(), strict=True):
        for impl in ("mypkg", *SWEEP_PEERS):
            timed = [t[impl] for t in funcs.values() if impl in t]
            points = []
            for i, n in enumerate(SWEEP_SIZES):
                times = [t[i] for t in timed if t[i]]
                if times and len(times) == len(timed):
                    points.append((n, math.exp(sum(map(math.log, times)) / len(times)) * 1e6))
            if points:
                ax.loglog(*zip(*points, strict=True), marker="o",
                          label=f"{impl} ({len(timed)} of {len(funcs)})")
        ax.set(title=f"{family}: geometric mean over functions",
               xlabel="elements (float64, 1-D)", ylabel="µs per call")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def run_sweep(mypkg: Impl, families: Sequence[Family], only: Sequence[str] | None,
              settings: Settings, plot: str | None) -> int:
    peers = [peer for peer in PEERS if peer.name in SWEEP_PEERS]
    shuffler = random.Random(settings.seed)
    warmup: dict[str, float] = defaultdict(float)
    results: dict[str, dict[str, dict[str, list[float | None]]]] = {}
    sizes = " ".join(f"{n:>9}" for n in SWEEP_SIZES)
    print(f"Sweep: float64 1-D, {settings.nan_fraction:.0%} NaN, call path "
          f"{mypkg.module._library.call_path()}; mypkg µs per call, then bottleneck/mypkg per "
          "size (>1: mypkg faster) and the crossover: the size from which mypkg is as fast "
          "as bottleneck.")
    raised = False
    for family in families:
        print(f"\n{family.name:<14} {'':>5} {sizes}  from")
        results[family.name] = {}
        for entry in family.funcs:
            if only is not None and entry.name not in only:
                continue
            fns = {impl.name: fn for impl in (mypkg, *peers)
                   if (fn := resolve(impl, entry)) is not None}
            if "mypkg" not in fns:
                continue
            times: dict[str, list[float | None]] = {name: [] for name in fns}
            for n in SWEEP_SIZES:
                a = make_input((n,), "float64", settings)
                outcomes, _, _ = time_func(fns, a, sweep_kwargs(family, entry, n), settings,
                                           shuffler, warmup)
                for name in fns:
                    times[name].append(outcomes[name].seconds)
                    raised |= outcomes[name].error is not None
            results[family.name][entry.name] = times
            mine = times["mypkg"]
            bn_times = times.get("bottleneck", [None] * len(SWEEP_SIZES))
            us = " ".join(f"{format_us(t) if t else 'error':>9}" for t in mine)
            rel = " ".join(f"{format_ratio(b / m) if b and m else '-':>9}"
                           for m, b in zip(mine, bn_times, strict=True))
            print(f"{entry.name:<14} {'µs':>5} {us}")
            print(f"{'':<14} {'bn/me':>5} {rel}  {crossover(mine, bn_times)}", flush=True)
    if plot:
        plot_sweep(results, plot)
        print(f"\nPlot written to {plot}")
    return 1 if raised else 0


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time mypkg against bottleneck, numbagg, NumPy (and pandas for moving "
        "windows) on the same seeded inputs, in one process. Each table shows mypkg's time "
        "per call, whether its result matches the reference, and peer time / mypkg time per "
        "peer: >1 means mypkg is faster, '*' marks a missed target, '-' a peer without the "
        "function. Exit status 0 unless a call raised.",
        epilog="Timing: for each function the implementations are interleaved in shuffled "
        "order, each timed in REPEAT batches of at least MIN_TIME seconds, and the fastest "
        "batch counts. The first call of each is untimed (numbagg compiles there).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="short smoke run (< 20 s): 5 batches of 1 ms, numbagg left out unless --peers "
        "names it (its JIT compilation alone takes ~30 s)",
    )
    parser.add_argument(
        "--family",
        type=_names,
        help=f"comma-separated families (default: all: {','.join(FAMILIES)})",
    )
    parser.add_argument(
        "--func", type=_names, help="comma-separated functions, e.g. nansum,nanmean (default: all)"
    )
    parser.add_argument(
        "--dtype", type=_names, help=f"comma-separated input dtypes (default: {','.join(DTYPES)})"
    )
    parser.add_argument(
        "--peers",
        type=_names,
        help="comma-separated peers to compare with (default: "
        f"{','.join(peer.name for peer in PEERS)})",
    )
    parser.add_argument(
        "--repeat", type=int, help="timed batches per implementation (default 15; 5 with --quick)"
    )
    parser.add_argument(
        "--min-time", type=float, help="seconds per timed batch (default 0.005; 0.001 with --quick)"
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="instead of the tables: every function at 8 to 2M float64 elements (1-D) against "
        "bottleneck, numbagg and NumPy, with the ratios, the crossover size and a plot",
    )
    parser.add_argument(
        "--plot",
        default="benchmarks/sweep.png",
        help="where --sweep writes its log-log plot (default %(default)s; '' for none)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the input data (default 0)")
    parser.add_argument(
        "--nan-fraction",
        type=float,
        default=0.05,
        help="share of NaN in the input (default 0.05); with any NaN, median "
        "and anynan/allnan stop at the first NaN, so 0 times their full scan",
    )
    args = parser.parse_args(argv)

    def check(option: str, given: list[str] | None, known: Sequence[str]) -> None:
        unknown = [name for name in given or () if name not in known]
        if unknown:
            parser.error(f"{option}: unknown {','.join(unknown)}; known: {','.join(known)}")

    check("--family", args.family, list(FAMILIES))
    check("--dtype", args.dtype, DTYPES)
    check("--peers", args.peers, [peer.name for peer in PEERS])
    families = [FAMILIES[name] for name in args.family or FAMILIES]
    check("--func", args.func, [entry.name for family in families for entry in family.funcs])
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.min_time is not None and args.min_time <= 0:
        parser.error("--min-time must be positive")
    if not 0 <= args.nan_fraction <= 1:
        parser.error("--nan-fraction must be between 0 and 1")
    return args


def import_mypkg() -> Impl:
    try:
        module = importlib.import_module("mypkg")
    except ImportError as exc:
        message = f"bench.py: cannot import mypkg ({exc}); install it: pip install -e ."
        raise SystemExit(message) from None
    return Impl("mypkg", "mypkg", module)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    mypkg = import_mypkg()
    settings = Settings(
        repeat=args.repeat or (5 if args.quick else 15),
        min_time=args.min_time or (0.001 if args.quick else 0.005),
        seed=args.seed,
        nan_fraction=args.nan_fraction,
    )
    wanted = args.peers or [p.name for p in PEERS if not (args.quick and p.name == "numbagg")]
    peers = [peer for peer in PEERS if peer.name in wanted]
    families = [FAMILIES[name] for name in args.family or FAMILIES]
    if args.sweep:
        return run_sweep(mypkg, families, args.func, settings, args.plot)

    print(
        ", ".join(
            f"{impl.name} {getattr(impl.module, '__version__', '?') if impl.module else '-'}"
            for impl in (mypkg, *PEERS)
        )
        + f"; Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print(
        f"Inputs: seeded normal data, {settings.nan_fraction:.0%} NaN. "
        f"Best of {settings.repeat} interleaved batches of >= {settings.min_time * 1e3:g} ms. "
        "Ratios are peer time / mypkg time: >1 means mypkg is faster; "
        "* = target missed; - = peer lacks the function."
    )
    print(f"Targets: {targets(families)}.")
    missing = [peer.name for peer in peers if peer.module is None]
    if missing:
        print(f"Not installed, shown as '-': {', '.join(missing)}")

    cases: list[Case] = []
    warmup: dict[str, float] = defaultdict(float)
    absent: list[str] = []
    for family in families:
        funcs = [entry for entry in family.funcs if args.func is None or entry.name in args.func]
        absent += [entry.name for entry in funcs if resolve(mypkg, entry) is None]
        for dtype in args.dtype or DTYPES:
            for layout in family.layouts:
                if dtype not in layout.dtypes:
                    continue
                case = Case(family, layout, dtype)
                run_case(case, funcs, [mypkg, *peers], settings, warmup)
                if case.rows:
                    print(f"\n{render(case, peers)}", flush=True)
                    cases.append(case)

    print()
    if absent:
        print(f"Not in mypkg yet, skipped: {', '.join(absent)}")
    print("\n".join(summary(cases, peers)))
    spent = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in warmup.items())
    print(f"Untimed first calls (numbagg's JIT compilation, page faults): {spent or 'none'}")
    print(f"Total run time: {time.perf_counter() - started:.0f} s")
    raised = any(row_errors(row) for case in cases for row in case.rows)
    return 1 if raised else 0


if __name__ == "__main__":
    sys.exit(main())
