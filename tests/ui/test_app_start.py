"""Starting the app: a locked library, a library from a newer version, an interrupted import, file:// paths."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from finews_desktop import app as app_module
from finews_desktop.core import recovery
from finews_desktop.core.errors import LibraryLockedError
from finews_desktop.core.store.library import Library

POST = (
    '---\ntitle: "标题{i}"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>正文</p>'
)


def make_site(folder: Path, n: int) -> Path:
    (folder / "_posts").mkdir(parents=True)
    for i in range(n):
        (folder / "_posts" / f"2022-05-20-p{i}.md").write_text(POST.format(i=i), encoding="utf-8")
    return folder


def start(tmp_path: Path, *args: str):  # -> app.Started
    started = app_module.start(
        ["--language", "en", *args], settings_path=str(tmp_path / "settings.ini"), synchronous=True
    )
    return started


def close(started) -> None:  # type: ignore[no-untyped-def]
    started.window.close()
    started.window.library.close()


def test_a_locked_library_is_offered_read_only(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    real_open = Library.open.__func__  # type: ignore[attr-defined]

    def open_elsewhere(cls, path=None, *, create=True, readonly=False, check=False):  # type: ignore[no-untyped-def]
        if not readonly:
            raise LibraryLockedError("The library is open in another finews-desktop (process 42 on host).")
        return real_open(cls, path, create=create, readonly=readonly, check=check)

    monkeypatch.setattr(Library, "open", classmethod(open_elsewhere))
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    started = start(tmp_path, "--library", str(folder))
    try:
        assert started.window.library.readonly
        assert "open in another finews-desktop" in asked[0] and "read-only" in asked[0]
    finally:
        close(started)


def test_a_library_from_a_newer_version_is_refused_untouched(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    file = folder / "library.sqlite3"
    with sqlite3.connect(file) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = hashlib.sha256(file.read_bytes()).hexdigest()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    with pytest.raises(SystemExit):
        start(tmp_path, "--library", str(folder))
    assert "newer finews-desktop" in shown[0]
    assert hashlib.sha256(file.read_bytes()).hexdigest() == before


def test_an_interrupted_import_is_offered_and_resumed(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    site = make_site(tmp_path / "site", 3)
    with Library.open(folder) as lib:
        lib.db.execute_sql(
            "INSERT INTO import_run (started_at, status, inputs) VALUES (?, 'running', ?)",
            (int(time.time()), json.dumps([str(site)])),
        )
    from finews_desktop.ui.dialogs.interrupted import InterruptedDialog

    listed: list[list[str]] = []

    def resume(dialog: InterruptedDialog) -> int:
        listed.append([i.description for i in dialog.items])
        dialog.resume_button.click()
        return 1

    monkeypatch.setattr(InterruptedDialog, "exec", resume)
    started = start(tmp_path, "--library", str(folder))
    try:
        lib = started.window.library
        qtbot.waitUntil(lambda: lib.count_posts() == 3, timeout=10_000)
        assert listed == [[f"Import {site}"]]
        assert not lib.interrupted_imports() and not recovery.interrupted(lib)
    finally:
        close(started)


def test_open_with_passes_file_uris(qtbot, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site with space", 2)
    started = start(tmp_path, "--library", str(tmp_path / "lib"), site.as_uri())
    try:
        lib = started.window.library
        qtbot.waitUntil(lambda: lib.count_posts() == 2, timeout=10_000)
    finally:
        close(started)
