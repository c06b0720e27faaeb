"""Work spread over the processor's cores, where that is safe and worth it.

Parsing and rendering are pure Python, so threads would not help; forked worker processes
do. Forking is only safe in a process that runs no other thread (a thread holding a lock at
the fork leaves that lock held forever in the child), so `mkdocs serve`, which runs a web
server thread, always works on one core; its rebuilds re-parse only changed files anyway.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return os.cpu_count() or 1


def forking_is_safe() -> bool:
    return (cores() > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def map_forked(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[func(x) for x in items]` in forked workers, one per core; results in order.

    `func` and the items are pickled by reference or value, the results by value; anything else
    the workers need they inherit from this process at the fork.
    """
    workers = min(len(items), cores())
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, items))

