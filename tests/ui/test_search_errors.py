"""The window's search box: a query nested hundreds or thousands of levels deep is a query
problem shown with its position, never a RecursionError or a failed list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from tests.core.sites import write_site

DEPTHS = (300, 1000, 100_000)


def _nested(kind: str, depth: int) -> str:
    if kind == "parentheses":
        return "(" * depth + "post" + ")" * depth
    if kind == "negations":
        return "-" * depth + "post"
    return "-(" * depth + "post" + ")" * depth  # both at once


@pytest.fixture
def window(make_window, qtbot, library: Library, tmp_path: Path):
    posts = {f"_posts/2022-05-0{i}-post-{i}.md": f"---\ntitle: post {i}\n---\nbody {i}\n" for i in range(1, 4)}
    report = Importer(library, workers=0).run([str(write_site(tmp_path / "site", posts))])
    assert len(report.imported) == 3
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    return window


def _problem_shown(window) -> bool:
    return bool(window.search_box.property("error")) and "Query problem" in window.statusBar().currentMessage()


def _check_depth_error(window, depth: int) -> None:
    message = window.statusBar().currentMessage()
    assert "nested" in message and "RecursionError" not in message and "recursion" not in message, message
    # the character named is where the nesting first goes too deep: a few hundred in, not the end
    at = int(message.split("character ", 1)[1].split(":", 1)[0])
    assert 1 < at < min(depth, 1000), message
    assert window.match_label.text() == "Query problem"
    assert window.model.rowCount() == 3  # the last good list stays


@pytest.mark.parametrize("kind", ["parentheses", "negations", "both"])
def test_typing_a_deeply_nested_query_shows_a_query_problem(window, qtbot, kind: str) -> None:
    query = _nested(kind, 300)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, query)  # typed key by key: as-you-type searches run on the way
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _problem_shown(window))
    assert window.search_box.text() == query
    _check_depth_error(window, 300)


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("kind", ["parentheses", "negations", "both"])
def test_pasting_a_deeply_nested_query_and_pressing_enter(window, qtbot, kind: str, depth: int) -> None:
    window.search_box.setFocus()
    window.search_box.setText(_nested(kind, depth))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _problem_shown(window))
    _check_depth_error(window, depth)
    # a good query afterwards clears the problem
    window.search_box.setText("post")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.search_box.property("error"))
    assert window.model.rowCount() == 3


def test_deep_query_through_the_list_worker_process(make_window, qtbot, library: Library, tmp_path: Path) -> None:
    """With real workers, queries after the first page are answered by a child process."""
    posts = {f"_posts/2022-05-0{i}-post-{i}.md": f"---\ntitle: post {i}\n---\nbody {i}\n" for i in range(1, 4)}
    Importer(library, workers=0).run([str(write_site(tmp_path / "site", posts))])
    window = make_window(synchronous=False)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window._list_process is not None and window._list_process.alive(), timeout=20_000)
    window.search_box.setText(_nested("both", 100_000))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _problem_shown(window), timeout=20_000)
    _check_depth_error(window, 100_000)


def test_a_query_problem_dims_the_stale_list_and_goes_at_the_keystroke_that_fixes_it(window, qtbot) -> None:
    window.activateWindow()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "(post")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _problem_shown(window))
    # the last list is still there, but dimmed and out of reach, under a note saying what is wrong
    assert window.model.rowCount() == 3
    assert not window.table.isEnabled()
    note = window.query_problem.note
    assert note.isVisible() and "never closed" in note.text() and "character 1" in note.text()
    assert window.list_stack.rect().contains(note.geometry())
    # typing the closing parenthesis fixes it: the note goes at once, before the search runs
    window.search_timer.setInterval(60_000)  # the as-you-type search would come much later
    qtbot.keyClick(window.search_box, Qt.Key.Key_ParenRight)
    assert not note.isVisible() and window.table.isEnabled()
    assert not window.search_box.property("error")
    assert "Query problem" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.query == "(post)")
    assert window.model.rowCount() == 3 and window.table.isEnabled()
