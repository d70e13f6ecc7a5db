"""The post list's model: a table over an array of post ids, rows fetched lazily a page at a time.

The model never sorts or filters: the window asks the library (SQL) for the
ordered ids and hands them over with `set_ids`; `sort()` only says which order
was asked for. Rows are read by `fetch_rows(ids)` a page at a time into a
bounded cache keyed by post id, so a re-sort or a refresh keeps what was read.

Why a post matched (`SNIPPET_ROLE`: an excerpt with the matches in <mark>) is
asked for only for the rows that are painted: the first ask of a row queues its
id, the queue goes to `snippet_source` in one batch once the painting is done
(it answers later, off the window's thread), and the answers are kept per query
(`set_snippet_query` forgets them; `forget` drops those of changed posts).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from finews_desktop.core.store.post_reads import PostRow
from finews_desktop.core.store.story_reads import StorySummary
from finews_desktop.ui.messages import warning_text

POST_IDS_MIME = "application/x-finews-post-ids"
PAGE = 100  # rows read together
CACHE_LIMIT = 5_000  # rows kept: ~1.2 KB each; 50 pages of scroll-back, and a refresh keeps what is on screen

DATE, TITLE, SOURCE, TAGS, STOCKS, WARNINGS = range(6)
# column -> the sort key the window passes to the library
SORT_KEYS = ("date", "title", "source", "tags", "stocks", "warnings")
POST_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2  # the title column's: why the post matched ("" while it is on its way)
NEW_ROLE = Qt.ItemDataRole.UserRole + 3  # the post is new in the watch query just opened (ui/watching.py)
SNIPPET_CACHE_LIMIT = 2_000

# post ids -> the stories among them (one row per story: "+N copies" and the outlets; ui/stories.py)
StorySource = Callable[[Sequence[int]], dict[int, StorySummary]]
# (post ids, query, callback(query, {post id: snippet html})): computes snippets and answers later
SnippetSource = Callable[[list[int], str, Callable[[str, dict[int, str]], None]], None]

_Index = QModelIndex | QPersistentModelIndex


def _header(column: int) -> str:
    return (
        QCoreApplication.translate("PostTableModel", "Date"),
        QCoreApplication.translate("PostTableModel", "Title"),
        QCoreApplication.translate("PostTableModel", "Source"),
        QCoreApplication.translate("PostTableModel", "Tags"),
        QCoreApplication.translate("PostTableModel", "Stocks"),
        QCoreApplication.translate("PostTableModel", "Warnings"),
    )[column]


class PostTableModel(QAbstractTableModel):
    sortRequested = Signal(str, bool)  # sort key, descending
    snippetModeChanged = Signal(bool)  # whether rows show why they matched (the query has words)

    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[PostRow]], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids = array("q")
        self._cache: OrderedDict[int, PostRow] = OrderedDict()
        self._missing: set[int] = set()  # ids the library no longer has
        self._last_painted = 0
        self.fetches = 0  # how many page reads (for tests and the benchmark)
        self.snippet_source: SnippetSource | None = None
        self.highlighted: frozenset[int] = frozenset()  # new posts of the opened watch query (NEW_ROLE)
        self.story_source: StorySource | None = None  # set while the list shows one row per story
        self._stories: dict[int, StorySummary | None] = {}
        self._snippet_query = ""
        self._snippets: OrderedDict[int, str] = OrderedDict()
        self._snippets_wanted: dict[int, int] = {}  # post id -> the row that asked
        self._snippets_asked: set[int] = set()  # on their way
        self._snippet_timer = QTimer(self)
        self._snippet_timer.setSingleShot(True)
        self._snippet_timer.setInterval(0)  # once the rows on screen have been painted
        self._snippet_timer.timeout.connect(self._ask_snippets)

    # --- ids ------------------------------------------------------------------------

    @property
    def ids(self) -> array:
        return self._ids

    def set_ids(self, ids: Iterable[int]) -> None:
        new = ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)
        self.beginResetModel()
        self._ids = new
        self._missing.clear()
        self.endResetModel()

    def append_ids(self, more: Sequence[int]) -> None:
        if not more:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._ids.extend(more)
        self.endInsertRows()

    def post_id(self, row: int) -> int:
        return self._ids[row]

    def ids_of_rows(self, rows: Iterable[int]) -> list[int]:
        ids = self._ids
        return [ids[r] for r in rows]

    def row_of(self, post_id: int) -> int:
        """The row showing post_id, or -1 (a linear scan: for a few ids only)."""
        try:
            return self._ids.index(post_id)
        except ValueError:
            return -1

    def set_highlighted(self, post_ids: Iterable[int]) -> None:
        """Highlight these posts (a watch query's new ones) wherever they are listed; a set lookup per painted row."""
        self.highlighted = frozenset(post_ids)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._ids) - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.BackgroundRole],
            )

    @staticmethod
    def _new_brush() -> QBrush:
        color = QApplication.palette().color(QPalette.ColorRole.Highlight)
        color.setAlpha(48)
        return QBrush(color)

    def forget(self, post_ids: Iterable[int] | None = None) -> None:
        """Drop cached rows (all, or these posts) so that they are read again."""
        if post_ids is None:
            self._cache.clear()
            self._snippets.clear()
            self._stories.clear()
        else:
            for pid in post_ids:
                self._cache.pop(pid, None)
                self._snippets.pop(pid, None)
                self._stories.pop(pid, None)
        self._missing.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, WARNINGS))

    def prime(self, rows: Iterable[PostRow]) -> None:
        """Rows read ahead elsewhere (the list worker), so that painting them needs no query here."""
        cache = self._cache
        for r in rows:
            cache[r.id] = r
            cache.move_to_end(r.id)
        while len(cache) > CACHE_LIMIT:
            cache.popitem(last=False)

    def row(self, row: int) -> PostRow | None:
        pid = self._ids[row]
        cached = self._cache.get(pid)
        if cached is not None:
            self._cache.move_to_end(pid)
            return cached
        if pid in self._missing:
            return None
        self._load_page(row)
        return self._cache.get(pid)

    def _load_page(self, row: int) -> None:
        start = (row // PAGE) * PAGE
        wanted = [pid for pid in self._ids[start : start + PAGE] if pid not in self._cache]
        self.fetches += 1
        got = self._fetch_rows(wanted)
        for r in got:
            self._cache[r.id] = r
        self._missing.update(set(wanted) - {r.id for r in got})
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    # --- one row per story ------------------------------------------------------------------

    def set_story_source(self, source: StorySource | None) -> None:
        """Show each row's copies and outlets (a source), or not (None)."""
        self.story_source = source
        self._stories.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self._ids) - 1, SOURCE))

    def story(self, row: int) -> StorySummary | None:
        """Row's story (copies, outlets), read with its page's in one query; None: alone, or not shown."""
        if self.story_source is None:
            return None
        pid = self._ids[row]
        if pid not in self._stories:
            start = (row // PAGE) * PAGE
            wanted = [p for p in self._ids[start : start + PAGE] if p not in self._stories]
            found = self.story_source(wanted)
            for p in wanted:
                self._stories[p] = found.get(p)
            if len(self._stories) > CACHE_LIMIT:
                self._stories = {p: self._stories[p] for p in wanted}
        return self._stories.get(pid)

    def _story_display(self, row: int, col: int, text: str) -> str:
        summary = self.story(row)
        if summary is None:
            return text
        if col == TITLE:
            copies = self.tr("+%n copies", "", summary.copies)
            return f"{text}  ·  {copies}"
        return ", ".join(summary.outlets) or text

    def cached_rows(self) -> int:
        return len(self._cache)

    # --- why posts matched ----------------------------------------------------------------

    @property
    def snippet_query(self) -> str:
        return self._snippet_query

    def set_snippet_query(self, query: str, *, has_words: bool) -> None:
        """The query whose matches the rows show (its snippets are forgotten when it changes)."""
        query = query if has_words else ""
        if query == self._snippet_query:
            return
        was = bool(self._snippet_query)
        self._snippet_query = query
        self._snippets.clear()
        self._snippets_wanted.clear()
        self._snippets_asked.clear()
        if was != bool(query):
            self.snippetModeChanged.emit(bool(query))
        if self._ids:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self._ids) - 1, TITLE), [SNIPPET_ROLE])

    def snippet(self, row: int) -> str | None:
        """Why row's post matched (HTML with <mark>), "" while asked for, None without a query."""
        if not self._snippet_query or self.snippet_source is None:
            return None
        pid = self._ids[row]
        found = self._snippets.get(pid)
        if found is not None:
            return found
        if pid not in self._snippets_asked:
            self._snippets_wanted[pid] = row
            if not self._snippet_timer.isActive():
                self._snippet_timer.start()
        return ""

    def _ask_snippets(self) -> None:
        wanted, self._snippets_wanted = self._snippets_wanted, {}
        if not wanted or self.snippet_source is None or not self._snippet_query:
            return
        self._snippets_asked.update(wanted)
        self.snippet_source(list(wanted), self._snippet_query, self.put_snippets)

    def put_snippets(self, query: str, found: dict[int, str]) -> None:
        """Snippets computed for `query` (ignored when the query changed meanwhile); repaints their rows."""
        if query != self._snippet_query:
            return
        self._snippets_asked.difference_update(found)
        for pid, text in found.items():
            self._snippets[pid] = text
            self._snippets.move_to_end(pid)
        while len(self._snippets) > SNIPPET_CACHE_LIMIT:
            self._snippets.popitem(last=False)
        rows = [r for r in (self.row_of_near(pid) for pid in found) if r >= 0]
        if rows:
            self.dataChanged.emit(self.index(min(rows), TITLE), self.index(max(rows), TITLE), [SNIPPET_ROLE])

    def row_of_near(self, post_id: int) -> int:
        """The row of post_id, looked for first where painting asked for it (a whole scan otherwise)."""
        ids = self._ids
        for row in range(max(0, self._last_painted - PAGE), min(len(ids), self._last_painted + PAGE)):
            if ids[row] == post_id:
                return row
        return self.row_of(post_id)

    # --- Qt's model interface -----------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SORT_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(SORT_KEYS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _header(section)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        col = index.column()
        if role == POST_ID_ROLE:
            return self._ids[index.row()]
        if role == NEW_ROLE:
            return self._ids[index.row()] in self.highlighted
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._new_brush() if self.highlighted and self._ids[index.row()] in self.highlighted else None
        if role == SNIPPET_ROLE:
            self._last_painted = index.row()
            return self.snippet(index.row()) if col == TITLE else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        row = self.row(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and col == TITLE:
                return QCoreApplication.translate("PostTableModel", "(deleted)")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display(row, col)
            return self._story_display(index.row(), col, text) if self.story_source and col in (TITLE, SOURCE) else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == WARNINGS:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.trashed:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.FontRole and (row.trashed or not row.read or (col == TITLE and not row.title)):
            font = QFont()
            font.setStrikeOut(row.trashed)
            font.setItalic(not row.title)
            font.setBold(not row.read)  # unread, as feed readers show it (read with the row: no query per row)
            return font
        return None

    @staticmethod
    def _display(row: PostRow, col: int) -> str:
        if col == DATE:
            return row.date
        if col == TITLE:
            return row.title or row.name
        if col == SOURCE:
            return row.source
        if col == TAGS:
            return ", ".join(row.tags)
        if col == STOCKS:
            return ", ".join(f"{name} {code}" if name else code for code, name in row.stocks)
        if col == WARNINGS:
            return str(row.warning_count) if row.warning_count else ""
        return ""

    def _tooltip(self, row: PostRow, col: int) -> str | None:
        if col == WARNINGS and row.warnings:
            return "\n".join(warning_text(w) for w in row.warnings)
        if col in (TITLE, TAGS, STOCKS, SOURCE):
            text = self._display(row, col)
            return text or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Asks for an order; the window fetches the ids sorted by SQL and calls set_ids."""
        if 0 <= column < len(SORT_KEYS):
            self.sortRequested.emit(SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)

    def mimeTypes(self) -> list[str]:
        return [POST_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({self._ids[i.row()] for i in indexes if i.isValid()})
        data.setData(POST_IDS_MIME, ",".join(map(str, ids)).encode())
        return data

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(SORT_KEYS) - 1)
