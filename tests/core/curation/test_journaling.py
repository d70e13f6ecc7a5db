"""A Curator method as a journaled operation: JSON-ready arguments recorded, and the words that describe it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from finews_desktop.core.curation.journaling import _plain, describe_curation, journaled


def test_arguments_become_json_ready() -> None:
    assert _plain(x for x in (1, 2)) == [1, 2]  # an iterator, read once
    assert _plain({1: {"a"}}) == {"1": ["a"]}
    assert _plain([(1, "a"), None]) == [[1, "a"], None]
    assert _plain("tag") == "tag" and _plain(None) is None


def test_each_operation_is_told_in_words() -> None:
    assert describe_curation("rename", ["tag", "a", "b"]) == "Rename tag a to b"
    assert describe_curation("add", ["tag", list(range(1200)), ["x", "y"]]) == "Add tag x, y to 1,200 posts"
    assert describe_curation("empty_trash", []) == "Empty the trash"
    assert describe_curation("rename", ["tag"]) == "rename tag"  # too few arguments: its name and them
    assert describe_curation("new_method", [1]) == "new_method"  # a method without words: its name


class _Journal:
    def __init__(self) -> None:
        self.records: list[tuple[str, str, dict[str, Any]]] = []

    @contextlib.contextmanager
    def operation(self, kind: str, description: str, params: dict[str, Any]) -> Iterator[None]:
        self.records.append((kind, description, json.loads(json.dumps(params))))
        yield


class _Lib:
    journal = _Journal()


class _Curator:
    lib = _Lib()

    @journaled
    def add(self, kind: str, post_ids: Any, names: Any) -> tuple[str, Any, Any]:
        return kind, post_ids, names


def test_the_record_is_the_call_made_again_after_a_kill() -> None:
    curator = _Curator()
    assert curator.add("tag", iter([3, 1]), ("x",)) == ("tag", [3, 1], ["x"])  # the method sees what is recorded
    assert curator.add("tag", [2], names=["y"]) == ("tag", [2], ["y"])
    assert _Lib.journal.records == [
        ("curation", "Add tag x to 2 posts", {"method": "add", "args": ["tag", [3, 1], ["x"]], "kwargs": {}}),
        ("curation", "add tag 2", {"method": "add", "args": ["tag", [2]], "kwargs": {"names": ["y"]}}),
    ]
