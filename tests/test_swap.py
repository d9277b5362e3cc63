"""Swapping the native library while Python runs: load_library / use_library / library_info,
swaps under concurrent calls, rebuilt files, two builds side by side, and the library used
from plain C."""

import asyncio
import dataclasses
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import mypkg
from mypkg import _library

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import build_ffi  # noqa: E402

CC = shutil.which("cc") or shutil.which("gcc")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler")


def clean_env():
    """The environment for compiler subprocesses: without a preloaded sanitizer runtime."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


@pytest.fixture(scope="session")
def debug_build(tmp_path_factory):
    if CC is None:
        pytest.skip("no C compiler")
    # One build per run, shared by pytest-xdist's workers (their temp dirs have one parent):
    # the debug build of every kernel takes minutes.
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    out = root / "libmypkg-debug.so"
    with open(root / "libmypkg-debug.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.exists():
            part = root / f"libmypkg-debug.{os.getpid()}.so"
            subprocess.run([sys.executable, str(ROOT / "build_ffi.py"), "--variant", "debug",
                            "--output", str(part)], check=True, capture_output=True,
                           env=clean_env())
            part.rename(out)
    return out


@pytest.fixture
def copies(tmp_path):
    """Two more builds for tests that only need distinct libraries: copies of the active one
    at other paths (separate images: dlopen tells files apart by inode)."""
    paths = [str(tmp_path / f"libmypkg-copy{i}.so") for i in range(2)]
    for path in paths:
        shutil.copy(_library.current().file, path)
    return paths


@pytest.fixture
def restore_active():
    before = _library.current()
    yield before
    _library.activate(before)


def test_variant_names_match_the_builder():
    assert set(_library.VARIANTS) == set(build_ffi.VARIANTS)


@pytest.mark.slow
def test_load_library_swaps_and_reports(debug_build, restore_active):
    info = mypkg.load_library(debug_build)
    assert info == mypkg.library_info()
    assert info["path"] == str(debug_build) and info["variant"] == "debug"
    assert "-O0" in info["flags"]
    assert mypkg.nansum([1.0, np.nan, 2.0]) == 3.0
    mypkg.load_library(restore_active.path)
    assert mypkg.library_info()["path"] == restore_active.path


def test_use_library_restores_also_on_error(copies, restore_active):
    with mypkg.use_library(copies[0]) as info:
        assert info["path"] == mypkg.library_info()["path"] == copies[0]
    assert _library.current() is restore_active
    with pytest.raises(ZeroDivisionError), mypkg.use_library(copies[0]):
        raise ZeroDivisionError
    assert _library.current() is restore_active


def test_unknown_or_unbuilt_variant_is_a_loader_error(restore_active):
    missing = [v for v in _library.VARIANTS if not _library.variant_path(v).exists()]
    if not missing:
        pytest.skip("every variant is built into the package")
    with pytest.raises(mypkg.LibraryError, match="build_ffi.py --variant"):
        mypkg.load_library(missing[0])
    assert _library.current() is restore_active


@pytest.mark.parametrize("kind", ["missing", "text"])
def test_bad_library_keeps_the_previous_one(tmp_path, kind, restore_active):
    path = tmp_path / "libbad.so"
    if kind == "text":
        path.write_text("hello\n")
    with pytest.raises(mypkg.LibraryError, match=str(path)):
        mypkg.load_library(path)
    assert _library.current() is restore_active
    assert mypkg.nanmax([1.0, 5.0, np.nan]) == 5.0


def test_same_path_twice_is_reused(copies):
    assert _library.open_library(copies[0]) is _library.open_library(Path(copies[0]))


@pytest.mark.slow
def test_two_builds_live_side_by_side(debug_build, restore_active):
    debug = _library.open_library(debug_build)
    assert debug.handle is not restore_active.handle
    # each image answers for itself: no symbol of one resolves into the other
    assert b"variant=debug" in _library.ffi.string(debug.handle.mypkg_build_info())
    assert b"variant=debug" not in _library.ffi.string(
        restore_active.handle.mypkg_build_info())
    rng = np.random.default_rng(5)
    data = rng.standard_normal((40, 30))
    data[rng.random(data.shape) < 0.1] = np.nan
    funcs = [mypkg.nansum, mypkg.nanvar, mypkg.nanmin, mypkg.nanargmax, mypkg.nanmedian]
    with mypkg.use_library(debug_build):
        from_debug = [f(data, axis=0) for f in funcs]
    from_default = [f(data, axis=0) for f in funcs]
    for f, x, y in zip(funcs, from_debug, from_default, strict=True):
        np.testing.assert_allclose(x, y, rtol=1e-12, err_msg=f.__name__)


def test_swapping_under_eight_threads(copies, restore_active):
    rng = np.random.default_rng(6)
    data = [rng.standard_normal((50, 40)) for _ in range(8)]
    expected = [np.nanvar(x, axis=1) for x in data]
    stop = threading.Event()
    wrong, calls = [], [0] * 8

    def work(i):
        while not stop.is_set():
            if not np.allclose(mypkg.nanvar(data[i], axis=1), expected[i], rtol=1e-12):
                wrong.append(i)
            calls[i] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    swaps, deadline = 0, time.monotonic() + 60
    try:  # at least 100 swaps, and on until every thread has had calls in between
        while (swaps < 100 or not all(calls)) and time.monotonic() < deadline:
            mypkg.load_library(copies[0])
            mypkg.load_library(restore_active.path)
            swaps += 1
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not wrong
    assert all(calls)
    assert _library.current() is restore_active


def test_use_library_in_two_threads_at_once(copies, restore_active):
    """Each thread sees its own block's library while the other thread enters and leaves its
    block, and leaving restores that thread's own previous library."""
    step = threading.Barrier(2, timeout=30)
    seen = [[], []]

    def work(i):
        for _ in range(2):
            with mypkg.use_library(copies[i]):
                step.wait()  # both inside their blocks
                seen[i].append(mypkg.library_info()["path"])
                if i == 1:
                    step.wait()  # thread 0 has left its block
                    seen[i].append(mypkg.library_info()["path"])
            seen[i].append(_library.current().path)
            if i == 0:
                step.wait()
            step.wait()  # both outside

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outside = restore_active.path
    assert seen[0] == [copies[0], outside] * 2
    assert seen[1] == [copies[1], copies[1], outside] * 2
    assert _library.current() is restore_active


def test_use_library_under_threads_swapping_in_a_loop(copies, restore_active):
    wrong = []

    def work(i):
        for _ in range(300):
            with mypkg.use_library(copies[i]):
                if mypkg.library_info()["path"] != copies[i]:
                    wrong.append(i)
            if _library.current() is not restore_active:
                wrong.append(i)

    threads = [threading.Thread(target=work, args=(i % 2,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong
    assert _library.current() is restore_active


def test_use_library_per_asyncio_task(copies, restore_active):

    async def task(i):
        with mypkg.use_library(copies[i]):
            await asyncio.sleep(0)  # the other task enters its block meanwhile
            await asyncio.sleep(0)
            return mypkg.library_info()["path"]

    async def both():
        return await asyncio.gather(task(0), task(1))

    assert asyncio.run(both()) == copies
    assert _library.current() is restore_active


def test_load_library_inside_a_block_changes_the_process_wide_library(copies,
                                                                      restore_active):
    with mypkg.use_library(copies[0]):
        mypkg.load_library(copies[1])
        assert mypkg.library_info()["path"] == copies[0]  # the block's library, in the block
    assert mypkg.library_info()["path"] == copies[1]


class _RecordingKernels(dict):
    def __init__(self, kernels, used):
        super().__init__(kernels)
        self.used = used

    def __getitem__(self, name):
        self.used.append(name)
        return super().__getitem__(name)


@pytest.mark.parametrize("call", [
    lambda: mypkg.nansum(np.arange(5.0)),
    lambda: mypkg.nansum(np.arange(6.0).reshape(2, 3), axis=0),
    lambda: mypkg.move_mean(np.arange(6.0), 2),
    lambda: mypkg.replace(np.arange(3.0), 1.0, 9.0),
], ids=["full-reduction", "axis", "move", "replace"])
def test_every_call_inside_a_block_uses_the_blocks_kernels(call, monkeypatch):
    used = []
    active = _library.current()
    spy = dataclasses.replace(active, path="spy", kernels=_RecordingKernels(active.kernels, used))
    monkeypatch.setattr(_library, "open_library", lambda path: spy)
    with mypkg.use_library("/spy"):
        call()
    assert used


@pytest.mark.slow
def test_rebuilt_file_at_the_same_path_is_reloaded(tmp_path, debug_build, restore_active):
    """Rebuilding in place (the compiler writes a new file) and loading the same path again
    gives the new build, not the image dlopen already has for that path."""
    path = tmp_path / "libmypkg-dev.so"
    shutil.copy(restore_active.file, path)
    assert mypkg.load_library(path)["variant"] == restore_active.info()["variant"]
    staged = tmp_path / "staged.so"
    shutil.copy(debug_build, staged)
    os.replace(staged, path)  # a new file at the same path, as a rebuild makes it
    info = mypkg.load_library(path)
    assert info["variant"] == "debug" and info["path"] == str(path)
    assert info["file"] != str(path)
    assert mypkg.nansum(np.arange(4.0)) == 6.0


def test_reload_copies_are_removed_when_the_process_exits(tmp_path):
    code = """if True:
        import os, shutil, sys, mypkg
        path = sys.argv[1]
        shutil.copy(mypkg.library_info()["file"], path)
        mypkg.load_library(path)
        shutil.copy(path, path + ".new")
        os.replace(path + ".new", path)  # a rebuild: a new file at the same path
        file = mypkg.load_library(path)["file"]
        assert file != path and os.path.isfile(file), file
        print(os.path.dirname(file))
    """
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "libmypkg-dev.so")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    copy_dir = Path(result.stdout.strip())
    assert copy_dir.name.startswith("mypkg-reload-")
    assert not copy_dir.exists()


def test_env_var_is_reflected_in_library_info(copies, restore_active):
    env = dict(os.environ, MYPKG_LIBRARY=copies[0])
    code = "import mypkg; i = mypkg.library_info(); print(i['path'], i['variant'])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [copies[0], restore_active.info()["variant"]]


@needs_cc
def test_library_is_usable_from_plain_c(tmp_path):
    """A C program includes csrc/mypkg.h, links the active library and calls a kernel."""
    source = tmp_path / "use.c"
    source.write_text(r"""
        #include <stdio.h>
        #include "mypkg.h"
        int main(void) {
            double a[2][3] = {{1.0, 2.0, 3.0}, {4.0, 5.0, 0.0 / 0.0}};
            double out[3];
            int64_t shape[2] = {2, 3}, astrides[2] = {3 * sizeof(double), sizeof(double)};
            int64_t ostrides[2] = {0, sizeof(double)};
            if (mypkg_abi_version() != MYPKG_ABI_VERSION) return 2;
            int rc = mypkg_nansum_f64(a, 2, shape, astrides, out, ostrides, 0, 1);
            printf("%d %g %g %g\n", rc, out[0], out[1], out[2]);
            return rc != MYPKG_OK;
        }
    """)
    library = Path(_library.current().file)
    program = tmp_path / "use"
    flags = ["-fsanitize=address,undefined"] if "sanitize" in mypkg.library_info()["flags"] else []
    subprocess.run([CC, "-std=c11", "-I", str(ROOT / "csrc"), str(source), str(library),
                    f"-Wl,-rpath,{library.parent}", "-o", str(program)] + flags,
                   check=True, env=clean_env())
    env = clean_env()
    env["ASAN_OPTIONS"] = "detect_leaks=0"
    result = subprocess.run([str(program)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["0", "5", "7", "3"]


def test_conformance_option_runs_tests_against_a_given_library(copies, restore_active):
    """`pytest --mypkg-library PATH` runs the suite against that build."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--mypkg-library",
         copies[0], "tests/test_build.py::test_build_info_names_variant_and_flags"],
        cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{copies[0]} (variant {restore_active.info()['variant']}" in result.stdout
    assert "1 passed" in result.stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork")
def test_fork_while_another_thread_is_inside_load_library(copies, restore_active):
    """A thread holds the loader's lock (as inside load_library) when the process forks: the
    child must still load and use libraries, not wait for a thread it does not have."""
    held, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with _library._lock:
            held.set()
            release.wait()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait()
    try:
        pid = os.fork()
        if pid == 0:  # the child: exit status 0 only if both calls return
            status = 1
            try:
                signal.alarm(20)  # a hang fails the test instead of blocking it
                mypkg.load_library(copies[0])
                with mypkg.use_library(copies[1]):
                    status = 0 if mypkg.nansum(np.arange(4.0)) == 6.0 else 2
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
    finally:
        release.set()
        holder.join()
    assert os.waitstatus_to_exitcode(status) == 0


def test_forked_child_leaves_its_parents_reload_copies(tmp_path):
    code = """if True:
        import os, shutil, sys, mypkg
        path = sys.argv[1]
        shutil.copy(mypkg.library_info()["file"], path)
        mypkg.load_library(path)
        shutil.copy(path, path + ".new")
        os.replace(path + ".new", path)
        file = mypkg.load_library(path)["file"]
        pid = os.fork()
        if pid == 0:
            sys.exit(0)  # a normal exit: atexit handlers run in the child
        os.waitpid(pid, 0)
        print(os.path.isfile(file))
    """
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "libmypkg-dev.so")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"]


# ------------------------------------------------------------------ the two call paths


@pytest.mark.skipif(_library._API is None, reason="the compiled call path is not built")
def test_switching_call_paths_keeps_results_and_libraries(copies, restore_active):
    start = _library.call_path()
    x = np.array([3.0, np.nan, 1.0, 2.0])
    try:
        for path in ("abi", "api", start):
            _library.set_call_path(path)
            library = _library.current()
            assert (library.table is None) == (path == "abi")
            assert mypkg.nansum(x) == 6.0
            assert mypkg.move_sum(x, 2, min_count=1).tolist() == [3.0, 3.0, 1.0, 3.0]
            with mypkg.use_library(copies[0]) as info:
                assert info["path"] == copies[0]
                assert mypkg.nanmax(x) == 3.0
    finally:
        _library.set_call_path(start)
    assert _library.current().info() == restore_active.info()


@pytest.mark.skipif(_library._API is None, reason="the compiled call path is not built")
def test_each_library_gets_its_own_table(copies, restore_active):
    """Swapping fills a new table: the old library's stays as it was, so calls running on it
    finish on it."""
    if _library.call_path() != "api":
        pytest.skip("tables exist on the compiled call path only")
    first = _library.open_library(copies[0])
    second = _library.open_library(copies[1])
    assert first.table is not None and second.table is not None
    assert first.table != second.table
    slot = _library._API[2].index("mypkg_nansum_f64")
    before = first.table[slot]
    mypkg.load_library(copies[1])
    assert first.table[slot] == before
    assert first.table[slot] != second.table[slot]


def test_unknown_call_path_is_refused():
    with pytest.raises(ValueError, match="'abi' or 'api'"):
        _library.set_call_path("fast")
