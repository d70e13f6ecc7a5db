"""The search's id orders kept in the index file, so that opening a library does not read every post.

The engine's date order and flags (core/search/orders.py) cost seconds to read from a million
posts; kept here as a few blobs they load in milliseconds and are brought up to date from the
search queue as the index is. `orders(name, data)` holds the parts (arrays as little-endian
bytes, bitsets as bytes); meta `orders_seq` is the queue sequence number they are at: they hold
every change queued up to it, and any later change they may hold is still queued after it.
`SearchIndex` writes them before it deletes queue entries (so they can always be patched from
what is left) and empties them with the index.
"""

from __future__ import annotations

import sqlite3


def kept_orders_seq(conn: sqlite3.Connection) -> int | None:
    """The queue sequence number the kept orders are at (None: none kept)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'orders_seq'").fetchone()
    return int(row[0]) if row else None


def read_kept_orders(conn: sqlite3.Connection) -> tuple[int, dict[str, bytes]] | None:
    """(their sequence number, the parts by name), read in one snapshot; None when none are kept
    (or the file, opened as it is on a read-only medium, is older than the table)."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        seq = kept_orders_seq(conn)
        if seq is None:
            return None
        return seq, {name: bytes(data) for name, data in conn.execute("SELECT name, data FROM orders")}
    except sqlite3.OperationalError:
        return None
    finally:
        if began:
            conn.execute("COMMIT")


def write_kept_orders(conn: sqlite3.Connection, seq: int, parts: dict[str, bytes]) -> None:
    """Replace the kept orders with `parts` at queue sequence number `seq`, in one transaction, unless
    another process kept newer ones meanwhile (it may have deleted the queue entries after `seq`)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        kept = kept_orders_seq(conn)
        if kept is not None and kept >= seq:
            conn.execute("ROLLBACK")
            return
        conn.execute("DELETE FROM orders")
        conn.executemany("INSERT INTO orders (name, data) VALUES (?, ?)", parts.items())
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('orders_seq', ?)", (str(seq),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
