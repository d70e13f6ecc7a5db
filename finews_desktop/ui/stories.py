"""Stories in the window (issue 19): near-duplicate copies and versions, which core/dedup/ finds.

`StoriesUi` keeps the clusters up to date as the search index is kept: right after an import (beside
the index's catch-up, which takes seconds: the batch's text is derived from its bytes, unless the
index is behind on too many posts, which are then left for after it: `Deduplicator.may_go_before_index`), after the index's
catch-up (the start-up, a big import) and shortly after a curation step (an edit, trash, restore,
delete), the `Deduplicator` runs in a child process (`workers/process.run_dup_catch_up`, inline in
tests), never on the window's thread; when it clustered anything, the list, the sidebar and the story
shown follow.

It also owns View ▸ One Row per Story (Ctrl+Alt+O, remembered: the list's query leaves out
`is:duplicate`, and each representative's row shows "+N copies" and the outlets, read a page at a
time by the model from `core/store/story_reads.py`), the story panel below the preview
(`widgets/story_panel.py`, read with its diff on a worker thread from `core/dedup/story_view.py`;
a click on a copy opens it), and Edit ▸ Keep This One (the list's context menu too), which trashes
the story's other copies through the curation controller, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter

from finews_desktop.core.store import clusters
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.story_reads import StorySummary, story_summaries
from finews_desktop.ui import settings as S
from finews_desktop.ui.tasks import Task, TaskRunner, in_child
from finews_desktop.ui.widgets.story_panel import StoryPanel
from finews_desktop.workers.process import LibraryProcess, run_dup_catch_up

if TYPE_CHECKING:  # at run time imported on the story's worker: difflib and the clusters, not for the first rows
    from finews_desktop.core.dedup.story_view import StoryView

ONE_PER_STORY_KEYS = "Ctrl+Alt+O"
CATCH_UP_DELAY_MS = 400  # after a curation step: steps in a row are clustered once
QUIET_BELOW = 2000  # a catch-up's progress steps from which the status bar says it is running
PANEL_HEIGHT = 240  # the story panel's height when it first shows
BACKGROUND_NICENESS = 5  # as the import's and the index's processes


class StoriesUi(QObject):
    """Clusters kept up to date, one row per story, the story panel and keep-one, for a MainWindow."""

    storyShown = Signal(object)  # the post whose story the panel shows (None: no story); tests wait on it
    clustersUpdated = Signal()  # a catch-up clustered posts and the views were refreshed

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("stories", synchronous=window.ctx.synchronous, parent=self)
        self.catch_up_runner = TaskRunner("clusters", synchronous=window.ctx.synchronous, parent=self)
        self.catch_up_task: Task | None = None
        self.catch_up_again = False
        self.asked: tuple[int, int | None] | None = None  # the newest story asked for: (post, compared with)
        self.later = QTimer(self)
        self.later.setSingleShot(True)
        self.later.setInterval(0 if window.ctx.synchronous else CATCH_UP_DELAY_MS)
        self.later.timeout.connect(self.start_catch_up)
        self.panel = StoryPanel()
        self.panel.postRequested.connect(self.open_copy)
        self._place_panel()
        self._build_actions()
        pages = getattr(getattr(window, "stock_pages", None), "stack", None)
        if pages is not None:  # a stock page in the preview's place has no story
            pages.currentChanged.connect(lambda _i: self._follow_preview())
        window.postShown.connect(self.show_story)
        window.listApplied.connect(self._follow_preview)  # e.g. another library opened: nothing shown
        window.importing.indexed.connect(self.start_catch_up)
        self.after_import = QTimer(self)  # once the import's task is done (its end starts the index's catch-up)
        self.after_import.setSingleShot(True)
        self.after_import.setInterval(0)
        self.after_import.timeout.connect(lambda: self.start_catch_up(beside_index=True))
        window.importFinished.connect(lambda _report: self.after_import.start())
        window.curation.controller.changed.connect(self._curation_changed)
        window.installEventFilter(self)
        self.retranslate()
        self._restore_one_per_story()

    # --- building -------------------------------------------------------------------------------

    def _place_panel(self) -> None:
        """Between the preview and the note pane (ui/reading.py's splitter), else below the preview."""
        w = self.window
        split = getattr(getattr(w, "reading", None), "preview_split", None)
        if isinstance(split, QSplitter):
            split.insertWidget(1, self.panel)
            split.setStretchFactor(1, 2)
            return
        holder = w.preview.parentWidget()
        while holder is not None and not isinstance(holder, QSplitter):
            holder = holder.parentWidget()
        if holder is not None:
            holder.insertWidget(holder.indexOf(w.preview) + 1, self.panel)

    def _give_panel_room(self) -> None:
        """A panel shown after being hidden gets a third of its splitter back (a hidden one keeps none)."""
        split = self.panel.parentWidget()
        if not isinstance(split, QSplitter):
            return
        at = split.indexOf(self.panel)
        sizes = split.sizes()
        if sizes[at] > 0:
            return
        giver = max(range(len(sizes)), key=lambda i: sizes[i])
        room = max(sizes[giver] // 3, min(PANEL_HEIGHT, sizes[giver] // 2))
        sizes[giver] -= room
        sizes[at] = room
        split.setSizes(sizes)

    def _build_actions(self) -> None:
        w = self.window
        self.one_per_story = QAction(w)
        self.one_per_story.setObjectName("onePerStory")
        self.one_per_story.setCheckable(True)
        self.one_per_story.setShortcut(QKeySequence(ONE_PER_STORY_KEYS))
        self.one_per_story.toggled.connect(self.set_one_per_story)
        w.addAction(self.one_per_story)  # the shortcut works wherever the focus is
        w.view_menu.addSeparator()
        w.view_menu.addAction(self.one_per_story)
        self.keep_one = QAction(w)
        self.keep_one.setObjectName("keepOne")
        self.keep_one.triggered.connect(self.keep_selected)
        self.pick = QAction(w)
        self.pick.setObjectName("pickRepresentative")
        self.pick.triggered.connect(self.pick_selected)
        w.edit_menu.addSeparator()
        w.edit_menu.addAction(self.keep_one)
        w.edit_menu.addAction(self.pick)
        w.actions.post_context.extend([None, self.keep_one, self.pick])
        self.keep_one.setEnabled(False)
        self.pick.setEnabled(False)

    def retranslate(self) -> None:
        self.one_per_story.setText(self.tr("One Row &per Story"))
        self.one_per_story.setToolTip(
            self.tr("Show each story once: its first post, with how many copies and which outlets (%1)").replace(
                "%1", ONE_PER_STORY_KEYS
            )
        )
        self.keep_one.setText(self.tr("&Keep This One, Trash the Other Copies"))
        self.keep_one.setToolTip(self.tr("Move the other copies and versions of this post's story to the trash"))
        self.pick.setText(self.tr("Sho&w This One for Its Story"))
        self.pick.setToolTip(self.tr("One Row per Story shows this post for its story instead of the earliest"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            elif event.type() == QEvent.Type.Close:
                self.later.stop()
                lib = self.window.library
                for runner in (self.runner, self.catch_up_runner):
                    runner.shutdown(lib.db.close)
        return False

    # --- one row per story ------------------------------------------------------------------------

    def _restore_one_per_story(self) -> None:
        on = bool(self.window.settings.get(S.ONE_PER_STORY))
        self.one_per_story.blockSignals(True)
        self.one_per_story.setChecked(on)
        self.one_per_story.blockSignals(False)
        self._apply_one_per_story(on)

    def set_one_per_story(self, on: bool) -> None:
        """Each story once in the list (remembered), and the list asked for again."""
        self.window.settings.set(S.ONE_PER_STORY, on)
        self._apply_one_per_story(on)
        self.window.run_query(self.window.query, first_page=True)
        self.window.refresh_facets()  # each story counted once, or every post again

    def _apply_one_per_story(self, on: bool) -> None:
        self.window.list_queries.one_per_story = on
        self.window.model.set_story_source(self._summaries if on else None)

    def _summaries(self, post_ids: Sequence[int]) -> dict[int, StorySummary]:
        """A page of rows' stories: one indexed query, as the model reads its rows."""
        return story_summaries(self.window.library.db, post_ids)

    # --- the story panel ---------------------------------------------------------------------------

    def show_story(self, post_id: int | None, compare_with: int | None = None) -> None:
        """The story of the post the preview shows, read with its diff on the worker."""
        self.asked = None if post_id is None else (post_id, compare_with)
        self._update_keep_one()
        if post_id is None:
            self.panel.show_view(None)
            self.storyShown.emit(None)
            return
        asked = self.asked
        lib = self.window.library
        self.runner.run(
            _story_work(lib, post_id, compare_with, self.window.ctx.synchronous),
            name="story",
            on_done=lambda view: self._story_read(asked, view),
            on_error=lambda exc: self._story_read(asked, None),
        )

    def _story_read(self, asked: tuple[int, int | None] | None, view: StoryView | None) -> None:
        if asked != self.asked or self.window._closing:
            return  # another post was shown meanwhile
        self.panel.show_view(view)
        if view is not None:
            self._give_panel_room()
        self._follow_preview()
        self._update_keep_one()
        self.storyShown.emit(asked[0] if asked else None)

    def _follow_preview(self) -> None:
        """The panel shows with the preview's post, not beside a stock page that took its place."""
        pages = getattr(self.window, "stock_pages", None)
        if self.window.preview.post_id is None and self.panel.view is not None:
            self.asked = None
            self.panel.show_view(None)
            self._update_keep_one()
        elif pages is not None and pages.is_shown():
            self.panel.hide()
        elif self.panel.view is not None:
            self.panel.show()

    def use_library(self) -> None:
        """Another library is shown (MainWindow.use_library): no story until one of its posts is."""
        self.later.stop()
        self.asked = None
        self.panel.show_view(None)
        self._update_keep_one()
        self.window.model.set_story_source(self.window.model.story_source)

    def open_copy(self, post_id: int) -> None:
        """A copy clicked in the panel: selected in the list when it is there, else shown in the preview;
        the panel then compares it with the post it was opened from."""
        w = self.window
        came_from = self.asked[0] if self.asked else None
        row = w.model.row_of(post_id)
        if row >= 0:
            w.table.selectRow(row)
            w.table.scrollTo(w.model.index(row, 0))
        else:
            w._show_post(post_id)
        if self.asked is None or self.asked[0] != post_id or self.asked[1] != came_from:
            self.show_story(post_id, came_from)

    # --- keep one ----------------------------------------------------------------------------------

    def _update_keep_one(self) -> None:
        """Keep-one and pick act on the one selected post whose story the panel shows."""
        view = self.panel.view
        ready = (
            view is not None
            and self.asked is not None
            and view.post_id == self.asked[0]
            and self.window.selected_ids(limit=2) == [view.post_id]
        )
        self.keep_one.setEnabled(ready)
        self.pick.setEnabled(ready and view is not None and view.story.representative != view.post_id)

    def keep_selected(self) -> None:
        """Keep the selected post; its story's other copies go to the trash, undoable with Ctrl+Z."""
        from finews_desktop.core.curation.keep_one import keep_one

        ids = self.window.selected_ids(limit=2)
        view = self.panel.view
        if len(ids) != 1 or view is None or view.post_id != ids[0]:
            return
        keep, count = ids[0], len(view.story.members) - 1
        self.window.curation.controller.apply(
            lambda: self.tr("Keep one, move %n other copies to the trash", "", count),
            lambda c: keep_one(c.lib, keep),
            size=count,
        )

    def pick_selected(self) -> None:
        """The selected post shown for its story (One Row per Story) instead of the earliest; Ctrl+Z undoes it."""
        from finews_desktop.core.curation.pick_representative import pick_representative

        ids = self.window.selected_ids(limit=2)
        view = self.panel.view
        if len(ids) != 1 or view is None or view.post_id != ids[0]:
            return
        pick = ids[0]
        self.window.curation.controller.apply(
            lambda: self.tr("Show this post for its story"), lambda c: pick_representative(c.lib, pick)
        )

    # --- clusters kept up to date -----------------------------------------------------------------

    def _curation_changed(self, changes: Changes) -> None:
        if changes.post_ids and not self.window.library.readonly:
            self.later.start()

    def start_catch_up(self, beside_index: bool = False) -> None:
        """Cluster what changed since, in the background; after the import under way, and after the
        indexing under way unless `beside_index` (an import's batch, its text derived)."""
        w = self.window
        if w.library.readonly or w._closing:
            return
        if (
            self.catch_up_task is not None
            or w.importing.task is not None
            or (w.importing.index_task is not None and not beside_index)
        ):
            self.catch_up_again = True  # the index's end (`indexed`) or this one's starts it again
            return
        self.catch_up_again = False
        task = Task(_catch_up_work(w.library, w.ctx.synchronous, beside_index), name="clusters")
        task.progress.connect(self._progress)
        task.succeeded.connect(self._caught_up)
        task.failed.connect(
            lambda exc: w.statusBar().showMessage(
                self.tr("Copies of stories could not be found: %1").replace("%1", str(exc)), 10_000
            )
        )
        task.finished.connect(self._catch_up_finished)
        self.catch_up_task = task
        self.catch_up_runner.start(task)

    def _progress(self, done: int, total: int, _what: str) -> None:
        if total >= QUIET_BELOW and self.catch_up_task is not None and not self.catch_up_task.is_cancelled():
            self.window.statusBar().showMessage(self.tr("Finding copies of stories…"), 3_000)

    def _caught_up(self, clustered: Any) -> None:
        if not clustered or self.window._closing:
            return
        w = self.window
        w.model.set_story_source(w.model.story_source)  # the copies counted again
        w.refresh_list()
        w.refresh_facets()
        if self.asked is not None:
            self.show_story(*self.asked)
        self.clustersUpdated.emit()

    def _catch_up_finished(self) -> None:
        self.catch_up_task = None
        if self.catch_up_again:
            self.later.start()


def _story_work(lib: Library, post_id: int, compare_with: int | None, synchronous: bool) -> Any:
    def work(_task: Task) -> StoryView | None:
        from finews_desktop.core.dedup.story_view import story_view

        try:
            return story_view(lib, post_id, compare_with)
        finally:
            if not synchronous:
                lib.db.close()  # gives back this thread's page cache, as the stock page does

    return work


def _catch_up_work(lib: Library, synchronous: bool, beside_index: bool = False) -> Any:
    """The clusters' catch-up as a task's work: in a child process (its Python and numpy work would hold
    the window's GIL), inline when `synchronous` (tests). How many posts it clustered (none when
    `beside_index` and the search index is behind on too many of them)."""

    def work(task: Task) -> int:
        if not synchronous:
            # a quick look first, no process for nothing; with the store's one query, not the deduplicator
            # (importing it here would import numpy and the search index on a thread of the window's process)
            waiting = clusters.has_queued(lib.db)
            lib.db.close()
            if not waiting:
                return 0
            process = LibraryProcess(lib.folder, daemon=False, niceness=BACKGROUND_NICENESS)  # may start workers
            try:
                return int(in_child(task, process, run_dup_catch_up, beside_index))
            finally:
                process.close()
        from finews_desktop.core.dedup.deduplicator import Deduplicator

        dedup = Deduplicator(lib, workers=1)
        queued = dedup.pending_count()
        if not queued or (beside_index and not dedup.may_go_before_index()):
            return 0
        done = dedup.catch_up(progress=lambda d, t: task.report_progress(d, t, ""), should_cancel=task.is_cancelled)
        return queued if done else 0

    return work
