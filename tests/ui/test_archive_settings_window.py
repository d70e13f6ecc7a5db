"""File ▸ Archive Settings… driven as a person would: the menu opened with Alt+F, the zone typed, the
_config.yml edited, Enter; the posts' dates and URLs follow without a re-import, and Ctrl+Z puts them back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from finews_desktop.ui.dialogs.archive_settings import ArchiveSettingsDialog
from tests.ui.test_export_dialog import focus_table

POST = b'---\ntitle: Hello\ndate: "2022-05-20 10:30:00"\n---\nbody\n'


def make_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"permalink: /:year/:hour/:title/\n")
    (root / "_posts" / "2022-05-20-hello.md").write_bytes(POST)
    return root


def open_from_the_file_menu(window, qtbot) -> ArchiveSettingsDialog:
    focus_table(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # the menu bar's &File
    qtbot.waitUntil(lambda: window.file_menu.isVisible())
    window.file_menu.setActiveAction(window.archive_settings.action)  # as the arrow keys would
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.archive_settings.dialog is not None and window.archive_settings.dialog.isVisible())
    return window.archive_settings.dialog


def record(window) -> dict:
    [pid] = window.library.post_ids()
    return window.library.post_record(pid)


def test_a_new_zone_and_config_reread_the_posts_and_undo_puts_them_back(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(make_site(tmp_path / "site"))])
    summary = window.report_dialog.summary.text()
    assert "Site “site”: settings applied: permalink; dates in " in summary and "this computer's zone" in summary
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    before = record(window)

    dialog = open_from_the_file_menu(window, qtbot)
    assert dialog.zone.isEnabled() and "permalink" in dialog.applied.text()
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), "Mars/Olympus")
    assert not dialog.problem.isHidden() and not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), "America/New_York")
    dialog.config.setFocus()
    qtbot.keyClick(dialog.config, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.config, "exclude: x")  # (keyClicks knows no line end)
    assert "refuse" in dialog.problem.text()  # Jekyll aborts on an exclude that is not a list
    for _ in "exclude: x":
        qtbot.keyClick(dialog.config, Qt.Key.Key_Backspace)
    assert dialog.problem.isHidden()
    qtbot.keyClick(dialog.config, Qt.Key.Key_Tab)  # Tab leaves the editor
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: record(window)["date"] == "2022-05-20 10:30:00 -0400")
    assert record(window)["url"] == "/2022/10/hello/"
    assert window.library.archive_list()[0].timezone == "America/New_York"

    focus_table(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: record(window) == before)
