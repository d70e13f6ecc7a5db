"""Helpers of the curation tests: small Jekyll sites written from a dict of post texts, undo checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_site(root: Path, posts: dict[str, str], timezone: str = "Asia/Shanghai") -> Path:
    """Write each `relative path: text` under root (UTF-8, bytes as given) and a `_config.yml`."""
    for rel, text in posts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (root / "_config.yml").write_text(f"timezone: {timezone}\n")
    return root


def check_undo_redo(cur: Any, before: Any, changes: Any, snapshot: Callable[[Any], Any]) -> None:
    """Undo, redo and undo again must each give back exactly the state `snapshot(library)` saw."""
    from finews_desktop.core.curation.curator import UndoStack

    after = snapshot(cur.lib)
    stack = UndoStack(cur)
    stack.push(changes)
    stack.undo()
    assert snapshot(cur.lib) == before
    stack.redo()
    assert snapshot(cur.lib) == after
    stack.undo()
    assert snapshot(cur.lib) == before
