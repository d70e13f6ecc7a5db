"""`Changes`, the one change type of every mutation: what views refresh from and undo keeps."""

from __future__ import annotations

from typing import Any

from finews_desktop.core.store.changes import Changes, PostEdit


def _edit(pid: int, *fields: str) -> PostEdit:
    return PostEdit(pid, frozenset(fields), {}, {}, {}, {}, version_id=1, was_edited=False, hash_after="h")


class _Step:
    post_ids = (7,)
    fields = frozenset({"trash"})

    def undo(self, rows: Any) -> _Step:
        return self


def test_of_edits_names_their_posts_in_order_and_every_field_any_changed() -> None:
    edits = [_edit(3, "title"), _edit(1, "tags", "path")]
    changes = Changes.of(edits)
    assert changes.post_ids == (3, 1)
    assert changes.fields == {"title", "tags", "path"}
    assert changes.edits == tuple(edits) and changes.ops == () and changes.undoable


def test_a_change_is_true_when_it_reached_posts_or_holds_steps() -> None:
    assert not Changes() and not Changes.of([])
    assert Changes.of([_edit(1, "title")])
    assert Changes(ops=(_Step(),))  # a step that names no post (a new collection) still changed something
