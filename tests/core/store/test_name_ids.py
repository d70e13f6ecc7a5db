"""The ids of names: read once per table, made when missing, one row per name."""

from __future__ import annotations

from pathlib import Path

from finews_desktop.core.store.library import Library
from finews_desktop.core.store.name_ids import ids_for


def test_names_are_made_once_and_remembered(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        cache: dict[str, dict[object, int]] = {}
        tags = ids_for(lib.db, cache, "tag", ["a", "b", "a"])
        assert set(tags) == {"a", "b"} and cache["tag"] is tags
        assert ids_for(lib.db, {}, "tag", ["b", "c"])["b"] == tags["b"]  # read back from the table, not made again
        stocks = ids_for(lib.db, cache, "stock", [("SH", "600000")])
        categories = ids_for(lib.db, cache, "category", ["news"])
        count = lib.db.execute_sql
        assert count("SELECT COUNT(*) FROM tag").fetchone()[0] == 3
        assert count("SELECT market, code FROM stock WHERE id = ?", (stocks[("SH", "600000")],)).fetchone() == (
            "SH",
            "600000",
        )
        assert count("SELECT slug FROM category WHERE id = ?", (categories["news"],)).fetchone() == ("news",)
