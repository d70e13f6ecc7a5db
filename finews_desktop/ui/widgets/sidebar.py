"""The sidebar: library sections and facets with their counts; a click writes search text."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTreeView, QWidget

from finews_desktop.core.store.library import FacetEntry, Facets
from finews_desktop.ui.icons import icon
from finews_desktop.workers.listing import RECENT_TERM

TERM_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

_BARE = re.compile(r'^[^\s"():]+$')


def term(field: str, value: str) -> str:
    """`field:value`, quoting a value with spaces or punctuation the query language uses."""
    if _BARE.match(value):
        return f"{field}:{value}"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{field}:"{escaped}"'


def add_term(query: str, new: str) -> str:
    """The query with `new` ANDed on (unless it is already there)."""
    query = query.strip()
    if new in query.split():
        return query
    return f"{query} {new}".strip()


class Sidebar(QTreeView):
    """Emits `termActivated(term, add)`: add is True for a ctrl-click (AND it onto the search)."""

    termActivated = Signal(str, bool)

    GROUPS = ("library", "collections", "categories", "tags", "stocks", "dates")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setExpandsOnDoubleClick(True)
        self.setAcceptDrops(False)
        self._facets: Facets | None = None
        self._expanded: set[str] = {"library"}
        self.clicked.connect(self._on_clicked)

    # --- building ----------------------------------------------------------------------

    def group_label(self, key: str) -> str:
        return {
            "library": self.tr("Library"),
            "collections": self.tr("Collections"),
            "categories": self.tr("Categories"),
            "tags": self.tr("Tags"),
            "stocks": self.tr("Stocks"),
            "dates": self.tr("Dates"),
        }[key]

    def set_expanded_groups(self, keys: set[str]) -> None:
        self._expanded = set(keys) | {"library"}

    def expanded_groups(self) -> set[str]:
        self._remember_expansion()
        return set(self._expanded)

    def _remember_expansion(self) -> None:
        root = self._model.invisibleRootItem()
        for i in range(root.rowCount()):
            item = root.child(i)
            key = item.data(KEY_ROLE)
            if self.isExpanded(item.index()):
                self._expanded.add(key)
            else:
                self._expanded.discard(key)
            for j in range(item.rowCount()):
                sub = item.child(j)
                if sub.hasChildren():
                    if self.isExpanded(sub.index()):
                        self._expanded.add(sub.data(KEY_ROLE))
                    else:
                        self._expanded.discard(sub.data(KEY_ROLE))

    def set_facets(self, facets: Facets) -> None:
        current = self.currentIndex().data(TERM_ROLE) if self.currentIndex().isValid() else None
        if self._model.rowCount():
            self._remember_expansion()
        self._facets = facets
        self._model.clear()
        self._model.setColumnCount(2)
        root = self._model.invisibleRootItem()
        loc = self.locale()

        def row(
            label: str,
            count: int,
            term_text: str | None,
            tip: str = "",
            icon_name: str | None = None,
            key: str | None = None,
        ) -> list[QStandardItem]:
            name = QStandardItem(label)
            if icon_name:
                name.setIcon(icon(icon_name))
            name.setData(term_text, TERM_ROLE)
            name.setData(key or term_text, KEY_ROLE)
            if term_text:  # what a click does (core/content/facet_terms.py)
                hint = self.tr("Click: these posts; click again: all but these\nCtrl+click: combine with the search")
                tip = f"{tip}\n{hint}" if tip else hint
            if tip:
                name.setToolTip(tip)
            number = QStandardItem(loc.toString(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setData(term_text, TERM_ROLE)
            number.setForeground(self.palette().placeholderText())
            return [name, number]

        def group(key: str, count: int | None = None) -> QStandardItem:
            items = row(self.group_label(key), count or 0, None, key=key)
            items[0].setSelectable(False)
            items[1].setSelectable(False)
            if count is None:
                items[1].setText("")
            font = items[0].font()
            font.setBold(True)
            items[0].setFont(font)
            root.appendRow(items)
            return items[0]

        lib = group("library")
        lib.appendRow(row(self.tr("All posts"), facets.all, "", icon_name="all", key="all"))
        lib.appendRow(
            row(
                self.tr("Recently imported"),
                facets.recent,
                RECENT_TERM,
                self.tr("The posts of the last import"),
                "recent",
            )
        )
        lib.appendRow(
            row(
                self.tr("Warnings"),
                facets.warnings,
                "has:warning",
                self.tr("Posts that Jekyll reads with a warning"),
                "warning",
            )
        )
        lib.appendRow(row(self.tr("Trash"), facets.trash, "is:trashed", icon_name="trash"))

        def entries(key: str, field: str, values: list[FacetEntry], icon_name: str, tip_slug: bool = False) -> None:
            g = group(key, len(values))
            for e in values:
                tip = self.tr("Category slug: %1").replace("%1", e.key) if tip_slug else ""
                g.appendRow(row(e.label, e.count, term(field, e.key), tip, icon_name))

        entries("collections", "collection", facets.collections, "collection")
        entries("categories", "category", facets.categories, "category", tip_slug=True)
        entries("tags", "tag", facets.tags, "tag")
        entries("stocks", "stock", facets.stocks, "stock")

        dates = group("dates", None)
        years: dict[str, list[FacetEntry]] = {}
        for m in facets.months:
            years.setdefault(m.key[:4], []).append(m)
        for year in sorted(years, reverse=True):
            months = years[year]
            y = row(year, sum(m.count for m in months), term("date", year), key=f"year:{year}")
            dates.appendRow(y)
            for m in months:
                y[0].appendRow(row(m.label, m.count, term("date", m.key)))

        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for i in range(root.rowCount()):
            item = root.child(i)
            self.setFirstColumnSpanned(i, QModelIndex(), False)
            if item.data(KEY_ROLE) in self._expanded:
                self.expand(item.index())
            for j in range(item.rowCount()):
                sub = item.child(j)
                if sub.hasChildren() and sub.data(KEY_ROLE) in self._expanded:
                    self.expand(sub.index())
        if current is not None:
            found = self.find_term(current)
            if found.isValid():
                self.setCurrentIndex(found)

    def find_term(self, term_text: str) -> QModelIndex:
        matches = self._model.match(
            self._model.index(0, 0),
            TERM_ROLE,
            term_text,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        return matches[0] if matches else QModelIndex()

    def select_term(self, query: str) -> None:
        """Highlight the entry whose term is the whole query, if any (so the sidebar follows the search box)."""
        found = self.find_term(query.strip()) if self._model.rowCount() else QModelIndex()
        self.blockSignals(True)
        if found.isValid():
            self.setCurrentIndex(found)
        else:
            self.selectionModel().clearSelection()
        self.blockSignals(False)

    # --- clicks ----------------------------------------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        self._activate(index, bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier))

    def _activate(self, index: QModelIndex, add: bool) -> None:
        value = index.data(TERM_ROLE)
        if value is None:
            return
        self.termActivated.emit(value, add)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentIndex().isValid():
            self._activate(self.currentIndex(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._facets is not None:
            self.set_facets(self._facets)
        super().changeEvent(event)
