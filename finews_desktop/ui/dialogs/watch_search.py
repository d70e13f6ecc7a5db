"""A saved search's watch settings: watched (a sidebar badge of its new posts) and its rules (add a tag, add to
a collection), with "apply the rules to the posts it matches now" as a choice of the same dialog.

The dialog only gathers the choices (`WatchSettings`); ui/watch_menus.py stores them in the core
(core/watching/queries.py) and applies the rules through the curation controller, as one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.store.watches import WatchQuery


@dataclass(frozen=True)
class WatchSettings:
    """What the dialog was left with: the watch flag, the rules ("" for none) and whether to apply them now."""

    watch: bool
    add_tag: str
    add_collection: str
    apply_now: bool


class WatchSearchDialog(QDialog):
    """Watch a saved search and give it rules (see the module docstring)."""

    def __init__(self, parent: QWidget | None, query: WatchQuery, tags: list[str], collections: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("watchSearchDialog")
        self.setWindowTitle(self.tr("Watch Saved Search"))
        self.name = query.name
        about = QLabel(
            self.tr("<b>%1</b>: %2").replace("%1", _escaped(query.name)).replace("%2", _escaped(query.query))
        )
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setWordWrap(True)
        self.watch = QCheckBox(self.tr("&Watch: count its new posts in the sidebar after each import"))
        self.watch.setChecked(query.watch)
        self.tag = QLineEdit(query.add_tag or "")
        self.tag.setObjectName("watchTag")
        self.tag.setPlaceholderText(self.tr("none"))
        self.tag.setCompleter(QCompleter(tags, self.tag))
        self.collection = QLineEdit(query.add_collection or "")
        self.collection.setObjectName("watchCollection")
        self.collection.setPlaceholderText(self.tr("none"))
        self.collection.setCompleter(QCompleter(collections, self.collection))
        rules = QFormLayout()
        tag_label = QLabel(self.tr("Add &tag:"))
        tag_label.setBuddy(self.tag)
        collection_label = QLabel(self.tr("Add to &collection:"))
        collection_label.setBuddy(self.collection)
        rules.addRow(tag_label, self.tag)
        rules.addRow(collection_label, self.collection)
        hint = QLabel(self.tr("Each import applies the rules to the new and changed posts the search matches."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.apply_now = QCheckBox(self.tr("&Apply the rules to the posts it matches now (Undo takes it back)"))
        self.apply_now.setEnabled(bool(query.add_tag or query.add_collection))
        self.tag.textChanged.connect(self._rules_changed)
        self.collection.textChanged.connect(self._rules_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.watch)
        layout.addLayout(rules)
        layout.addWidget(hint)
        layout.addWidget(self.apply_now)
        layout.addWidget(buttons)
        self.watch.setFocus()

    def _rules_changed(self) -> None:
        has_rules = bool(self.tag.text().strip() or self.collection.text().strip())
        self.apply_now.setEnabled(has_rules)
        if not has_rules:
            self.apply_now.setChecked(False)

    def settings(self) -> WatchSettings:
        return WatchSettings(
            self.watch.isChecked(),
            self.tag.text().strip(),
            self.collection.text().strip(),
            self.apply_now.isEnabled() and self.apply_now.isChecked(),
        )


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
