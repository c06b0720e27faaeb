"""`cached`: a value computed on first use and kept on the object.

functools.cached_property does the same, but on Python 3.11 it takes a lock on every first use
(1-2 µs; a 10,000-paper build makes about 100,000 such first uses). Nothing in the generator
shares these objects between threads, so this version takes none. Like cached_property, it
stores the value in the instance's `__dict__`, so later reads do not call it at all; it works on
frozen dataclasses too.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class cached(Generic[T]):  # noqa: N801 (named like the decorator it replaces)
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def warm(obj: Any) -> None:
    """Compute every `cached` value of `obj` now (a helper process does this for the objects it
    hands back, so that the values come with them instead of being computed in each process)."""
    for name in _cached_names(type(obj)):
        getattr(obj, name)


@lru_cache(maxsize=None)
def _cached_names(cls: type) -> tuple[str, ...]:
    return tuple(name for klass in reversed(cls.__mro__) for name, value in vars(klass).items()
                 if isinstance(value, cached))
