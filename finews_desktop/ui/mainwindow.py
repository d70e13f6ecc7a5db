"""The main window: sidebar, post list and preview in splitters; search, import and status.

Everything slow runs on a worker (`tasks.TaskRunner`): the list query (search and
sort in SQL), the sidebar counts, and imports. The list query, imports and
indexing run in child processes (`worker_process.LibraryProcess`) that the worker
thread waits on, so their Python work never holds the window's GIL. The main
thread only swaps the id array of the post list, reads the rows it paints a page
at a time, and renders the post shown in the preview.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QWidget,
)

from finews_desktop import __version__
from finews_desktop.core.content.facet_terms import facet_click
from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import Importer, ImportReport
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.facets import Facets
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.actions import Actions
from finews_desktop.ui.dialogs.import_report import ImportReportDialog
from finews_desktop.ui.dialogs.preferences import Preferences, PreferencesDialog
from finews_desktop.ui.i18n import Translations
from finews_desktop.ui.libraries import RecentLibrariesMenu, remember_library
from finews_desktop.ui.models.posts import SORT_KEYS, PostTableModel
from finews_desktop.ui.settings import Settings
from finews_desktop.ui.sidebar_names import SidebarNameActions
from finews_desktop.ui.tasks import Task, TaskRunner, in_child
from finews_desktop.ui.widgets.columns import ColumnMenu
from finews_desktop.ui.widgets.drophint import DropHint
from finews_desktop.ui.widgets.emptystate import EmptyState, view_of
from finews_desktop.ui.widgets.preview import PostPreview
from finews_desktop.ui.widgets.progress import TaskProgress
from finews_desktop.ui.widgets.sidebar import Sidebar
from finews_desktop.workers.listing import ListRequest, ListResult, run_list_query, split_recent
from finews_desktop.workers.process import LibraryProcess, run_import, run_index_catch_up

log = logging.getLogger(__name__)

# What a change may move in the sidebar: names and their counts, the trash, collections, saved searches,
# dates and stocks (a Changes' `fields`; row ops name themselves: row_add, row_del, display, relinks, search).
SIDEBAR_FIELDS = frozenset(
    {"tags", "categories", "trashed", "deleted", "collections", "date", "stocks", "front_matter"}
    | {"row_add", "row_del", "display", "relinks", "search", "members_add", "members_del"}
)

FIRST_PAGE = 300  # rows asked for first, so that a new query paints at once
PRIME_ROWS = 120  # rows the list worker reads with the ids, so that painting them needs no query
SEARCH_DELAY_MS = 250  # typing pause before the search runs
REFRESH_DELAY_MS = 700  # at most this often while an import writes batches
FACETS_DELAY_MS = 10_000  # the sidebar counts read every post: not too often during an import
# The window's own connection reads only the rows it paints, by id: a small page cache does (SQLite's
# default for the library is 64 MiB per connection, which scrolling a million rows would fill).
WINDOW_CACHE_KIB = 8 * 1024
LIST_PROCESS_CACHE_KIB = 16 * 1024
BACKGROUND_NICENESS = 5  # import and indexing processes yield the CPU to the window (parsing workers: 10)


@dataclass
class WindowContext:
    """What the window works with; app.py builds it (tests build their own)."""

    library: Library
    settings: Settings
    translations: Translations | None = None
    synchronous: bool = False  # run background work inline (tests)
    # another library, with the start-up's checks and offers (None: not opened; the user was told why)
    open_library: Callable[[str], Library | None] | None = None
    library_opened: Callable[[Library], None] | None = None  # what follows an open (app.py: backup, recovery)


class PostTable(QTableView):
    """The post list view: multi-selection, SQL sorting through the model, no drops of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postList")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setAcceptDrops(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSortIndicatorShown(True)
        hh.setSectionsClickable(True)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Home and End go to the first and last post (a table's own Home/End go to the row's first and last
        column, which a list of posts read row by row never wants)."""
        model = self.model()
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd) and (
            model is not None and model.rowCount() > 0
        ):
            row = 0 if action == QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
            return model.index(row, max(0, self.currentIndex().column()))
        return super().moveCursor(action, modifiers)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        # The headers get a selection model of their own: sharing the view's makes Qt ask, on
        # every selection change, whether each whole column is selected (O(rows); 50 s for a
        # select-all of a million rows). Clicking a header sorts; it never selects a column.
        self._header_selection = QItemSelectionModel(model, self)
        self.horizontalHeader().setSelectionModel(self._header_selection)
        self.verticalHeader().setSelectionModel(self._header_selection)


class MainWindow(QMainWindow):
    listApplied = Signal()  # a list result was shown (tests and the benchmark wait on it)
    facetsApplied = Signal()
    importFinished = Signal(object)  # ImportReport
    libraryOpened = Signal(str)  # another library's folder, now open

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.library = ctx.library
        self.settings = ctx.settings
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.list_runner = TaskRunner("list", synchronous=ctx.synchronous, parent=self)
        self.facet_runner = TaskRunner("facets", synchronous=ctx.synchronous, parent=self)
        self.import_runner = TaskRunner("import", synchronous=ctx.synchronous, parent=self)

        self.sort_key: str = self.settings.get(S.SORT_KEY)
        if self.sort_key not in (*SORT_KEYS, "relevance"):
            self.sort_key = "date"
        self.descending: bool = self.settings.get(S.SORT_DESCENDING)
        self.query = ""
        self.facets: Facets | None = None
        self.total_shown = 0
        self.counted = True  # False while only a first page of uncounted rows is shown
        self._generation = 0
        self._applied_generation = -1
        self._list_busy = False
        self._list_pending: ListRequest | None = None
        self._search_warmed = False
        self._facets_busy = False
        self._facets_again = False
        self._import_task: Task | None = None
        self._list_process: LibraryProcess | None = None  # the list queries' child process (not in tests)
        self._index_task: Task | None = None
        self._import_queue: list[list[str]] = []
        self._import_batches = 0
        self.last_report: ImportReport | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._closing = False
        self._next_row: int | None = None  # where the selection goes when the current post leaves the list
        self._reveal_id: int | None = None  # a post to select once the list shows it (from the import report)
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl  # the browser (tests put their own)

        self.actions = Actions(self)
        self._build_widgets()
        self._build_menus()
        self._build_toolbar()
        self._build_statusbar()
        self._connect()
        self.retranslate()
        self._restore_state()
        from finews_desktop.ui.curation import CurationUi  # Edit menu: undo, tags, trash, collections; drops

        self.curation = CurationUi(self)
        from finews_desktop.ui.exporting import ExportUi  # File ▸ Export… and the list's Export…

        self.exporting = ExportUi(self)
        self._update_post_actions()
        self.sidebar_names = SidebarNameActions(self)  # right-click a tag or category: rename, merge, delete
        self.curation.sidebarNameMenu.connect(self.sidebar_names.add_to)
        from finews_desktop.ui.widgets.snippets import MatchSnippets  # the list's "why it matched" line

        self.match_snippets = MatchSnippets(self)
        from finews_desktop.ui.widgets.queryproblem import QueryProblem  # a query error dims the stale list

        self.query_problem = QueryProblem(self)

    # --- building ---------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar = Sidebar()
        self.sidebar.set_expanded_groups(set(filter(None, self.settings.get(S.SIDEBAR_EXPANDED).split(","))))
        self.model = PostTableModel(self.library.post_rows, self)
        self.table = PostTable()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        widths = (125, 380, 110, 110, 130, 60)
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        self.column_menu = ColumnMenu(self.table.horizontalHeader(), self._columns_changed)
        self.empty_state = EmptyState()
        self.list_stack = QStackedWidget()
        self.list_stack.setObjectName("listStack")
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_state)
        self.preview = PostPreview(settings=self.settings)
        self.preview.stockClicked.connect(lambda code: self.set_search(f"stock:{code}"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([240, 640, 400])
        self.splitter.setChildrenCollapsible(True)
        self.setCentralWidget(self.splitter)
        self.drop_hint = DropHint(self)

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = RecentLibrariesMenu(self.settings, lambda: str(self.library.folder), self)
        for item in (
            a.open_library,
            self.recent_menu.menuAction(),
            None,
            a.import_files,
            a.import_folder,
            None,
            a.cancel_task,
            a.last_report,
            None,
            a.settings,
            None,
            a.quit,
        ):
            self.file_menu.addSeparator() if item is None else self.file_menu.addAction(item)
        self.edit_menu = bar.addMenu("")
        for item in (a.copy, a.copy_citation, a.copy_citation_markdown, a.select_all, None, a.find, a.clear_search):
            self.edit_menu.addSeparator() if item is None else self.edit_menu.addAction(item)
        self.view_menu = bar.addMenu("")
        self.sort_menu = self.view_menu.addMenu("")
        for action in a.sort_by.values():
            self.sort_menu.addAction(action)
        self.sort_menu.addSeparator()
        self.sort_menu.addAction(a.sort_descending)
        for item in (a.refresh, None, a.open_preview, a.open_original, a.focus_sidebar, a.focus_list, a.focus_preview):
            self.view_menu.addSeparator() if item is None else self.view_menu.addAction(item)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(a.query_help)
        self.help_menu.addAction(a.about)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.actions.import_folder)
        self.toolbar.addAction(self.actions.import_files)
        self.toolbar.addSeparator()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(360)
        self.search_box.setAcceptDrops(False)
        self.search_box.setStyleSheet('QLineEdit[error="true"] { border: 1px solid #c0392b; }')
        self.toolbar.addWidget(self.search_box)
        self.match_label = QLabel()
        self.match_label.setObjectName("matchCount")
        self.match_label.setContentsMargins(8, 0, 8, 0)
        self.toolbar.addWidget(self.match_label)
        self.addToolBar(self.toolbar)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)

    def _build_statusbar(self) -> None:
        bar = self.statusBar()
        self.progress = TaskProgress()
        self.count_label = QLabel()
        self.count_label.setObjectName("counts")
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.count_label)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(REFRESH_DELAY_MS)
        self.facets_timer = QTimer(self)
        self.facets_timer.setSingleShot(True)
        self.facets_timer.setInterval(FACETS_DELAY_MS)

    def _connect(self) -> None:
        a = self.actions
        a.open_library.triggered.connect(self.choose_library)
        self.recent_menu.openRequested.connect(self.switch_library)
        a.import_files.triggered.connect(self.choose_files)
        a.import_folder.triggered.connect(self.choose_folder)
        a.cancel_task.triggered.connect(self.cancel_import)
        a.last_report.triggered.connect(self.show_last_report)
        a.settings.triggered.connect(self.open_settings)
        a.quit.triggered.connect(self.close)
        a.copy.triggered.connect(self.copy_selected)
        a.select_all.triggered.connect(self.table.selectAll)
        a.find.triggered.connect(self.focus_search)
        a.clear_search.triggered.connect(lambda: self.set_search(""))
        a.open_preview.triggered.connect(self.open_preview)
        a.open_original.triggered.connect(self.open_original)
        a.copy_citation.triggered.connect(lambda: self.copy_citations(markdown=False))
        a.copy_citation_markdown.triggered.connect(lambda: self.copy_citations(markdown=True))
        a.refresh.triggered.connect(self.refresh)
        a.focus_sidebar.triggered.connect(self.sidebar.setFocus)
        a.focus_list.triggered.connect(self.table.setFocus)
        a.focus_preview.triggered.connect(self.preview.setFocus)
        a.sort_descending.triggered.connect(lambda checked: self.set_sort(self.sort_key, checked))
        for key, action in a.sort_by.items():
            action.triggered.connect(lambda _c=False, k=key: self.set_sort(k, self.descending))
        a.query_help.triggered.connect(self.show_query_help)
        a.about.triggered.connect(self.show_about)
        for action in (
            a.open_library,
            a.import_files,
            a.import_folder,
            a.cancel_task,
            a.last_report,
            a.settings,
            a.quit,
            a.copy,
            a.select_all,
            a.find,
            a.clear_search,
            a.open_preview,
            a.open_original,
            a.copy_citation,
            a.refresh,
            a.focus_sidebar,
            a.focus_list,
            a.focus_preview,
            a.sort_descending,
            *a.sort_by.values(),
            a.query_help,
        ):
            self.addAction(action)  # shortcuts work wherever the focus is

        self.search_box.textEdited.connect(lambda _t: self.search_timer.start())
        self.search_box.returnPressed.connect(self._search_now)
        self.search_timer.timeout.connect(self._search_now)
        self.sidebar.termActivated.connect(self._on_sidebar_term)
        self.model.sortRequested.connect(self.set_sort)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_preview())
        self.table.activated.connect(lambda _i: self.open_preview())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.empty_state.importFolderRequested.connect(self.choose_folder)
        self.empty_state.importFilesRequested.connect(self.choose_files)
        self.empty_state.showAllRequested.connect(lambda: self.set_search(""))
        self.progress.cancelRequested.connect(self.cancel_import)
        self.refresh_timer.timeout.connect(self.refresh_list)
        self.facets_timer.timeout.connect(self.refresh_facets)

    def retranslate(self) -> None:
        self._update_title()
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.sort_menu.setTitle(self.tr("&Sort By"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.search_box.setPlaceholderText(
            self.tr('Search: words, "phrases", tag:, category:, stock:, date:… (Ctrl+F)')
        )
        from finews_desktop.ui.dialogs.query_help import help_html

        self.search_box.setToolTip(help_html())  # the F1 table: written once, in the window's language
        self.model.retranslate()
        self._update_counts()
        self._update_match_label()

    def _update_title(self) -> None:
        """The open library's folder in the title (Zotero, Calibre): which library is open is never a guess."""
        title = self.tr("%1 — finews-desktop").replace("%1", str(self.library.folder))
        if self.library.readonly:
            title = self.tr("%1 (read-only)").replace("%1", title)
        self.setWindowTitle(title)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.actions.retranslate()
            self.retranslate()
        super().changeEvent(event)

    # --- state ---------------------------------------------------------------------------

    def _restore_state(self) -> None:
        st = self.settings
        geometry = st.get(S.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = st.get(S.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = st.get(S.SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        header = st.get(S.HEADER)
        if not header.isEmpty():
            # its saved sort indicator must not sort: the saved sort key says the order (relevance has no column)
            self.model.sortRequested.disconnect(self.set_sort)
            self.table.horizontalHeader().restoreState(header)
            self.model.sortRequested.connect(self.set_sort)
        self._show_sort_indicator()
        self.query = st.get(S.LAST_SEARCH).strip()
        self.search_box.setText(self.query)

    def save_state(self) -> None:
        st = self.settings
        st.set(S.GEOMETRY, self.saveGeometry())
        st.set(S.WINDOW_STATE, self.saveState())
        st.set(S.SPLITTER, self.splitter.saveState())
        st.set(S.HEADER, self.table.horizontalHeader().saveState())
        st.set(S.SORT_KEY, self.sort_key)
        st.set(S.SORT_DESCENDING, self.descending)
        st.set(S.LAST_SEARCH, self.query)
        st.set(S.SIDEBAR_EXPANDED, ",".join(sorted(self.sidebar.expanded_groups())))
        st.sync()

    def start(self) -> None:
        """Load the list and the sidebar (call once the window is shown), then index what is not yet."""
        self._limit_window_cache()
        remember_library(self.settings, self.library.folder)
        self.run_query(self.query, first_page=True, keep_scroll=False)
        self.refresh_facets()
        QTimer.singleShot(0 if self.ctx.synchronous else 2000, self.start_indexing)

    # --- the list -------------------------------------------------------------------------

    def shown_order(self) -> tuple[str, bool]:
        """The order the list is in: relevance ranks only free-text terms; without any it is date order."""
        if self.sort_key != "relevance":
            return self.sort_key, self.descending
        from finews_desktop.core.errors import QueryError
        from finews_desktop.core.search.query import parse_query

        try:
            ranked = bool(parse_query(split_recent(self.query)[0]).positive_texts())
        except QueryError:
            ranked = False
        return ("relevance", self.descending) if ranked else ("date", self.descending)

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        key, descending = self.shown_order()
        if key in SORT_KEYS:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(SORT_KEYS.index(key), order)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        for key, action in self.actions.sort_by.items():
            action.setChecked(key == self.sort_key)
        self.actions.sort_descending.setChecked(self.descending)

    def set_sort(self, key: str, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            self._show_sort_indicator()
            return
        self.sort_key, self.descending = key, descending
        self._show_sort_indicator()
        self.run_query(self.query, keep_scroll=False)

    def set_search(self, text: str) -> None:
        self.search_box.setText(text)
        self._search_now()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_now(self) -> None:
        self.search_timer.stop()
        text = self.search_box.text().strip()
        if text != self.query or self._error_shown():
            self.run_query(text, first_page=True, keep_scroll=False)

    def _error_shown(self) -> bool:
        return bool(self.search_box.property("error"))

    def _on_sidebar_term(self, term: str, add: bool) -> None:
        self.set_search(facet_click(self.search_box.text(), term, combine=add))

    def selected_ids(self, limit: int | None = None) -> list[int]:
        """The selected posts in list order (the first `limit` of them)."""
        ranges = sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection())
        rows: list[int] = []
        last = -1
        for top, bottom in ranges:
            top = max(top, last + 1)
            if limit is not None:
                bottom = min(bottom, top + (limit - len(rows)) - 1)
            rows.extend(range(top, bottom + 1))
            last = max(last, bottom)
            if limit is not None and len(rows) >= limit:
                break
        return self.model.ids_of_rows(rows)

    def selected_count(self) -> int:
        return sum(r.bottom() - r.top() + 1 for r in self.table.selectionModel().selection())

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.post_id(index.row()) if index.isValid() else None

    def run_query(self, query: str, *, first_page: bool = False, keep_scroll: bool = True) -> None:
        """Ask the list worker for the posts matching `query` in the current order."""
        self.query = query.strip()
        self._generation += 1
        self._keep_scroll = keep_scroll
        request = ListRequest(
            self._generation,
            self.query,
            self.sort_key,
            self.descending,
            limit=FIRST_PAGE if first_page else None,
            keep_ids=tuple(self.selected_ids(limit=10_000)),
            current_id=self.current_id(),
            visible_row=max(0, self.table.rowAt(0)) if keep_scroll else 0,
            prime_rows=PRIME_ROWS,
        )
        self.sidebar.select_term(self.query)
        self._show_sort_indicator()
        self._submit_list(request)

    def refresh_list(self) -> None:
        """Run the current query again (new posts arrived or changed), keeping selection and scroll."""
        self.run_query(self.query)

    def refresh(self) -> None:
        """Read everything again (another library, a resumed operation); a mutation says what it changed
        instead, through `apply_changes`."""
        self.model.forget()
        self.refresh_list()
        self.refresh_facets()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a mutation says it changed (Anki's OpChanges), nothing more: the cached rows of its
        posts and the list (membership and order may follow them), the sidebar when names, links, the trash
        or collections changed, and the preview when it shows one of its posts."""
        if changes.post_ids:
            current = self.table.currentIndex()
            if current.isValid() and self.model.post_id(current.row()) in changes.post_ids:
                self._next_row = current.row()  # if it leaves the list (trashed, restored), its neighbour follows
            self.model.forget(changes.post_ids)
            self.refresh_list()
        if changes.fields & SIDEBAR_FIELDS or not changes.post_ids:
            self.refresh_facets()
        shown = self.preview.post_id
        if shown is not None and shown in changes.post_ids:
            self._show_post(shown)

    def _limit_window_cache(self) -> None:
        self.library.limit_page_cache(WINDOW_CACHE_KIB)  # this thread's connection only

    def _start_list_process(self) -> None:
        """Start the child process that answers list queries from now on.

        Started once the first page is shown, so that its start-up does not compete with the first
        paint for the CPU; the first page is read on the list worker thread (a cheap, indexed read).
        """
        if self.ctx.synchronous or self._list_process is not None:
            return
        try:
            self._list_process = LibraryProcess(
                self.library.folder, readonly=self.library.readonly, cache_kib=LIST_PROCESS_CACHE_KIB
            )
        except OSError as exc:  # pragma: no cover - no processes allowed: threads do
            log.warning("no list worker process (%s): the list is read on a thread", exc)

    def _stop_list_process(self) -> None:
        process, self._list_process = self._list_process, None
        if process is not None:
            process.close()

    def _list_work(self, request: ListRequest) -> Callable[[Task], ListResult]:
        lib, process = self.library, self._list_process

        def work(_task: Task) -> ListResult:
            if process is not None and process.alive():
                return process.call(run_list_query, request)  # waits for the child to start, if need be
            return run_list_query(lib, request)

        return work

    def _submit_list(self, request: ListRequest) -> None:
        if self._list_busy:
            self._list_pending = request  # only the newest request matters
            return
        self._list_busy = True
        self.list_runner.run(
            self._list_work(request),
            name="list",
            on_done=self._apply_list,
            on_error=self._list_failed,
            on_finished=self._list_done,
        )

    def _list_done(self) -> None:
        self._list_busy = False
        pending, self._list_pending = self._list_pending, None
        if pending is not None and not self._closing:
            self._submit_list(pending)

    def _list_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage(self.tr("The list could not be read: %1").replace("%1", str(exc)), 10_000)

    def _apply_list(self, result: ListResult) -> None:
        req = result.request
        if req.generation != self._generation or self._closing:
            return  # a newer query was asked for meanwhile
        if result.error is not None:
            from finews_desktop.ui.messages import query_problem  # the problem in the window's language

            self._set_search_error(query_problem(req.query, result.error), result.error_position)
            return
        self._set_search_error(None)
        model, table = self.model, self.table
        model.prime(result.rows)
        old_ids = model.ids
        n_new = len(result.ids)
        scroll = table.verticalScrollBar().value()
        sel_model = table.selectionModel()
        if (
            self._applied_generation == req.generation
            and len(old_ids) <= n_new
            and old_ids == result.ids[: len(old_ids)]
        ):
            model.append_ids(result.ids[len(old_ids) :])  # the rest of a first page
        else:
            sel_model.blockSignals(True)
            model.set_ids(result.ids)
            self._reselect(result)
            next_row, self._next_row = self._next_row, None
            if next_row is not None and result.current_row < 0 and n_new:
                self._select_row(min(next_row, n_new - 1))  # the post after the one that left (Delete)
            sel_model.blockSignals(False)
            if self._keep_scroll:
                table.verticalScrollBar().setValue(scroll)
            elif result.current_row >= 0:
                table.scrollTo(model.index(result.current_row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            else:
                table.scrollToTop()
            reveal, self._reveal_id = self._reveal_id, None
            if reveal is not None and (row := model.row_of(reveal)) >= 0:
                self._select_row(row)
                table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            self._on_selection_changed()
            if self.current_id() != self.preview.post_id:
                self._on_current_changed()
        self._applied_generation = req.generation
        self._start_list_process()  # the full list and every query after the first page
        self.total_shown = result.total if result.total >= 0 else n_new
        self.counted = result.total >= 0
        if req.limit is not None and (result.total < 0 or result.total > n_new):
            # the first page is shown: the whole list follows, in the same order (run when this task ends)
            self._list_pending = ListRequest(req.generation, req.query, req.sort, req.descending)
        self._update_empty_state()
        self._update_counts()
        self._update_match_label()
        if not self._search_warmed and self.counted and req.limit is None:
            self._warm_search()
        self.listApplied.emit()

    def _warm_search(self) -> None:
        """Let the search engine load its caches now, while the user reads the list, not at the first keystroke."""
        self._search_warmed = True
        self.list_runner.run(
            self._list_work(ListRequest(-1, "", "relevance", limit=1)),
            name="warm search",
            on_error=lambda exc: log.info("search warm-up: %s", exc),
        )

    def _reselect(self, result: ListResult) -> None:
        model = self.model
        last_col = model.columnCount() - 1
        selection = QItemSelection()
        for top, bottom in result.keep_ranges:
            selection.select(model.index(top, 0), model.index(bottom, last_col))
        sel_model = self.table.selectionModel()
        if result.keep_ranges:
            sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if result.current_row >= 0:
            sel_model.setCurrentIndex(model.index(result.current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _set_search_error(self, message: str | None, position: int = 0) -> None:
        self.query_problem.set_problem(message, position)
        box = self.search_box
        if message is None:
            if box.property("error"):
                box.setProperty("error", False)
                box.style().unpolish(box)
                box.style().polish(box)
            return
        box.setProperty("error", True)
        box.style().unpolish(box)
        box.style().polish(box)
        self.statusBar().showMessage(
            self.tr("Query problem at character %1: %2").replace("%1", str(position + 1)).replace("%2", message),
            15_000,
        )
        self.match_label.setText(self.tr("Query problem"))

    def _update_match_label(self) -> None:
        if not hasattr(self, "match_label") or self._error_shown():
            return
        if self.query:
            self.match_label.setText(self.tr("%Ln matches", "", self.total_shown))
        else:
            self.match_label.setText("")

    def _update_counts(self) -> None:
        if not hasattr(self, "count_label"):
            return
        loc = self.locale()
        in_library = loc.toString(self.facets.all) if self.facets is not None else "…"
        self.count_label.setText(
            self.tr("Shown: %1 · In library: %2 · Selected: %3")
            .replace("%1", loc.toString(self.total_shown) + ("" if self.counted else "…"))
            .replace("%2", in_library)
            .replace("%3", loc.toString(self.selected_count()))
        )

    def _update_empty_state(self) -> None:
        """The list, or why it is empty: the first-run page for an empty library, else this view's words."""
        if self.total_shown or self._error_shown():
            self.list_stack.setCurrentWidget(self.table)
            return
        view = view_of(self.query)
        library_empty = self.facets is not None and self.facets.all + self.facets.trash == 0
        if view == "library" and not library_empty:  # not known yet, or every post is in the trash
            self.list_stack.setCurrentWidget(self.table)
            return
        self.empty_state.show_view(view)
        self.list_stack.setCurrentWidget(self.empty_state)

    def _select_row(self, row: int) -> None:
        model = self.model
        selection = QItemSelection(model.index(row, 0), model.index(row, model.columnCount() - 1))
        sel_model = self.table.selectionModel()
        sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        sel_model.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _selected_trash_states(self, limit: int = 500) -> set[bool]:
        """Whether the selected posts are trashed (True), not (False), or both: read from the rows the model
        holds, the first `limit` of a large selection."""
        rows = islice((r for top, bottom in self._selected_ranges() for r in range(top, bottom + 1)), limit)
        states = set()
        for r in rows:
            row = self.model.row(r)
            if row is not None:
                states.add(row.trashed)
        return states

    def _selected_ranges(self) -> list[tuple[int, int]]:
        return sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection())

    def _update_post_actions(self) -> None:
        """What can be done to the selection: nothing selected, nothing to edit; Restore only for trashed
        posts, Move to Trash only for the others (Thunderbird's, Zotero's rule)."""
        curation = getattr(self, "curation", None)
        count = self.selected_count()
        for action in (self.actions.open_original, self.actions.copy_citation, self.actions.copy_citation_markdown):
            action.setEnabled(count > 0)
        if curation is None:
            return
        states = self._selected_trash_states() if count else set()
        curation.edit_post.setEnabled(count > 0 and self.current_id() is not None)
        curation.bulk_edit.setEnabled(count > 0)
        curation.trash.setEnabled(False in states)
        curation.restore.setEnabled(True in states)
        curation.collection_menu_action.setEnabled(count > 0)

    def _on_selection_changed(self, *_args: Any) -> None:
        self._update_post_actions()
        self._update_counts()
        self._on_current_changed()

    def _on_current_changed(self, *_args: Any) -> None:
        """The preview agrees with the selection: its one post (current or not), else the count."""
        self._update_post_actions()
        count = self.selected_count()
        if count != 1:
            if self.preview.post_id is not None or count != self.preview.shown_count:
                self.preview.show_nothing(count)
            return
        (pid,) = self.selected_ids(limit=1)
        if pid != self.preview.post_id:
            self._show_post(pid)

    def _show_post(self, pid: int) -> None:
        """The post's current record and bytes in the preview."""
        try:
            record = self.library.post_record(pid)
            raw = self.library.post_raw(pid)
        except KnownError:
            self.preview.show_nothing()
            return
        if self.facets is not None:  # the header shows the sources' display names
            record.setdefault("category_names", {e.key: e.label for e in self.facets.categories})
        self.preview.show_post(record, raw)

    def open_preview(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[2] == 0:
            sizes[2] = max(300, sizes[1] // 2)
            self.splitter.setSizes(sizes)
        self._on_current_changed()
        self.preview.setFocus()

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions.post_context:
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def open_original(self) -> None:
        """The current post's source page (its news link, else nothing to open) in the web browser."""
        pid = self.current_id()
        if pid is None:
            return
        (record,) = self.library.post_records([pid]) or [{}]
        link = record.get("source_url") or ""
        url = QUrl(link)
        if not link or not url.isValid() or url.scheme() not in ("http", "https"):
            self.statusBar().showMessage(self.tr("This post names no original page."), 5000)
            return
        self.open_url(url)

    def copy_citations(self, markdown: bool) -> None:
        """Title, source, date and link of each selected post, one a line (core/content/citation.py)."""
        from finews_desktop.core.content.citation import citation_of, markdown_citation, plain_citation

        ids = self.selected_ids(limit=10_000)
        if not ids:
            return
        names = {e.key: e.label for e in self.facets.categories} if self.facets is not None else {}
        form = markdown_citation if markdown else plain_citation
        lines = [form(citation_of({**r, "category_names": names})) for r in self.library.post_records(ids)]
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        self.statusBar().showMessage(self.tr("Copied %Ln citations", "", len(lines)), 4000)

    def _columns_changed(self) -> None:
        self.settings.set(S.HEADER, self.table.horizontalHeader().saveState())
        self.settings.sync()

    def copy_selected(self) -> None:
        focus = QGuiApplication.focusObject()
        if isinstance(focus, QLineEdit):
            focus.copy()
            return
        if focus is self.preview and self.preview.textCursor().hasSelection():
            self.preview.copy()
            return
        ids = self.selected_ids(limit=10_000)
        if not ids:
            return
        lines = []
        for r in self.library.post_records(ids):
            lines.append("\t".join(x for x in (r["title_text"], r.get("source_url") or r.get("url") or "") if x))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        self.statusBar().showMessage(self.tr("Copied %Ln posts", "", len(ids)), 4000)

    # --- the sidebar ------------------------------------------------------------------------

    def refresh_facets(self) -> None:
        if self._facets_busy:
            self._facets_again = True
            return
        self._facets_busy = True
        lib = self.library
        synchronous = self.ctx.synchronous

        def work(_task: Task) -> Facets:
            try:
                return lib.facets()
            finally:
                if not synchronous:
                    lib.db.close()  # gives back this thread's page cache (it is seldom used)

        self.facet_runner.run(
            work,
            name="facets",
            on_done=self._apply_facets,
            on_error=self._list_failed,
            on_finished=self._facets_done,
        )

    def _facets_done(self) -> None:
        self._facets_busy = False
        if self._facets_again and not self._closing:
            self._facets_again = False
            self.refresh_facets()

    def _apply_facets(self, facets: Facets) -> None:
        if self._closing:
            return
        self.facets = facets
        self.sidebar.set_facets(facets)
        self.sidebar.select_term(self.query)
        self._update_empty_state()
        self._update_counts()
        self.facetsApplied.emit()

    # --- import -----------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import Files"),
            "",
            self.tr("Jekyll posts and archives (*.md *.markdown *.html *.zip);;All files (*)"),
        )
        if files:
            self.import_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a Jekyll Archive Folder"))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str]) -> None:
        paths = [str(p) for p in paths]
        if not paths:
            return
        if self._import_task is not None or self._index_task is not None:
            self._import_queue.append(paths)
            self.statusBar().showMessage(self.tr("The import will start when the current one ends."), 5000)
            return
        lib = self.library
        synchronous = self.ctx.synchronous

        def work(task: Task) -> ImportReport:
            if not synchronous:
                # a child process of its own: the importer's Python work would hold the window's GIL
                # not a daemon: daemons may not start the parsing processes
                process = LibraryProcess(lib.folder, daemon=False, niceness=BACKGROUND_NICENESS)
                try:
                    return in_child(task, process, run_import, paths)
                finally:
                    process.close()
            importer = Importer(
                lib,
                "auto",
                progress=task.report_progress,
                on_batch=task.report_batch,
                should_cancel=task.is_cancelled,
            )
            return importer.run(paths)

        task = Task(work, name="import")
        task.progress.connect(self._import_progress)
        task.batch.connect(self._import_batch)
        task.succeeded.connect(self._import_done)
        task.failed.connect(self._import_failed)
        task.finished.connect(self._import_finished)
        self._import_task = task
        self._import_batches = 0
        names = ", ".join(Path(p).name or p for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        self.progress.start(self.tr("Importing %1").replace("%1", names))
        self.actions.cancel_task.setEnabled(True)
        self.import_runner.start(task)

    def cancel_import(self) -> None:
        """Cancel the background work shown in the status bar (an import, or the indexing after it)."""
        for task in (self._import_task, self._index_task):
            if task is not None:
                task.cancel()
                self.progress.cancelling()

    def _import_progress(self, done: int, total: int, _path: str) -> None:
        if self._import_task is not None and not self._import_task.is_cancelled():
            self.progress.update_progress(done, total, self.tr("Importing…"))

    def _import_batch(self, ids: list[int]) -> None:
        self._import_batches += 1
        self.model.forget(ids)
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()
        if not self.facets_timer.isActive():
            self.facets_timer.start()

    def _import_done(self, report: ImportReport) -> None:
        self.last_report = report
        self.actions.last_report.setEnabled(True)
        c = report.counts()
        loc = self.locale()
        text = (
            self.tr("Import cancelled: %1 imported, %2 updated.")
            if report.cancelled
            else self.tr("Import finished: %1 imported, %2 updated.")
        )
        self.statusBar().showMessage(
            text.replace("%1", loc.toString(c["imported"])).replace("%2", loc.toString(c["updated"])), 10_000
        )
        self.refresh_timer.stop()
        self.facets_timer.stop()
        self.refresh_list()
        self.refresh_facets()
        self.show_last_report()
        self.importFinished.emit(report)

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message = str(exc)
        else:
            message = self.tr("An unexpected error stopped the import (%1). Details are in the log.").replace(
                "%1", type(exc).__name__
            )
        QMessageBox.warning(self, self.tr("Import"), message)
        self.refresh_list()
        self.refresh_facets()

    def _import_finished(self) -> None:
        self._import_task = None
        self.progress.stop()
        self.actions.cancel_task.setEnabled(False)
        if self._closing:
            return
        if self._import_queue:
            self.import_paths(self._import_queue.pop(0))
        else:
            self.start_indexing()

    # --- the search index -------------------------------------------------------------------

    def start_indexing(self) -> None:
        """Bring the search index up to date in the background (searches answer meanwhile, slower)."""
        if self._import_task is not None or self._index_task is not None or self.library.readonly:
            return
        lib = self.library
        synchronous = self.ctx.synchronous

        def work(task: Task) -> bool:
            from finews_desktop.core.search.engine import index_for

            if not synchronous:
                # gram extraction is Python work: not on the window's GIL
                process = LibraryProcess(lib.folder, niceness=BACKGROUND_NICENESS)
                try:
                    return in_child(task, process, run_index_catch_up)
                finally:
                    process.close()
            index = index_for(lib)
            if index.state()[0] and not index.pending_count():
                return True
            task.report_progress(0, 0, "")  # shows the progress
            return index.catch_up(
                progress=lambda done, total: task.report_progress(done, total, ""),
                should_cancel=task.is_cancelled,
            )

        task = Task(work, name="index")
        task.progress.connect(self._index_progress)
        task.failed.connect(
            lambda exc: self.statusBar().showMessage(
                self.tr("The search index could not be updated: %1").replace("%1", str(exc)), 10_000
            )
        )
        task.finished.connect(self._index_finished)
        self._index_task = task
        self.import_runner.start(task)

    def _index_progress(self, done: int, total: int, _what: str) -> None:
        if self._index_task is None or self._index_task.is_cancelled():
            return
        if not self.progress.isVisible():
            self.progress.start(self.tr("Indexing for search…"))
            self.actions.cancel_task.setEnabled(True)
        self.progress.update_progress(done, total)

    def _index_finished(self) -> None:
        self._index_task = None
        self.progress.stop()
        self.actions.cancel_task.setEnabled(False)
        if self._import_queue and not self._closing:
            self.import_paths(self._import_queue.pop(0))

    def reveal_reported_post(self, path: str) -> None:
        """Select and show the post of an import report's line (its file as the report names it)."""
        report = self.last_report
        if report is None or not report.post_ids:
            return
        records = self.library.post_records(report.post_ids)
        pid = next((r["id"] for r in records if r["path"] == path), None)
        if pid is None:  # a site's folder name before the path
            pid = next((r["id"] for r in records if path.endswith("/" + r["path"])), None)
        if pid is None:
            self.statusBar().showMessage(self.tr("This file has no post in the library."), 5000)
            return
        self.activateWindow()
        self.table.setFocus()
        row = self.model.row_of(pid)
        if row >= 0:
            self._select_row(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        self._reveal_id = pid  # not in this view: all posts (or the trash), then select it
        in_trash = bool(self.library.post_records([pid])[0].get("trashed"))
        self.set_search("is:trashed" if in_trash else "")
        if not self.query and self.model.row_of(pid) < 0:
            self.refresh_list()

    def show_last_report(self) -> None:
        if self.last_report is None:
            return
        if self.report_dialog is not None:
            self.report_dialog.close()
            self.report_dialog.deleteLater()
        self.report_dialog = ImportReportDialog(self.last_report, self)
        self.report_dialog.postRequested.connect(self.reveal_reported_post)
        self.report_dialog.open()

    # --- drag and drop ------------------------------------------------------------------------

    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        return [u.toLocalFile() for u in data.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
            self.drop_hint.show_over_parent()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_hint.hide()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_hint.hide()
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    # --- settings and help ----------------------------------------------------------------------

    def current_preferences(self) -> Preferences:
        return Preferences(
            library_dir=self.settings.get(S.LIBRARY_DIR),
            open_library=str(self.library.folder),
            language=self.settings.get(S.LANGUAGE),
            timezone=self.library.get_setting("timezone") or "",
        )

    def open_settings(self) -> None:
        from finews_desktop.core.paths import default_library_dir
        from finews_desktop.core.store.settings import system_timezone

        dialog = PreferencesDialog(
            self.current_preferences(),
            default_library=str(default_library_dir()),
            system_timezone=system_timezone(),
            parent=self,
        )
        dialog.accepted.connect(lambda: self.apply_preferences(dialog.preferences()))
        dialog.open()
        self.preferences_dialog = dialog

    def apply_preferences(self, prefs: Preferences) -> None:
        old = self.current_preferences()
        self.settings.set(S.LIBRARY_DIR, prefs.library_dir)
        self.settings.set(S.LANGUAGE, prefs.language)
        self.settings.sync()
        if prefs.timezone != old.timezone and not self.library.readonly:
            self.library.set_setting("timezone", prefs.timezone)
        if prefs.language != old.language and self.ctx.translations is not None:
            self.ctx.translations.use(prefs.language)
        changed = prefs.library_dir != old.library_dir and self.ctx.open_library is not None
        if changed and not self.switch_library(prefs.library_dir):
            self.settings.set(S.LIBRARY_DIR, old.library_dir)  # the open library is still this one

    def choose_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open Library"), str(self.library.folder.parent), QFileDialog.Option.ShowDirsOnly
        )
        if folder:
            self.switch_library(folder)

    def switch_library(self, folder: str) -> bool:
        """Open the library in `folder` instead of this one (the start-up's checks and offers, app.py), then
        close this one: its workers' connections, the list process, the undo steps that belong to it.
        False when it was not opened (this one stays open)."""
        from finews_desktop.core.paths import default_library_dir

        wanted = Path(folder).expanduser() if folder else default_library_dir()
        if wanted.resolve() == self.library.folder.resolve():
            return True
        if self._import_task is not None:
            QMessageBox.information(
                self, self.tr("Open Library"), self.tr("The new library will be opened when the import ends.")
            )
            self.importFinished.connect(lambda _r: self.switch_library(folder))
            return False
        if self.ctx.open_library is None:
            return False
        exporting = getattr(self, "exporting", None)
        if exporting is not None and exporting.busy():  # it reads this library until it ends
            QMessageBox.information(
                self, self.tr("Open Library"), self.tr("Another library can be opened when the export ends.")
            )
            return False
        try:
            new = self.ctx.open_library(folder)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Open Library"), str(exc))
            return False
        if new is None:
            return False
        old = self.library
        self._close_worker_connections(old)
        self.curation.runner.shutdown(old.db.close)
        self.curation.controller.undo_stack.clear()  # its steps undo this library's changes
        self._stop_list_process()
        self.library = self.ctx.library = new
        self.model._fetch_rows = new.post_rows
        self.model.forget()
        self.facets = None
        self._search_warmed = False
        self.last_report = None
        self.actions.last_report.setEnabled(False)
        self.preview.show_nothing()
        old.close()
        remember_library(self.settings, new.folder)
        self.settings.set(S.LIBRARY_DIR, "" if new.folder == default_library_dir() else str(new.folder))
        self.settings.sync()
        self._update_title()
        self._limit_window_cache()
        self._start_list_process()
        self.set_search("")
        self.refresh_facets()
        self.start_indexing()
        if self.ctx.library_opened is not None:
            self.ctx.library_opened(new)
        self.libraryOpened.emit(str(new.folder))
        return True

    def _close_worker_connections(self, lib: Library) -> None:
        for runner in (self.list_runner, self.facet_runner, self.import_runner):
            runner.shutdown(lib.db.close)
        self._list_busy = self._facets_busy = False

    def show_query_help(self) -> None:
        from finews_desktop.ui.dialogs.query_help import QueryHelpDialog

        if getattr(self, "query_help_dialog", None) is None:
            self.query_help_dialog = QueryHelpDialog(self)
            self.query_help_dialog.exampleChosen.connect(self.set_search)
        self.query_help_dialog.show()
        self.query_help_dialog.raise_()
        self.query_help_dialog.activateWindow()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About finews-desktop"),
            self.tr("finews-desktop %1\nAn archive manager for Jekyll archives of financial news.").replace(
                "%1", __version__
            ),
        )

    # --- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.save_state()
        self.search_timer.stop()
        self.refresh_timer.stop()
        self.facets_timer.stop()
        for task in (self._import_task, self._index_task):
            if task is not None:
                task.cancel()
        self._close_worker_connections(self.library)
        self._stop_list_process()
        super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)
