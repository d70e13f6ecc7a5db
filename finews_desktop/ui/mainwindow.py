"""The main window: sidebar, post list and preview in splitters, as the composition of its parts.

Each part is an object built with the window that owns one concern: `menus.py` (menu bar and
toolbar), `searchbar.py` (the search field), `postlist.py` (the list's view and its selection),
`list_queries.py` (the list's query, order and results), `importing.py` (imports, drops and the
indexing after them), `library_switching.py` (Open Library, Recent Libraries), `post_commands.py`
(copy, cite, open the original), `curation.py`, `exporting.py`, `sidebar_names.py`,
`widgets/snippets.py` and `widgets/queryproblem.py`. The window keeps what ties them together: the
sidebar counts, the preview following the selection, the status line and `apply_changes`, and the
names the parts, tests and the benchmark have always used.

Everything slow runs on a worker (`tasks.TaskRunner`): the list query (search and sort in SQL), the
sidebar counts, and imports. The list query, imports and indexing run in child processes
(`workers/process.LibraryProcess`) that the worker thread waits on, so their Python work never holds
the window's GIL. The main thread only swaps the id array of the post list, reads the rows it paints a
page at a time, and renders the post shown in the preview.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QStackedWidget

from finews_desktop import __version__
from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import ImportReport
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.facets import Facets
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.actions import Actions
from finews_desktop.ui.dialogs.import_report import ImportReportDialog
from finews_desktop.ui.dialogs.preferences import Preferences, PreferencesDialog
from finews_desktop.ui.facet_reads import FacetReads
from finews_desktop.ui.first_rows import AfterFirstRows
from finews_desktop.ui.i18n import Translations
from finews_desktop.ui.importing import ImportUi
from finews_desktop.ui.libraries import remember_library
from finews_desktop.ui.library_switching import LibrarySwitcher
from finews_desktop.ui.list_queries import ListQueries
from finews_desktop.ui.menus import WindowMenus
from finews_desktop.ui.models.posts import PostTableModel
from finews_desktop.ui.post_commands import PostCommands
from finews_desktop.ui.postlist import PostTable
from finews_desktop.ui.searchbar import SearchBar
from finews_desktop.ui.settings import Settings
from finews_desktop.ui.sidebar_names import SidebarNameActions
from finews_desktop.ui.tasks import TaskRunner
from finews_desktop.ui.watching import WatchUi
from finews_desktop.ui.widgets.columns import ColumnMenu
from finews_desktop.ui.widgets.emptystate import EmptyState, view_of
from finews_desktop.ui.widgets.preview import PostPreview
from finews_desktop.ui.widgets.progress import TaskProgress
from finews_desktop.ui.widgets.sidebar import Sidebar
from finews_desktop.workers.listing import ListResult
from finews_desktop.workers.process import LibraryProcess

__all__ = ["MainWindow", "PostTable", "WindowContext"]

log = logging.getLogger(__name__)

# What a change may move in the sidebar: names and their counts, the trash, collections, saved searches,
# dates and stocks (a Changes' `fields`; row ops name themselves: row_add, row_del, display, relinks, search).
SIDEBAR_FIELDS = frozenset(
    {"tags", "categories", "trashed", "deleted", "collections", "date", "stocks", "front_matter"}
    | {"row_add", "row_del", "display", "relinks", "search", "members_add", "members_del"}
    | {"read", "note"}  # the sidebar's Unread and With notes
)

# The window's own connection reads only the rows it paints, by id: a small page cache does (SQLite's
# default for the library is 64 MiB per connection, which scrolling a million rows would fill).
WINDOW_CACHE_KIB = 8 * 1024


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


class MainWindow(QMainWindow):
    listApplied = Signal()  # a list result was shown (tests and the benchmark wait on it)
    facetsApplied = Signal()
    postShown = Signal(object)  # the post id the preview shows alone, or None (ui/reading.py)
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
        self.facet_runner = TaskRunner("facets", synchronous=ctx.synchronous, parent=self)
        self.facet_reads = FacetReads(ctx.synchronous)
        self.facets: Facets | None = None
        self._facets_busy = False
        self._facets_again = False
        self._closing = False
        self._after_first_rows = AfterFirstRows(self)
        self.list_queries = ListQueries(self)
        self.list_runner = self.list_queries.runner
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl  # the browser (tests put their own)

        self.actions = Actions(self)
        self._build_widgets()
        self._build_parts()
        self._build_statusbar()
        self._connect_actions()
        self._connect_widgets()
        self.retranslate()
        self._restore_state()
        self._add_later_parts()
        self._restore_splitter()  # again: the later parts put splitters of their own in the main one's places

    def _add_later_parts(self) -> None:
        """The parts that add to the menus and the list's context menu once the window stands."""
        from finews_desktop.ui.curation import CurationUi  # Edit menu: undo, tags, trash, collections; drops

        self.curation = CurationUi(self)
        from finews_desktop.ui.exporting import ExportUi  # File ▸ Export… and the list's Export…

        self.exporting = ExportUi(self)
        from finews_desktop.ui.table_export import TableExportUi  # File ▸ Export Table… (posts, stocks, mentions)

        self.table_export = TableExportUi(self)
        from finews_desktop.ui.archive_settings import ArchiveSettingsUi  # File ▸ Archive Settings…

        self.archive_settings = ArchiveSettingsUi(self)
        self._update_post_actions()
        self.sidebar_names = SidebarNameActions(self)  # right-click a tag or category: rename, merge, delete
        self.curation.sidebarNameMenu.connect(self.sidebar_names.add_to)
        self.after_first_rows(self._add_watch_menus)
        from finews_desktop.ui.widgets.snippets import MatchSnippets  # the list's "why it matched" line

        self.match_snippets = MatchSnippets(self)
        from finews_desktop.ui.widgets.queryproblem import QueryProblem  # a query error dims the stale list

        self.query_problem = QueryProblem(self)
        from finews_desktop.ui.timeline_panel import TimelinePanel  # the result's timeline under the list

        self.timeline = TimelinePanel(self)
        self._add_reading()  # last: the note pane goes below whatever holds the preview
        self._add_stories()

    def _add_watch_menus(self) -> None:
        """Watch a saved search; right-click a watch entry. Added once the first rows are shown: its module
        imports the search engine, and numpy with it, which the first rows do not need."""
        from finews_desktop.ui.watch_menus import WatchMenus

        self.watch_menus = WatchMenus(self)

    def _add_reading(self) -> None:
        from finews_desktop.ui.reading import ReadingUi  # Read menu, Space/N, read after a moment, the note pane

        self.reading = ReadingUi(self)
        from finews_desktop.ui.stock_page import StockPages  # a stock: search shows its page beside the list

        self.stock_pages = StockPages(self)

    def _add_stories(self) -> None:
        from finews_desktop.ui.stories import StoriesUi  # one row per story, the story panel, keep-one, clusters

        self.stories = StoriesUi(self)

    # --- building ---------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar = Sidebar()
        self.sidebar.set_expanded_groups(set(filter(None, self.settings.get(S.SIDEBAR_EXPANDED).split(","))))
        self.model = PostTableModel(self.library.post_rows, self)
        self.table = PostTable()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.set_column_widths()
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

    def _build_parts(self) -> None:
        """The parts the menus and toolbar are made of (their widgets named on the window, as before)."""
        self.importing = ImportUi(self)
        self.watching = WatchUi(self)  # watched folders and watch queries (the sidebar shows them)
        self.import_runner = self.importing.runner
        self.drop_hint = self.importing.drop_hint
        self.switching = LibrarySwitcher(self)
        self.recent_menu = self.switching.recent_menu
        self.post_commands = PostCommands(self)
        self.search_bar = SearchBar(self)
        self.search_box = self.search_bar.box
        self.match_label = self.search_bar.match_label
        self.search_timer = self.search_bar.timer
        self.menus = WindowMenus(self, self.actions, self.recent_menu)
        menus = self.menus
        self.file_menu, self.edit_menu, self.view_menu = menus.file_menu, menus.edit_menu, menus.view_menu
        self.sort_menu, self.help_menu, self.toolbar = menus.sort_menu, menus.help_menu, menus.toolbar

    def _build_statusbar(self) -> None:
        bar = self.statusBar()
        self.progress = TaskProgress()
        self.count_label = QLabel()
        self.count_label.setObjectName("counts")
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.count_label)

    def _connect_actions(self) -> None:
        a = self.actions
        a.open_library.triggered.connect(self.switching.choose_library)
        a.import_files.triggered.connect(self.importing.choose_files)
        a.import_folder.triggered.connect(self.importing.choose_folder)
        a.cancel_task.triggered.connect(self.importing.cancel)
        a.last_report.triggered.connect(self.importing.show_last_report)
        a.settings.triggered.connect(self.open_settings)
        a.quit.triggered.connect(self.close)
        a.copy.triggered.connect(self.post_commands.copy_selected)
        a.select_all.triggered.connect(self.table.selectAll)
        a.find.triggered.connect(self.search_bar.focus)
        a.clear_search.triggered.connect(lambda: self.set_search(""))
        a.open_preview.triggered.connect(self.open_preview)
        a.open_original.triggered.connect(self.post_commands.open_original)
        a.copy_citation.triggered.connect(lambda: self.post_commands.copy_citations(markdown=False))
        a.copy_citation_markdown.triggered.connect(lambda: self.post_commands.copy_citations(markdown=True))
        a.refresh.triggered.connect(self.refresh)
        a.focus_sidebar.triggered.connect(self.sidebar.setFocus)
        a.focus_list.triggered.connect(self.table.setFocus)
        a.focus_preview.triggered.connect(self.preview.setFocus)
        a.sort_descending.triggered.connect(lambda checked: self.set_sort(self.sort_key, checked))
        for key, action in a.sort_by.items():
            action.triggered.connect(lambda _c=False, k=key: self.set_sort(k, self.descending))
        a.query_help.triggered.connect(self.show_query_help)
        a.about.triggered.connect(self.show_about)
        for action in a.window_wide():
            self.addAction(action)  # shortcuts work wherever the focus is

    def _connect_widgets(self) -> None:
        self.sidebar.termActivated.connect(self.search_bar.add_term)
        self.model.sortRequested.connect(self.set_sort)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_preview())
        self.table.activated.connect(lambda _i: self.open_preview())
        self.table.customContextMenuRequested.connect(self.post_commands.show_context_menu)
        self.empty_state.importFolderRequested.connect(self.importing.choose_folder)
        self.empty_state.importFilesRequested.connect(self.importing.choose_files)
        self.empty_state.showAllRequested.connect(lambda: self.set_search(""))
        self.progress.cancelRequested.connect(self.importing.cancel)

    def retranslate(self) -> None:
        self._update_title()
        self.menus.retranslate()
        self.search_bar.retranslate()
        self.model.retranslate()
        self._update_counts()

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

    # --- what the parts do, by the names the window has always had ----------------------------

    @property
    def context_menu(self) -> QMenu | None:
        return self.post_commands.context_menu

    @property
    def last_report(self) -> ImportReport | None:
        return self.importing.last_report

    @property
    def report_dialog(self) -> ImportReportDialog | None:
        return self.importing.report_dialog

    def import_paths(self, paths: Sequence[str]) -> None:
        self.importing.import_paths(paths)

    def start_indexing(self) -> None:
        self.importing.start_indexing()

    def switch_library(self, folder: str) -> bool:
        return self.switching.switch_library(folder)

    def set_search(self, text: str) -> None:
        self.search_bar.set_search(text)

    def selected_ids(self, limit: int | None = None) -> list[int]:
        """The selected posts in list order (the first `limit` of them)."""
        return self.table.selected_ids(limit)

    def selected_count(self) -> int:
        return self.table.selected_count()

    def current_id(self) -> int | None:
        return self.table.current_id()

    def run_query(self, query: str, *, first_page: bool = False, keep_scroll: bool = True) -> None:
        self.list_queries.run_query(query, first_page=first_page, keep_scroll=keep_scroll)

    def set_sort(self, key: str, descending: bool) -> None:
        self.list_queries.set_sort(key, descending)

    def shown_order(self) -> tuple[str, bool]:
        return self.list_queries.shown_order()

    @property
    def query(self) -> str:
        return self.list_queries.query

    @property
    def sort_key(self) -> str:
        return self.list_queries.sort_key

    @property
    def descending(self) -> bool:
        return self.list_queries.descending

    @property
    def total_shown(self) -> int:
        return self.list_queries.total_shown

    @property
    def counted(self) -> bool:
        return self.list_queries.counted

    # the queries in flight, as tests and the benchmark read them
    @property
    def _list_process(self) -> LibraryProcess | None:
        return self.list_queries.process

    @property
    def _generation(self) -> int:
        return self.list_queries.generation

    @property
    def _applied_generation(self) -> int:
        return self.list_queries.applied_generation

    @property
    def _list_busy(self) -> bool:
        return self.list_queries.busy

    # --- state ---------------------------------------------------------------------------

    def _restore_splitter(self) -> None:
        splitter = self.settings.get(S.SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def _restore_state(self) -> None:
        st = self.settings
        geometry = st.get(S.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = st.get(S.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        self._restore_splitter()
        header = st.get(S.HEADER)
        if not header.isEmpty():
            # its saved sort indicator must not sort: the saved sort key says the order (relevance has no column)
            self.model.sortRequested.disconnect(self.set_sort)
            self.table.horizontalHeader().restoreState(header)
            self.model.sortRequested.connect(self.set_sort)
        self.list_queries.show_sort_indicator()
        self.list_queries.query = st.get(S.LAST_SEARCH).strip()
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
        self._facets_after_first_list()
        self.run_query(self.query, first_page=True, keep_scroll=False)
        self.importing.start_indexing_later(0 if self.ctx.synchronous else 2000)

    def _facets_after_first_list(self) -> None:
        """The sidebar's counts read once the first rows are shown (or after 2 s, should the first list
        fail): read at the same time, they took a core from the first paint on a 2-core machine."""
        self.after_first_rows(self.refresh_facets, first=True)  # on a worker: beside the parts' work

    def after_first_rows(self, work: Callable[[], None], *, first: bool = False) -> None:
        """Run a part's start-up work that the first rows do not need once they are painted (ui/first_rows.py);
        at once in a synchronous window (tests)."""
        self._after_first_rows.add(work, first=first)

    def use_library(self, new: Library) -> None:
        """Show `new` instead of the open library, which is closed: its workers' connections, the list
        process and the undo steps that belong to it go with it (`LibrarySwitcher` opened `new`)."""
        old = self.library
        self._close_worker_connections(old)
        self.curation.runner.shutdown(old.db.close)
        self.curation.controller.undo_stack.clear()  # its steps undo this library's changes
        self.list_queries.stop_process()
        self.facet_reads.close()
        self.library = self.ctx.library = new
        self.model._fetch_rows = new.post_rows
        self.model.forget()
        self.facets = None
        self.list_queries.search_warmed = False
        self.importing.forget_report()
        self.watching.use_library()
        self.stories.use_library()
        self.preview.show_nothing()
        old.close()
        self._update_title()
        self._limit_window_cache()
        self.list_queries.start_process()
        self.set_search("")
        self.refresh_facets()
        self.start_indexing()

    def _close_worker_connections(self, lib: Library) -> None:
        for runner in (self.list_runner, self.facet_runner, self.import_runner):
            runner.shutdown(lib.db.close)
        self.list_queries.busy = self._facets_busy = False

    # --- the list -------------------------------------------------------------------------

    def refresh_list(self) -> None:
        """Run the current query again (new posts arrived or changed), keeping selection and scroll."""
        self.list_queries.run_query(self.query)

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
                # if it leaves the list (trashed, restored), its neighbour follows
                self.list_queries.next_row = current.row()
            self.model.forget(changes.post_ids)
            self.refresh_list()
        if changes.fields & SIDEBAR_FIELDS or not changes.post_ids:
            self.refresh_facets()
        shown = self.preview.post_id
        if shown is not None and shown in changes.post_ids:
            self._show_post(shown)

    def _limit_window_cache(self) -> None:
        self.library.limit_page_cache(WINDOW_CACHE_KIB)  # this thread's connection only

    def _list_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage(self.tr("The list could not be read: %1").replace("%1", str(exc)), 10_000)

    def _apply_list(self, result: ListResult) -> None:
        """A list result arrived: shown unless a newer query was asked for (the benchmark times this)."""
        self.list_queries.apply(result)

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
        if hasattr(self, "search_bar"):
            self.search_bar.update_match_label()

    def _error_shown(self) -> bool:
        return self.search_bar.error_shown()

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

    def _update_post_actions(self) -> None:
        """What can be done to the selection: nothing selected, nothing to edit; Restore only for trashed
        posts, Move to Trash only for the others (Thunderbird's, Zotero's rule)."""
        curation = getattr(self, "curation", None)
        count = self.selected_count()
        for action in (self.actions.open_original, self.actions.copy_citation, self.actions.copy_citation_markdown):
            action.setEnabled(count > 0)
        if curation is None:
            return
        states = self.table.selected_trash_states() if count else set()
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
                self.postShown.emit(None)
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
            self.postShown.emit(None)
            return
        if self.facets is not None:  # the header shows the sources' display names
            record.setdefault("category_names", {e.key: e.label for e in self.facets.categories})
        self.preview.show_post(record, raw)
        self.postShown.emit(pid)

    def open_preview(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[2] == 0:
            sizes[2] = max(300, sizes[1] // 2)
            self.splitter.setSizes(sizes)
        self._on_current_changed()
        self.preview.setFocus()

    def reveal_post(self, pid: int) -> None:
        """Select and show post `pid`: in this view if it is there, else in all posts (or the trash)."""
        self.list_queries.reveal(pid)

    def _columns_changed(self) -> None:
        self.settings.set(S.HEADER, self.table.horizontalHeader().saveState())
        self.settings.sync()

    # --- the sidebar ------------------------------------------------------------------------

    def refresh_facets(self) -> None:
        if self._closing:  # a signal after the close: no new read (nor a facets process started for it)
            return
        if self._facets_busy:
            self._facets_again = True
            return
        self._facets_busy = True
        one_per_story = self.list_queries.one_per_story  # each story counted once, as the list shows it
        self.facet_runner.run(
            self.facet_reads.work(self.library, one_per_story),  # in a process of its own (ui/facet_reads.py)
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

    # --- drops on the window: imports -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importing.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.importing.drag_move(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.importing.drag_leave(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.importing.drop(event)

    # --- settings and help ----------------------------------------------------------------------

    def current_preferences(self) -> Preferences:
        return Preferences(
            library_dir=self.settings.get(S.LIBRARY_DIR),
            open_library=str(self.library.folder),
            language=self.settings.get(S.LANGUAGE),
            timezone=self.library.get_setting("timezone") or "",
            read_delay_ms=self.settings.get(S.READ_DELAY_MS),
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
        self.settings.set(S.READ_DELAY_MS, prefs.read_delay_ms)
        self.settings.sync()
        self.reading.set_read_delay(prefs.read_delay_ms)
        if prefs.timezone != old.timezone and not self.library.readonly:
            self.library.set_setting("timezone", prefs.timezone)
        if prefs.language != old.language and self.ctx.translations is not None:
            self.ctx.translations.use(prefs.language)
        changed = prefs.library_dir != old.library_dir and self.ctx.open_library is not None
        if changed and not self.switch_library(prefs.library_dir):
            self.settings.set(S.LIBRARY_DIR, old.library_dir)  # the open library is still this one

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
        self.importing.close()
        self.watching.close()
        self._close_worker_connections(self.library)
        self.list_queries.stop_process()
        self.facet_reads.close()
        super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)
