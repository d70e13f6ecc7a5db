"""Notes out of the library on purpose: a file of their own (CSV or Markdown), or a front matter key.

Notes never go into a post's bytes by an ordinary export; they leave the library as a
table or a Markdown document (`finews notes`, the window's Export Notes…), or, only when
an export is asked to (`Exporter(note_key=...)`), as one more front matter key of each
noted post (`with_note_key`). Pure text from the rows `store/notes.py` reads.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from finews_desktop.core.jekyll.post import FRONT_MATTER_RE

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


def with_note_key(raw: bytes, key: str, note: str) -> bytes:
    """The post's bytes with `key: <note>` as the last line(s) of its front matter.

    The note is a YAML literal block (a JSON-quoted string when it holds characters YAML
    cannot carry raw); every other byte is kept. A post that is not UTF-8, has no front matter,
    or already has the key at its top level is returned unchanged."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    m = FRONT_MATTER_RE.match(text, len(bom))
    if m is None or re.search(rf"(?m)^{re.escape(key)}[ \t]*:", m.group(1)):
        return raw
    newline = "\r\n" if "\r\n" in m.group(1) else "\n"
    at = m.start(2)
    return (text[:at] + _yaml_entry(key, note, newline) + text[at:]).encode("utf-8")


def _yaml_entry(key: str, note: str, newline: str) -> str:
    body = note.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    if any(not (ch.isprintable() or ch in "\t\n") or ch == "\ufeff" for ch in body):
        return f"{key}: {json.dumps(body)}{newline}"  # escaped: YAML reads JSON's double-quoted strings
    lines = "".join(f"  {line}{newline}" if line else newline for line in body.split("\n"))
    return f"{key}: |2-{newline}{lines}"
