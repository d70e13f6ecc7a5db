"""The row ids of category, tag and stock names, made when missing: what every link to a name needs.

The `Library` keeps the cache (one dict per table, for its life) and empties it
when a transaction that may have made names rolls back or names are removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

NameIds = Callable[[str, Iterable[Any]], dict[Any, int]]  # `Library._ids_for`: (table, names) -> name: id


def ids_for(db: Any, cache: dict[str, dict[Any, int]], table: str, names: Iterable[Any]) -> dict[Any, int]:
    """Get or create rows of category (by slug), tag (by name) or stock (by (market, code)) in `table`."""
    known = cache.get(table)
    if known is None:
        if table == "stock":
            rows = db.execute_sql("SELECT market, code, id FROM stock")
            known = {(m, c): i for m, c, i in rows}
        else:
            col = "slug" if table == "category" else "name"
            known = {n: i for n, i in db.execute_sql(f"SELECT {col}, id FROM {table}")}
        cache[table] = known
    missing = [n for n in dict.fromkeys(names) if n not in known]
    for name in missing:
        if table == "stock":
            market, code = name
            cur = db.execute_sql("INSERT INTO stock (market, code) VALUES (?, ?)", (market, code))
        else:
            col = "slug" if table == "category" else "name"
            cur = db.execute_sql(f"INSERT INTO {table} ({col}) VALUES (?)", (name,))
        known[name] = cur.lastrowid
    return known
