"""No key is bound twice in one context: the main window, and each dialog it opens.

Qt calls a key bound twice where both are active an "ambiguous shortcut overload" and fires
neither (Ctrl+Z did nothing once). The dialogs are found generically: every action whose text
ends with "…" (the convention for "opens a dialog") is triggered with the blocking prompts
stubbed, then every QDialog on screen is checked; a guard fails when a dialog class of ui/ was
never opened, so a new dialog cannot escape the check.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

import finews_desktop.ui as ui_package
from finews_desktop.core.exporting.report import ExportReport
from finews_desktop.core.store.journal import Interrupted
from finews_desktop.core.store.watches import WatchQuery

# Dialog classes built here (what opens them is not an action: start-up, the end of an export).
BUILT_DIRECTLY = {
    "InterruptedDialog": lambda cls, window: cls(
        [Interrupted("7", "curation", "Rename a tag", 0, outcome="Nothing changed.")], window
    ),
    "ExportReportDialog": lambda cls, window: cls(ExportReport(destination="/nowhere"), window),
    # Edit ▸ Saved Searches ▸ Watch ▸ a saved search (there are none in this library)
    "WatchSearchDialog": lambda cls, window: cls(window, WatchQuery("solar", "光伏", watch=True), ["t"], ["c"]),
}

_Ctx = Qt.ShortcutContext


def _widget_of(obj: QObject) -> QWidget | None:
    while obj is not None and not isinstance(obj, QWidget):
        obj = obj.parent()
    return obj


def _contexts(top_levels: list[QWidget]) -> dict[object, list[tuple[str, str]]]:
    """(key, who) per shortcut context: a window (its window-wide keys), a widget, or the application."""
    found: dict[object, list[tuple[str, str]]] = {}
    seen: set[int] = set()
    app_keys: list[tuple[str, str]] = []
    objects: list[QObject] = []
    for top in top_levels:
        objects += [top, *top.findChildren(QAction), *top.findChildren(QShortcut)]
        for widget in [top, *top.findChildren(QWidget)]:
            objects += QWidget.actions(widget)  # (the main window names its Actions `actions`)
    for obj in objects:
        if id(obj) in seen or not isinstance(obj, QAction | QShortcut):
            continue
        seen.add(id(obj))
        keys = [k.toString() for k in (obj.shortcuts() if isinstance(obj, QAction) else obj.keys())]
        keys = [k for k in keys if k]
        if not keys:
            continue
        who = obj.objectName() or (obj.text() if isinstance(obj, QAction) else repr(obj))
        context = obj.shortcutContext() if isinstance(obj, QAction) else obj.context()
        places: list[object]
        if context == _Ctx.ApplicationShortcut:
            app_keys += [(k, who) for k in keys]
            continue
        if isinstance(obj, QShortcut):
            widget = _widget_of(obj)
            places = [widget.window() if context == _Ctx.WindowShortcut else widget]
        else:
            widgets = [w for w in obj.associatedObjects() if isinstance(w, QWidget)] or [_widget_of(obj)]
            if context == _Ctx.WindowShortcut:
                places = list({id(w.window()): w.window() for w in widgets if w is not None}.values())
            else:
                places = [w for w in widgets if w is not None]
        for place in places:
            found.setdefault(place, []).extend((k, who) for k in keys)
    for place in found:
        found[place] += app_keys
    return found


def clashes(top_levels: list[QWidget]) -> list[tuple[str, str, str, str]]:
    out = []
    for place, keys in _contexts(top_levels).items():
        name = place.objectName() or type(place).__name__
        first: dict[str, str] = {}
        for key, who in keys:
            if key in first and first[key] != who:
                out.append((name, key, first[key], who))
            first.setdefault(key, who)
    return out


def _dialog_classes() -> dict[str, type]:
    names = {}
    for info in pkgutil.walk_packages(ui_package.__path__, ui_package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__ and not name.startswith("_"):
                names[name] = cls
    return names


@pytest.fixture
def no_blocking_prompts(monkeypatch):
    """The static prompts run their own event loop: answered at once, as a person pressing Escape."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QDialog, "exec", lambda self: (self.show(), 0)[1])


def test_no_key_is_bound_twice_in_the_window_or_any_dialog(
    make_window, qtbot, corpus: Path, no_blocking_prompts
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])  # opens the import report
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    assert clashes([window]) == []

    window.table.selectRow(0)  # the post editor and the bulk edit need a selection
    # what opens a dialog: "…" by convention, and the Help menu (F1's query help)
    opened = [action for action in window.findChildren(QAction) if action.text().endswith("…")]
    opened += [action for action in window.help_menu.actions() if action not in opened]
    assert len(opened) >= 4
    for action in opened:
        if not window.selected_count():  # (a list refresh after the import may have come in between)
            window.table.selectRow(0)
        if action.isEnabled():
            action.trigger()
    for name, build in BUILT_DIRECTLY.items():
        build(_dialog_classes()[name], window).show()

    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    shown = {type(d).__name__ for d in dialogs}
    assert set(_dialog_classes()) - shown == set(), "a dialog of ui/ was never opened here: open it in this test"
    assert all(clashes([d]) == [] for d in dialogs), [c for d in dialogs for c in clashes([d])]
    for dialog in dialogs:
        dialog.close()


def test_the_check_finds_a_key_bound_twice(make_window) -> None:
    window = make_window()
    twice = QAction(window)
    twice.setObjectName("twice")
    twice.setShortcut(window.actions.refresh.shortcuts()[0])
    window.addAction(twice)
    assert [c[1:3] for c in clashes([window])] == [(window.actions.refresh.shortcuts()[0].toString(), "refresh")]
    dialog = QDialog(window)
    QShortcut(twice.shortcut(), dialog)
    QShortcut(twice.shortcut(), dialog)
    assert len(clashes([dialog])) == 1
