"""Whether anything in the library changed since a moment: for what keeps a query's answer between calls
(core/search/kept_results.py), where the search queue's generation does not say it (read marks and notes
are not queued for the index, yet `is:unread` and `has:note` answer from them)."""

from __future__ import annotations

from typing import Any


def change_stamp(db: Any) -> tuple[int, int]:
    """Different after any commit by another connection (the window's, another process's: SQLite's
    data_version) and after any change by this one (its total_changes)."""
    version = db.execute_sql("PRAGMA data_version").fetchone()[0]
    return int(version), int(db.connection().total_changes)
