"""mypkg on dask: move_mean and nanmean of a chunked float64 array (1e8 elements, 800 MB by
default) on a 2-process loopback LocalCluster, against dask's own nanmean and xarray's rolling
mean on bottleneck over the same chunks. Prints seconds (best of --repeat) and ratios.

    python benchmarks/bench_dask.py [--size 1e8] [--chunk 1e7] [--window 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import dask.array as da
import numpy as np
from distributed import Client, LocalCluster, wait

import mypkg
import mypkg.dask


def _head(block: np.ndarray) -> np.ndarray:
    return block[:1]


def best(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1e8, help="elements (float64)")
    parser.add_argument("--chunk", type=float, default=1e7, help="elements per chunk")
    parser.add_argument("--window", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size, chunk = int(args.size), int(args.chunk)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster):
        rng = da.random.default_rng(0)
        x = rng.standard_normal(size, chunks=chunk)
        x = da.where(rng.random(size, chunks=chunk) < 0.05, np.nan, x).persist()
        wait(x)
        print(f"{size:.0e} float64 ({size * 8 / 1e6:.0f} MB) in chunks of {chunk:.0e}, "
              f"window {args.window}, 2 workers x 1 thread, best of {args.repeat}")

        def persisted(lazy: Any) -> Callable[[], None]:
            # every chunk is computed on the workers; only its first element comes back
            heads = lazy.map_blocks(_head, chunks=((1,) * lazy.numblocks[0],))
            return lambda: heads.compute()

        def scalar(lazy: Any) -> Callable[[], None]:
            return lambda: lazy.compute()

        rows = [("nanmean", scalar(mypkg.dask.nanmean(x)), "dask.array.nanmean",
                 scalar(da.nanmean(x)))]
        move = mypkg.dask.move_mean(x, args.window, min_count=1)
        try:
            import xarray as xr
            xr.set_options(use_bottleneck=True)
            rolled = xr.DataArray(x).rolling(dim_0=args.window, min_periods=1).mean().data
            rows.append(("move_mean", persisted(move), "xarray rolling (bottleneck)",
                         persisted(rolled)))
        except ImportError:
            rows.append(("move_mean", persisted(move), "dask.array sliding mean (numpy)",
                         persisted(da.lib.stride_tricks.sliding_window_view(
                             x, args.window).mean(axis=-1))))
        for name, ours, peer_name, peer in rows:
            ours_s, peer_s = best(ours, args.repeat), best(peer, args.repeat)
            print(f"{name:10s} mypkg.dask {ours_s:8.3f} s   {peer_name} {peer_s:8.3f} s   "
                  f"ratio (peer / mypkg) {peer_s / ours_s:6.2f}")


if __name__ == "__main__":
    main()
