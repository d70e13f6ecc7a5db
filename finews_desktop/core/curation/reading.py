"""Read state and notes: the rules over `store/reading.py` and `store/notes.py`, undoable as curation is.

A post is unread until it is opened for a moment (the window decides when: ui/reading.py)
or marked read; marks go to a selection, to a query's posts, or to those older than a day.
A note is a post's private text. Neither ever touches a post's bytes, so an export is the
same with or without them (only an export asked to write notes as a front matter key
differs). Each mutation is one transaction returning a `Changes` whose step (`ReadMarks`,
`NoteEdit`) `Curator.undo` turns back; they change the library's own rows, not what the
search index holds (`indexed` is False), so nothing is queued for it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import notes as _notes
from finews_desktop.core.store import reading as _reading
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.curation_rows import CurationReads, CurationWrites
from finews_desktop.core.store.library import Library

READ_FIELD = "read"  # Changes.fields of a read-state change
NOTE_FIELD = "note"  # Changes.fields of a note edit


@dataclass(frozen=True)
class ReadMarks:
    """Posts moved between unread and read: each one's read time before and after (None: unread)."""

    indexed: ClassVar[bool] = False
    ids: tuple[int, ...]
    before: tuple[int | None, ...]
    after: tuple[int | None, ...]

    @property
    def post_ids(self) -> Sequence[int]:
        return self.ids

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({READ_FIELD})

    def apply(self, rows: CurationWrites) -> None:
        _reading.set_states(rows.conn, zip(self.ids, self.after, strict=True))

    def undo(self, rows: CurationWrites) -> ReadMarks:
        inverse = ReadMarks(self.ids, self.after, self.before)
        inverse.apply(rows)
        return inverse


@dataclass(frozen=True)
class NoteEdit:
    """A post's note before and after ('' for none)."""

    indexed: ClassVar[bool] = False
    post_id: int
    before: str
    after: str

    @property
    def post_ids(self) -> Sequence[int]:
        return (self.post_id,)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({NOTE_FIELD})

    def apply(self, rows: CurationWrites) -> None:
        _notes.set_note(rows.conn, self.post_id, self.after, int(time.time()))

    def undo(self, rows: CurationWrites) -> NoteEdit:
        inverse = NoteEdit(self.post_id, self.after, self.before)
        inverse.apply(rows)
        return inverse


@dataclass(frozen=True)
class ReadingCounts:
    """The sidebar's Library entries: posts not in the trash that are unread, and that have a note."""

    unread: int
    noted: int


def older_than_query(query: str, day: date) -> str:
    """`query` narrowed to posts dated before `day` (in their archive's timezone, as `date:` reads it)."""
    before = f"date:<{day.isoformat()}"
    return f"({query}) {before}" if query.strip() else before


class Reader:
    """Read state and notes over one open library (see the module docstring)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.rows = CurationReads(lib)

    # --- reading ----------------------------------------------------------------------

    def counts(self) -> ReadingCounts:
        return ReadingCounts(_reading.unread_count(self.lib.db), _notes.noted_count(self.lib.db))

    def is_read(self, post_id: int) -> bool:
        return bool(_reading.read_flags(self.lib.db, [post_id]))

    def first_unread(self, ids: Sequence[int], *, chunk: int = 500) -> int | None:
        """The first of `ids` (a list in its order) that is unread: a query per `chunk` ids, stopping at
        the first chunk that holds one (Space/N in the window)."""
        for start in range(0, len(ids), chunk):
            part = list(ids[start : start + chunk])
            read = _reading.read_flags(self.lib.db, part)
            for pid in part:
                if pid not in read:
                    return pid
        return None

    def note(self, post_id: int) -> str:
        if not self.lib.post_exists(post_id):
            raise KnownError(f"There is no post with id {post_id}.")
        return _notes.note(self.lib.db, post_id)

    def noted_posts(self, ids: Sequence[int] | None = None) -> list[tuple[int, str, str, str, str, int]]:
        """(id, date, title, url, note, updated at) of posts with a note (of `ids` if given), by date."""
        return _notes.export_rows(self.lib.db, ids)

    # --- read state -----------------------------------------------------------------------

    def mark(self, post_ids: Iterable[int], read: bool = True, *, label: str = "") -> Changes:
        """Mark these posts read (those unread get the time now) or unread; one undoable step."""
        ids = list(dict.fromkeys(int(i) for i in post_ids))
        now = int(time.time())
        with self.rows.transaction() as rows:
            ids = _reading.existing(rows.conn, ids)
            times = _reading.read_times(rows.conn, ids)
            if read:
                moved = [i for i in ids if i not in times]
                step = ReadMarks(tuple(moved), (None,) * len(moved), (now,) * len(moved))
            else:
                moved = [i for i in ids if i in times]
                step = ReadMarks(tuple(moved), tuple(times[i] for i in moved), (None,) * len(moved))
            if moved:
                step.apply(rows)
            rows.posts_changed([])  # ends a journaled operation with this commit, queues nothing
        if not moved:
            return Changes()
        words = label or ("Mark Read" if read else "Mark Unread")
        return Changes(post_ids=tuple(moved), fields=step.fields, label=words, ops=(step,))

    def mark_query(
        self, query: str, read: bool = True, *, older_than: date | None = None, notes: bool = False
    ) -> Changes:
        """Mark a query's posts (not those in the trash unless it asks for them), optionally only
        those dated before `older_than`; with `notes`, its free text matches notes too, as the list did."""
        if older_than is not None:
            query = older_than_query(query, older_than)
        # here: the search engine imports numpy, which the window's first rows (ReadingUi's Reader) do not need
        from finews_desktop.core.search.engine import search

        ids = search(self.lib, query, notes=notes).ids
        return self.mark(ids, read)

    # --- notes ----------------------------------------------------------------------------

    def set_note(self, post_id: int, text: str) -> Changes:
        """Give a post this note ('' or only white space removes it); an undoable step."""
        body = text if text.strip() else ""
        with self.rows.transaction() as rows:
            if not self.lib.post_exists(post_id):
                raise KnownError(f"There is no post with id {post_id}.")
            before = _notes.note(rows.db, post_id)
            if before == body:
                return Changes()
            step = NoteEdit(post_id, before, body)
            step.apply(rows)
            rows.posts_changed([])
        return Changes(post_ids=(post_id,), fields=step.fields, label="Edit Note", ops=(step,))
