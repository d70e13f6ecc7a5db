"""Curation's command objects: each applies, undoes to the exact rows before, and redoes to the rows after."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.curation.operations import (
    AddName,
    AddToCollection,
    CreateCollection,
    DeleteCollection,
    Invertible,
    Member,
    Relabel,
    RemoveFromCollection,
    RemoveName,
    RenameCollection,
    SaveSearch,
    SetDisplayName,
    SetTrashed,
    Together,
    TrashState,
)
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library
from tests.core.curation.rows import by_title, every_row, open_library, writing


@pytest.fixture
def lib(tmp_path: Path):
    library = open_library(tmp_path)
    yield library
    library.close()


def run(lib: Library, step: Invertible) -> None:
    with writing(lib) as rows:
        step.apply(rows)


Setup = Callable[[Library], list[Invertible]]  # steps that make the state the step under test starts from
Step = Callable[[Library], Invertible]

CASES: dict[str, tuple[Setup, Step]] = {
    "add a tag": (lambda lib: [], lambda lib: AddName("tag", "新")),
    "add a category with its display name": (lambda lib: [], lambda lib: AddName("category", "new", "新的")),
    "remove an unused tag": (lambda lib: [AddName("tag", "空")], lambda lib: RemoveName("tag", "空")),
    "display name": (lambda lib: [], lambda lib: SetDisplayName("emnews", before=None, after="东方财富")),
    "create a collection": (lambda lib: [], lambda lib: CreateCollection("读", 1_600_000_000)),
    "delete a collection with its posts": (
        lambda lib: [CreateCollection("读", 5, (Member(by_title(lib, "B"), 7), Member(by_title(lib, "E"), 8)))],
        lambda lib: DeleteCollection("读", 5, (Member(by_title(lib, "B"), 7), Member(by_title(lib, "E"), 8))),
    ),
    "rename a collection": (lambda lib: [CreateCollection("读", 5)], lambda lib: RenameCollection("读", "看")),
    "add to a collection": (
        lambda lib: [CreateCollection("读", 5)],
        lambda lib: AddToCollection("读", (Member(by_title(lib, "B"), 9),)),
    ),
    "remove from a collection": (
        lambda lib: [CreateCollection("读", 5, (Member(by_title(lib, "B"), 7), Member(by_title(lib, "E"), 8)))],
        lambda lib: RemoveFromCollection("读", (Member(by_title(lib, "E"), 8),)),
    ),
    "save a search": (lambda lib: [], lambda lib: SaveSearch("财", before=None, after="tag:财经")),
    "change a saved search": (
        lambda lib: [SaveSearch("财", None, "tag:财经")],
        lambda lib: SaveSearch("财", before="tag:财经", after="财经 OR 新闻"),
    ),
    "trash": (lambda lib: [], lambda lib: SetTrashed((TrashState(by_title(lib, "B"), before=None, after=100),))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_apply_then_undo_gives_back_the_exact_rows_and_redo_the_rows_after(lib: Library, case: str) -> None:
    setup, make = CASES[case]
    for step in setup(lib):
        run(lib, step)
    step = make(lib)
    before = every_row(lib)
    run(lib, step)
    after = every_row(lib)
    assert after != before
    with writing(lib) as rows:
        redo = step.undo(rows)
    assert every_row(lib) == before
    assert redo == step.inverse()
    with writing(lib) as rows:
        again = redo.undo(rows)
    assert every_row(lib) == after
    assert again == step  # undoing the undo is the step itself


def test_inverse_swaps_the_named_states() -> None:
    assert SetDisplayName("s", before="a", after="b").inverse() == SetDisplayName("s", before="b", after="a")
    assert RenameCollection(before="a", after="b").inverse() == RenameCollection(before="b", after="a")
    assert SaveSearch("n", before=None, after="q").inverse() == SaveSearch("n", before="q", after=None)
    assert SetTrashed((TrashState(1, before=None, after=5),)).inverse() == SetTrashed((TrashState(1, 5, None),))
    assert AddName("tag", "x").inverse() == RemoveName("tag", "x")
    members = (Member(post_id=3, added_at=4),)
    assert AddToCollection("c", members).inverse() == RemoveFromCollection("c", members)
    assert CreateCollection("c", 1, members).inverse() == DeleteCollection("c", 1, members)


def test_what_each_step_says_it_changed() -> None:
    assert SetTrashed((TrashState(4, None, 1), TrashState(2, None, 1))).post_ids == [4, 2]
    assert SetTrashed(()).fields == {"trashed"}
    assert AddToCollection("c", ()).fields == RemoveFromCollection("c", ()).fields == {"collections"}
    # the words the window's sidebar listens for (ui/mainwindow.py SIDEBAR_FIELDS)
    assert AddName("tag", "x").fields == {"row_add"} and RemoveName("tag", "x").fields == {"row_del"}
    assert SetDisplayName("s", None, "x").fields == {"display"} and SaveSearch("n", None, "q").fields == {"search"}
    assert AddName("tag", "x").post_ids == ()


def test_a_name_still_linked_to_a_post_is_not_removed(lib: Library) -> None:
    before = every_row(lib)
    run(lib, RemoveName("tag", "财经"))
    assert every_row(lib) == before


def test_adding_to_a_collection_that_is_gone_is_refused(lib: Library) -> None:
    with pytest.raises(KnownError, match="no collection"):
        run(lib, AddToCollection("没有", (Member(by_title(lib, "B"), 1),)))


def test_a_relabel_undoes_exactly_and_refuses_a_redo_once_its_posts_changed(lib: Library) -> None:
    cur = Curator(lib)
    before = every_row(lib)
    changes = cur.rename("tag", "东财滚动新闻", "东财")
    relabel = next(op for op in changes.ops if isinstance(op, Relabel))
    assert relabel.fields == {"tags"}
    assert sorted(relabel.post_ids) == sorted(by_title(lib, t) for t in ("A 1", "A 2", "A 3", "A 4", "B", "F"))
    assert all(r.after.names in {("东财",), ("东财", "财经")} for r in relabel.relinks)
    after = every_row(lib)
    undone = cur.undo(changes)
    assert every_row(lib) == before
    lib.edit_post(by_title(lib, "A 1"), tags=["别的"])  # a post of the redo no longer has the names it left
    with pytest.raises(KnownError, match="changed or deleted since"):
        cur.undo(undone)
    assert every_row(lib) != after


def test_together_undoes_its_parts_newest_first_and_redoes_them(lib: Library) -> None:
    cur = Curator(lib)
    before = every_row(lib)
    ids = [by_title(lib, "A 1"), by_title(lib, "E")]
    changes = cur.bulk(ids, [("tag", "add", ["精选"]), ("tag", "remove", ["精选"]), ("category", "set", ["picked"])])
    assert all(isinstance(op, Together) for op in changes.ops) and len(changes.ops) == 3
    assert {"tags", "categories"} <= changes.fields and set(changes.post_ids) == set(ids)
    after = every_row(lib)
    redo = cur.undo(changes)
    assert every_row(lib) == before
    assert all(isinstance(op, Together) for op in redo.ops)
    cur.undo(redo)
    assert every_row(lib) == after
