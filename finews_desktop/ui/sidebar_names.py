"""Right-click a tag or a category in the sidebar: rename, merge into another, delete.

Each runs through the curation controller (ui/curation.py: the core's Curator, one undoable
step, big ones on its worker), as the Tags and Categories dialog does; a rename onto a name
that exists offers the merge instead. The prompts are attributes, so tests answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget


def _ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def _ask_choice(parent: QWidget, title: str, label: str, choices: list[str]) -> str | None:
    value, ok = QInputDialog.getItem(parent, title, label, choices, 0, True)
    return value.strip() if ok and value.strip() else None


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class SidebarNameActions(QObject):
    """Adds Rename…, Merge Into…, Delete… for one tag or category to the sidebar's context menu."""

    def __init__(self, window: Any) -> None:  # MainWindow
        super().__init__(window)
        self.window = window
        self.ask_text: Callable[[QWidget, str, str, str], str | None] = _ask_text
        self.ask_choice: Callable[[QWidget, str, str, list[str]], str | None] = _ask_choice
        self.confirm: Callable[[QWidget, str, str], bool] = _confirm

    def add_to(self, menu: QMenu, kind: str, name: str) -> None:
        if kind not in ("tag", "category"):
            return
        menu.addSeparator()
        rename = menu.addAction(self.tr("Rename “%1”…").replace("%1", name))
        rename.setObjectName("sidebarRename")
        rename.triggered.connect(lambda: self.rename(kind, name))
        merge = menu.addAction(self.tr("Merge “%1” Into…").replace("%1", name))
        merge.setObjectName("sidebarMerge")
        merge.triggered.connect(lambda: self.merge(kind, name))
        delete = menu.addAction(self.tr("Delete “%1”…").replace("%1", name))
        delete.setObjectName("sidebarDelete")
        delete.triggered.connect(lambda: self.delete(kind, name))
        menu.addSeparator()

    # --- the steps (each one undoable step through the controller) ---------------------

    def _names(self, kind: str) -> list[str]:
        return self.window.curation.names(kind)  # (also follows a switch of library)

    def _touched(self, kind: str, names: list[str]) -> int:
        return self.window.curation.controller.curator.count_touched(kind, names)

    def _apply(self, label: Callable[[], str], fn: Callable[[Any], Any], size: int) -> None:
        """`label` says the step's name when asked: the Edit menu names it again after a language switch."""
        self.window.curation.controller.apply(label, fn, size=size)

    def rename(self, kind: str, old: str) -> None:
        existing = self._names(kind)
        new = self.ask_text(self.window, self.tr("Rename"), self.tr("New name for %1:").replace("%1", old), old)
        if not new or new == old:
            return
        touched = self._touched(kind, [old])
        if new in existing:
            question = self.tr("“%1” already exists. Merge “%2” into it? This changes %n post(s).", "", touched)
            if self.confirm(self.window, self.tr("Merge instead?"), question.replace("%1", new).replace("%2", old)):
                self._apply(
                    lambda: self.tr("Merge %1 into %2").replace("%1", old).replace("%2", new),
                    lambda c: c.merge(kind, [old], new),
                    touched,
                )
            return
        self._apply(
            lambda: self.tr("Rename %1 to %2").replace("%1", old).replace("%2", new),
            lambda c: c.rename(kind, old, new),
            touched,
        )

    def merge(self, kind: str, source: str) -> None:
        others = [n for n in self._names(kind) if n != source]
        target = self.ask_choice(self.window, self.tr("Merge"), self.tr("Merge %1 into:").replace("%1", source), others)
        if not target or target == source:
            return
        self._apply(
            lambda: self.tr("Merge %1 into %2").replace("%1", source).replace("%2", target),
            lambda c: c.merge(kind, [source], target),
            self._touched(kind, [source]),
        )

    def delete(self, kind: str, name: str) -> None:
        self._names(kind)
        touched = self._touched(kind, [name])
        text = self.tr("Delete %1? It is taken off %n post(s).", "", touched).replace("%1", name)
        if self.confirm(self.window, self.tr("Delete"), text):
            self._apply(lambda: self.tr("Delete %1").replace("%1", name), lambda c: c.delete(kind, [name]), touched)
