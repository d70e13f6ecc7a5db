"""Notes as the search sees them: each post's note folded as the index folds text (`fold`), kept in memory.

Notes are written by hand, a few thousand in a large library, so they are matched by
scanning their folded text: a term matches a note exactly when it matches the same
words in a post's text (the same folding, any part of a word). The folded notes are
read once and then kept up to date from the notes edited since (`store/notes.py`'s
sequence numbers), so a note edit costs the search one row, not a rebuild.
"""

from __future__ import annotations

import threading
from typing import Any

from finews_desktop.core.search.index import fold
from finews_desktop.core.store import notes as _notes


class NoteTexts:
    """The library's notes, folded, as of the last `refresh` (one per search engine)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._folded: dict[int, str] = {}

    def refresh(self, db: Any) -> dict[int, str]:
        """post id -> folded note, brought up to date: only the notes edited since the last call are read."""
        key = _notes.generation(db)
        with self._lock:
            if key == self._key:
                return self._folded
            seq = self._key[0] if self._key is not None else 0
            folded = dict(self._folded)
            for _seq, pid, body in _notes.changed_since(db, seq):
                folded[pid] = fold(body)
            if len(folded) != key[1]:  # a note was removed (or its post deleted): read them all again
                folded = {pid: fold(body) for _seq, pid, body in _notes.changed_since(db, 0)}
            self._key, self._folded = key, folded
            return folded

    def matching(self, db: Any, value: str) -> list[int]:
        """Posts whose note holds the folded term `value`."""
        return [pid for pid, text in self.refresh(db).items() if value in text]

    def noted(self, db: Any) -> list[int]:
        return list(self.refresh(db))
