"""The sidebar as a daily tool: right-click a tag or category to rename, merge or delete it (undoable);
stocks and sector boards apart; a stock named where one post leaves it nameless; dates down to days."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.store.library import Library
from finews_desktop.ui.widgets.sidebar import KEY_ROLE, TERM_ROLE

POST = """---
title: "{title}"
date: {date} 10:53:54
tags: [{tags}]
categories: [{category}]
---
<p>{body}</p>
"""
NAMED = '<a href="http://quote.eastmoney.com/unify/r/1.600160" data-code="1,600160">巨化股份</a>涨停'
CHART_ONLY = '<a href="http://quote.eastmoney.com/unify/r/1.600160" data-code="600160|1|1">K线图</a>'
BOARD = '<a href="http://quote.eastmoney.com/unify/r/90.BK0473" data-code="90,BK0473">证券</a>板块'


def make_site(folder: Path) -> Path:
    posts = folder / "_posts"
    posts.mkdir(parents=True)
    specs = [
        ("2022-05-20", "a", "news, alpha", "emnews", NAMED),
        ("2022-05-20", "b", "news", "emnews", CHART_ONLY),
        ("2022-05-21", "c", "beta", "other", BOARD),
        ("2022-04-02", "d", "alpha", "other", "plain"),
    ]
    for date, slug, tags, category, body in specs:
        text = POST.format(title=f"Post {slug}", date=date, tags=tags, category=category, body=body)
        (posts / f"{date}-{slug}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def window(make_window, qtbot, tmp_path: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(make_site(tmp_path / "site"))])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4 and window.facets is not None)
    return window


def right_click(window, qtbot, term: str):
    """The sidebar's context menu over the entry of `term`, as a right-click opens it."""
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: sidebar.find_term(term).isValid())
    index = sidebar.find_term(term)
    sidebar.expand(index.parent())
    sidebar.scrollTo(index)
    pos = sidebar.visualRect(index).center()
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.RightButton, pos=pos)
    # and the context-menu event a right-click makes (QTest's clicks go to the widget, past the window)
    where = sidebar.viewport().mapToGlobal(pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, where, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(sidebar.viewport(), event)
    menu = window.curation.sidebar_menu
    qtbot.waitUntil(menu.isVisible)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    menu.close()  # as a person's choice closes it; the actions stay
    return actions


def tags(library: Library) -> set[str]:
    return {n.name for n in Curator(library).names("tag")}


def test_rename_a_tag_from_the_sidebar_and_undo_it(window, qtbot, library: Library) -> None:
    window.sidebar_names.ask_text = lambda parent, title, label, text: "gamma"
    actions = right_click(window, qtbot, "tag:alpha")
    assert {"sidebarRename", "sidebarMerge", "sidebarDelete"} <= set(actions)
    actions["sidebarRename"].trigger()
    assert "gamma" in tags(library) and "alpha" not in tags(library)
    qtbot.waitUntil(lambda: window.sidebar.find_term("tag:gamma").isValid())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "alpha" in tags(library) and "gamma" not in tags(library)


def test_rename_onto_an_existing_tag_offers_the_merge(window, qtbot, library: Library) -> None:
    names = window.sidebar_names
    names.ask_text = lambda parent, title, label, text: "news"
    asked: list[str] = []
    names.confirm = lambda parent, title, text: asked.append(text) or True
    right_click(window, qtbot, "tag:beta")["sidebarRename"].trigger()
    assert "already exists" in asked[0] and "beta" not in tags(library)
    c_post = next(i for i in library.post_ids() if library.post_record(i)["title_text"] == "Post c")
    assert "news" in library.post_record(c_post)["tags"]


def test_merge_and_delete_a_tag_from_the_sidebar(window, qtbot, library: Library) -> None:
    names = window.sidebar_names
    offered: list[list[str]] = []
    names.ask_choice = lambda parent, title, label, choices: offered.append(choices) or "news"
    right_click(window, qtbot, "tag:alpha")["sidebarMerge"].trigger()
    assert "alpha" not in offered[0] and "alpha" not in tags(library)
    titles = {library.post_record(i)["title_text"]: library.post_record(i)["tags"] for i in library.post_ids()}
    assert titles["Post a"] == ["news"] and titles["Post d"] == ["news"]
    names.confirm = lambda parent, title, text: "3 post" in text
    right_click(window, qtbot, "tag:news")["sidebarDelete"].trigger()
    assert "news" not in tags(library)


def test_rename_a_category_from_the_sidebar(window, qtbot, library: Library) -> None:
    window.sidebar_names.ask_text = lambda parent, title, label, text: "renamed"
    right_click(window, qtbot, "category:other")["sidebarRename"].trigger()
    assert {n.name for n in Curator(library).names("category")} == {"emnews", "renamed"}


def test_a_collection_keeps_its_own_menu(window, qtbot) -> None:
    window.curation.create_collection("picks")
    actions = right_click(window, qtbot, "collection:picks")
    assert "sidebarRename" not in actions


def _group(window, key: str):
    model = window.sidebar.model()
    root = model.invisibleRootItem()
    return next(root.child(i) for i in range(root.rowCount()) if root.child(i).data(KEY_ROLE) == key)


def _children(item) -> list[str]:
    return [item.child(i).text() for i in range(item.rowCount())]


def test_stocks_and_sector_boards_are_listed_apart_and_a_code_has_its_name(window, library: Library) -> None:
    assert _children(_group(window, "stocks")) == ["巨化股份 600160"]
    assert _children(_group(window, "boards")) == ["证券 BK0473"]
    assert window.sidebar.find_term("stock:BK0473").isValid()
    # post b only links a chart of 600160: it has the name post a gives the code
    b = next(i for i in library.post_ids() if library.post_record(i)["title_text"] == "Post b")
    (row,) = library.post_rows([b])
    assert row.stocks == (("600160", "巨化股份"),)


def test_dates_go_down_to_days(window, qtbot) -> None:
    dates = _group(window, "dates")
    year = dates.child(0)
    assert year.text() == "2022"
    months = [year.child(i) for i in range(year.rowCount())]
    assert [m.text() for m in months] == ["2022-05", "2022-04"]
    assert _children(months[0]) == ["2022-05-21", "2022-05-20"]
    day = months[0].child(1)
    assert day.data(TERM_ROLE) == "date:2022-05-20"
    sidebar = window.sidebar
    index = sidebar.find_term("date:2022-05-20")
    sidebar.expand(index.parent().parent().parent())
    sidebar.expand(index.parent().parent())
    sidebar.expand(index.parent())
    sidebar.scrollTo(index)
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualRect(index).center())
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.search_box.text() == "date:2022-05-20"
    # a month left open stays open when the counts are read again
    window.refresh_facets()
    qtbot.waitUntil(lambda: sidebar.isExpanded(sidebar.find_term("date:2022-05-20").parent()))
