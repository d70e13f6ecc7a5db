"""Relabeling: posts grouped by key line and a tuple of state columns, each group one Relink; the rest one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.curation import relabeling
from finews_desktop.core.curation.operations import AddName, Relabel
from finews_desktop.core.store import pending
from finews_desktop.core.store.library import Library
from tests.core.curation.rows import by_title, every_row, open_library, writing


@pytest.fixture
def lib(tmp_path: Path):
    library = open_library(tmp_path)
    yield library
    library.close()


def test_posts_group_by_their_key_line_and_their_state_columns() -> None:
    head = b"---\ntitle: x\ntags: a\n---\n"
    state = ('["a"]', 0, 0, "a")
    posts = [
        (1, head, state),
        (2, head.replace(b"x", b"y"), state),  # another title: the same key line, the same group
        (3, head, ('["a"]', 1, 0, "a")),  # edited: a group of its own
        (4, head.replace(b"tags: a", b"tags: [a]"), state),  # another key line
        (5, b"---\ntitle: x\n---\n", ("null", 0, 0, None)),  # no plain key line: read carefully later
    ]
    groups, odd = relabeling._group(posts, "tags")
    assert groups == {
        (b"tags: a\n", state): [1, 2],
        (b"tags: a\n", ('["a"]', 1, 0, "a")): [3],
        (b"tags: [a]\n", state): [4],
    }
    assert [pid for pid, _h, _s in odd] == [5]


def test_each_names_value_is_relisted_once() -> None:
    calls: list[list[str]] = []
    lists = relabeling._NameLists("tags", lambda names: calls.append(names) or [*names, "新"])
    assert lists('["a", "b"]') == (["a", "b"], '"tags": ["a", "b"]', ["a", "b", "新"])
    assert lists('"a"') == (["a"], '"tags": "a"', ["a", "新"])  # a lone name, as the importer wrote it
    lists('["a", "b"]')
    assert calls == [["a", "b"], ["a"]]


def test_changed_prefix_leaves_the_common_tail_out() -> None:
    assert relabeling._changed_prefix("/emnews/2022/05/01/a.html", "/picked/2022/05/01/a.html") == (
        "/emnews",
        "/picked",
    )
    assert relabeling._changed_prefix("/emnews/a.html", "/news/a.html") == ("/em", "/")  # by character
    assert relabeling._changed_prefix("/a.html", "/a.html") == ("", "")


def test_alike_posts_go_as_one_relink_and_an_own_permalink_one_by_one(lib: Library) -> None:
    ids = [by_title(lib, t) for t in ("A 1", "A 2", "A 3", "B", "F")]
    with writing(lib) as rows:
        edits, ops = relabeling.relabel(rows, "category", lambda names: ["picked"], ids=ids)
        rows.posts_changed([])
    assert [e.post_id for e in edits] == [by_title(lib, "F")]  # its permalink may hold the categories
    assert ops[0] == AddName("category", "picked")
    (relabel,) = ops[1:]
    assert isinstance(relabel, Relabel)
    by_names = {r.before.names: r for r in relabel.relinks}
    assert sorted(by_names[("emnews",)].post_ids) == sorted(ids[:3])  # three posts, one statement set
    assert list(by_names[("emnews", "markets")].post_ids) == [by_title(lib, "B")]
    group = by_names[("emnews",)]
    assert (group.before.url_prefix, group.after.url_prefix) == ("/emnews", "/picked")
    assert group.after.pending_mask == pending.CATEGORIES and group.after.edited and not group.before.edited
    assert lib.post_record(ids[0])["url"].startswith("/picked/")


def test_a_relist_that_changes_nothing_takes_no_step(lib: Library) -> None:
    before = every_row(lib)
    with writing(lib) as rows:
        assert relabeling.relabel(rows, "tag", lambda names: names, having=["东财滚动新闻"]) == ([], [])
    assert every_row(lib) == before
