"""Stories in the window (issue 19): the clusters caught up after an import, One Row per Story by its
shortcut (remembered), the story panel's copies clicked open with the diff shown escaped, keep-one from
the Edit menu's action undone with Ctrl+Z, and the sidebar's Duplicates entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from finews_desktop.core.dedup.deduplicator import Deduplicator
from finews_desktop.core.dedup.stories import stories
from finews_desktop.core.search.engine import search
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.models.posts import SOURCE, TITLE


@pytest.fixture
def filled(make_window, qtbot, finews_corpus: Path, library: Library):
    """The finews sample with its old versions (120 posts, 94 stories), clustered by the window."""
    window = make_window()
    with qtbot.waitSignal(window.stories.clustersUpdated, timeout=60_000):
        window.import_paths([str(finews_corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 120)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def click_row(window, qtbot, row: int) -> None:
    rect = window.table.visualRect(window.model.index(row, TITLE))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_post(window, qtbot, pid: int) -> None:
    row = window.model.row_of(pid)
    assert row >= 0
    window.table.scrollTo(window.model.index(row, TITLE))
    with qtbot.waitSignal(window.stories.storyShown, timeout=10_000):
        click_row(window, qtbot, row)
    assert window.current_id() == pid


def test_the_import_clusters_and_the_shortcut_shows_one_row_per_story(filled, qtbot, library: Library) -> None:
    window = filled
    assert Deduplicator(library).pending_count() == 0  # caught up by the window, not by this test
    duplicates = len(search(library, "is:duplicate", limit=None).ids)
    assert duplicates > 0
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 120 - duplicates)
    assert window.stories.one_per_story.isChecked()
    assert window.settings.get(S.ONE_PER_STORY)
    story = max(stories(library), key=lambda s: len(s.members))
    row = window.model.row_of(story.representative)
    assert row >= 0
    title = window.model.index(row, TITLE).data()
    assert f"+{len(story.members) - 1} copies" in title
    outlets = window.model.index(row, SOURCE).data()
    assert all(m.source in outlets for m in story.members if m.source)
    for m in story.members[1:]:
        assert window.model.row_of(m.post_id) < 0
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 120)
    assert "copies" not in window.model.index(window.model.row_of(story.representative), TITLE).data()


def test_the_toggle_is_remembered(make_window, qtbot, tmp_path: Path) -> None:
    settings_file = tmp_path / "remembered.ini"
    window = make_window(settings_file=settings_file)
    window.stories.one_per_story.trigger()
    window.close()
    again = make_window(settings_file=settings_file)
    assert again.stories.one_per_story.isChecked()
    assert again.list_queries.one_per_story


def test_clicking_a_copy_in_also_published_by_opens_it(filled, qtbot, library: Library) -> None:
    window = filled
    story = next(s for s in stories(library) if len(s.members) >= 4)
    rep = story.representative
    select_post(window, qtbot, rep)
    panel = window.stories.panel
    assert panel.isVisible()
    copy = next(m for m in story.members if m.post_id != rep)
    item = panel.member_item(copy.post_id)
    assert item is not None
    panel.tree.scrollToItem(item)  # as a person scrolls to it: a short panel may hold fewer rows
    qtbot.waitUntil(lambda: panel.tree.viewport().height() > panel.tree.visualItemRect(item).bottom())
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(window.stories.storyShown, timeout=10_000):
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 8, rect.center().y()))
    assert window.preview.post_id == copy.post_id
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.post_id == copy.post_id)
    assert panel.view.compared == rep  # what changed from the post it was opened from
    assert panel.member_item(rep) is not None


def test_a_version_shows_what_changed_as_text(filled, qtbot, library: Library) -> None:
    window = filled
    from finews_desktop.core.dedup.story_view import story_view

    found = None
    for s in stories(library):
        for m in s.members:
            view = story_view(library, m.post_id)
            if view is not None and view.history and any(r.kind != "same" for r in view.runs):
                found = view
                break
        if found:
            break
    assert found is not None
    select_post(window, qtbot, found.post_id)
    panel = window.stories.panel
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.post_id == found.post_id)
    assert panel.tree.topLevelItem(0).text(0).startswith("History")
    html = panel.diff.toHtml()
    assert "line-through" in html  # something removed or added is marked
    assert "<script" not in panel.diff.toPlainText()
    assert panel.diff_label.text().startswith(("What changed since", "What"))


def test_keep_one_from_the_edit_menu_then_ctrl_z(filled, qtbot, library: Library) -> None:
    window = filled
    story = max(stories(library), key=lambda s: len(s.members))
    keep = story.members[-1].post_id
    others = {m.post_id for m in story.members} - {keep}
    select_post(window, qtbot, keep)
    qtbot.waitUntil(window.stories.keep_one.isEnabled)
    assert window.stories.keep_one in window.edit_menu.actions()
    assert window.stories.keep_one in window.actions.post_context
    window.edit_menu.popup(window.mapToGlobal(window.rect().center()))  # the menu, then the action by mouse
    qtbot.waitUntil(window.edit_menu.isVisible)
    rect = window.edit_menu.actionGeometry(window.stories.keep_one)
    qtbot.mouseClick(window.edit_menu, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: set(search(library, "is:trashed", limit=None).ids) == others)
    qtbot.waitUntil(lambda: all(window.model.row_of(pid) < 0 for pid in others))
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not search(library, "is:trashed", limit=None).ids)
    qtbot.waitUntil(lambda: all(window.model.row_of(pid) >= 0 for pid in others))
    # the clusters follow the trash and its undo in the background
    qtbot.waitUntil(lambda: Deduplicator(library).pending_count() == 0)
    assert {m.post_id for m in next(s for s in stories(library) if keep in {m.post_id for m in s.members}).members} == {
        m.post_id for m in story.members
    }


def test_the_sidebar_lists_duplicates(filled, qtbot, library: Library) -> None:
    window = filled
    duplicates = len(search(library, "is:duplicate", limit=None).ids)
    qtbot.waitUntil(lambda: window.facets is not None and window.facets.duplicates == duplicates)
    index = window.sidebar.find_term("is:duplicate")
    assert index.isValid()
    rect = window.sidebar.visualRect(index)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.query == "is:duplicate" and window.model.rowCount() == duplicates)


def test_one_row_per_story_counts_each_story_once_and_duplicates_still_lists_copies(
    filled, qtbot, library: Library
) -> None:
    window = filled
    duplicates = len(search(library, "is:duplicate", limit=None).ids)
    qtbot.waitUntil(lambda: window.facets is not None and window.facets.all == 120)
    tag = max(window.facets.tags, key=lambda e: e.count)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.facets.all == 120 - duplicates)
    once = next(e for e in window.facets.tags if e.key == tag.key)
    assert once.count == len(search(library, f'tag:"{tag.key}" -is:duplicate', limit=None).ids) < tag.count
    assert window.facets.duplicates == duplicates
    index = window.sidebar.find_term("is:duplicate")
    rect = window.sidebar.visualRect(index)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.query == "is:duplicate" and window.model.rowCount() == duplicates)
    window.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.facets.all == 120)


def test_the_window_clusters_in_a_child_process_and_after_a_trash(
    make_window, qtbot, library: Library, finews_corpus: Path
) -> None:
    """As the app runs: the start-up's catch-up (after the index's) in a child process, the list and the
    story following; then a post moved to the trash by Delete leaves its story, in the background too."""
    from finews_desktop.core.importing.importer import Importer

    Importer(library, workers=0).run([str(finews_corpus)])
    assert Deduplicator(library).pending_count() == 120
    window = make_window(synchronous=False)  # its index's catch-up starts 2 s after the window shows
    updated: list[bool] = []
    window.stories.clustersUpdated.connect(lambda: updated.append(True))
    qtbot.waitUntil(lambda: bool(updated), timeout=120_000)
    assert Deduplicator(library).pending_count() == 0
    qtbot.waitUntil(lambda: window.model.rowCount() == 120 and not window.list_queries.busy)
    story = max(stories(library), key=lambda s: len(s.members))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select_post(window, qtbot, story.members[-1].post_id)
    qtbot.waitUntil(lambda: window.stories.panel.isVisible())
    with qtbot.waitSignal(window.stories.clustersUpdated, timeout=60_000):
        QTest.keyClick(window.table, Qt.Key.Key_Delete)
    remaining = {m.post_id for m in story.members} - {story.members[-1].post_id}
    found = {frozenset(m.post_id for m in s.members) for s in stories(library)}
    assert frozenset(remaining) in found or len(remaining) == 1


def test_the_model_with_stories_passes_qtmodeltester(qtmodeltester, filled, library: Library) -> None:
    window = filled
    asked: list[int] = []

    def source(ids):
        asked.append(len(ids))
        return window.stories._summaries(ids)

    window.model.set_story_source(source)
    qtmodeltester.check(window.model, force_py=True)
    story = max(stories(library), key=lambda s: len(s.members))
    row = window.model.row_of(story.members[1].post_id)
    assert "copies" in window.model.index(row, TITLE).data()  # a copy shows its story's copies too
    for r in range(window.model.rowCount()):
        window.model.index(r, TITLE).data()
    assert asked and max(asked) <= 100 and len(asked) <= 3  # a page at a time, never a query per row


def test_a_stock_page_hides_the_story_panel(filled, qtbot, library: Library) -> None:
    window = filled
    story = max(stories(library), key=lambda s: len(s.members))
    select_post(window, qtbot, story.representative)
    assert window.stories.panel.isVisible()
    window.set_search("stock:600160.SH")
    qtbot.waitUntil(window.stock_pages.is_shown)
    assert not window.stories.panel.isVisible()
    QTest.keyClick(window.stock_pages.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.stock_pages.is_shown())


def test_another_library_opened_shows_no_story(filled, qtbot, library: Library, tmp_path: Path) -> None:
    window = filled
    story = max(stories(library), key=lambda s: len(s.members))
    select_post(window, qtbot, story.representative)
    assert window.stories.panel.isVisible()
    assert window.switch_library(str(tmp_path / "another"))
    assert window.preview.post_id is None
    assert not window.stories.panel.isVisible() and not window.stories.keep_one.isEnabled()


def test_show_this_one_for_its_story_from_the_context_menu_then_ctrl_z(filled, qtbot, library: Library) -> None:
    window = filled
    story = max(stories(library), key=lambda s: len(s.members))
    pick = story.members[-1].post_id
    assert pick != story.representative
    select_post(window, qtbot, pick)
    qtbot.waitUntil(window.stories.pick.isEnabled)
    rect = window.table.visualRect(window.model.index(window.model.row_of(pick), TITLE))
    window.post_commands.show_context_menu(rect.center())  # the list's context menu, as a right-click opens it
    menu = window.context_menu
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(window.stories.pick).center())
    qtbot.waitUntil(lambda: next(s for s in stories(library) if s.cluster == story.cluster).representative == pick)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.model.row_of(pick) >= 0 and window.model.row_of(story.representative) < 0)
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.row_of(story.representative) >= 0 and window.model.row_of(pick) < 0)
    assert next(s for s in stories(library) if s.cluster == story.cluster).representative == story.representative


def _index_never_ends(window, monkeypatch) -> list[bool]:
    """The search index's catch-up after an import started, and still running (it takes seconds)."""
    started: list[bool] = []

    def start_indexing() -> None:
        started.append(True)
        window.importing.index_task = object()

    monkeypatch.setattr(window.importing, "start_indexing", start_indexing)
    return started


def test_an_import_batch_is_clustered_beside_the_index_catch_up(
    make_window, qtbot, monkeypatch, library: Library, finews_corpus: Path
) -> None:
    """The copies show right after the import, not once the index has its text (seconds later): the
    clustering derives the batch's text itself while the index catches up."""
    window = make_window()
    indexing = _index_never_ends(window, monkeypatch)
    with qtbot.waitSignal(window.stories.clustersUpdated, timeout=60_000):
        window.import_paths([str(finews_corpus)])
    window.report_dialog.close()
    assert indexing and window.importing.index_task is not None  # the index still catching up
    assert Deduplicator(library).pending_count() == 0
    assert search(library, "is:duplicate", limit=None).ids
    window.importing.index_task = None


def test_a_big_import_is_clustered_after_the_index_catch_up(
    make_window, qtbot, monkeypatch, library: Library, finews_corpus: Path
) -> None:
    """More posts than the index has not got than DERIVE_AT_MOST: left for after the index, whose text
    costs less to read than the bytes to parse."""
    from finews_desktop.core.dedup import deduplicator

    monkeypatch.setattr(deduplicator, "DERIVE_AT_MOST", 10)
    window = make_window()
    real_start = window.importing.start_indexing
    _index_never_ends(window, monkeypatch)
    window.import_paths([str(finews_corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: not window.stories.after_import.isActive())
    assert window.stories.catch_up_task is None
    assert Deduplicator(library).pending_count() == 120  # waits for the index
    window.importing.index_task = None
    with qtbot.waitSignal(window.stories.clustersUpdated, timeout=60_000):
        real_start()  # the index's catch-up ends: `indexed` starts the clustering
    assert Deduplicator(library).pending_count() == 0
