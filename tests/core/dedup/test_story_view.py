"""The story panel's core (issue 19): the diff of two texts, each row's copies and outlets, and a post's
story split into its versions' history and the other outlets' copies, on the finews sample."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from finews_desktop.core.content.text_diff import text_diff
from finews_desktop.core.dedup.deduplicator import Deduplicator
from finews_desktop.core.dedup.stories import stories
from finews_desktop.core.dedup.story_view import story_view
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.search.engine import search
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.story_reads import duplicate_count, story_summaries

TEXT = st.text(alphabet="光伏风电涨跌。\n ab", max_size=80)


@given(TEXT, TEXT)
def test_the_diff_gives_back_both_texts(old: str, new: str) -> None:
    runs = text_diff(old, new)
    assert "".join(r.text for r in runs if r.kind != "added") == old
    assert "".join(r.text for r in runs if r.kind != "removed") == new
    assert all(a.kind != b.kind for a, b in itertools.pairwise(runs))


def test_a_changed_character_is_marked_alone() -> None:
    runs = text_diff("光伏板块上涨3%\n第二行", "光伏板块上涨5%\n第二行")
    assert [(r.kind, r.text) for r in runs if r.kind != "same"] == [("removed", "3"), ("added", "5")]


def test_stories_on_the_finews_sample(tmp_path: Path, finews_corpus: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(finews_corpus)])
        assert Deduplicator(lib, workers=1).catch_up()
        found = stories(lib)
        assert found
        assert duplicate_count(lib.db) == len(search(lib, "is:duplicate", limit=None).ids)
        summaries = story_summaries(lib.db, [p for p in range(1, 200)])
        for story in found:
            for m in story.members:
                assert summaries[m.post_id].copies == len(story.members) - 1
                assert set(summaries[m.post_id].outlets) == {x.source for x in story.members if x.source}
        alone = set(range(1, 121)) - {m.post_id for s in found for m in s.members}
        assert alone and not alone & set(summaries)
        with_history = 0
        for story in found:
            for m in story.members:
                view = story_view(lib, m.post_id)
                assert view is not None and view.post_id == m.post_id
                listed = [x.post_id for x in (*view.history, *view.others)]
                assert sorted(listed + ([] if view.history else [m.post_id])) == sorted(
                    x.post_id for x in story.members
                )
                assert view.compared in {x.post_id for x in story.members} - {m.post_id}
                if view.history:
                    with_history += 1
                    assert view.compared in {x.post_id for x in view.history}
        assert with_history  # the sample's versions/ folders are linked as versions
        assert story_view(lib, next(iter(alone))) is None


def test_facets_count_each_story_once_when_asked(tmp_path: Path, finews_corpus: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(finews_corpus)])
        assert Deduplicator(lib, workers=1).catch_up()
        every, once = lib.facets(), lib.facets(one_per_story=True)
        representatives = search(lib, "-is:duplicate", limit=None).ids
        assert every.all == 120 and once.all == len(representatives) == 120 - every.duplicates
        left_out = sum(d.count for d in every.days) - sum(d.count for d in once.days)  # undated posts have no day
        assert 0 < left_out <= every.duplicates
        for kind in ("tags", "categories", "stocks"):
            for entry in getattr(once, kind):
                field = {"tags": "tag", "categories": "category", "stocks": "stock"}[kind]
                query = f'{field}:"{entry.key}" -is:duplicate'
                assert entry.count == len(search(lib, query, limit=None).ids), query
        assert once.trash == every.trash and once.duplicates == every.duplicates
