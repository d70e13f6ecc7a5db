"""Curation steps as journaled operations: the words that describe one, and the decorator that records it.

A Curator method's name and JSON-ready arguments are its journal record, so that
`finews_desktop.core.recovery` can run the same call again after a kill.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _plain(value: Any) -> Any:
    """JSON-ready arguments (iterables become lists), so that the same call can be made again."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    items = list(value)
    if all(type(v) is int or type(v) is str for v in items):  # post ids, names: the common case, kept cheap
        return items
    return [_plain(v) for v in items]


_CURATION_TEXT = {
    "rename": "Rename {0} {1} to {2}",
    "merge": "Merge {0}s {1} into {2}",
    "delete": "Delete {0} {1}",
    "add": "Add {0} {2} to {n1} posts",
    "remove": "Remove {0} {2} from {n1} posts",
    "set": "Set {0} {2} on {n1} posts",
    "trash": "Move {n0} posts to the trash",
    "restore": "Restore posts from the trash",
    "empty_trash": "Empty the trash",
    "add_to_collection": "Add {n1} posts to collection {0}",
    "remove_from_collection": "Remove {n1} posts from collection {0}",
    "delete_collection": "Delete collection {0}",
}


def describe_curation(method: str, args: list[Any]) -> str:
    shown = [", ".join(map(str, a)) if isinstance(a, list) else str(a) for a in args]
    counts = {f"n{i}": f"{len(a):,}" for i, a in enumerate(args) if isinstance(a, list)}
    try:
        return _CURATION_TEXT.get(method, method).format(*shown, **counts)
    except (IndexError, KeyError):
        return f"{method} {' '.join(shown)}"


def journaled(method: F) -> F:
    """Make a Curator method a journaled operation: its name and arguments are what resuming calls again."""
    name = method.__name__

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        args = tuple(_plain(a) for a in args)  # an iterator is read once, here
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        params = {"method": name, "args": list(args), "kwargs": kwargs}
        with self.lib.journal.operation("curation", describe_curation(name, list(args)), params):
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]
