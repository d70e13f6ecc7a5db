"""Starting the app over a damaged library (told, with a Restore button for the newest sound backup), an
unwritable one (opened read-only with a notice), and a library whose daily backup fails its check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from finews_desktop import app as app_module
from finews_desktop.core.store import db as db_module
from tests.core.hostile import DAMAGE, damage, digest, make_library, read_only_view


def start(tmp_path: Path, folder: Path):  # -> app.Started
    return app_module.start(
        ["--language", "en", "--library", str(folder)], settings_path=str(tmp_path / "settings.ini"), synchronous=True
    )


def close(started) -> None:  # type: ignore[no-untyped-def]
    started.window.close()
    started.window.library.close()


def notice(window) -> str:  # type: ignore[no-untyped-def]
    label = window.findChild(QLabel, "libraryNotice")
    return label.text() if label is not None else ""


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_library_is_told_with_its_newest_sound_backup_and_left_alone(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "lib"
    good = make_library(folder, tmp_path)
    damage(folder, how)
    before = digest(folder / "library.sqlite3")
    asked: list[tuple[str, Path | None]] = []
    monkeypatch.setattr(app_module, "ask_restore", lambda message, backup: asked.append((message, backup)) or False)
    with pytest.raises(SystemExit):
        start(tmp_path, folder)
    ((message, backup),) = asked
    assert backup == good and "damaged" in message and str(good) in message and "Restore it?" in message
    assert "finews --library" not in message  # the window has a button for it, not a command to type
    assert digest(folder / "library.sqlite3") == before


def test_restoring_from_the_start_up_message_opens_the_backup(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    make_library(folder, tmp_path)
    damage(folder, "flipped bytes")
    damaged = digest(folder / "library.sqlite3")
    monkeypatch.setattr(app_module, "ask_restore", lambda message, backup: True)
    started = start(tmp_path, folder)
    try:
        window = started.window
        assert not window.library.readonly and window.library.count_posts() == 60
        qtbot.waitUntil(lambda: window.model.rowCount() == 60, timeout=10_000)
        assert notice(window).startswith("Restored the backup library-")
        (kept,) = (folder / "backups").glob("damaged-library-*.sqlite3")
        assert digest(kept) == damaged and str(kept) in notice(window)
    finally:
        close(started)


def _answer(choice: str, seen: list[list[str]]):  # type: ignore[no-untyped-def]
    """Click `choice` in the message box once it is shown (noting the buttons it offers)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not shown yet: look again on the next turn of its event loop
            QTimer.singleShot(0, answer)
            return
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append(sorted(buttons))
        buttons[choice].click()

    return answer


@pytest.mark.parametrize("choice", ["Restore this backup", "Quit"])
def test_the_restore_question_offers_restore_and_quit(qtbot, choice: str) -> None:
    seen: list[list[str]] = []
    QTimer.singleShot(0, _answer(choice, seen))
    assert app_module.ask_restore("The library file is damaged.", Path("/x/library-1.sqlite3")) is (choice != "Quit")
    assert seen == [["Quit", "Restore this backup"]]
    QTimer.singleShot(0, _answer("Quit", seen))  # no sound backup: only Quit
    assert app_module.ask_restore("No backup of it passes the integrity check.", None) is False
    assert seen[-1] == ["Quit"]


def test_a_library_on_a_read_only_medium_opens_read_only_with_a_notice(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    make_library(folder, tmp_path)
    (folder / "library.lock").unlink()
    with read_only_view(folder, tmp_path / "ro") as view:
        started = start(tmp_path, view)
        try:
            window = started.window
            assert window.library.readonly
            assert (
                notice(window)
                == "Read-only: this library cannot be written (its folder is on a read-only file system)."
            )
            qtbot.waitUntil(lambda: window.model.rowCount() == 60, timeout=10_000)
        finally:
            close(started)


def test_the_daily_backup_of_a_damaged_library_tells_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library too big for the start-up check opens; the daily backup's check finds the damage,
    makes no backup, and the window says so with the newest sound backup."""
    folder = tmp_path / "lib"
    good = make_library(folder, tmp_path)
    stamp = good.stat().st_mtime - 2 * 86400
    os.utime(good, (stamp, stamp))  # the last backup is two days old: one is due
    damage(folder, "flipped bytes")
    monkeypatch.setattr(db_module, "CHECK_AT_OPEN_BYTES", 0)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warned.append(text)))
    started = start(tmp_path, folder)
    try:
        window = started.window
        qtbot.waitUntil(lambda: bool(warned), timeout=30_000)
        assert notice(window) == "The library is damaged; see the details."
        assert "no backup of it was made" in warned[0] and str(good) in warned[0]
        assert [p.name for p in (folder / "backups").iterdir()] == [good.name]
    finally:
        close(started)
