"""store/migrations.py: the ladder's index steps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from finews_desktop.core.store import migrations
from finews_desktop.core.store.library import Library


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='post'")}


def test_a_title_sort_is_read_from_the_title_date_index_in_new_and_migrated_libraries(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    plan = " ".join(r[3] for r in lib.db.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM post ORDER BY title, date, id"))
    lib.close()
    assert "USING COVERING INDEX post_title_date" in plan and "TEMP B-TREE" not in plan
    db_file = tmp_path / "lib" / "library.sqlite3"
    with sqlite3.connect(db_file) as conn:  # a library as schema v7 left it
        conn.execute('DROP INDEX "post_title_date"')
        conn.execute('CREATE INDEX "post_title" ON "post" ("title")')
        conn.execute("PRAGMA user_version = 7")
    assert migrations.backup_needed([8]) is False  # an index step: nothing to lose
    Library.open(tmp_path / "lib").close()
    assert "post_title_date" in _indexes(db_file) and "post_title" not in _indexes(db_file)
