"""A cache for loaders of the package's own data (platform definitions, SNMP profiles,
catalogs), safe when many threads ask at once.

`functools.cache` lets every caller that arrives before the first result compute it too:
a collecting process starts its 100–200 session threads together, and each of them read
and validated every platform definition (a fifth of a 500-device run's CPU). Here the
first caller computes and the others wait for its result.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class _Once(Generic[P, R]):
    def __init__(self, function: Callable[P, R]) -> None:
        self._function = function
        self._results: dict[tuple[Hashable, ...], R] = {}
        self._lock = threading.RLock()
        functools.update_wrapper(self, function)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError(f"{self._function.__name__}: cached by positional arguments only")
        key: tuple[Any, ...] = args
        try:
            return self._results[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._results:
                self._results[key] = self._function(*args, **kwargs)
            return self._results[key]

    def cache_clear(self) -> None:
        """Forget every result (tests that change the data files)."""
        with self._lock:
            self._results.clear()


def once(function: Callable[P, R]) -> _Once[P, R]:
    """`function`'s result per positional arguments, computed once per process."""
    return _Once(function)
