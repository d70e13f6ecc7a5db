"""The curation dialogs driven as a user would: manager, bulk edit on a multi-selection, metadata editor, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from finews_desktop.ui.curation import CurationController
from finews_desktop.ui.dialogs.curate import BulkEditDialog, ManagerDialog, PostEditorDialog, bulk_function


def write_site(root: Path) -> Path:
    for d in range(1, 7):
        path = root / "_posts" / f"2022-05-{d:02d}-p{d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = "财经" if d <= 2 else "东财滚动新闻"
        path.write_text(
            f'---\nlayout: post\ntitle: "P {d}"\ndate: 2022-05-{d:02d} 10:00:00 +0800\n'
            f"categories: emnews\ntags: {tag}\n---\nbody {d}\n",
            encoding="utf-8",
        )
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    return root


@pytest.fixture
def lib(library: Library, tmp_path: Path) -> Library:
    report = import_paths(library, [write_site(tmp_path / "site")])
    assert not report.errors
    return library


@pytest.fixture
def controller(lib: Library, qtbot) -> CurationController:
    return CurationController(lib)


def tag_counts(lib: Library) -> dict[str, int]:
    return {n.name: n.count for n in Curator(lib).names("tag")}


def select_names(table, names: list[str]) -> None:
    table.clearSelection()
    for row in range(table.rowCount()):
        if table.item(row, 0).text() in names:
            table.selectRow(row) if len(names) == 1 else table.selectionModel().select(
                table.model().index(row, 0),
                table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
            )


def test_manager_rename_onto_existing_offers_merge_then_undo(
    qtbot, lib: Library, controller: CurationController
) -> None:
    dialog = ManagerDialog(controller.curator, controller.apply)
    qtbot.addWidget(dialog)
    tab = dialog.tag_tab
    assert tab.table.rowCount() == 2
    asked: list[str] = []
    dialog.ask_text = lambda *a, **k: "东财滚动新闻"
    dialog.confirm = lambda title, text: asked.append(text) or True
    select_names(tab.table, ["财经"])
    qtbot.mouseClick(tab.buttons["rename"], Qt.MouseButton.LeftButton)
    assert asked and "2" in asked[0]  # the merge offer says how many posts
    assert tag_counts(lib) == {"东财滚动新闻": 6}
    assert tab.table.rowCount() == 1
    controller.undo_stack.undo()
    assert tag_counts(lib) == {"东财滚动新闻": 4, "财经": 2}
    controller.undo_stack.redo()
    assert tag_counts(lib) == {"东财滚动新闻": 6}


def test_manager_filters_create_merge_delete_and_display_name(
    qtbot, lib: Library, controller: CurationController
) -> None:
    dialog = ManagerDialog(controller.curator, controller.apply)
    qtbot.addWidget(dialog)
    tab = dialog.tag_tab
    dialog.ask_text = lambda *a, **k: "空"
    qtbot.mouseClick(tab.buttons["new"], Qt.MouseButton.LeftButton)
    tab.show_box.setCurrentIndex(tab.show_box.findData("unused"))
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["空"]
    tab.show_box.setCurrentIndex(0)
    tab.filter.setText("财经")
    assert tab.table.rowCount() == 1
    tab.filter.clear()

    dialog.ask_text = lambda *a, **k: "新闻"
    select_names(tab.table, ["财经", "东财滚动新闻"])
    assert tab.buttons["merge"].isEnabled()
    qtbot.mouseClick(tab.buttons["merge"], Qt.MouseButton.LeftButton)
    assert tag_counts(lib) == {"新闻": 6, "空": 0}

    said: list[str] = []
    dialog.confirm = lambda title, text: said.append(text) or True
    select_names(tab.table, ["新闻"])
    qtbot.mouseClick(tab.buttons["delete"], Qt.MouseButton.LeftButton)
    assert "6" in said[0]
    assert tag_counts(lib) == {"空": 0}

    cats = dialog.category_tab
    cats.table.item(0, 1).setText("东方财富")
    assert Curator(lib).names("category")[0].display_name == "东方财富"
    for _ in range(5):
        controller.undo_stack.undo()
    assert tag_counts(lib) == {"东财滚动新闻": 4, "财经": 2}
    assert Curator(lib).names("category")[0].display_name is None


def test_bulk_edit_on_a_multi_selection(qtbot, lib: Library, controller: CurationController) -> None:
    dialog = BulkEditDialog(3, ["财经", "东财滚动新闻"], ["emnews"])
    qtbot.addWidget(dialog)
    assert dialog.add_tags.edit.completer().model().rowCount() == 2  # completion from existing names
    dialog.add_tags.edit.setText("精选")
    dialog.add_tags.edit.returnPressed.emit()
    assert dialog.add_tags.names() == ["精选"] and dialog.add_tags.edit.text() == ""
    dialog.remove_tags.add("财经")
    dialog.category_mode.setCurrentIndex(dialog.category_mode.findData("add"))
    dialog.categories.add("picked")
    ops = dialog.operations()
    assert ops == [("tag", "add", ["精选"]), ("tag", "remove", ["财经"]), ("category", "add", ["picked"])]
    ids = lib.post_ids(order="date", descending=False)[:3]
    controller.apply("bulk", bulk_function(ids, ops))
    assert lib.post_record(ids[0])["tags"] == ["精选"]
    assert lib.post_record(ids[2])["tags"] == ["东财滚动新闻", "精选"]
    assert lib.post_record(ids[2])["categories"] == ["emnews", "picked"]
    controller.undo_stack.undo()
    assert lib.post_record(ids[0])["tags"] == ["财经"]
    assert lib.post_record(ids[2])["categories"] == ["emnews"]


def test_post_editor_saves_and_refuses_bad_values(qtbot, lib: Library, controller: CurationController) -> None:
    pid = lib.post_ids(order="date", descending=False)[0]
    dialog = PostEditorDialog(lib, pid, ["财经"], ["emnews"])
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "P 1"
    assert dialog.date_edit.text() == "2022-05-01 10:00:00"
    dialog.date_edit.setText("not a date")
    dialog.save()
    assert "date" in dialog.error.text().lower() and dialog.result() == 0
    dialog.date_edit.setText("2022-05-03 08:30:00")
    dialog.title_edit.setText("P one")
    dialog.tags_edit.add("新")
    dialog._add_row("source", "[unclosed")
    dialog.save()
    assert "source" in dialog.error.text()
    dialog.keys.item(dialog.keys.rowCount() - 1, 1).setText("东方财富网")
    dialog.save()
    assert dialog.result() == QDialogResultAccepted()
    controller.record(dialog.changes, "Edit post")
    rec = lib.post_record(pid)
    assert rec["title_text"] == "P one" and rec["tags"] == ["财经", "新"]
    assert rec["date"].startswith("2022-05-03 08:30:00")
    assert b"source: " in lib.post_raw(pid)
    controller.undo_stack.undo()
    assert lib.post_record(pid)["title_text"] == "P 1"


def QDialogResultAccepted() -> int:
    from PySide6.QtWidgets import QDialog

    return QDialog.DialogCode.Accepted.value


def test_long_work_runs_on_the_worker(qtbot, lib: Library) -> None:
    from finews_desktop.ui import curation as curation_ui
    from finews_desktop.ui.tasks import TaskRunner

    runner = TaskRunner("curate")
    controller = CurationController(lib, runner)
    old = curation_ui.LONG
    curation_ui.LONG = 0
    try:
        with qtbot.waitSignal(controller.changed, timeout=10_000):
            controller.apply("merge", lambda c: c.merge("tag", ["财经"], "东财滚动新闻"), size=2)
        assert tag_counts(lib) == {"东财滚动新闻": 6}
        with qtbot.waitSignal(controller.changed, timeout=10_000):
            controller.undo()  # swapped on the worker, then the stack moves
        assert tag_counts(lib) == {"东财滚动新闻": 4, "财经": 2}
        assert controller.undo_stack.canRedo() and not controller.undo_stack.canUndo()
        with qtbot.waitSignal(controller.changed, timeout=10_000):
            controller.redo()
    finally:
        curation_ui.LONG = old
        runner.shutdown(lambda: lib.db.close())
    assert tag_counts(lib) == {"东财滚动新闻": 6}
    assert controller.undo_stack.canUndo()


def test_a_big_merge_from_the_manager_runs_on_the_worker_while_the_event_loop_turns(
    qtbot, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge waits, on its thread, until a QTimer on the window's thread has ticked: a frozen loop never would."""
    import threading

    from PySide6.QtCore import QTimer

    from finews_desktop.ui import curation as curation_ui
    from finews_desktop.ui.tasks import TaskRunner

    ticks: list[int] = []
    ticked = threading.Event()
    seen: dict[str, object] = {}
    relabel = Curator._relabel

    def gated(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        seen["loop_turned"] = ticked.wait(10)  # False if the event loop stood still
        return relabel(self, *args, **kwargs)

    monkeypatch.setattr(Curator, "_relabel", gated)
    monkeypatch.setattr(curation_ui, "LONG", 0)
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 3 and ticked.set()))
    runner = TaskRunner("curate")
    controller = CurationController(lib, runner)
    busy: list[bool] = []
    controller.busy.connect(busy.append)
    dialog = ManagerDialog(controller.curator, controller.apply)
    qtbot.addWidget(dialog)
    dialog.ask_text = lambda *a, **k: "新闻"
    select_names(dialog.tag_tab.table, ["财经", "东财滚动新闻"])
    try:
        heartbeat.start()
        with qtbot.waitSignal(controller.changed, timeout=30_000):
            qtbot.mouseClick(dialog.tag_tab.buttons["merge"], Qt.MouseButton.LeftButton)
            assert busy == [True]  # the click came back before the work was done
        heartbeat.stop()
        assert seen["loop_turned"] is True and seen["thread"] is not threading.main_thread()
        assert busy == [True, False]
        assert [dialog.tag_tab.table.item(r, 0).text() for r in range(dialog.tag_tab.table.rowCount())] == ["新闻"]
        assert tag_counts(lib) == {"新闻": 6}
        with qtbot.waitSignal(controller.changed, timeout=30_000):
            controller.undo()  # six posts > LONG = 0: swapped on the worker too
        assert tag_counts(lib) == {"东财滚动新闻": 4, "财经": 2}
    finally:
        heartbeat.stop()
        runner.shutdown(lambda: lib.db.close())


@pytest.mark.parametrize("which", ["bulk add tags", "bulk categories", "post editor tags", "post editor categories"])
def test_enter_in_a_name_field_adds_the_name_and_keeps_the_dialog_open(qtbot, lib: Library, which: str) -> None:
    """Typed names, each ended with Enter, pile up in the list; Enter on the empty field is the dialog's OK."""
    if which.startswith("bulk"):
        dialog = BulkEditDialog(3, ["财经"], ["emnews"])
        field = dialog.add_tags if which == "bulk add tags" else dialog.categories
    else:
        dialog = PostEditorDialog(lib, lib.post_ids()[0], ["财经"], ["emnews"])
        field = dialog.tags_edit if which == "post editor tags" else dialog.categories_edit
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = field.names()
    field.edit.setFocus()
    for name in ("first", "second"):
        qtbot.keyClicks(field.edit, name)
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)
        assert dialog.isVisible() and field.edit.text() == ""
    assert field.names() == [*before, "first", "second"]
    if which.startswith("bulk"):
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)  # nothing typed: the dialog's OK
        assert not dialog.isVisible() and dialog.result() == QDialogResultAccepted()
