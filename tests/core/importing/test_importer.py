"""Import of files, folders and zips: what lands in the library and what the report says."""

from __future__ import annotations

import json
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from finews_desktop.core.importing import importer as importer_module
from finews_desktop.core.importing import prepare as prepare_module
from finews_desktop.core.importing.importer import Importer, import_paths
from finews_desktop.core.store import checkpoints as checkpoints_module
from finews_desktop.core.store.library import Library

POST = """---
layout: post
title: "{title}"
date: 2022-05-20 17:01:37 +0800
categories: {category}
tags: {tag}
---
<p>{body}<span id="stock_1.600160"><a href="http://quote.eastmoney.com/unify/r/1.600160" class="keytip" data-code="1,600160">巨化股份</a></span><span id="quote_1.600160"></span>。</p>

<http://finance.eastmoney.com/a/202205202386666750.html>

[返回{tag}](//finews.example.com/category/)｜[返回首页](//finews.example.com/)"""


def write_post(
    folder: Path,
    name: str,
    title: str = "碳中和白皮书",
    category: str = "emnews",
    tag: str = "东财滚动新闻",
    body: str = "工业富联首次发布碳中和白皮书",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(POST.format(title=title, category=category, tag=tag, body=body), encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def all_records(lib: Library) -> list[dict]:
    return lib.post_records(lib.post_ids(include_trashed=True))


def test_a_post_keeps_its_bytes_fields_and_news_item(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    path = write_post(site / "_posts", "2022-05-20-202205202386666750.md")
    (site / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    report = import_paths(lib, [site])
    assert report.counts()["imported"] == 1 and not report.errors
    (record,) = all_records(lib)
    assert lib.post_raw(record["id"]) == path.read_bytes()
    assert record["title"] == "碳中和白皮书"
    assert record["date"] == "2022-05-20 17:01:37 +0800"
    assert record["categories"] == ["emnews"] and record["tags"] == ["东财滚动新闻"]
    assert record["url"] == "/emnews/2022/05/20/202205202386666750.html"
    assert record["path"] == "_posts/2022-05-20-202205202386666750.md"
    assert record["stocks"] == [{"market": "1", "code": "600160", "name": "巨化股份"}]
    assert record["source_url"] == "http://finance.eastmoney.com/a/202205202386666750.html"
    assert record["news_id"] == "202205202386666750"
    text = lib.post_plain_text(record["id"])
    assert "工业富联首次发布碳中和白皮书巨化股份" in text
    assert "<p>" not in text and "eastmoney" not in text


def test_archive_timezone_comes_from_the_sites_config(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md")
    (site / "_posts" / "2022-05-20-a.md").write_text("---\ndate: 2022-05-20 17:01:37\n---\nx", encoding="utf-8")
    (site / "_config.yml").write_text("timezone: America/New_York\n")
    import_paths(lib, [site])
    (record,) = all_records(lib)
    # an unquoted time without offset is UTC for Jekyll, shown in the site's zone
    assert record["date"] == "2022-05-20 13:01:37 -0400"
    assert record["timezone"] == "America/New_York"


def test_folder_categories_nested_sites_and_category_pages(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    write_post(site / "news" / "_posts", "2022-05-20-a.md", category="emnews")
    write_post(site / "_posts" / "sub", "2022-05-21-b.md", category="zhengquanribaowang")
    (site / "category").mkdir()
    (site / "category" / "emnews.html").write_text(
        "---\nlayout: category\ntitle: 东财滚动新闻\ncategory: emnews\n---\n", encoding="utf-8"
    )
    write_post(site / ".git" / "_posts", "2022-05-22-hidden.md")
    write_post(site / "_site" / "_posts", "2022-05-22-built.md")
    report = import_paths(lib, [site])
    assert sorted(report.imported) == ["_posts/sub/2022-05-21-b.md", "news/_posts/2022-05-20-a.md"]
    by_path = {r["path"]: r for r in all_records(lib)}
    assert by_path["news/_posts/2022-05-20-a.md"]["categories"] == ["news", "emnews"]
    assert by_path["_posts/sub/2022-05-21-b.md"]["categories"] == ["zhengquanribaowang"]
    names = dict(lib.db.execute_sql("SELECT slug, display_name FROM category").fetchall())
    assert names["emnews"] == "东财滚动新闻"


def test_reimport_is_unchanged_and_adds_nothing(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for i in range(5):
        write_post(site / "_posts", f"2022-05-2{i}-p{i}.md", title=f"标题{i}")
    first = import_paths(lib, [site])
    second = import_paths(lib, [site])
    assert first.counts()["imported"] == 5
    assert second.counts() == {
        "imported": 0,
        "updated": 0,
        "unchanged": 5,
        "skipped": 0,
        "kept_both": 0,
        "warnings": 0,
        "errors": 0,
    }
    assert lib.count_posts() == 5


def test_changed_file_updates_and_keeps_the_old_version(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    path = write_post(site / "_posts", "2022-05-20-a.md", title="旧标题")
    import_paths(lib, [site])
    old = path.read_bytes()
    write_post(site / "_posts", "2022-05-20-a.md", title="新标题")
    report = import_paths(lib, [site])
    assert report.updated == ["_posts/2022-05-20-a.md"]
    (record,) = all_records(lib)
    assert record["title"] == "新标题"
    versions = lib.db.execute_sql("SELECT raw, reason FROM post_version WHERE post_id = ?", (record["id"],)).fetchall()
    assert [(bytes(v[0]), v[1]) for v in versions] == [(old, "reimport")]


def test_changed_file_of_an_edited_post_keeps_both(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md", title="旧标题")
    import_paths(lib, [site])
    lib.db.execute_sql("UPDATE post SET edited = 1")
    write_post(site / "_posts", "2022-05-20-a.md", title="新标题")
    report = import_paths(lib, [site])
    assert report.kept_both == ["_posts/2022-05-20-a.md"]
    assert any(p.code == "kept_both" for p in report.problems)
    assert sorted(r["title"] for r in all_records(lib)) == ["新标题", "旧标题"]
    # and a third import of the same bytes changes nothing
    assert import_paths(lib, [site]).counts()["unchanged"] == 1


@pytest.mark.parametrize(("policy", "titles"), [("skip", ["旧"]), ("update", ["新"]), ("keep-both", ["新", "旧"])])
def test_duplicate_policy_overrides(lib: Library, tmp_path: Path, policy: str, titles: list[str]) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md", title="旧")
    import_paths(lib, [site])
    write_post(site / "_posts", "2022-05-20-a.md", title="新")
    import_paths(lib, [site], policy)  # type: ignore[arg-type]
    assert sorted(r["title"] for r in all_records(lib)) == sorted(titles)


def test_trashed_posts_are_not_brought_back_unless_asked(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md")
    import_paths(lib, [site])
    lib.db.execute_sql("UPDATE post SET trashed_at = 1")
    report = import_paths(lib, [site])
    assert [p.code for p in report.skipped] == ["in_trash"]
    assert lib.count_posts() == 0
    report = import_paths(lib, [site], restore_deleted=True)
    assert lib.count_posts() == 1


def test_tombstoned_posts_are_not_reimported(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md")
    import_paths(lib, [site])
    (record,) = all_records(lib)
    lib.db.execute_sql(
        "INSERT INTO tombstone (archive_id, path, content_hash, deleted_at) "
        "SELECT archive_id, path, content_hash, 0 FROM post"
    )
    lib.db.execute_sql("DELETE FROM post")
    report = import_paths(lib, [site])
    assert [p.code for p in report.skipped] == ["deleted"] and lib.count_posts() == 0
    assert import_paths(lib, [site], restore_deleted=True).counts()["imported"] == 1
    assert record["path"] == all_records(lib)[0]["path"]


def test_posts_folder_single_files_plain_folder_and_zip(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_post(site / "_posts", "2022-05-20-a.md")
    one = write_post(tmp_path / "loose", "2022-05-21-b.md")
    write_post(tmp_path / "plain", "2022-05-22-c.md")
    (tmp_path / "plain" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    zsite = tmp_path / "zsite"
    write_post(zsite / "news" / "_posts", "2022-05-23-d.md")
    with zipfile.ZipFile(tmp_path / "archive.zip", "w") as zf:
        for p in zsite.rglob("*"):
            if p.is_file():
                zf.write(p, p.relative_to(zsite).as_posix())
    report = import_paths(lib, [site / "_posts", one, tmp_path / "plain", tmp_path / "archive.zip"])
    assert len(report.imported) == 4, report.to_json()
    paths = sorted(r["path"] for r in all_records(lib))
    assert paths == [
        "_posts/2022-05-20-a.md",
        "_posts/2022-05-21-b.md",
        "_posts/2022-05-22-c.md",
        "news/_posts/2022-05-23-d.md",
    ]
    assert any(p.path == "picture.png" for p in report.skipped)
    assert import_paths(lib, [tmp_path / "archive.zip"]).counts()["unchanged"] == 1


def test_unsafe_zip_members_are_refused(lib: Library, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as zf:
        zf.writestr("../escape/_posts/2022-05-20-a.md", POST)
        zf.writestr("/abs/_posts/2022-05-20-b.md", POST)
        zf.writestr("ok/_posts/2022-05-20-c.md", POST)
    report = import_paths(lib, [tmp_path / "evil.zip"])
    assert [r["path"] for r in all_records(lib)] == ["ok/_posts/2022-05-20-c.md"]
    assert sorted(p.code for p in report.skipped) == ["unsafe_zip_member", "unsafe_zip_member"]


def test_files_jekyll_would_skip_are_imported_with_a_reason(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    gbk = "---\ntitle: 中文标题\n---\n正文".encode("gb18030")
    (posts / "2022-05-20-gbk.md").write_bytes(gbk)
    (posts / "-202205262391921712.md").write_text('---\ntitle: ""\ndate:  +0800\n---\nx', encoding="utf-8")
    (posts / "2022-05-20-draft.md").write_text("---\npublished: false\n---\nx", encoding="utf-8")
    (posts / "2022-05-20-broken.md").write_text("---\ntitle: [unclosed\n---\nx", encoding="utf-8")
    (posts / "2022-05-20-fatal.md").write_text("---\ndate: not a date\n---\nx", encoding="utf-8")
    report = import_paths(lib, [tmp_path / "site"])
    assert report.counts()["imported"] == 5 and not report.errors
    by_path = {r["path"].rsplit("/", 1)[1]: r for r in all_records(lib)}
    assert lib.post_raw(by_path["2022-05-20-gbk.md"]["id"]) == gbk
    assert by_path["2022-05-20-gbk.md"]["title"] == "中文标题"  # decoded for the user, bytes kept
    expectations = {
        "2022-05-20-gbk.md": "not_utf8",
        "-202205262391921712.md": "not_a_post",
        "2022-05-20-draft.md": "unpublished",
        "2022-05-20-fatal.md": "fatal_date",
    }
    for name, reason in expectations.items():
        record = by_path[name]
        assert not record["builds"] and record["skip_reason"] == reason
        assert any(w["code"] == reason for w in record["warnings"]), record["warnings"]
        assert any(p.code == reason and p.path.endswith(name) for p in report.problems)
    broken = by_path["2022-05-20-broken.md"]
    assert broken["builds"] and any(w["code"] == "front_matter_error" for w in broken["warnings"])


def test_bad_files_never_stop_the_run(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    write_post(posts, "2022-05-20-good.md")
    (posts / "2022-05-20-binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (posts / "2022-05-20-empty.md").write_bytes(b"")
    os.symlink(posts / "missing.md", posts / "2022-05-20-dangling.md")
    report = import_paths(lib, [tmp_path / "site"])
    assert sorted(report.imported) == ["_posts/2022-05-20-empty.md", "_posts/2022-05-20-good.md"]
    codes = {p.code for p in report.errors}
    assert {"binary", "broken_link"} <= codes


def test_oversized_file_is_refused_without_reading_it(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare_module, "MAX_POST_BYTES", 1000)
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2022-05-20-big.md").write_bytes(b"x" * 5000)
    report = import_paths(lib, [tmp_path / "site"])
    assert [p.code for p in report.errors] == ["too_large"] and lib.count_posts() == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_leaves_only_complete_posts(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 7)
    monkeypatch.setattr(importer_module, "POOL_THRESHOLD", 10)  # workers=2: through the worker processes
    site = tmp_path / "site"
    for i in range(40):
        write_post(site / "_posts", f"2022-05-20-p{i:02}.md", title=f"t{i}")
    seen: list[int] = []
    imp = Importer(
        lib,
        progress=lambda done, total, path: seen.append(done),
        workers=workers,
        should_cancel=lambda: len(seen) > 0 and lib.count_posts() >= 14,
    )
    report = imp.run([site])
    assert report.cancelled
    n = lib.count_posts()
    assert 14 <= n < 40
    orphans = lib.db.execute_sql(
        "SELECT COUNT(*) FROM post p LEFT JOIN post_content c ON c.post_id = p.id "
        "WHERE c.post_id IS NULL OR NOT EXISTS (SELECT 1 FROM post_tag t WHERE t.post_id = p.id)"
    ).fetchone()[0]
    assert orphans == 0
    assert len(report.imported) == n
    assert lib.db.execute_sql("SELECT status FROM import_run").fetchone()[0] == "cancelled"
    # the next run imports the rest
    assert import_paths(lib, [site]).counts()["imported"] == 40 - n


def test_worker_processes_give_the_same_library(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_module, "POOL_THRESHOLD", 10)
    site = tmp_path / "site"
    for i in range(30):
        write_post(site / "_posts", f"2022-05-20-p{i:02}.md", title=f"标题{i}")
    batches: list[list[int]] = []
    report = Importer(lib, workers=2, on_batch=batches.append).run([site])
    assert report.counts()["imported"] == 30
    assert sorted(i for b in batches for i in b) == sorted(lib.post_ids())
    titles = sorted(r["title"] for r in all_records(lib))
    assert titles == sorted(f"标题{i}" for i in range(30))


def test_a_zip_goes_through_the_workers_chunk_by_chunk(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jobs are listed as the workers take them (zip members read then, not all first)."""
    monkeypatch.setattr(importer_module, "POOL_THRESHOLD", 10)
    site = tmp_path / "site"
    for i in range(600):  # three chunks, the last one short
        write_post(site / "_posts", f"2022-05-20-p{i:03}.md", title=f"标题{i}")
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(site.rglob("*.md")):
            zf.write(path, f"site/{path.relative_to(site)}")
    seen: list[tuple[int, int]] = []
    report = Importer(lib, workers=2, progress=lambda done, total, path: seen.append((done, total))).run([archive])
    assert report.counts()["imported"] == 600 and not report.problems
    assert sorted(r["title"] for r in all_records(lib)) == sorted(f"标题{i}" for i in range(600))
    assert seen[-1] == (600, 600)


def test_the_same_folder_twice_in_one_run_with_workers_is_unchanged_the_second_time(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: both copies of each file were listed to the workers before either was written, and the
    second was inserted as copy 0 again: a UNIQUE constraint error ended the run with nothing imported."""
    monkeypatch.setattr(importer_module, "POOL_THRESHOLD", 10)
    site = tmp_path / "site"
    for i in range(30):
        write_post(site / "_posts", f"2022-05-20-p{i:02}.md", title=f"标题{i}")
    report = Importer(lib, workers=2).run([site, site])
    assert report.counts()["imported"] == 30 and report.counts()["unchanged"] == 30 and not report.errors
    assert lib.count_posts() == 30


def test_a_changed_file_whose_post_is_in_the_trash_is_kept_beside_it(lib: Library, tmp_path: Path) -> None:
    """Before: the new version was inserted as copy 0 beside the trashed copy 0, a UNIQUE error that ended the run."""
    from finews_desktop.core.curation.curator import Curator

    path = write_post(tmp_path / "site" / "_posts", "2022-05-20-a.md", title="旧")
    import_paths(lib, [tmp_path / "site"])
    Curator(lib).trash(lib.post_ids())
    write_post(path.parent, path.name, title="新")
    report = import_paths(lib, [tmp_path / "site"])
    assert report.imported == ["_posts/2022-05-20-a.md"] and not report.errors
    rows = lib.db.execute_sql("SELECT copy, title, trashed_at IS NOT NULL FROM post ORDER BY copy").fetchall()
    assert rows == [(0, "旧", 1), (1, "新", 0)]


def test_a_worker_that_dies_costs_the_files_under_way_and_the_rest_are_read_here(lib: Library, tmp_path: Path) -> None:
    """Which file killed a worker (a crash in C, the OOM killer) is not known: each file it had is an
    error row, and the files not yet handed out are read in this process."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from finews_desktop.core.content.postrow import SourceFile

    post = write_post(tmp_path / "site" / "_posts", "2022-05-20-a.md")
    jobs = []
    for i in range(1500):
        site_path = f"_posts/2022-05-20-p{i}.md"
        src = SourceFile("root", site_path, site_path, str(post))
        jobs.append((src, ("root", site_path, site_path, str(post), "Asia/Shanghai", time.time(), None, (), None)))

    class DeadPool:
        def submit(self, fn: object, *args: object) -> Future[list[object]]:
            future: Future[list[object]] = Future()
            future.set_exception(BrokenProcessPool("a worker was killed"))
            return future

    outcomes = list(Importer(lib, workers=1)._outcomes(iter(jobs), DeadPool()))  # type: ignore[arg-type]
    assert [o.source.site_path for o in outcomes] == [src.site_path for src, _w in jobs]
    failed = [o for o in outcomes if o.problem is not None]
    read = [o for o in outcomes if o.prepared is not None]
    assert failed and read and len(failed) + len(read) == len(jobs)
    assert all(o.problem.code == "internal_error" and "worker" in o.problem.message for o in failed)  # type: ignore[union-attr]


def test_only_a_large_folder_or_zip_starts_workers_before_it_is_listed(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    for i in range(5):
        write_post(small / "_posts", f"2022-05-20-p{i}.md", title="t")
    (large / "_posts").mkdir(parents=True)
    for i in range(3000):
        (large / "_posts" / f"2022-05-20-{i:012}.md").write_bytes(b"")
    assert not importer_module._may_hold_many(small) and importer_module._may_hold_many(large)
    assert importer_module._may_hold_many(large / "_posts") and not importer_module._may_hold_many(tmp_path / "none")


def test_the_finews_sample_imports_with_no_errors(lib: Library, finews_corpus: Path) -> None:
    report = import_paths(lib, [finews_corpus])
    assert not report.errors, report.errors
    total = sum(1 for p in finews_corpus.rglob("*") if p.is_file() and "_posts" in p.parts)
    assert len(report.imported) == total
    malformed = next(r for r in all_records(lib) if r["path"] == "_posts/-202205262391921712.md")
    assert not malformed["builds"] and malformed["skip_reason"] == "not_a_post"
    assert "name must start with a date" in malformed["warnings"][0]["message"]
    names = dict(lib.db.execute_sql("SELECT slug, display_name FROM category").fetchall())
    assert names["zhengquanribaowang"] == "证券日报网新闻"
    assert json.loads(json.dumps(lib.stats()))["posts"] == total


def test_plain_text_drops_scripts_but_keeps_the_text_around_them() -> None:
    from finews_desktop.core.content.newsitem import read_news_item

    item = read_news_item(
        "<p>前<script>alert(1)</script>中<style>p{}</style>后</p><p>下一段</p>\n\n<http://x.cn/1>", "n"
    )
    assert item.plain_text == "前中后\n下一段"
    assert item.source_url == "http://x.cn/1"


def test_plain_text_ends_lines_where_the_preview_text_does() -> None:
    from finews_desktop.core.content import render
    from finews_desktop.core.content.newsitem import read_news_item

    body = "<dl><dt>术语</dt><dd>定义</dd></dl><table><tr><td>格1</td><td>格2</td></tr></table><section>甲</section>乙"
    assert read_news_item(body, "n").plain_text == "术语\n定义\n格1\n格2\n甲\n乙"  # a line per cell for search
    assert render._fallback_text(body, float("inf")) == "术语\n定义\n格1 格2\n甲\n乙"  # a row a line to copy


def test_plain_text_of_huge_and_deep_bodies_is_kept() -> None:
    from finews_desktop.core.content.newsitem import read_news_item

    assert len(read_news_item("<p>" + "碳中和" * 1_000_000 + "</p>", "n").plain_text) == 3_000_000
    assert read_news_item("<div>" * 1000 + "深层" + "</div>" * 1000, "n").plain_text == "深层"


def test_checkpoints_run_beside_the_import_and_keep_the_wal_small(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer never checkpoints while importing (each one ends in an fsync that stopped the run);
    a thread does, so the WAL starts over instead of holding the whole import."""
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 20)
    monkeypatch.setattr(checkpoints_module, "CHECKPOINT_WAL_BYTES", 256 * 1024)
    site = tmp_path / "site"
    for i in range(800):
        write_post(site / "_posts", f"2022-05-20-p{i:03}.md", title=f"t{i}", body="碳中和" * 2000)
    wal = Path(str(lib.folder / "library.sqlite3") + "-wal")
    seen: dict[str, object] = {"wal": 0, "autocheckpoint": set(), "threads": set()}

    def after_batch(ids: list[int]) -> None:
        seen["wal"] = max(int(seen["wal"]), wal.stat().st_size)
        seen["autocheckpoint"].add(lib.db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0])
        seen["threads"].add(any(t.name == "import-checkpoints" for t in threading.enumerate()))
        # On a real disk a batch outlasts a checkpoint; here the writer waits for it, so that what is
        # asserted is where the checkpoints run, not whether this machine's thread kept pace.
        assert running._checkpoints is not None and running._checkpoints.caught_up(60)

    running = Importer(lib, workers=1, on_batch=after_batch)
    report = running.run([site])
    assert report.counts()["imported"] == 800
    written = lib.db.execute_sql("SELECT SUM(length(raw)) FROM post_content").fetchone()[0]
    assert written > 14_000_000
    assert seen["autocheckpoint"] == {0} and seen["threads"] == {True}
    assert int(seen["wal"]) < written / 4  # started over again and again (SQLite's own 1000-page cap: never)
    assert lib.db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert not any(t.name == "import-checkpoints" for t in threading.enumerate())


def test_reading_a_post_file_copes_with_sizes_the_file_system_gets_wrong(tmp_path: Path) -> None:
    from finews_desktop.core.importing.sources import read_file_at_most

    post = tmp_path / "p.md"
    post.write_bytes(b"x" * 3000)
    assert read_file_at_most(str(post), 5000) == (3000, b"x" * 3000)
    assert read_file_at_most(str(post), 1000) == (3000, None)  # over the limit: not read
    assert read_file_at_most("/proc/self/status", 1 << 20)[1].startswith(b"Name:")  # reports size 0
