"""Run independent calls on every core: forked workers that inherit the calls instead of receiving them pickled."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_PENDING: list[Callable[[], Any]] = []


def run_all(calls: list[Callable[[], T]]) -> list[T]:
    """The calls' results in order: on every core when there are several, else here."""
    workers = min(len(calls), os.cpu_count() or 1)
    if workers < 2:
        return [call() for call in calls]
    # Workers are forked after this is set, so they find the calls here.
    _PENDING[:] = calls
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(_run_pending, range(len(calls))))
    finally:
        _PENDING.clear()


def _run_pending(index: int) -> Any:
    return _PENDING[index]()


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the build that forked it is killed, instead of waiting forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
