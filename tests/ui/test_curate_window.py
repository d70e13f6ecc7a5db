"""Curation in the main window: Delete to trash, undo/redo, drops on the sidebar, and the finews sample end to end."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import POST_IDS_MIME

REPO = Path(__file__).resolve().parents[2]
JEKYLL_DUMP = REPO.parent / "shared" / "tools" / "jekyll-dump"


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    return window


def select_rows(window, first: int, last: int) -> list[int]:
    model = window.model
    sel = QItemSelection(model.index(first, 0), model.index(last, model.columnCount() - 1))
    window.table.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    window.table.selectionModel().setCurrentIndex(model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    return window.selected_ids()


def focus_table(window, qtbot) -> None:
    """The window active and the post list focused, as after a click: where a person's keys go."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()


def test_delete_key_trashes_and_ctrl_z_restores(filled, qtbot, library: Library) -> None:
    window = filled
    ids = select_rows(window, 0, 2)
    focus_table(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert set(Curator(library).trashed_ids()) == set(ids)
    qtbot.waitUntil(lambda: window.model.rowCount() == 91)
    window.curation.undo.trigger()
    assert Curator(library).trashed_ids() == []
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    window.curation.redo.trigger()
    assert set(Curator(library).trashed_ids()) == set(ids)
    window.curation.empty(confirm=lambda text: "3" in text)
    assert library.count_posts(include_trashed=True) == 91


def test_dropping_posts_on_a_sidebar_tag_applies_it(filled, qtbot, library: Library) -> None:
    window = filled
    ids = select_rows(window, 0, 4)
    qtbot.waitUntil(lambda: window.sidebar.find_term("tag:站长消息").isValid())
    index = window.sidebar.find_term("tag:站长消息")
    window.sidebar.expand(index.parent())
    window.sidebar.scrollTo(index)
    pos = window.sidebar.visualRect(index).center()
    data = QMimeData()
    data.setData(POST_IDS_MIME, ",".join(map(str, ids)).encode())
    drop = QDropEvent(
        QPointF(pos), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.curation.eventFilter(window.sidebar.viewport(), drop)
    assert drop.isAccepted()
    assert all("站长消息" in library.post_record(i)["tags"] for i in ids)
    window.curation.undo.trigger()
    assert sum("站长消息" in library.post_record(i)["tags"] for i in ids) <= 1


def test_a_step_refreshes_what_it_changed_and_the_preview_showing_it(filled, qtbot, library: Library) -> None:
    """The window refreshes from the step's Changes: only its posts' cached rows are dropped, and the
    preview of a post it touched shows the post's new state without reselecting it (and again on undo)."""
    window = filled
    (pid,) = select_rows(window, 0, 0)
    qtbot.waitUntil(lambda: window.preview.post_id == pid)
    assert "研究笔记" not in window.preview.toPlainText()
    forgotten: list[object] = []
    real_forget = window.model.forget
    window.model.forget = lambda ids=None: (forgotten.append(ids), real_forget(ids))  # type: ignore[method-assign]

    window.curation.apply_to(("tag", "研究笔记"), [pid])  # what dropping the post on a tag does

    assert "研究笔记" in library.post_record(pid)["tags"]
    qtbot.waitUntil(lambda: "研究笔记" in window.preview.toPlainText())
    assert window.preview.post_id == pid and window.selected_ids() == [pid]
    assert forgotten and all(ids is not None and set(ids) == {pid} for ids in forgotten)
    qtbot.waitUntil(lambda: window.sidebar.find_term("tag:研究笔记").isValid())

    window.curation.undo.trigger()
    qtbot.waitUntil(lambda: "研究笔记" not in window.preview.toPlainText())
    assert all(ids is not None for ids in forgotten)


def test_the_post_editor_saves_through_the_controller_and_the_preview_follows(filled, qtbot, library: Library) -> None:
    """Ctrl+E, a new title typed, Save clicked: the edit is one undoable step like any other, and the
    preview shows the new title at once (it used to keep the old one until the post was reselected)."""
    from PySide6.QtWidgets import QDialogButtonBox

    window = filled
    (pid,) = select_rows(window, 0, 0)
    qtbot.waitUntil(lambda: window.preview.post_id == pid)
    focus_table(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: getattr(window.curation, "post_dialog", None) is not None and window.curation.post_dialog.isVisible()
    )
    dialog = window.curation.post_dialog
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Edited title 42")  # typed key by key (QTest types ASCII only)
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    assert library.post_record(pid)["title_text"] == "Edited title 42"
    qtbot.waitUntil(lambda: "Edited title 42" in window.preview.toPlainText())
    assert window.curation.undo.isEnabled()
    window.curation.undo.trigger()
    assert library.post_record(pid)["title_text"] != "Edited title 42"
    qtbot.waitUntil(lambda: "Edited title 42" not in window.preview.toPlainText())


def test_finews_sample_end_to_end(filled, qtbot, library: Library, corpus: Path, tmp_path: Path) -> None:
    """Merge two tags, bulk-add a tag to 20 posts, a category's display name, a collection of 10, exported."""
    window = filled
    ui = window.curation
    cur = Curator(library)
    source = {library.post_record(i)["path"]: library.post_raw(i) for i in library.post_ids()}

    # merge two tags in the manager
    manager = ui.open_manager()
    qtbot.addWidget(manager)
    tab = manager.tag_tab
    merged = ["证券日报网新闻", "站长消息"]
    merged_ids = cur.posts_with("tag", merged)
    main_count = {n.name: n.count for n in cur.names("tag")}["东财滚动新闻"]
    assert len(merged_ids) == 2
    for row in range(tab.table.rowCount()):
        if tab.table.item(row, 0).text() in merged:
            tab.table.selectionModel().select(
                tab.table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
    manager.ask_text = lambda *a, **k: "其他新闻"
    tab.buttons["merge"].click()
    assert {n.name: n.count for n in cur.names("tag")} == {"东财滚动新闻": main_count, "其他新闻": 2}

    # rename a category's display name there too
    cats = manager.category_tab
    row = next(r for r in range(cats.table.rowCount()) if cats.table.item(r, 0).text() == "emnews")
    cats.table.item(row, 1).setText("东方财富 7×24")
    assert {n.name: n.display_name for n in cur.names("category")}["emnews"] == "东方财富 7×24"
    manager.close()

    # bulk-add a tag to 20 selected posts
    picked = select_rows(window, 0, 19)
    assert len(picked) == 20
    bulk = ui.open_bulk_edit()
    qtbot.addWidget(bulk)
    bulk.add_tags.add("精选")
    bulk.accept()
    assert sum("精选" in library.post_record(i)["tags"] for i in library.post_ids()) == 20

    # ten posts into a collection: the two merged ones, four tagged, four untouched
    members = [
        *merged_ids,
        *picked[10:14],
        *[i for i in library.post_ids() if i not in picked and i not in merged_ids][:4],
    ]
    ui.create_collection("精选合集", members)
    assert len(cur.collection_post_ids("精选合集")) == 10

    # export the collection
    dest = tmp_path / "export"
    report = export_posts(library, dest, Selection(collection="精选合集"))
    assert not report.errors if hasattr(report, "errors") else True
    exported = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("_posts/*") if p.is_file())
    assert len(exported) == 10

    # a diff against the source shows only the tag lines
    expected: dict[str, list[str]] = {}
    for pid in members:
        rec = library.post_record(pid)
        expected[rec["path"]] = rec["tags"]
        new = (dest / rec["path"]).read_bytes().decode("utf-8").splitlines(keepends=True)
        old = source[rec["path"]].decode("utf-8").splitlines(keepends=True)
        changed = [
            line
            for line in difflib.unified_diff(old, new, n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if pid in merged_ids or pid in picked:
            assert changed and all(line[1:].startswith("tags:") for line in changed), changed
        else:
            assert changed == []

    # Jekyll builds the export and reads exactly the new tags and categories
    if shutil.which("jekyll") is None or not JEKYLL_DUMP.exists():
        pytest.skip("jekyll is not installed")
    out = tmp_path / "dump.json"
    run = subprocess.run(
        [str(JEKYLL_DUMP), str(dest), str(out)], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    dump = json.loads(out.read_text(encoding="utf-8"))
    assert dump["build"]["rc"] == 0
    got = {p["path"]: p for p in dump["posts"]}
    for path, tags in expected.items():
        assert got[path]["tags"] == tags
        assert (
            got[path]["categories"]
            == library.post_record(next(i for i in members if library.post_record(i)["path"] == path))["categories"]
        )
    assert {t for p in got.values() for t in p["tags"]} >= {"其他新闻", "精选"}


def test_saved_searches_and_collection_export_from_the_window(filled, qtbot, library: Library, tmp_path: Path) -> None:
    window = filled
    ui = window.curation
    window.set_search("tag:站长消息")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    ui.save_current_search("site news")
    assert Curator(library).saved_searches() == [("site news", "tag:站长消息")]
    window.set_search("")
    ui._fill_saved_menu()
    ui.saved_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    ui.create_collection("picks", library.post_ids()[:3])
    ui.export_collection("picks", str(tmp_path / "out"))
    qtbot.waitUntil(lambda: hasattr(ui, "last_export"))
    assert len(ui.last_export.post_ids) == 3
    window.ctx.translations.use("zh_CN")  # the actions follow the language, the stack keeps its steps
    qtbot.waitUntil(lambda: ui.undo.text().startswith("撤销") and ui.save_search.text().startswith("保存搜索"))
    window.ctx.translations.use("en")
    qtbot.waitUntil(lambda: ui.undo.text().startswith("&Undo"))
    window.curation.undo.trigger()  # the collection
    window.curation.undo.trigger()  # the saved search
    assert Curator(library).saved_searches() == [] and Curator(library).collections() == []


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo_from_the_keyboard(filled, qtbot, library: Library) -> None:
    """The keys themselves (not the actions' trigger()): Undo was bound twice to Ctrl+Z, which Qt calls an
    ambiguous shortcut and fires neither."""
    window = filled
    ids = select_rows(window, 0, 1)
    focus_table(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert set(Curator(library).trashed_ids()) == set(ids)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Curator(library).trashed_ids() == []
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert set(Curator(library).trashed_ids()) == set(ids)
