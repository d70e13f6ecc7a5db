"""Read state and notes in the window, the second part: the query help's words, the Notes switch beside
the search field, File ▸ Export Notes…, the export dialog's note option (off: byte-identical) and the read
delay in Settings — each driven with keys and clicks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.jekyll.post import FRONT_MATTER_RE
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.dialogs.query_help import QueryHelpDialog

WORD = "zqorderbook"  # in a note only, never in a post
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def noted_post(window, library: Library) -> int:
    pid = window.model.ids[3]
    Reader(library).set_note(pid, f"check the {WORD} first\nthen 复核")
    return pid


def type_search(window, qtbot, text: str) -> None:
    window.search_box.setFocus()
    window.search_box.selectAll()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Delete)
    qtbot.keyClicks(window.search_box, text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def settled(window, query: str) -> bool:
    return window.query == query and not window.list_queries.busy and window.list_queries.pending is None


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def open_from_file_menu(window, qtbot, action) -> None:
    """Alt+F opens the File menu; the action is chosen as the arrow keys would, and Enter runs it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.file_menu.isVisible())
    assert action in window.file_menu.actions()
    window.file_menu.setActiveAction(action)
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Return)


def test_the_query_help_explains_read_state_and_notes(filled, qtbot) -> None:
    window = filled
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    dialog = window.findChild(QueryHelpDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    syntax = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert {"is:read", "is:unread", "has:note", "note:"} <= set(syntax)
    assert "is:unread" in window.search_box.toolTip()
    rect = table.visualRect(table.model().index(syntax.index("is:unread"), 2))
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: settled(window, "is:unread"))
    assert window.total_shown == 94, window.query
    dialog.close()


def test_the_notes_switch_lets_plain_words_match_notes(filled, qtbot, library: Library) -> None:
    window = filled
    pid = noted_post(window, library)
    switch = window.reading.search_notes
    assert not switch.isChecked()
    type_search(window, qtbot, WORD)
    qtbot.waitUntil(lambda: settled(window, WORD) and window.model.rowCount() == 0)
    qtbot.keyClick(window.search_box, Qt.Key.Key_N, CTRL_ALT)  # the switch's shortcut
    qtbot.waitUntil(lambda: switch.isChecked() and settled(window, WORD) and list(window.model.ids) == [pid])
    assert window.settings.get(S.SEARCH_NOTES) is True
    type_search(window, qtbot, f"{WORD} OR nosuchwordzz")
    qtbot.waitUntil(lambda: settled(window, f"{WORD} OR nosuchwordzz") and pid in window.model.ids)
    window.reading.mark_view_read.trigger()  # the view's posts, the note's among them
    assert Reader(library).is_read(pid)
    button = window.toolbar.widgetForAction(switch)  # the toolbar's button beside the field
    assert button is not None and button.isVisible()
    type_search(window, qtbot, WORD)
    qtbot.waitUntil(lambda: settled(window, WORD) and list(window.model.ids) == [pid])
    click(qtbot, button)
    qtbot.waitUntil(lambda: not switch.isChecked() and settled(window, WORD) and window.model.rowCount() == 0)
    assert window.settings.get(S.SEARCH_NOTES) is False


def test_export_notes_from_the_file_menu_as_markdown_and_csv(filled, qtbot, library: Library, tmp_path: Path) -> None:
    window = filled
    pid = noted_post(window, library)
    other = window.model.ids[10]
    Reader(library).set_note(other, "second note")
    type_search(window, qtbot, WORD)
    qtbot.waitUntil(lambda: settled(window, WORD))
    ui = window.reading.notes_export
    open_from_file_menu(window, qtbot, ui.action)
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible())
    dialog = ui.dialog
    assert dialog.view_button.isChecked()  # the view's posts first, when there is a search
    dialog.activateWindow()  # where a person's keys go: the mnemonics are the active window's shortcuts
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Every post
    qtbot.waitUntil(dialog.all_button.isChecked)  # a mnemonic's click is animated: a moment later
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Markdown
    qtbot.waitUntil(lambda: dialog.format() == "md")
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "notes"))
    with qtbot.waitSignal(ui.notesExported, timeout=10_000) as done:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert done.args == [2]
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert text.startswith("# Notes\n") and WORD in text and "second note" in text
    ui.message.close()

    window.reading.search_notes.trigger()  # the view's free text matches notes: the noted post is in it
    qtbot.waitUntil(lambda: settled(window, WORD) and list(window.model.ids) == [pid])
    open_from_file_menu(window, qtbot, ui.action)
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible() and ui.dialog is not dialog)
    dialog = ui.dialog
    click(qtbot, dialog.view_button)
    click(qtbot, dialog.csv_button)
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "view.csv"))
    with qtbot.waitSignal(ui.notesExported, timeout=10_000) as done:
        click(qtbot, dialog.ok_button)
    assert done.args == [1]
    rows = list(csv.reader(io.StringIO((tmp_path / "view.csv").read_text(encoding="utf-8"))))
    assert [int(r[0]) for r in rows[1:]] == [pid] and WORD in rows[1][4]
    assert window.statusBar().currentMessage() == f"Wrote 1 note to {tmp_path / 'view.csv'}."


def test_the_export_dialogs_note_option_writes_the_note_key_and_is_off_by_default(
    filled, qtbot, library: Library, corpus: Path, tmp_path: Path
) -> None:
    window = filled
    pid = noted_post(window, library)
    exporting = window.exporting
    for name, tick in (("plain", False), ("noted", True)):
        window.table.setFocus()
        qtbot.keyClick(
            window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        qtbot.waitUntil(lambda: exporting.dialog is not None and exporting.dialog.isVisible())
        dialog = exporting.dialog
        assert not dialog.notes_box.isChecked()  # off unless asked, every time
        if tick:
            click(qtbot, dialog.notes_box)
        click(qtbot, dialog.posts_only_box)
        dialog.path_edit.setFocus()
        dialog.path_edit.selectAll()
        qtbot.keyClicks(dialog.path_edit, str(tmp_path / name))
        with qtbot.waitSignal(exporting.exportFinished, timeout=30_000) as finished:
            qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
        report = finished.args[0]
        exporting.report_dialog.close()
        rel = report.paths[pid]
        written = (tmp_path / name / rel).read_bytes()
        original = (corpus / rel).read_bytes()
        if not tick:
            for path in (corpus / "_posts").glob("*.md"):  # byte for byte, the noted post's too
                assert (tmp_path / name / "_posts" / path.name).read_bytes() == path.read_bytes()
            continue
        m = FRONT_MATTER_RE.match(written.decode("utf-8"))
        assert m is not None
        assert yaml.safe_load(m.group(1)[4:])["note"] == f"check the {WORD} first\nthen 复核"
        assert written != original and written.endswith(original[-200:])


def test_the_read_delay_is_a_preference(filled, qtbot) -> None:
    window = filled
    qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings
    qtbot.waitUntil(lambda: getattr(window, "preferences_dialog", None) is not None)
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible)
    box = dialog.read_delay_box
    assert box.value() == 1.5
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "4")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter accepts the dialog
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.settings.get(S.READ_DELAY_MS) == 4000 and window.reading.moment.delay_ms == 4000
    window.open_settings()
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible)
    box = dialog.read_delay_box
    assert box.value() == 4.0
    box.setFocus()
    for _ in range(8):  # down to 0 by the arrow key: "Never"
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 0 and box.text() == "Never: only when marked"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.settings.get(S.READ_DELAY_MS) == 0 and window.reading.moment.delay_ms == 0
