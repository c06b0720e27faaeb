"""Work shared between this process and forked helper processes, where that is safe and worth it.

Parsing and rendering are pure Python, so threads would not help; forked processes do. Forking
is only safe in a process that runs no other thread (a thread holding a lock at the fork leaves
that lock held forever in the child), so `mkdocs serve`, which runs a web server thread, always
works on one core; its rebuilds re-parse only changed files anyway.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
import pickle
import threading
import traceback
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return os.cpu_count() or 1


def forking_is_safe() -> bool:
    return (cores() > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


class HelperFailed(RuntimeError):
    """A helper process raised (the message holds its traceback) or died."""


def _take(bounds, from_front: bool) -> int | None:
    """The next item not yet taken: from the front for helpers, from the back for this process."""
    with bounds.get_lock():
        front, back = bounds[0], bounds[1]
        if front >= back:
            return None
        if from_front:
            bounds[0] = front + 1
            return front
        bounds[1] = back - 1
        return back - 1


def _helper(func, items, bounds, conn, out_fd: int) -> None:
    """Take items from the front; append each result, pickled, to the results file as soon as
    it is ready and say where it is (a few bytes through the pipe)."""
    offset = 0
    try:
        while (i := _take(bounds, True)) is not None:
            data = pickle.dumps(func(items[i]), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.pwrite(out_fd, view, offset + len(data) - len(view)):]
            conn.send(("item", i, offset, len(data)))
            offset += len(data)
        conn.send(("done",))
    except BaseException:
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


def _results_file() -> int:
    """A file in memory that a helper writes its results to: tens of MB go through it at the
    speed of a copy, where a pipe passes 64 KB at a time while both processes take turns."""
    if hasattr(os, "memfd_create"):     # Linux
        return os.memfd_create("map_forked-results", os.MFD_CLOEXEC)
    import tempfile
    fd, name = tempfile.mkstemp(prefix="map_forked-")
    os.unlink(name)                      # nameless from now on; the OS page cache holds it
    return fd


def _read_result(fd: int, offset: int, size: int):
    start = offset - offset % mmap.ALLOCATIONGRANULARITY      # a mapping starts on that boundary
    with mmap.mmap(fd, offset + size - start, access=mmap.ACCESS_READ, offset=start) as view, \
            memoryview(view) as whole, whole[offset - start:] as result:
        return pickle.loads(result)


class _Helper:
    """A helper process as this process sees it: the pipe it reports on and its results file."""

    def __init__(self, context, func, items, bounds) -> None:
        self.receiver, sender = context.Pipe(duplex=False)
        self.fd = _results_file()
        self.process = context.Process(target=_helper, args=(func, items, bounds, sender, self.fd), daemon=True)
        self.process.start()
        sender.close()
        self.done = False

    def collect(self, results: list, *, wait: bool) -> None:
        """Unpickle the results the helper has reported into `results`; with `wait`, until it is done."""
        while not self.done and (wait or self.receiver.poll()):
            try:
                message = self.receiver.recv()
            except EOFError:
                self.process.join()
                raise HelperFailed(f"a helper process died (exit code {self.process.exitcode})") from None
            if message[0] == "item":
                _, i, offset, size = message
                results[i] = _read_result(self.fd, offset, size)
            elif message[0] == "done":
                self.done = True
            else:
                raise HelperFailed(message[1])

    def close(self, *, kill: bool) -> None:
        self.receiver.close()
        os.close(self.fd)
        if kill:                        # after a failure, no helper is left working or waiting
            self.process.kill()
        self.process.join()


def map_forked(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[func(x) for x in items]`, shared by this process and one forked helper per other core.

    Helpers take items from the front of the list and this process from the back until they
    meet, so the split needs no estimate of what each item costs. A helper inherits `func`,
    `items` and everything they refer to at the fork (nothing is pickled on the way in). It
    writes each result to a file in memory as soon as it is ready, and this process unpickles
    the finished ones between its own items: when the two meet, only the helper's last result
    is left to hand back.
    """
    helpers = min(len(items) - 1, cores() - 1)
    if helpers < 1:
        return [func(x) for x in items]
    context = multiprocessing.get_context("fork")
    bounds = context.Array("i", [0, len(items)])
    started: list[_Helper] = []
    results: list = [None] * len(items)
    finished = False
    try:
        for _ in range(helpers):
            started.append(_Helper(context, func, items, bounds))
        while (i := _take(bounds, False)) is not None:
            results[i] = func(items[i])
            for helper in started:      # between items, take in what the helpers have finished
                helper.collect(results, wait=False)
        for helper in started:
            helper.collect(results, wait=True)
        finished = True
    finally:
        for helper in started:
            helper.close(kill=not finished)
    return results
