"""Notes out of the library as a file of their own: a CSV table or a Markdown document.

Notes never go into a post's bytes by an ordinary export; this is how they leave
the library on purpose (`finews notes`, the window's Export Notes…). Pure text
from the rows `store/notes.py` reads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime

NoteRow = tuple[int, str, str, str, str, int]  # id, date text, title, url, note, updated at
FORMATS = ("csv", "md")


def notes_csv(rows: Sequence[NoteRow]) -> str:
    """One line per noted post: id, date, title, url, note, updated (UTC, ISO 8601)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "date", "title", "url", "note", "updated"])
    for pid, when, title, url, note, updated in rows:
        writer.writerow([pid, when, title, url, note, _iso(updated)])
    return buf.getvalue()


def notes_markdown(rows: Sequence[NoteRow]) -> str:
    """A heading per noted post (its title, date and link), its note below as written."""
    parts = ["# Notes\n"]
    for pid, when, title, url, note, _updated in rows:
        head = f"## {title.strip() or f'#{pid}'}\n\n"
        meta = " · ".join(x for x in (when[:16], f"<{url}>" if url else "", f"id {pid}") if x)
        parts.append(f"{head}{meta}\n\n{note.rstrip()}\n")
    return "\n".join(parts)


def notes_table(rows: Sequence[NoteRow], fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return notes_csv(rows) if fmt == "csv" else notes_markdown(rows)


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
