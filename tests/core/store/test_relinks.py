"""The set-based tag and category statements: link states read as columns, Relinks written and swapped back."""

from __future__ import annotations

import json
from array import array
from pathlib import Path

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import pending, relinks
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.relinks import LinkState, Relink
from tests.core.curation.rows import by_title, every_row, open_library, writing


@pytest.fixture
def lib(tmp_path: Path):
    library = open_library(tmp_path)
    yield library
    library.close()


def test_a_kind_is_tag_or_category() -> None:
    assert relinks.name_table("tag").links == "post_tag" and relinks.name_table("category").key == "categories"
    with pytest.raises(KnownError, match="tag or category"):
        relinks.name_table("stock")


def test_link_states_are_columns_per_post(lib: Library) -> None:
    b = by_title(lib, "B")
    with writing(lib) as rows:
        tags = {pid: state for pid, _head, state in rows.link_states("tag", having=["财经"])}
        cats = {pid: (head, state) for pid, head, state in rows.link_states("category", ids=[b])}
    assert tags == {b: ('["东财滚动新闻","财经"]', 0, 0, "东财滚动新闻")}  # names, edited, pending mask, source
    head, state = cats[b]
    assert head.startswith(b"---\ntitle: B\n") and len(head) <= relinks.HEAD
    archive = lib.db.execute_sql("SELECT archive_id FROM post WHERE id = ?", (b,)).fetchone()[0]
    assert state == ('["emnews","markets"]', 0, 0, "_posts/", archive)  # ... the folder and archive


def _rename(pids: list[int], old: str, new: str) -> Relink:
    state = LinkState(
        names=(old,),
        fragment=f'"tags": {json.dumps([old], ensure_ascii=False)}',
        source=old,
        url_prefix="",
        edited=False,
        pending_mask=0,
    )
    after = LinkState(
        names=(new,),
        fragment=f'"tags": {json.dumps([new], ensure_ascii=False)}',
        source=new,
        url_prefix="",
        edited=True,
        pending_mask=pending.TAGS,
    )
    return Relink(kind="tag", post_ids=array("q", pids), before=state, after=after)


def test_a_relink_moves_its_posts_and_its_swap_moves_them_back_exactly(lib: Library) -> None:
    pids = [by_title(lib, f"A {d}") for d in (1, 2, 3)]
    with writing(lib) as rows:
        rows.add_name("tag", "东财")  # an AddName step before the relink makes it (and goes with its undo)
    before = every_row(lib)
    relink = _rename(pids, "东财滚动新闻", "东财")
    with writing(lib) as rows:
        done, misfits = rows.write_relinks([relink], 1)
    assert (done, misfits) == ([relink], [])
    for pid in pids:
        record = lib.post_record(pid)
        assert (record["tags"], record["edited"]) == (["东财"], True)
        assert b"tags: \xe4\xb8\x9c\xe8\xb4\xa2\n" in lib.post_raw(pid)  # derived from the links when read
    assert dict(every_row(lib)["pending"]) == {pid: pending.TAGS for pid in pids}
    swapped = relink.swapped()
    assert (swapped.before, swapped.after, swapped.post_ids) == (relink.after, relink.before, relink.post_ids)
    with writing(lib) as rows:
        rows.write_relinks([swapped], 2, check=True)
    assert every_row(lib) == before


def test_a_post_not_in_the_before_state_is_a_misfit_or_refuses_a_checked_write(lib: Library) -> None:
    a1, e = by_title(lib, "A 1"), by_title(lib, "E")  # E's tag is another: not in the before state
    relink = _rename([a1, e], "东财滚动新闻", "东财")
    before = every_row(lib)
    with pytest.raises(KnownError, match="changed or deleted since"), writing(lib) as rows:
        rows.write_relinks([relink], 1, check=True)
    assert every_row(lib) == before  # the transaction rolled back
    with writing(lib) as rows:
        done, misfits = rows.write_relinks([relink], 1)
    assert [list(r.post_ids) for r in done] == [[a1]] and misfits == [(relink, e)]
    assert lib.post_record(e)["tags"] == ["站长消息"]
