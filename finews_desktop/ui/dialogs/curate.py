"""Changes dialogs: the tag and category manager, bulk edit of a selection, and one post's metadata editor.

The dialogs never change the library themselves: they call `apply(label, fn)`
with a function of a `Curator` (run by the window's `CurationController`, on a
worker thread when it is long, and pushed on the undo stack), or, for the
metadata editor, `Library.edit_post`. Questions and messages go through
`ask_text`, `confirm` and `show_error`, which tests replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as fm
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.written_date import written_beside_read
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.library import Library
from finews_desktop.ui import messages

Apply = Callable[..., None]  # (label, fn, on_done, *, size) -> None: CurationController.apply
Label = Callable[[], str]  # a step's name, said with tr() when asked: again after a language switch


class _Prompts:
    """Questions a dialog asks; tests replace these methods."""

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)  # type: ignore[arg-type]
        return value.strip() if ok and value.strip() else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)  # type: ignore[arg-type]
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, text: str) -> None:
        title = QCoreApplication.translate("_Prompts", "Cannot do that")
        QMessageBox.warning(self, title, text)  # type: ignore[arg-type]


class _NameField(QLineEdit):
    """A line edit whose Enter adds the typed name and stops there: QLineEdit passes Enter on to its
    dialog, which took it as OK, so a second name could never be typed. Empty, Enter still means OK."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class NameListEdit(QWidget):
    """Names picked one by one from existing ones (completion), or typed new; shown as a list."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _NameField()
        self.edit.setPlaceholderText(self.tr("Type a name, Enter to add"))
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self._add)
        self.list = QListWidget()
        self.list.setMaximumHeight(80)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(lambda: [self.list.takeItem(self.list.row(i)) for i in self.list.selectedItems()])
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)

    def _add(self) -> None:
        self.add(self.edit.text())
        self.edit.clear()

    def add(self, name: str) -> None:
        name = name.strip()
        if name and name not in [self.list.item(i).text() for i in range(self.list.count())]:
            self.list.addItem(name)

    def set_names(self, names: list[str]) -> None:
        self.list.clear()
        for n in names:
            self.add(n)

    def names(self) -> list[str]:
        pending = self.edit.text().strip()
        out = [self.list.item(i).text() for i in range(self.list.count())]
        return out + ([pending] if pending and pending not in out else [])


# --- the manager ----------------------------------------------------------------------


class _NamesTab(QWidget):
    def __init__(self, dialog: ManagerDialog, kind: str) -> None:
        super().__init__()
        self.dialog, self.kind = dialog, kind
        layout = QVBoxLayout(self)
        layout.addLayout(self._make_filters())
        layout.addWidget(self._make_table(), 1)
        layout.addLayout(self._make_buttons())
        self.status = QLabel()
        layout.addWidget(self.status)
        self.filter.textChanged.connect(self.refresh)
        self.show_box.currentIndexChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _make_filters(self) -> QHBoxLayout:
        """The name filter and which names to show (all, unused, used once)."""
        self.filter = QLineEdit()
        self.filter.setObjectName(f"{self.kind}Filter")
        self.filter.setPlaceholderText(self.tr("Filter by name"))
        self.filter.setClearButtonEnabled(True)
        self.show_box = QComboBox()
        self.show_box.setObjectName(f"{self.kind}Show")
        self.show_box.addItem(self.tr("All"), "all")
        self.show_box.addItem(self.tr("Unused"), "unused")
        self.show_box.addItem(self.tr("Used once"), "once")
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.show_box)
        return row

    def _make_table(self) -> QTableWidget:
        """Name and post count; a category also its display name, the one editable cell."""
        columns = [self.tr("Name"), self.tr("Posts")]
        if self.kind == "category":
            columns.insert(1, self.tr("Display name"))
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName(f"{self.kind}Table")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.kind == "category":
            self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        return self.table

    def _make_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", self.tr("New…"), self.create),
            ("rename", self.tr("Rename…"), self.rename),
            ("merge", self.tr("Merge…"), self.merge),
            ("delete", self.tr("Delete…"), self.delete),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{self.kind}_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        return row

    def refresh(self) -> None:
        mode = self.show_box.currentData()
        rows = self.dialog.curator.names(
            self.kind, filter=self.filter.text(), unused=mode == "unused", used_once=mode == "once"
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            name = QTableWidgetItem(r.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            count = QTableWidgetItem()
            count.setData(Qt.ItemDataRole.DisplayRole, r.count)
            count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, 0, name)
            if self.kind == "category":
                self.table.setItem(i, 1, QTableWidgetItem(r.display_name or ""))
                self.table.setItem(i, 2, count)
            else:
                self.table.setItem(i, 1, count)
        self.table.blockSignals(False)
        self.status.setText(self.tr("%n name(s)", "", len(rows)))
        self._update_buttons()

    def selected(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).text() for r in rows]

    def _update_buttons(self) -> None:
        n = len(self.selected())
        self.buttons["rename"].setEnabled(n == 1)
        self.buttons["merge"].setEnabled(n >= 2)
        self.buttons["delete"].setEnabled(n >= 1)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self.kind != "category" or item.column() != 1:
            return
        slug = self.table.item(item.row(), 0).text()
        text = item.text().strip() or None
        self.dialog.apply(
            lambda: self.tr("Rename category %1").replace("%1", slug), lambda c: c.set_display_name(slug, text)
        )

    def create(self) -> None:
        name = self.dialog.ask_text(self.tr("New name"), self.tr("Name:"))
        if name:
            self.dialog.apply(lambda: self.tr("Create %1").replace("%1", name), lambda c: c.create(self.kind, name))

    def rename(self) -> None:
        (old,) = self.selected() or [None]
        if old is None:
            return
        new = self.dialog.ask_text(self.tr("Rename"), self.tr("New name for %1:").replace("%1", old), old)
        if not new or new == old:
            return
        if self.dialog.curator.exists(self.kind, new):
            touched = self.dialog.curator.count_touched(self.kind, [old])
            question = self.tr("“%1” already exists. Merge “%2” into it? This changes %3 post(s).")
            if self.dialog.confirm(
                self.tr("Merge instead?"), question.replace("%1", new).replace("%2", old).replace("%3", str(touched))
            ):
                self.dialog.apply(
                    lambda: self.tr("Merge %1 into %2").replace("%1", old).replace("%2", new),
                    lambda c: c.merge(self.kind, [old], new),
                    touched,
                )
            return
        self.dialog.apply(
            lambda: self.tr("Rename %1 to %2").replace("%1", old).replace("%2", new),
            lambda c: c.rename(self.kind, old, new),
            self.dialog.curator.count_touched(self.kind, [old]),
        )

    def merge(self) -> None:
        names = self.selected()
        if len(names) < 2:
            return
        target = self.dialog.ask_text(
            self.tr("Merge"), self.tr("Merge %1 into:").replace("%1", ", ".join(names)), names[0]
        )
        if target:
            self.dialog.apply(
                lambda: self.tr("Merge into %1").replace("%1", target),
                lambda c: c.merge(self.kind, names, target),
                self.dialog.curator.count_touched(self.kind, names),
            )

    def delete(self) -> None:
        names = self.selected()
        if not names:
            return
        touched = self.dialog.curator.count_touched(self.kind, names)
        text = (
            self.tr("Delete %1? It is taken off %2 post(s).")
            .replace("%1", ", ".join(names))
            .replace("%2", str(touched))
        )
        if self.dialog.confirm(self.tr("Delete"), text):
            self.dialog.apply(
                lambda: self.tr("Delete %1").replace("%1", ", ".join(names)),
                lambda c: c.delete(self.kind, names),
                touched,
            )


class ManagerDialog(_Prompts, QDialog):
    """Tags and categories: counts, filters, create, rename (offering a merge), merge, delete, display names."""

    def __init__(self, curator: Curator, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curateManager")
        self.setWindowTitle(self.tr("Tags and Categories"))
        self.resize(620, 520)
        self.curator = curator
        self._apply = apply
        self.tabs = QTabWidget()
        self.tag_tab = _NamesTab(self, "tag")
        self.category_tab = _NamesTab(self, "category")
        self.tabs.addTab(self.tag_tab, self.tr("Tags"))
        self.tabs.addTab(self.category_tab, self.tr("Categories"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.tag_tab.refresh()
        self.category_tab.refresh()

    def apply(self, label: Label, fn: Callable[[Curator], Changes], size: int = 0) -> None:
        """Run one step through the window's controller (`label` names it on the undo stack), then show the
        names as they are after it."""
        self._apply(label, fn, lambda _changes: self.refresh(), size=size)


# --- bulk edit ------------------------------------------------------------------------


class BulkEditDialog(QDialog):
    """Add or remove tags and set, add or remove categories on the selected posts."""

    def __init__(self, count: int, tags: list[str], categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEdit")
        self.setWindowTitle(self.tr("Edit %n post(s)", "", count))
        self.add_tags = NameListEdit(tags)
        self.remove_tags = NameListEdit(tags)
        self.category_mode = QComboBox()
        self.category_mode.addItem(self.tr("Leave as they are"), "")
        self.category_mode.addItem(self.tr("Add"), "add")
        self.category_mode.addItem(self.tr("Remove"), "remove")
        self.category_mode.addItem(self.tr("Set to"), "set")
        self.categories = NameListEdit(categories)
        form = QFormLayout()
        form.addRow(self.tr("Add tags:"), self.add_tags)
        form.addRow(self.tr("Remove tags:"), self.remove_tags)
        form.addRow(self.tr("Categories:"), self.category_mode)
        form.addRow("", self.categories)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def operations(self) -> list[tuple[str, str, list[str]]]:
        """(kind, add|remove|set, names) in the order to apply them."""
        ops = []
        if self.add_tags.names():
            ops.append(("tag", "add", self.add_tags.names()))
        if self.remove_tags.names():
            ops.append(("tag", "remove", self.remove_tags.names()))
        mode = self.category_mode.currentData()
        if mode and (self.categories.names() or mode == "set"):
            ops.append(("category", mode, self.categories.names()))
        return ops


def bulk_function(ids: list[int], ops: list[tuple[str, str, list[str]]]) -> Callable[[Curator], Changes]:
    """One Changes for several bulk operations (undone together)."""

    def run(cur: Curator) -> Changes:
        return cur.bulk(ids, ops)

    return run


# --- one post's metadata ------------------------------------------------------------------

_SHOWN_KEYS = {"title", "date", "tags", "tag", "categories", "category", "layout"}


class PostEditorDialog(_Prompts, QDialog):
    """Title, date, tags, categories, layout and other front matter keys of one post."""

    def __init__(
        self,
        library: Library,
        post_id: int,
        tags: list[str],
        categories: list[str],
        parent: QWidget | None = None,
        submit: Callable[[dict[str, Any]], Changes | None] | None = None,
    ) -> None:
        """`submit(arguments)` makes the edit (the window's curation controller, so that it is undoable and
        the views refresh like every other edit); without one the dialog edits the library itself."""
        super().__init__(parent)
        self.setObjectName("postEditor")
        self._submit = submit or (lambda args: library.edit_post(post_id, **args))
        self.setWindowTitle(self.tr("Edit Post"))
        self.resize(640, 560)
        self.library, self.post_id = library, post_id
        self.record = library.post_record(post_id)
        self.front_matter = self._front_matter()
        self.changes = None
        form = self._make_fields(tags, categories)
        key_buttons = self._make_keys_table()
        self._make_messages()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        path = QLabel(f"{self.record['path']}  ·  {self.record['timezone']}")
        path.setEnabled(False)
        layout.addWidget(path)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Other front matter keys:")))
        layout.addWidget(self.keys, 1)
        layout.addLayout(key_buttons)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _make_fields(self, tags: list[str], categories: list[str]) -> QFormLayout:
        """The keys with a field of their own, filled with the post's values."""
        self.title_edit = QLineEdit(self.record["title_text"] or "")
        self.date_edit = QLineEdit((self.record["date"] or "")[:19])
        self.date_edit.setToolTip(self._date_tip())
        self.tags_edit = NameListEdit(tags)
        self.tags_edit.set_names([str(t) for t in self.record["tags"] or []])
        self.categories_edit = NameListEdit(categories)
        self.categories_edit.set_names([str(c) for c in self.record["categories"] or []])
        self.layout_edit = QLineEdit(self.record["layout"] or "")
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Date:"), self.date_edit)
        form.addRow(self.tr("Tags:"), self.tags_edit)
        form.addRow(self.tr("Categories:"), self.categories_edit)
        form.addRow(self.tr("Layout:"), self.layout_edit)
        return form

    def _date_tip(self) -> str:
        """The archive's timezone and, for a date written without a zone, how Jekyll reads it."""
        tip = self.tr("In the archive's timezone (%1)").replace("%1", self.record["timezone"])
        written = written_beside_read(self.library.post_raw(self.post_id), self.record["date"])
        if written:
            read_as = self.tr("The file writes %1 without a zone; Jekyll reads it as %2.")
            tip += "\n" + read_as.replace("%1", written).replace("%2", self.record["date"])
        return tip

    def _make_keys_table(self) -> QHBoxLayout:
        """The other front matter keys as YAML text, one row each; returns the Add/Remove Key buttons."""
        self.keys = QTableWidget(0, 2)
        self.keys.setObjectName("otherKeys")
        self.keys.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Value (YAML)")])
        self.keys.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keys.verticalHeader().hide()
        self._original_keys: dict[str, str] = {}
        for key, value in self.front_matter.items():
            if key in _SHOWN_KEYS:
                continue
            text = _yaml_text(value)
            self._original_keys[str(key)] = text
            self._add_row(str(key), text)
        add_row = QPushButton(self.tr("Add Key"))
        add_row.clicked.connect(lambda: self._add_row("", ""))
        remove_row = QPushButton(self.tr("Remove Key"))
        remove_row.clicked.connect(lambda: self.keys.removeRow(self.keys.currentRow()))
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(add_row)
        key_buttons.addWidget(remove_row)
        key_buttons.addStretch(1)
        return key_buttons

    def _make_messages(self) -> None:
        """What Jekyll warns about this post, and where a value that cannot be saved is explained."""
        warnings = [messages.warning_text(w) for w in self.record["warnings"]]
        self.warnings = QLabel(
            "\n".join("⚠ " + w for w in warnings) if warnings else self.tr("Jekyll reads this post without warnings.")
        )
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

    def _front_matter(self) -> dict[str, Any]:
        from zoneinfo import ZoneInfo

        from finews_desktop.core.jekyll.post import parse_post

        tz = ZoneInfo(self.record["timezone"])
        parsed = parse_post(self.library.post_raw(self.post_id), self.record["path"], tz, datetime.now(tz))
        return dict(parsed.front_matter or {})

    def _add_row(self, key: str, value: str) -> None:
        row = self.keys.rowCount()
        self.keys.insertRow(row)
        self.keys.setItem(row, 0, QTableWidgetItem(key))
        self.keys.setItem(row, 1, QTableWidgetItem(value))

    def edit_arguments(self) -> dict[str, Any]:
        """What changed, as Library.edit_post arguments; raises KnownError for values Jekyll could not read."""
        args = self._changed_fields()
        extra, removed = self._changed_keys()
        if extra:
            args["extra"] = extra
        if removed:
            args["remove_keys"] = removed
        return args

    def _changed_fields(self) -> dict[str, Any]:
        """Title, date, tags and categories that differ from the post's."""
        from zoneinfo import ZoneInfo

        args: dict[str, Any] = {}
        if self.title_edit.text() != (self.record["title_text"] or ""):
            args["title"] = self.title_edit.text()
        date_text = self.date_edit.text().strip()
        if date_text != (self.record["date"] or "")[:19]:
            if not date_text:
                raise KnownError(self.tr("A post needs a date."))
            tz = ZoneInfo(self.record["timezone"])
            try:
                args["date"] = fm.coerce_date(date_text, tz)
            except KnownError as exc:
                raise KnownError(self.tr("The date: %1").replace("%1", str(exc))) from exc
        tags = self.tags_edit.names()
        if tags != [str(t) for t in self.record["tags"] or []]:
            args["tags"] = tags
        cats = self.categories_edit.names()
        if cats != [str(c) for c in self.record["categories"] or []]:
            args["categories"] = cats
        return args

    def _changed_keys(self) -> tuple[dict[str, Any], list[str]]:
        """The other keys (and the layout) set to a new value, and those removed."""
        extra: dict[str, Any] = {}
        seen: set[str] = set()
        for row in range(self.keys.rowCount()):
            key = (self.keys.item(row, 0).text() if self.keys.item(row, 0) else "").strip()
            text = self.keys.item(row, 1).text() if self.keys.item(row, 1) else ""
            if not key:
                continue
            if key in _SHOWN_KEYS:
                raise KnownError(self.tr("“%1” has its own field above.").replace("%1", key))
            seen.add(key)
            if self._original_keys.get(key) != text:
                extra[key] = self._read_value(key, text)
        layout = self.layout_edit.text().strip()
        if layout != (self.record["layout"] or ""):
            extra["layout"] = layout or None
        removed = [k for k in self._original_keys if k not in seen]
        if layout == "" and self.record["layout"]:
            extra.pop("layout", None)
            removed.append("layout")
        return extra, removed

    def _read_value(self, key: str, text: str) -> Any:
        """A key's value as Jekyll reads the YAML typed for it; empty is null."""
        try:
            return jekyll.read_value(text) if text.strip() else None
        except ValueError as exc:
            raise KnownError(
                self.tr("The value of “%1” is not YAML Jekyll can read: %2").replace("%1", key).replace("%2", str(exc))
            ) from exc

    def save(self) -> None:
        try:
            args = self.edit_arguments()
            self.changes = self._submit(args) if args else None
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def _yaml_text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str):
        return fm.render_scalar(value) if value.strip() != value or ":" in value or not value else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
