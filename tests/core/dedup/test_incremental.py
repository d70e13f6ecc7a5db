"""The clustering's two ways and its reuse of the search index (core/dedup/deduplicator.py): batches
looking up their own LSH buckets give the clusters a whole catch-up gives, on a generated set
imported in batches with deletes and edits between them; the index's folded text gives the
signatures the HTML gives; a catch-up cancelled half-way leaves what the next one needs; picking a
story's representative, undone exactly, kept through catch-ups, and `finews dups --pick`."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.curation.pick_representative import pick_representative
from finews_desktop.core.dedup import deduplicator as dd
from finews_desktop.core.dedup.deduplicator import Deduplicator
from finews_desktop.core.dedup.stories import stories, story_of
from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.search.engine import search
from finews_desktop.core.search.index import SearchIndex
from finews_desktop.core.store import clusters, migrations
from finews_desktop.core.store.library import Library

SHARED = Path(__file__).resolve().parents[4] / "shared"


def all_band_rows(lib: Library) -> list[tuple[int, int]]:
    """Every (key, post id) bucket row, merged into dup_band or recent."""
    return lib.db.execute_sql(
        "SELECT key, post_id FROM dup_band UNION ALL SELECT key, post_id FROM dup_band_recent ORDER BY key, post_id"
    ).fetchall()


def groups(lib: Library) -> set[frozenset[int]]:
    found: dict[int, set[int]] = {}
    for cluster, _rep, pid in clusters.cluster_rows(lib.db):
        found.setdefault(cluster, set()).add(pid)
    return {frozenset(g) for g in found.values()}


def state(lib: Library) -> tuple[set[frozenset[int]], list[tuple[int, int]], list[tuple[object, ...]]]:
    """The clusters, each clustered post's representative, and the pairs with their similarity."""
    reps = lib.db.execute_sql("SELECT post_id, rep FROM dup_post WHERE rep IS NOT NULL ORDER BY post_id").fetchall()
    edges = lib.db.execute_sql("SELECT a, b, similarity, version FROM dup_edge ORDER BY a, b").fetchall()
    return groups(lib), reps, edges


def whole_again(lib: Library) -> tuple[set[frozenset[int]], list[tuple[int, int]], list[tuple[object, ...]]]:
    """The state a catch-up of every post gives (written in bulk), then the library as it was."""
    with lib.db.atomic("IMMEDIATE"):
        clusters.clear(lib.db.connection())
    with mock.patch.object(dd, "BULK_FROM", 1):
        assert Deduplicator(lib, workers=1).catch_up()
    return state(lib)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 make_corpus.py posts and copies of a third of them, split into six import batches."""
    files = tmp_path_factory.mktemp("dups") / "files"
    tool = str(SHARED / "tools" / "make_corpus.py")
    subprocess.run(
        [sys.executable, tool, str(files), "--posts", "1200", "--duplicates", "0.3", "--seed", "7"], check=True
    )
    posts = sorted((files / "_posts").rglob("*.md"))
    for n in range(6):
        batch = files.parent / f"batch{n}" / "_posts"
        batch.mkdir(parents=True)
        for path in posts[n::6]:
            shutil.copy(path, batch / path.name)
    return files.parent


def test_batches_give_the_clusters_of_a_whole_catch_up(tmp_path: Path, generated: Path) -> None:
    with Library.open(tmp_path / "lib") as lib, mock.patch.object(dd, "CHUNK", 97):
        curator = Curator(lib)
        import_paths(lib, [str(generated / "batch0")])
        with mock.patch.object(dd, "BULK_FROM", 1):  # the first catch-up: every bucket written in key order
            assert Deduplicator(lib, workers=1).catch_up()
        assert lib.get_setting(dd.BANDS_STALE) == "0"
        for n in range(1, 6):
            import_paths(lib, [str(generated / f"batch{n}")])
            ids = lib.post_ids()
            if n == 2:  # a clustered post deleted for good, another trashed, a third's title replaced
                members = sorted(next(iter(groups(lib))))
                curator.trash(members[:1])
                curator.empty_trash(members[:1])
                curator.trash([ids[5]])
                lib.edit_post(ids[7], title="一个全新的标题")
            dedup = Deduplicator(lib, workers=1)
            assert dedup.pending_count() < dd.BULK_FROM
            assert dedup.catch_up()
            assert clusters.queued_count(lib.db) == 0
        batched = state(lib)
        assert len(batched[0]) > 50
        band_rows = all_band_rows(lib)
        assert lib.db.execute_sql("SELECT COUNT(*) FROM dup_band_recent").fetchone()[0] > 0
        assert whole_again(lib) == batched
        # the buckets batches keep (merged or recent) are those written in key order for every post
        assert lib.db.execute_sql("SELECT COUNT(*) FROM dup_band_recent").fetchone()[0] == 0
        assert all_band_rows(lib) == band_rows


def test_a_batch_writes_one_band_of_the_merged_buckets(tmp_path: Path, generated: Path) -> None:
    """A batch's bucket rows go to dup_band_recent; of dup_band, only the one band merged in turn changes
    (what a batch writes depends on the batch, not on the library's size), and the bands rotate."""
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(generated / "batch0"), str(generated / "batch1")])
        with mock.patch.object(dd, "BULK_FROM", 1):
            assert Deduplicator(lib, workers=1).catch_up()
        merged_before = lib.db.execute_sql("SELECT key, post_id FROM dup_band ORDER BY key, post_id").fetchall()
        assert lib.db.execute_sql("SELECT COUNT(*) FROM dup_band_recent").fetchone()[0] == 0
        for n, band in ((2, 0), (3, 1)):
            import_paths(lib, [str(generated / f"batch{n}")])
            assert Deduplicator(lib, workers=1).catch_up()
            merged = lib.db.execute_sql("SELECT key, post_id FROM dup_band ORDER BY key, post_id").fetchall()
            added = set(merged) - set(merged_before)
            assert added and {key >> 32 for key, _pid in added} == {band}
            assert set(merged_before) <= set(merged)  # nothing of the big table rewritten or lost
            recent = lib.db.execute_sql("SELECT key FROM dup_band_recent").fetchall()
            assert recent and all(key >> 32 != band for (key,) in recent)
            merged_before = merged
        assert lib.get_setting(dd.MERGE_NEXT) == "2"


def test_the_index_text_gives_the_signatures_the_html_gives(tmp_path: Path, finews_corpus: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(finews_corpus)])
        assert Deduplicator(lib, workers=1).catch_up()  # no index yet: the text derived from the HTML
        derived = lib.db.execute_sql("SELECT post_id, signature, nkey, pkey FROM dup_post ORDER BY post_id").fetchall()
        before = state(lib)
        index = SearchIndex(lib)
        index.catch_up()
        index.close()
        with mock.patch.object(dd, "prepare", side_effect=AssertionError("derived again")):
            after = whole_again(lib)
        assert (
            lib.db.execute_sql("SELECT post_id, signature, nkey, pkey FROM dup_post ORDER BY post_id").fetchall()
            == derived
        )
        assert after == before


def test_a_batch_goes_before_the_index_only_when_the_index_lacks_few_of_it(tmp_path: Path, finews_corpus: Path) -> None:
    """The window clusters an import beside the index's catch-up when the index has not got DERIVE_AT_MOST
    of its posts at most (their text derived), else after it."""
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(finews_corpus)])
        queued = Deduplicator(lib).pending_count()
        with mock.patch.object(dd, "DERIVE_AT_MOST", queued - 1):
            assert not Deduplicator(lib).may_go_before_index()  # no index yet: every post's text to derive
            index = SearchIndex(lib)
            index.catch_up()
            index.close()
            assert Deduplicator(lib).may_go_before_index()  # the index has them all
            clusters.queue_posts(lib.db.connection(), range(1, queued + 1))
            assert Deduplicator(lib).may_go_before_index()
            lib.db.execute_sql("INSERT INTO search_queue (post_id) SELECT id FROM post")  # the index behind again
            assert not Deduplicator(lib).may_go_before_index()
        with mock.patch.object(dd, "DERIVE_AT_MOST", queued):
            assert Deduplicator(lib).may_go_before_index()


def test_a_cancelled_catch_up_leaves_what_the_next_one_needs(tmp_path: Path, generated: Path) -> None:
    with Library.open(tmp_path / "lib") as lib, mock.patch.object(dd, "CHUNK", 50):
        import_paths(lib, [str(generated / "batch0"), str(generated / "batch1")])
        assert Deduplicator(lib, workers=1).catch_up()
        done = state(lib)
        story = sorted(max(groups(lib), key=len))
        Curator(lib).trash(story[:1])  # its cluster changes
        import_paths(lib, [str(generated / "batch2")])
        for bulk in (1_000_000, 1):
            asked = iter(range(1000))
            with mock.patch.object(dd, "BULK_FROM", bulk):
                assert not Deduplicator(lib, workers=1).catch_up(should_cancel=lambda a=asked: next(a) >= 2)
            assert clusters.queued_count(lib.db) > 0
        with mock.patch.object(dd, "BULK_FROM", 1_000_000):  # a batch after a cancelled bulk one: in bulk
            assert Deduplicator(lib, workers=1).catch_up()
        assert lib.get_setting(dd.BANDS_STALE) == "0"
        assert state(lib) != done
        assert whole_again(lib) == state(lib)


def test_picking_the_representative_undoes_exactly_and_outlives_catch_ups(tmp_path: Path, generated: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(generated / "batch0")])
        assert Deduplicator(lib, workers=1).catch_up()
        story = max(stories(lib), key=lambda s: len(s.members))
        first = story.representative
        chosen = story.members[-1].post_id
        before = state(lib)
        changes = pick_representative(lib, chosen)
        assert set(changes.post_ids) == {m.post_id for m in story.members} and "representative" in changes.fields
        after = story_of(lib, first)
        assert after is not None and after.representative == chosen
        assert chosen in search(lib, "is:representative", limit=None).ids
        assert first in search(lib, "is:duplicate", limit=None).ids
        assert not pick_representative(lib, chosen)  # already the one picked
        # kept when the story's clusters are computed again (another post of it edited)
        lib.edit_post(first, title="换一个标题")
        assert Deduplicator(lib, workers=1).catch_up()
        assert clusters.representative_of(lib.db, first) == chosen
        lib.edit_post(first, title=story.members[0].title)
        assert Deduplicator(lib, workers=1).catch_up()
        Curator(lib).undo(changes)
        assert state(lib) == before
        assert lib.db.execute_sql("SELECT COUNT(*) FROM dup_pick").fetchone()[0] == 0
        # another pick, then its post deleted for good: the pick goes with it
        pick_representative(lib, chosen)
        Curator(lib).trash([chosen])
        Curator(lib).empty_trash([chosen])
        assert Deduplicator(lib, workers=1).catch_up()
        assert clusters.picked(lib.db, [chosen]) == set()
        alone = next(pid for pid in lib.post_ids() if clusters.representative_of(lib.db, pid) is None)
        with pytest.raises(KnownError):
            pick_representative(lib, alone)


def test_finews_dups_pick(tmp_path: Path, generated: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [str(generated / "batch0")])
    out = io.StringIO()
    assert cli_main(["--library", str(lib_dir), "dups", "--json"], out=out) == 0
    story = json.loads(out.getvalue())[0]
    chosen = story["posts"][-1]["id"]
    out = io.StringIO()
    assert cli_main(["--library", str(lib_dir), "dups", "--pick", str(chosen)], out=out) == 0
    assert f"Post {chosen} now represents its story of {len(story['posts'])} posts." in out.getvalue()
    out = io.StringIO()
    assert cli_main(["--library", str(lib_dir), "dups", "--json"], out=out) == 0
    again = next(s for s in json.loads(out.getvalue()) if s["cluster"] == story["cluster"])
    assert again["representative"] == chosen and again["posts"][0]["id"] == chosen


def test_a_library_before_the_buckets_clusters_again_with_its_picks(tmp_path: Path, generated: Path) -> None:
    """Schema v14: dup_band made, every post queued, the picks kept; the next catch-up gives what it gave."""
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [str(generated / "batch0")])
        assert Deduplicator(lib, workers=1).catch_up()
        story = max(stories(lib), key=lambda s: len(s.members))
        pick_representative(lib, story.members[-1].post_id)
        before = state(lib)
        posts = len(lib.post_ids())
    with sqlite3.connect(tmp_path / "lib" / "library.sqlite3") as conn:  # as schema v13 left it
        conn.execute("DROP TABLE dup_band")
        conn.execute("PRAGMA user_version = 13")
    assert migrations.backup_needed([14]) is False  # the clusters are derived again
    with Library.open(tmp_path / "lib") as lib:
        assert clusters.queued_count(lib.db) == posts and clusters.stored_count(lib.db) == 0
        assert clusters.picked(lib.db, [story.members[-1].post_id]) == {story.members[-1].post_id}
        assert Deduplicator(lib, workers=1).catch_up()
        assert state(lib) == before
