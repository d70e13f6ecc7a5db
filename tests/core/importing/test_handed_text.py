"""The import's workers hand each post's folded text along (content/search_text.py): it is what the search
derives from the stored bytes, the library stores no copy of it, and the watch queries' hook reads it
instead of parsing the batch's posts again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from finews_desktop.core.content import newsitem
from finews_desktop.core.content.postrow import PreparedPost, SourceFile
from finews_desktop.core.content.search_text import search_body
from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.importing import prepare
from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.importing.prepare import prepare_wire
from finews_desktop.core.store import watches
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching import queries
from tests.core.sites import write_site

NOISE = ["光伏", "ＮＩＯ", "ﬁ", "<b>", "</b>", "&amp;", "<p>", "\n", "  ", "[link](http://x.cn/a)", "> ", "㈱", "①"]


def bodies(corpus: Path) -> list[tuple[str, bytes]]:
    rng = random.Random(3)
    files = [(p.relative_to(corpus).as_posix(), p.read_bytes()) for p in sorted(corpus.rglob("_posts/**/*.md"))]
    made = [
        (f"_posts/2024-01-0{i % 9 + 1}-n{i}.md", ("---\ntitle: t\n---\n" + "".join(rng.choices(NOISE, k=30))).encode())
        for i in range(60)
    ]
    return files + made


def test_the_handed_text_is_what_the_search_derives_from_the_stored_bytes(finews_corpus: Path) -> None:
    files = bodies(finews_corpus)
    assert len(files) > 100
    for rel, raw in files:
        kind, fields = prepare_wire(
            SourceFile("/site", rel, rel), None, "Asia/Shanghai", 0.0, None, (), raw, None, True
        )
        assert kind == 0, rel
        assert fields[-1] == search_body(newsitem.plain_text_of(raw)), rel
        assert PreparedPost("/site", rel, rel, *fields[:-1]).plain_text == "", rel  # not stored: derived when read


def test_the_watch_queries_read_the_handed_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site", {"_posts/2024-01-01-a.md": "---\ntitle: old\n---\n光伏\n"})
    with Library.open(tmp_path / "lib") as lib:
        queries.attach(lib)
        Importer(lib, workers=1).run([site])
        Curator(lib).save_search("solar", "光伏 -风电")
        queries.set_watch(lib, "solar", watch=True)
        for i in range(5):
            (site / "_posts" / f"2024-01-0{i + 2}-n{i}.md").write_text(f"---\ntitle: n{i}\n---\n<p>光伏 {i}</p>\n")
        (site / "_posts" / "2024-01-09-w.md").write_text("---\ntitle: w\n---\n光伏 风电\n")

        def parsed_again(raw: bytes) -> str:
            raise AssertionError("the batch's posts were parsed again")

        monkeypatch.setattr(newsitem, "plain_text_of", parsed_again)
        report = Importer(lib, workers=1).run([site])
        assert report.counts()["imported"] == 6
        assert {q.name: q.new for q in watches.watch_queries(lib.db)} == {"solar": 5}


def test_the_workers_fold_no_text_when_no_watch_query_would_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folded: list[str] = []
    monkeypatch.setattr(prepare, "search_body", lambda text: folded.append(text) or search_body(text))
    site = write_site(tmp_path / "site", {"_posts/2024-01-01-a.md": "---\ntitle: a\n---\n光伏\n"})
    with Library.open(tmp_path / "lib") as lib:
        queries.attach(lib)  # the hook, but no watch query yet
        Importer(lib, workers=1).run([site])
        assert folded == []
        Curator(lib).save_search("solar", "光伏")
        queries.set_watch(lib, "solar", watch=True)
        (site / "_posts" / "2024-01-02-b.md").write_text("---\ntitle: b\n---\n光伏 b\n")
        Importer(lib, workers=1).run([site])
        assert folded == ["光伏 b"]
        assert {q.name: q.new for q in watches.watch_queries(lib.db)} == {"solar": 1}
