"""The post table model over ids, the list query, the sidebar's search terms, the workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.importing.importer import Importer, ImportProblem, ImportReport
from finews_desktop.core.store.library import Library
from finews_desktop.ui.dialogs.import_report import ImportReportDialog, report_lines
from finews_desktop.ui.models.posts import (
    CACHE_LIMIT,
    DATE,
    PAGE,
    POST_ID_ROLE,
    POST_IDS_MIME,
    TITLE,
    WARNINGS,
    PostTableModel,
)
from finews_desktop.ui.tasks import TaskRunner
from finews_desktop.ui.widgets.sidebar import add_term, term
from finews_desktop.workers.listing import ListRequest, rows_to_ranges, run_list_query, split_recent


@pytest.fixture
def imported(library: Library, corpus: Path) -> Library:
    Importer(library).run([corpus])
    return library


def test_model_passes_qtmodeltester(qtmodeltester, imported: Library) -> None:
    model = PostTableModel(imported.post_rows)
    model.set_ids(imported.post_ids())
    qtmodeltester.check(model, force_py=True)
    model.set_ids(imported.post_ids(order="title")[:10])
    qtmodeltester.check(model, force_py=True)


def test_rows_are_read_a_page_at_a_time_and_cached_by_id(imported: Library) -> None:
    calls: list[int] = []

    def fetch(ids):
        calls.append(len(ids))
        return imported.post_rows(ids)

    model = PostTableModel(fetch)
    ids = imported.post_ids()
    model.set_ids(ids)
    assert calls == []  # nothing is read before it is shown
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            model.index(r, c).data()
    assert calls == [min(PAGE, len(ids))]  # one read for all 94 rows, not one per row
    model.set_ids(list(reversed(ids)))  # a re-sort keeps the rows already read
    model.index(0, TITLE).data()
    assert len(calls) == 1
    assert model.index(0, 0).data(POST_ID_ROLE) == ids[-1]
    dated = next(r for r in range(model.rowCount()) if model.row(r).date)
    assert len(model.index(dated, DATE).data()) == 16  # YYYY-MM-DD HH:MM
    untitled = next(r for r in range(model.rowCount()) if not model.row(r).title)
    assert model.index(untitled, TITLE).data().endswith(".md")
    warned = next(r for r in range(model.rowCount()) if model.row(r).warning_count)
    assert model.index(warned, WARNINGS).data(Qt.ItemDataRole.ToolTipRole)
    mime = model.mimeData([model.index(0, 0), model.index(1, 0)])
    assert sorted(map(int, bytes(mime.data(POST_IDS_MIME)).decode().split(","))) == sorted(ids[-2:])


def test_the_row_cache_is_bounded_and_keeps_the_rows_last_shown() -> None:
    """Scrolling a long list to the bottom keeps at most CACHE_LIMIT rows (memory), the latest ones."""
    from finews_desktop.core.store.post_reads import PostRow

    reads: list[list[int]] = []

    def fetch(ids):
        reads.append(list(ids))
        return [PostRow(i, "2022-05-01 08:00", f"t{i}", f"{i}.md", "s", (), (), 0, (), False) for i in ids]

    model = PostTableModel(fetch)
    model.set_ids(range(1, CACHE_LIMIT * 3 + 1))
    for row in range(0, model.rowCount(), PAGE):  # from the top to the bottom, a page at a time
        model.index(row, TITLE).data()
    assert len(reads) == CACHE_LIMIT * 3 // PAGE
    assert model.cached_rows() == CACHE_LIMIT
    # the last rows shown are still there; the first ones are read again
    model.index(model.rowCount() - 1, TITLE).data()
    assert len(reads) == CACHE_LIMIT * 3 // PAGE
    assert model.index(0, TITLE).data() == "t1" and reads[-1][0] == 1


def test_a_deleted_post_shows_as_deleted_not_an_error(imported: Library) -> None:
    model = PostTableModel(imported.post_rows)
    model.set_ids([999_999, *imported.post_ids()[:3]])
    assert model.index(0, TITLE).data() == "(deleted)"
    assert model.index(1, TITLE).data()
    assert model.rowCount(model.index(0, 0)) == 0
    assert not model.index(0, 0).parent().isValid()


def test_append_keeps_rows_and_emits_inserts(qtbot, imported: Library) -> None:
    model = PostTableModel(imported.post_rows)
    ids = imported.post_ids()
    model.set_ids(ids[:10])
    with qtbot.waitSignal(model.rowsInserted):
        model.append_ids(ids[10:])
    assert list(model.ids) == ids


def test_list_query_keeps_the_selection_and_sorts_in_sql(imported: Library) -> None:
    ids = imported.post_ids()
    keep = ids[3:6]
    result = run_list_query(imported, ListRequest(1, "", "title", False, keep_ids=keep, current_id=keep[0]))
    assert sorted(result.ids) == sorted(ids) and result.total == len(ids)
    rows = [r for a, b in result.keep_ranges for r in range(a, b + 1)]
    assert sorted(result.ids[r] for r in rows) == sorted(keep)
    assert result.ids[result.current_row] == keep[0]
    first = run_list_query(imported, ListRequest(2, "", "date", True, limit=10))
    assert len(first.ids) == 10 and first.total == -1  # straight from SQL, not counted
    assert list(first.ids) == ids[:10]
    from finews_desktop.core.search.engine import search

    # the whole library comes from the SQL indexes in exactly the search's order, trash left out
    imported.db.execute_sql("UPDATE post SET trashed_at = 1 WHERE id IN (?, ?)", (ids[0], ids[7]))
    for key in ("date", "title", "id"):
        for descending in (True, False):
            expected = list(search(imported, "", sort=key, descending=descending).ids)
            fast = run_list_query(imported, ListRequest(2, "", key, descending, limit=30))
            whole = run_list_query(imported, ListRequest(2, "", key, descending))
            assert list(whole.ids) == expected and whole.total == len(expected), (key, descending)
            assert list(fast.ids) == expected[:30], (key, descending)
            assert ids[0] not in whole.ids and len(expected) == len(ids) - 2
    for key in ("tags", "stocks", "warnings"):
        page = run_list_query(imported, ListRequest(3, "", key, True, limit=5))
        assert len(page.ids) == 5 and page.total == len(ids) - 2
    recent = run_list_query(imported, ListRequest(4, "is:recent", "date", True))
    assert recent.total == len(ids) - 2


def test_helpers() -> None:
    assert split_recent("tag:x is:recent  date:2022") == ("tag:x date:2022", True)
    assert split_recent("this:recent") == ("this:recent", False)
    assert rows_to_ranges([5, 1, 2, 3, 7]) == [(1, 3), (5, 5), (7, 7)]
    assert term("tag", "东财滚动新闻") == "tag:东财滚动新闻"
    assert term("category", "News Folder") == 'category:"News Folder"'
    assert term("category", 'a"b') == 'category:"a\\"b"'
    assert add_term("tag:a", "date:2022") == "tag:a date:2022"
    assert add_term("tag:a date:2022", "date:2022") == "tag:a date:2022"


@pytest.mark.parametrize("synchronous", [True, False])
def test_task_runner_threaded_and_synchronous(qtbot, synchronous: bool) -> None:
    runner = TaskRunner("t", synchronous=synchronous)
    seen: list[object] = []

    def work(task):
        task.report_progress(1, 2, "x")
        return 42

    runner.run(work, on_done=seen.append)
    qtbot.waitUntil(lambda: 42 in seen)
    failing = runner.run(lambda _t: 1 / 0, on_error=seen.append)
    qtbot.waitUntil(lambda: any(isinstance(x, ZeroDivisionError) for x in seen))
    assert failing.done
    runner.shutdown()


def test_report_dialog_lists_every_problem_filterable(qtbot) -> None:
    report = ImportReport(
        imported=["a.md", "b.md"],
        skipped=[
            ImportProblem("c.bin", "binary", "This is a binary file", "error"),
            ImportProblem("d.md", "duplicate", "A different version", "warning"),
        ],
        problems=[
            ImportProblem("c.bin", "binary", "This is a binary file", "error"),
            ImportProblem("b.md", "date", "The date cannot be read", "warning"),
        ],
    )
    lines = report_lines(report)
    assert [x.kind for x in lines] == ["error", "warning", "skipped"]
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    assert "Imported: 2" in dialog.summary.text() and "Errors: 1" in dialog.summary.text()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("warning"))
    assert [x.path for x in dialog.shown_lines()] == ["b.md"]
    dialog.kind_box.setCurrentIndex(0)
    dialog.filter_edit.setText("BINARY")
    assert [x.path for x in dialog.shown_lines()] == ["c.bin"]
    assert "c.bin\tbinary" in dialog.as_text()


def test_select_all_of_a_huge_list_is_one_range_the_headers_never_scan(qtbot) -> None:
    """Sharing the view's selection model made the headers ask, on each selection change, whether every
    whole column was selected: O(rows), ~15 s for selecting all of 300,000. The headers keep their own."""
    from PySide6.QtWidgets import QApplication

    from finews_desktop.core.store.post_reads import PostRow
    from finews_desktop.ui.mainwindow import PostTable

    def fetch(ids):
        return [PostRow(i, "2022-01-01 10:00", f"t{i}", "x.md", "s", ("t",), (), 0, (), False) for i in ids]

    model = PostTableModel(fetch)
    view = PostTable()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    model.set_ids(range(300_000))
    for header in (view.horizontalHeader(), view.verticalHeader()):
        assert header.selectionModel() is not view.selectionModel()
    view.selectAll()
    QApplication.processEvents()
    assert len(view.selectionModel().selection()) == 1
