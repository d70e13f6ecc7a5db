"""Export from the window, driven as a person would: a search typed and entered, File ▸ Export… by its
shortcut or through the menu bar, the dialog filled with keys and clicks, the report and Open Folder; and
the post list's context menu."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMenu

from finews_desktop.core.store.library import Library
from finews_desktop.ui.dialogs.export import ExportDialog, ExportReportDialog
from tests.core.whole_site import files_below

QUERY = "category:zhengquanribaowang"


def _import(window, qtbot, paths) -> None:
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(p) for p in paths])
    window.report_dialog.close()


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    _import(window, qtbot, [corpus])
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    qtbot.waitUntil(lambda: window.facets is not None)
    return window


def posts_of_category(corpus: Path, slug: str) -> dict[str, bytes]:
    """The corpus's posts whose front matter names the category, by path, with their bytes."""
    line = re.compile(rb"^categories: " + re.escape(slug.encode()) + rb"\r?$", re.M)
    return {
        f"_posts/{p.name}": p.read_bytes() for p in sorted((corpus / "_posts").iterdir()) if line.search(p.read_bytes())
    }


def search(window, qtbot, text: str, expected: int) -> None:
    """Type a query in the search field and press Enter; wait for the list to show its result."""
    window.search_box.setFocus()
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.query == text and window.model.rowCount() == expected, timeout=10_000)


def focus_table(window, qtbot) -> None:
    """The window active and the post list focused, as after a click: where a person's keys go."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()


def press_export(window, qtbot) -> None:
    """File ▸ Export…'s shortcut, typed in the post list."""
    focus_table(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def wait_dialog(window, qtbot) -> ExportDialog:
    qtbot.waitUntil(lambda: window.exporting.dialog is not None and window.exporting.dialog.isVisible())
    return window.exporting.dialog


def type_path(qtbot, dialog: ExportDialog, path: Path) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.path_edit, str(path))  # tmp_path is ASCII


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def wait_report(window, qtbot) -> ExportReportDialog:
    qtbot.waitUntil(lambda: window.exporting.report_dialog is not None and window.exporting.report_dialog.isVisible())
    return window.exporting.report_dialog


def test_a_search_result_to_a_zip_by_the_shortcut_with_the_report_and_open_folder(
    filled, qtbot, corpus: Path, tmp_path: Path
) -> None:
    window = filled
    expected = posts_of_category(corpus, "zhengquanribaowang")
    search(window, qtbot, QUERY, len(expected))
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    assert dialog.scope() == "search"
    assert f"({len(expected)})" in dialog.scope_buttons["search"].text()
    assert f"({window.library.count_posts()})" in dialog.scope_buttons["library"].text()
    assert not dialog.site_files_box.isChecked()  # on by default for the whole library only
    click(qtbot, dialog.zip_button)
    type_path(qtbot, dialog, tmp_path / "out" / "result")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter accepts: Export is the default button
    report = finished.args[0]
    archive = tmp_path / "out" / "result.zip"
    assert report.destination == str(archive) and not report.cancelled
    with zipfile.ZipFile(archive) as zf:
        inside = {name: zf.read(name) for name in zf.namelist()}
    assert {k: v for k, v in inside.items() if k.startswith("_posts/")} == expected
    assert inside["_config.yml"] == (corpus / "_config.yml").read_bytes()
    assert inside["category/zhengquanribaowang.html"] == (corpus / "category" / "zhengquanribaowang.html").read_bytes()
    assert len(inside) == len(expected) + 2

    shown = wait_report(window, qtbot)
    assert shown.figures["posts"].text() == str(len(expected))
    assert shown.figures["written"].text() == str(len(inside))
    assert shown.figures["conflicts"].text() == "0"
    assert str(archive) in shown.summary.text()
    opened: list[QUrl] = []
    window.open_url = lambda url: opened.append(url) or True
    click(qtbot, shown.open_button)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "out"))]  # the folder that holds the zip


def test_a_search_result_to_a_folder_through_the_file_menu(filled, qtbot, corpus: Path, tmp_path: Path) -> None:
    window = filled
    expected = posts_of_category(corpus, "zhengquanribaowang")
    search(window, qtbot, QUERY, len(expected))
    focus_table(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # the menu bar's &File
    qtbot.waitUntil(lambda: window.file_menu.isVisible())
    action = window.exporting.action
    assert action in window.file_menu.actions()
    window.file_menu.setActiveAction(action)  # as the arrow keys would
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Return)
    dialog = wait_dialog(window, qtbot)
    assert dialog.scope() == "search" and dialog.folder_button.isChecked()
    type_path(qtbot, dialog, tmp_path / "folder")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000):
        click(qtbot, dialog.ok_button)
    written = files_below(tmp_path / "folder")
    assert {k: v for k, v in written.items() if k.startswith("_posts/")} == expected
    shown = wait_report(window, qtbot)
    assert shown.figures["posts"].text() == str(len(expected))
    opened: list[QUrl] = []
    window.open_url = lambda url: opened.append(url) or True
    shown.open_button.setFocus()
    qtbot.keyClick(shown.open_button, Qt.Key.Key_Space)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "folder"))]


def test_the_selection_from_the_lists_context_menu(filled, qtbot, corpus: Path, tmp_path: Path) -> None:
    window = filled
    table = window.table
    first, third = table.visualRect(window.model.index(0, 1)), table.visualRect(window.model.index(2, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, third.center())
    qtbot.waitUntil(lambda: window.selected_count() == 3)
    ids = window.selected_ids()
    table.customContextMenuRequested.emit(third.center())  # what a right click on the row asks for
    qtbot.waitUntil(lambda: window.context_menu is not None and window.context_menu.isVisible())
    menu: QMenu = window.context_menu
    action = window.exporting.action
    assert action in menu.actions()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    dialog = wait_dialog(window, qtbot)
    assert dialog.scope() == "selection" and "(3)" in dialog.scope_buttons["selection"].text()
    type_path(qtbot, dialog, tmp_path / "three")
    click(qtbot, dialog.posts_only_box)
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Enter)
    report = finished.args[0]
    assert sorted(report.post_ids) == sorted(ids)
    files = sorted(p for p in (tmp_path / "three").rglob("*") if p.is_file())
    assert len(files) == 3
    for path in files:
        rel = path.relative_to(tmp_path / "three").as_posix()
        assert path.read_bytes() == (corpus / rel).read_bytes()
    wait_report(window, qtbot).close()


def test_the_whole_library_carries_the_site_files_unless_unticked(
    make_window, qtbot, library: Library, tmp_path: Path
) -> None:
    from tests.core.whole_site import DRAFTS, KEPT, POSTS, make_whole_site

    window = make_window()
    _import(window, qtbot, [make_whole_site(tmp_path / "site")])
    qtbot.waitUntil(
        lambda: window.facets is not None and window.facets.all == len(POSTS) + len(DRAFTS)
    )  # a draft is a post too
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    assert dialog.scope() == "library" and dialog.site_files_box.isChecked()
    type_path(qtbot, dialog, tmp_path / "with")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    for rel, data in KEPT.items():
        assert (tmp_path / "with" / rel).read_bytes() == data, rel
    assert wait_report(window, qtbot).figures["site_files"].text() == str(len(KEPT))
    window.exporting.report_dialog.close()

    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    click(qtbot, dialog.site_files_box)
    assert not dialog.site_files_box.isChecked()
    type_path(qtbot, dialog, tmp_path / "without")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000):
        click(qtbot, dialog.ok_button)
    assert not (tmp_path / "without" / "_layouts").exists() and (tmp_path / "without" / "_posts").is_dir()
    wait_report(window, qtbot).close()


def test_a_refused_destination_is_said_and_the_window_stays_usable(
    filled, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finews_desktop.ui import exporting

    window = filled
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mine.txt").write_text("mine")
    warned: list[str] = []
    monkeypatch.setattr(exporting.QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    type_path(qtbot, dialog, tmp_path / "full")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert finished.args[0] is None and "is not empty" in warned[0]
    assert (tmp_path / "full" / "mine.txt").read_text() == "mine" and not window.exporting.busy()


def test_the_export_runs_in_the_background_and_the_window_answers_meanwhile(
    make_window, qtbot, corpus: Path, tmp_path: Path
) -> None:
    window = make_window(synchronous=False)  # real worker thread and child process
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    # the import's end (its `finished`, a queued signal of its own) starts the indexing: wait for both to be over,
    # or the indexing's progress would hold Cancel enabled after the export
    importing = window.importing
    qtbot.waitUntil(lambda: importing.task is None and importing.index_task is None, timeout=60_000)
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    type_path(qtbot, dialog, tmp_path / "bg")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=60_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
        assert window.exporting.busy()  # returned at once: the export is on its way in the background
        assert window.actions.cancel_task.isEnabled()
    report = finished.args[0]
    assert report is not None and len(report.post_ids) == 94
    assert len(list((tmp_path / "bg" / "_posts").iterdir())) == 94
    assert not window.exporting.busy() and not window.actions.cancel_task.isEnabled()
    wait_report(window, qtbot).close()
    QApplication.processEvents()


def test_the_report_lists_conflicts_and_says_the_reasons_in_words(filled, qtbot, tmp_path: Path) -> None:
    from finews_desktop.core.exporting.report import ExportConflict, ExportReport, NotBuilt, RenamedFile

    report = ExportReport(destination=str(tmp_path), written=["a"], post_ids=[1, 2])
    reason = "a different file is there (use --overwrite to replace it)"  # the exporter's words for the CLI
    report.conflicts.append(ExportConflict("_config.yml", reason, None))
    report.renamed.append(RenamedFile("_posts/a:b.md", "_posts/a-b.md", "unsafe_name", 1))
    report.not_built.append(NotBuilt(2, "_posts/x.md", "not_a_post", False, [{"code": "x", "message": "raw"}]))
    shown = filled.exporting.show_report(report)
    rows = [
        tuple(shown.details.topLevelItem(i).text(c) for c in range(3)) for i in range(shown.details.topLevelItemCount())
    ]
    assert rows[0][:2] == ("Conflict", "_config.yml") and "Replace files that differ" in rows[0][2]
    assert rows[1][:2] == ("Not built", "_posts/x.md") and "does not start with a date" in rows[1][2]
    assert rows[2][0] == "Renamed" and "_posts/a-b.md" in rows[2][2] and "not safe" in rows[2][2]
    assert shown.figures["conflicts"].text() == "1" and shown.figures["not_built"].text() == "1"
    shown.close()


def test_a_collection_from_the_sidebars_context_menu(filled, qtbot, library: Library, tmp_path: Path) -> None:
    window = filled
    ids = library.post_ids()[:3]
    window.curation.create_collection("picks", ids)
    qtbot.waitUntil(lambda: window.sidebar.find_term("collection:picks").isValid())
    index = window.sidebar.find_term("collection:picks")
    window.sidebar.scrollTo(index)
    window.sidebar.customContextMenuRequested.emit(window.sidebar.visualRect(index).center())  # a right click
    menu = window.curation.sidebar_menu
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text() == "Export Collection…"]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    dialog = wait_dialog(window, qtbot)
    assert dialog.scope() == "collection" and dialog.collection_box.currentData() == "picks"
    assert "(3)" in dialog.collection_box.currentText()
    type_path(qtbot, dialog, tmp_path / "picks")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert sorted(finished.args[0].post_ids) == sorted(ids)
    wait_report(window, qtbot).close()


def test_cancel_in_the_status_bar_stops_the_export_and_writes_nothing(filled, qtbot, tmp_path: Path) -> None:
    window = filled
    clicks: list[int] = []

    def click_cancel(_value: int) -> None:  # the first progress shown: a person clicks Cancel
        if not clicks and window.progress.cancel_button.isEnabled():
            clicks.append(1)
            click(qtbot, window.progress.cancel_button)

    window.progress.bar.valueChanged.connect(click_cancel)
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    click(qtbot, dialog.zip_button)
    (tmp_path / "exports").mkdir()
    type_path(qtbot, dialog, tmp_path / "exports" / "cancelled.zip")
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert clicks and finished.args[0].cancelled
    assert list((tmp_path / "exports").iterdir()) == []  # nothing at the destination, no temporary file left
    shown = wait_report(window, qtbot)
    assert shown.windowTitle() == "Export Cancelled" and not shown.open_button.isEnabled()
    assert not window.progress.isVisible()


COLON_POST = "_posts/2022-05-20-a:b.md"


@pytest.fixture
def colon_window(make_window, qtbot, tmp_path: Path):
    """A window whose library holds a post named with a ':' (legal on Linux, refused by Windows)."""
    site = tmp_path / "colon-site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("timezone: UTC\n")
    (site / COLON_POST).write_bytes(b"---\ntitle: A colon\n---\nbody\n")

    def make(language: str = "en"):
        window = make_window(language=language)
        _import(window, qtbot, [site])
        qtbot.waitUntil(lambda: window.model.rowCount() == 1)
        return window

    return make


def _export_by_keys(window, qtbot, dest: Path, portable: bool):
    """Ctrl+Shift+S, the path typed, the portable names box ticked by a click (or left off), Enter."""
    press_export(window, qtbot)
    dialog = wait_dialog(window, qtbot)
    assert not dialog.portable_box.isChecked()  # off by default
    type_path(qtbot, dialog, dest)
    if portable:
        click(qtbot, dialog.portable_box)
        assert dialog.portable_box.isChecked()
    with qtbot.waitSignal(window.exporting.exportFinished, timeout=30_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    return finished.args[0], wait_report(window, qtbot)


def _rows(shown: ExportReportDialog) -> list[tuple[str, ...]]:
    return [
        tuple(shown.details.topLevelItem(i).text(c) for c in range(3)) for i in range(shown.details.topLevelItemCount())
    ]


def test_a_name_the_folder_holds_is_kept_unless_portable_names_are_ticked(colon_window, qtbot, tmp_path: Path) -> None:
    window = colon_window()
    report, shown = _export_by_keys(window, qtbot, tmp_path / "kept", portable=False)
    assert (tmp_path / "kept" / COLON_POST).read_bytes() == b"---\ntitle: A colon\n---\nbody\n"
    assert not report.renamed and shown.figures["renamed"].text() == "0"
    shown.close()

    report, shown = _export_by_keys(window, qtbot, tmp_path / "portable", portable=True)
    assert (tmp_path / "portable" / "_posts" / "2022-05-20-a-b.md").is_file()
    assert [(r.original, r.written, r.reason) for r in report.renamed] == [
        (COLON_POST, "_posts/2022-05-20-a-b.md", "portable_name")
    ]
    renamed = [row for row in _rows(shown) if row[0] == "Renamed"]
    assert renamed[0][1] == COLON_POST
    assert "Windows or macOS cannot hold the character(s) :" in renamed[0][2]
    assert "'a:b' to 'a-b'" in renamed[0][2]  # the slug changes, and it says so
    assert shown.figures["renamed"].text() == "1"
    shown.close()


def test_the_rename_is_said_in_chinese(colon_window, qtbot, tmp_path: Path) -> None:
    window = colon_window(language="zh_CN")
    _report, shown = _export_by_keys(window, qtbot, tmp_path / "portable", portable=True)
    detail = next(row for row in _rows(shown) if row[1] == COLON_POST)[2]
    assert "Windows" in detail and "a:b" in detail and "a-b" in detail
    assert "cannot hold" not in detail and re.search(r"[\u4e00-\u9fff]", detail)
    shown.close()


def test_an_import_right_after_start_replaces_the_start_up_index_catch_up(make_window, corpus: Path, qtbot) -> None:
    """The window catches the index up a moment after it shows; an import started before then brings the
    index up to date at its own end, so the start-up catch-up is dropped (it ran a second, empty indexing
    that held Cancel enabled during whatever came next)."""
    window = make_window(synchronous=False)
    assert window.importing.later_indexing.isActive()
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([str(corpus)])
    assert not window.importing.later_indexing.isActive()
    window.report_dialog.close()
    importing = window.importing
    qtbot.waitUntil(lambda: importing.task is None and importing.index_task is None, timeout=60_000)
