"""File ▸ Export Table… driven as a person would: a search typed and entered, the menu bar opened with Alt+F,
the dialog filled with keys and clicks, the file read back; Parquet disabled with the reason without pyarrow;
the export in a child process while the window answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.exporting.tables import write_table_csv
from finews_desktop.ui.dialogs.export_table import ExportTableDialog
from tests.ui.test_export_dialog import click, focus_table, search

QUERY = "HFO"  # the sample archive's one post with stocks (a stock: query would open the stock page)


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.facets is not None and window.model.rowCount() == 94)
    return window


def open_from_the_file_menu(window, qtbot) -> ExportTableDialog:
    focus_table(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # the menu bar's &File
    qtbot.waitUntil(lambda: window.file_menu.isVisible())
    action = window.table_export.action
    actions = window.file_menu.actions()
    assert actions.index(action) == actions.index(window.exporting.action) + 1  # right below Export…
    window.file_menu.setActiveAction(action)  # as the arrow keys would
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.table_export.dialog is not None and window.table_export.dialog.isVisible())
    return window.table_export.dialog


def type_path(qtbot, dialog: ExportTableDialog, path: Path) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.path_edit, str(path))  # tmp_path is ASCII


def library_csv(window, table: str, query: str | None) -> str:
    out = io.StringIO(newline="")
    write_table_csv(window.library, table, Selection(query=query), out)
    return out.getvalue()


def test_the_search_results_mentions_as_csv_through_the_file_menu(filled, qtbot, tmp_path: Path) -> None:
    window = filled
    search(window, qtbot, QUERY, 1)
    dialog = open_from_the_file_menu(window, qtbot)
    assert dialog.search_button.isChecked() and dialog.csv_button.isChecked() and dialog.table() == "posts"
    assert not dialog.ok_button.isEnabled()  # no file yet
    click(qtbot, dialog.table_buttons["mentions"])
    type_path(qtbot, dialog, tmp_path / "mentions.csv")
    with qtbot.waitSignal(window.table_export.tableFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    report = finished.args[0]
    written = (tmp_path / "mentions.csv").read_bytes().decode("utf-8")
    assert written == library_csv(window, "mentions", QUERY)
    rows = list(csv.DictReader(io.StringIO(written, newline="")))
    assert report.rows == len(rows) > 0 and {r["symbol"] for r in rows} >= {"600160.SH"}
    qtbot.waitUntil(lambda: window.table_export.message is not None and window.table_export.message.isVisible())
    assert str(tmp_path / "mentions.csv") in window.table_export.message.text()
    assert f"{len(rows)} rows" in window.table_export.message.text()
    qtbot.keyClick(window.table_export.message, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.table_export.message.isVisible())


def test_the_whole_library_as_parquet_with_keys_only(filled, qtbot, tmp_path: Path) -> None:
    import pyarrow.parquet as pq  # the extra [analysis]: setup.sh installs it for the tests

    window = filled
    search(window, qtbot, QUERY, 1)
    dialog = open_from_the_file_menu(window, qtbot)
    dialog.activateWindow()  # where a person's keys go: the mnemonics are the active window's shortcuts
    qtbot.waitUntil(dialog.isActiveWindow)
    # a mnemonic clicks its button as a click is animated: a moment later
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # The &whole library
    qtbot.waitUntil(dialog.library_button.isChecked)
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # S&tocks
    qtbot.waitUntil(lambda: dialog.table() == "stocks")
    type_path(qtbot, dialog, tmp_path / "stocks.csv")
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # P&arquet: the suffix follows
    qtbot.waitUntil(lambda: dialog.format() == "parquet")
    assert dialog.path_edit.text() == str(tmp_path / "stocks.parquet") and not dialog.bom_box.isEnabled()
    dialog.path_edit.setFocus()
    with qtbot.waitSignal(window.table_export.tableFinished, timeout=30_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    rows = pq.read_table(tmp_path / "stocks.parquet").to_pylist()
    expected = list(csv.DictReader(io.StringIO(library_csv(window, "stocks", None), newline="")))
    assert [(r["symbol"], r["posts"]) for r in rows] == [(r["symbol"] or None, int(r["posts"])) for r in expected]
    window.table_export.message.close()


def test_without_pyarrow_parquet_is_disabled_and_says_why(filled, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from finews_desktop.ui import table_export

    monkeypatch.setattr(table_export, "parquet_module", lambda: None)
    window = filled
    dialog = open_from_the_file_menu(window, qtbot)
    assert not dialog.parquet_button.isEnabled() and dialog.parquet_note.isVisible()
    assert "pip install 'finews-desktop[analysis]'" in dialog.parquet_note.text()
    assert not dialog.search_button.isEnabled() and dialog.library_button.isChecked()  # no search typed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_cancel_in_the_status_bar_writes_nothing(filled, qtbot, tmp_path: Path) -> None:
    window = filled
    dialog = open_from_the_file_menu(window, qtbot)
    (tmp_path / "out").mkdir()
    type_path(qtbot, dialog, tmp_path / "out" / "posts.csv")
    window.table_export.runner.start = lambda task: (task.cancel(), task.execute())  # Cancel before the first page
    with qtbot.waitSignal(window.table_export.tableFinished, timeout=30_000) as finished:
        click(qtbot, dialog.ok_button)
    assert finished.args[0].cancelled and not list((tmp_path / "out").iterdir())
    assert "nothing was written" in window.statusBar().currentMessage()
    assert not window.actions.cancel_task.isEnabled()


def test_the_table_is_written_in_the_background_while_the_window_answers(
    make_window, qtbot, corpus: Path, tmp_path: Path
) -> None:
    window = make_window(synchronous=False)  # real worker thread and child process
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    importing = window.importing
    qtbot.waitUntil(lambda: importing.task is None and importing.index_task is None, timeout=60_000)
    dialog = open_from_the_file_menu(window, qtbot)
    type_path(qtbot, dialog, tmp_path / "posts.csv")
    with qtbot.waitSignal(window.table_export.tableFinished, timeout=60_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
        assert window.table_export.busy()  # returned at once: on its way in a child process
    assert finished.args[0].rows == 94
    assert (tmp_path / "posts.csv").read_bytes().decode("utf-8") == library_csv(window, "posts", None)
    assert not window.table_export.busy() and not window.actions.cancel_task.isEnabled()
    window.table_export.message.close()
    QApplication.processEvents()
