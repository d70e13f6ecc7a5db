"""The sidebar: library sections and facets with their counts; a click writes search text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QDateTime, QEvent, QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTreeView, QWidget

from finews_desktop.core.content.stocks import is_sector_board
from finews_desktop.core.store.facets import FacetEntry, Facets
from finews_desktop.core.store.watches import WatchedFolder, WatchQuery
from finews_desktop.ui.icons import icon
from finews_desktop.workers.listing import RECENT_TERM

TERM_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
WATCH_ROLE = Qt.ItemDataRole.UserRole + 3  # a watch query's name (a click opens it: ui/watching.py)
WATCH_FOLDER_ROLE = Qt.ItemDataRole.UserRole + 4  # a watched folder's path

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


class _RowLook(NamedTuple):
    hint: str
    locale: QLocale
    count_brush: QBrush


class Sidebar(QTreeView):
    """Emits `termActivated(term, add)`: add is True for a ctrl-click (AND it onto the search)."""

    termActivated = Signal(str, bool)
    watchQueryActivated = Signal(str)  # a watch query's name

    GROUPS = ("library", "watched", "watchqueries", "collections", "categories", "tags", "stocks", "boards", "dates")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._look: _RowLook | None = None  # what every entry shares, made once per rebuild (_row_look)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setExpandsOnDoubleClick(True)
        self.setAcceptDrops(False)
        self._facets: Facets | None = None
        self._watching: tuple[list[WatchedFolder], list[WatchQuery]] = ([], [])
        self._expanded: set[str] = {"library"}
        self.clicked.connect(self._on_clicked)

    # --- building ----------------------------------------------------------------------

    def group_label(self, key: str) -> str:
        return {
            "library": self.tr("Library"),
            "watched": self.tr("Watched Folders"),
            "watchqueries": self.tr("Watch Queries"),
            "collections": self.tr("Collections"),
            "categories": self.tr("Categories"),
            "tags": self.tr("Tags"),
            "stocks": self.tr("Stocks"),
            "boards": self.tr("Sector Boards"),
            "dates": self.tr("Dates"),
        }[key]

    def set_expanded_groups(self, keys: set[str]) -> None:
        self._expanded = set(keys) | {"library"}

    def expanded_groups(self) -> set[str]:
        self._remember_expansion()
        return set(self._expanded)

    def _parents(self) -> list[QStandardItem]:
        """Every entry with entries under it (groups, years, months), top down."""
        out: list[QStandardItem] = []
        pending = [self._model.invisibleRootItem()]
        while pending:
            item = pending.pop()
            for i in range(item.rowCount()):
                child = item.child(i)
                if child is not None and child.hasChildren():
                    out.append(child)
                    pending.append(child)
        return out

    def _remember_expansion(self) -> None:
        for item in self._parents():
            key = item.data(KEY_ROLE)
            if self.isExpanded(item.index()):
                self._expanded.add(key)
            else:
                self._expanded.discard(key)

    def _restore_expansion(self) -> None:
        root = self._model.invisibleRootItem()
        for i in range(root.rowCount()):
            self.setFirstColumnSpanned(i, QModelIndex(), False)
        for item in self._parents():
            if item.data(KEY_ROLE) in self._expanded:
                self.expand(item.index())

    def set_facets(self, facets: Facets) -> None:
        current = self.currentIndex().data(TERM_ROLE) if self.currentIndex().isValid() else None
        if self._model.rowCount():
            self._remember_expansion()
        self._facets = facets
        self._look = None  # the language, the locale or the palette may have changed since the last rebuild
        self._model.clear()
        self._model.setColumnCount(2)
        self._add_library(facets)
        self._add_watching()
        self._add_entries("collections", "collection", facets.collections, "collection")
        self._add_entries("categories", "category", facets.categories, "category", tip_slug=True)
        self._add_entries("tags", "tag", facets.tags, "tag")
        stocks = [e for e in facets.stocks if not is_sector_board(e.key)]
        boards = [e for e in facets.stocks if is_sector_board(e.key)]
        self._add_entries("stocks", "stock", stocks, "stock")
        self._add_entries("boards", "stock", boards, "stock")
        self._add_dates(facets)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._restore_expansion()
        if current is not None:
            found = self.find_term(current)
            if found.isValid():
                self.setCurrentIndex(found)

    # --- the entries -----------------------------------------------------------------

    def _row(
        self,
        label: str,
        count: int,
        term_text: str | None,
        tip: str = "",
        icon_name: str | None = None,
        key: str | None = None,
    ) -> list[QStandardItem]:
        """An entry: its name (with the term a click searches for) and its count."""
        name = QStandardItem(label)
        if icon_name:
            name.setIcon(icon(icon_name))
        name.setData(term_text, TERM_ROLE)
        name.setData(key or term_text, KEY_ROLE)
        look = self._row_look()
        if term_text:  # what a click does (core/content/facet_terms.py)
            tip = f"{tip}\n{look.hint}" if tip else look.hint
        if tip:
            name.setToolTip(tip)
        number = QStandardItem(look.locale.toString(count))
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        number.setData(term_text, TERM_ROLE)
        number.setForeground(look.count_brush)
        return [name, number]

    def _row_look(self) -> _RowLook:
        """What every entry shares (the click hint, the locale, the counts' colour), made once per rebuild:
        a thousand date entries each asked Qt for a translation and copies of the locale and the palette."""
        if self._look is None:
            self._look = _RowLook(
                self.tr("Click: these posts; click again: all but these\nCtrl+click: combine with the search"),
                self.locale(),
                self.palette().placeholderText(),
            )
        return self._look

    def _group(self, key: str, count: int | None = None) -> QStandardItem:
        """A bold, unselectable heading (Library, Tags, ...) with the number of its entries."""
        items = self._row(self.group_label(key), count or 0, None, key=key)
        items[0].setSelectable(False)
        items[1].setSelectable(False)
        if count is None:
            items[1].setText("")
        font = items[0].font()
        font.setBold(True)
        items[0].setFont(font)
        self._model.invisibleRootItem().appendRow(items)
        return items[0]

    def _add_library(self, facets: Facets) -> None:
        lib = self._group("library")
        lib.appendRow(self._row(self.tr("All posts"), facets.all, "", icon_name="all", key="all"))
        recent_tip = self.tr("The posts of the last import")
        lib.appendRow(self._row(self.tr("Recently imported"), facets.recent, RECENT_TERM, recent_tip, "recent"))
        self._add_reading_entries(lib, facets)
        warning_tip = self.tr("Posts that Jekyll reads with a warning")
        lib.appendRow(self._row(self.tr("Warnings"), facets.warnings, "has:warning", warning_tip, "warning"))
        self._add_duplicates_entry(lib, facets)
        lib.appendRow(self._row(self.tr("Trash"), facets.trash, "is:trashed", icon_name="trash"))

    def set_watching(self, folders: list[WatchedFolder], queries: list[WatchQuery]) -> None:
        """The watched folders and the watched saved searches with their badges (shown under Library).
        Only their groups are built again: the whole tree (set_facets) is a stall after a large import."""
        self._watching = (folders, queries)
        self._look = None
        if self._facets is not None:
            self._replace_watching()

    def _replace_watching(self) -> None:
        """The watch groups built again in place, their expansion and the current entry kept."""
        root = self._model.invisibleRootItem()
        watch_keys = {"watched", "watchqueries"}
        rows = [
            i for i in range(root.rowCount()) if (g := root.child(i)) is not None and g.data(KEY_ROLE) in watch_keys
        ]
        current = self.currentIndex()
        current_key = current.siblingAtColumn(0).data(KEY_ROLE) if current.isValid() else None
        for i in reversed(rows):
            if self.isExpanded(self._model.index(i, 0)):
                self._expanded.add(root.child(i).data(KEY_ROLE))
            else:
                self._expanded.discard(root.child(i).data(KEY_ROLE))
            root.removeRow(i)
        at = rows[0] if rows else min(1, root.rowCount())  # right under Library
        end = root.rowCount()
        self._add_watching()  # appends its groups ...
        for k in range(root.rowCount() - end):  # ... moved to where they were
            root.insertRow(at + k, root.takeRow(end + k))
            group = root.child(at + k)
            if group is not None and group.data(KEY_ROLE) in self._expanded:
                self.expand(group.index())
        if current_key is not None and not self.currentIndex().isValid():
            found = self._model.match(
                self._model.index(0, 0),
                KEY_ROLE,
                current_key,
                1,
                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
            )
            if found:
                auto_scroll = self.hasAutoScroll()
                self.setAutoScroll(False)  # scrolling to it would expand a group the user collapsed
                self.setCurrentIndex(found[0])
                self.setAutoScroll(auto_scroll)

    def _add_watching(self) -> None:
        folders, queries = self._watching
        watched = [q for q in queries if q.watch]
        if folders:
            group = self._group("watched", len(folders))
            for f in folders:
                c = f.last_counts or {}
                row = self._row(
                    Path(f.path).name or f.path, c.get("imported", 0), None, self._folder_tip(f), key=f.path
                )
                row[0].setData(f.path, WATCH_FOLDER_ROLE)
                group.appendRow(row)
        if watched:
            group = self._group("watchqueries", len(watched))
            for q in watched:
                tip = self.tr("%1\nNew since you last opened it: %2").replace("%1", q.query)
                row = self._row(
                    q.name, q.new, None, tip.replace("%2", self.locale().toString(q.new)), key=f"watch:{q.name}"
                )
                row[0].setData(q.name, WATCH_ROLE)
                row[1].setData(q.name, WATCH_ROLE)
                if q.new:
                    font = row[0].font()
                    font.setBold(True)
                    row[0].setFont(font)
                    row[1].setFont(font)
                    row[1].setForeground(self.palette().highlight())
                group.appendRow(row)

    def _folder_tip(self, f: WatchedFolder) -> str:
        if f.last_started is None:
            tip = self.tr("%1\nNot imported yet").replace("%1", f.path)
        else:
            c = f.last_counts or {}
            when = QDateTime.fromSecsSinceEpoch(f.last_finished or f.last_started)
            tip = (
                self.tr("%1\nLast import %2: %3 imported, %4 updated")
                .replace("%1", f.path)
                .replace("%2", self.locale().toString(when, QLocale.FormatType.ShortFormat))
                .replace("%3", self.locale().toString(c.get("imported", 0)))
                .replace("%4", self.locale().toString(c.get("updated", 0)))
            )
        if f.removed:
            tip += "\n" + self.tr(
                "%n post file(s) gone from the folder; their posts stay in the library", "", f.removed
            )
        return tip

    def watch_query_index(self, name: str) -> QModelIndex:
        matches = self._model.match(
            self._model.index(0, 0), WATCH_ROLE, name, 1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        )
        return matches[0] if matches else QModelIndex()

    def _add_duplicates_entry(self, lib: QStandardItem, facets: Facets) -> None:
        """Duplicates: the copies and versions of stories another post represents (ui/stories.py)."""
        tip = self.tr("Copies and versions of a story that another post represents (is:duplicate)")
        lib.appendRow(self._row(self.tr("Duplicates"), facets.duplicates, "is:duplicate", tip, key="duplicates"))

    def _add_reading_entries(self, lib: QStandardItem, facets: Facets) -> None:
        """Unread and With notes (read state and notes: ui/reading.py)."""
        unread_tip = self.tr("Posts not opened yet (a post is read once shown for a moment, or marked)")
        lib.appendRow(self._row(self.tr("Unread"), facets.unread, "is:unread", unread_tip, key="unread"))
        noted_tip = self.tr("Posts with a private note")
        lib.appendRow(self._row(self.tr("With notes"), facets.noted, "has:note", noted_tip, key="noted"))

    def _add_entries(
        self, key: str, field: str, values: list[FacetEntry], icon_name: str, tip_slug: bool = False
    ) -> None:
        group = self._group(key, len(values))
        for e in values:
            tip = self.tr("Category slug: %1").replace("%1", e.key) if tip_slug else ""
            group.appendRow(self._row(e.label, e.count, term(field, e.key), tip, icon_name))

    def _add_dates(self, facets: Facets) -> None:
        """Years, their months, the months' days (newest first), each a date: search."""
        dates = self._group("dates", None)
        days_of: dict[str, list[FacetEntry]] = {}
        for d in facets.days:
            days_of.setdefault(d.key[:7], []).append(d)
        years: dict[str, list[FacetEntry]] = {}
        for m in facets.months:
            years.setdefault(m.key[:4], []).append(m)
        for year in sorted(years, reverse=True):
            months = years[year]
            y = self._row(year, sum(m.count for m in months), term("date", year), key=f"year:{year}")
            dates.appendRow(y)
            for m in months:
                month = self._row(m.label, m.count, term("date", m.key), key=f"month:{m.key}")
                y[0].appendRow(month)
                for d in days_of.get(m.key, []):
                    month[0].appendRow(self._row(d.label, d.count, term("date", d.key)))

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
        watch = index.data(WATCH_ROLE)
        if watch is not None:
            self.watchQueryActivated.emit(watch)
            return
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
