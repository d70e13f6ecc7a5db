"""The index file (`search-index.sqlite3` beside the library): its tables and how it is opened.

It can be deleted and rebuilt from the library at any time. Tables: `posting`, `ext` and
`ext3` (postings.py), `loc` (textfile.py), `docs(id, fields)`: the indexed posts and their
field tokens, `orders(name, data)`: the search's id orders (keptorders.py), and `meta(key, value)`:
`format`, `version` (changes with every commit), `ready`, `built_below`, `seq` (queue entries
applied), `ext3`, `text_gen`, `text_end`, `orders_seq`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from finews_desktop.core.search.index.textfile import next_text_gen

INDEX_FILE = "search-index.sqlite3"
FORMAT = "3"  # 3: the indexed text moved from a SQLite table to the text file

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS posting (kind INTEGER NOT NULL, key TEXT NOT NULL, block INTEGER NOT NULL, "
    "data BLOB NOT NULL, PRIMARY KEY (kind, key, block)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ext (key TEXT PRIMARY KEY, nxt TEXT, prv TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ext3 (key TEXT PRIMARY KEY, nxt TEXT, prv TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, fields TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS loc (block INTEGER PRIMARY KEY, gen INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS orders (name TEXT PRIMARY KEY, data BLOB NOT NULL)",
)
_TABLES = ("posting", "ext", "ext3", "docs", "loc", "orders")


def open_index(path: Path) -> sqlite3.Connection:
    """A connection to the index file, which is made with its tables when missing; on a read-only
    medium, the file as it is (see _read_only_index)."""
    if not os.access(path.parent, os.W_OK):  # a read-only medium: write nothing
        return _read_only_index(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = normal")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA temp_store = memory")
    for sql in _SCHEMA:
        conn.execute(sql)
    if conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() is None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
        # a new index file (the old one deleted?) never reuses a text file's name
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('text_gen', ?)", (str(next_text_gen(path.parent, -1)),))
    return conn


def _read_only_index(path: Path) -> sqlite3.Connection:
    """The index file as it is (immutable: no -shm can be made beside it), else an empty index in memory
    (every post is then searched directly, which is exact too)."""
    if path.is_file() and not path.is_symlink():
        conn = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
        try:
            if conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,):
                return conn
        except sqlite3.DatabaseError:
            pass
        conn.close()
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for sql in _SCHEMA:
        conn.execute(sql)
    conn.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    return conn
