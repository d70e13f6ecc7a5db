"""Export: byte-exact round trips, the site around the posts, selectors, destinations, safe names, edits."""

from __future__ import annotations

import difflib
import errno
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting import exporter as exporter_module
from finews_desktop.core.exporting.exporter import Exporter, export_posts
from finews_desktop.core.exporting.plan import safe_name, safe_post_path
from finews_desktop.core.exporting.selection import Selection, select_post_ids
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.jekyll.frontmatter import ABSENT
from finews_desktop.core.store.library import Library

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus" / "finews"
FINEWS_POST = "_posts/2022-05-20-202205202386666750.md"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/finews is not beside the repository")
    return CORPUS


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


@pytest.fixture
def corpus_lib(lib: Library, corpus: Path) -> Library:
    report = import_paths(lib, [corpus])
    assert not report.errors
    return lib


def post_files(root: Path) -> dict[str, bytes]:
    """Every file below a `_posts` folder, by path relative to root."""
    out = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and "_posts" in rel.split("/")[:-1]:
            out[rel] = path.read_bytes()
    return out


def id_of(lib: Library, path: str) -> int:
    row = lib.db.execute_sql("SELECT id FROM post WHERE path = ? ORDER BY copy", (path,)).fetchone()
    assert row is not None, path
    return row[0]


def write_site(folder: Path, posts: dict[str, str | bytes], config: str | None = "timezone: Asia/Shanghai\n") -> Path:
    for rel, text in posts.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
    if config is not None:
        (folder / "_config.yml").write_text(config)
    return folder


def post(
    title: str = "标题", date: str = "2022-05-20 17:01:37 +0800", categories: str = "emnews", tags: str = "东财滚动新闻"
) -> str:
    return (
        f'---\nlayout: post\ntitle: "{title}"\ndate: {date}\ncategories: {categories}\ntags: {tags}\n---\n<p>正文</p>'
    )


# --- Must show 1: the round trip ---------------------------------------------------------


def test_corpus_round_trip_is_byte_identical_with_site_files(corpus_lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = export_posts(corpus_lib, out)
    source = post_files(CORPUS)
    assert post_files(out) == source  # the same names, the same bytes, nothing more
    assert (out / "_config.yml").read_bytes() == (CORPUS / "_config.yml").read_bytes()
    for page in (CORPUS / "category").iterdir():
        assert (out / "category" / page.name).read_bytes() == page.read_bytes(), page.name
    assert not report.renamed and not report.conflicts and not report.cancelled
    assert len(report.post_ids) == len(source) == corpus_lib.count_posts()
    assert [(n.path, n.skip_reason, n.aborts_build) for n in report.not_built] == [
        ("_posts/-202205262391921712.md", "not_a_post", False)
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_cli_import_then_export_as_a_new_user_would(tmp_path: Path, corpus: Path) -> None:
    library, out = str(tmp_path / "lib"), tmp_path / "OUT"
    assert cli_main(["--library", library, "import", str(corpus)], out=io.StringIO()) == 0
    text = io.StringIO()
    assert cli_main(["--library", library, "export", str(out), "--json"], out=text) == 0
    report = json.loads(text.getvalue())
    assert report["counts"]["conflicts"] == 0 and report["counts"]["posts"] == 120
    assert post_files(out) == post_files(corpus)
    assert (out / "_config.yml").is_file() and len(list((out / "category").iterdir())) == 15


def test_posts_only_and_minimal_config(lib: Library, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"news/_posts/2022-05-20-a.md": post()}, config=None)
    import_paths(lib, [site])
    report = export_posts(lib, tmp_path / "only", posts_only=True)
    assert sorted(
        p.relative_to(tmp_path / "only").as_posix() for p in (tmp_path / "only").rglob("*") if p.is_file()
    ) == ["news/_posts/2022-05-20-a.md"]
    assert report.written == ["news/_posts/2022-05-20-a.md"]
    export_posts(lib, tmp_path / "full")
    assert (tmp_path / "full" / "_config.yml").read_text() == f"timezone: {lib.default_timezone()}\n"


# --- Must show 3: edit, export, diff -------------------------------------------------------------


def test_edited_tags_and_title_change_only_those_lines(corpus_lib: Library, tmp_path: Path) -> None:
    tagged = ["_posts/2021-12-08-202112082206672930.md", "_posts/2021-12-01-init.md", FINEWS_POST]
    for path in tagged:
        pid = id_of(corpus_lib, path)
        tags = corpus_lib.post_record(pid)["tags"]
        changes = corpus_lib.edit_post(pid, tags=[*tags, "精选"])
        assert changes.post_ids == (pid,) and changes.fields == {"tags"}
    titled = id_of(corpus_lib, FINEWS_POST)
    corpus_lib.edit_post(titled, title='工业富联发布“碳中和”白皮书: 100% "绿色"')
    out = tmp_path / "out"
    export_posts(corpus_lib, out)
    exported, source = post_files(out), post_files(CORPUS)
    assert exported.keys() == source.keys()
    for path, data in source.items():
        if path not in tagged:
            assert exported[path] == data, path
            continue
        diff = [
            line
            for line in difflib.unified_diff(data.decode().splitlines(), exported[path].decode().splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        expected_keys = {"tags"} | ({"title"} if path == FINEWS_POST else set())
        assert {line[1:].split(":", 1)[0] for line in diff} == expected_keys, diff
    text = exported[FINEWS_POST].decode()
    assert 'title: "工业富联发布“碳中和”白皮书: 100% \\"绿色\\""\n' in text
    assert "tags: 证券日报网新闻 精选\n" in text


# --- the editing API ------------------------------------------------------------------------------


def test_edit_records_a_version_links_and_changes(corpus_lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = id_of(corpus_lib, FINEWS_POST)
    before = corpus_lib.post_raw(pid)
    seen: list[list[int]] = []
    monkeypatch.setattr(Library, "_after_posts_changed", lambda self, conn, ids: seen.append(list(ids)))
    changes = corpus_lib.edit_post(
        pid, tags=["新标签", "another tag"], categories=["emnews"], date="2022-06-01 08:00:00"
    )
    assert seen == [[pid]]
    edit = changes.edits[0]
    assert changes.fields == {"tags", "categories", "date", "path"}
    assert edit.before == {
        "path": FINEWS_POST,
        "copy": 0,
        "tags": ["证券日报网新闻"],
        "categories": ["zhengquanribaowang"],
        "date": "2022-05-20 17:01:37 +0800",
    }
    assert edit.after["path"] == "_posts/2022-06-01-202205202386666750.md"
    assert edit.after["date"] == "2022-06-01 08:00:00 +0800"
    record = corpus_lib.post_record(pid)
    assert record["edited"] and record["path"] == edit.after["path"]
    assert record["tags"] == ["新标签", "another tag"] and record["categories"] == ["emnews"]
    assert record["url"] == "/emnews/2022/06/01/202205202386666750.html"
    versions = corpus_lib.db.execute_sql("SELECT raw, reason FROM post_version WHERE post_id = ?", (pid,)).fetchall()
    assert [(bytes(r), reason) for r, reason in versions] == [(before, "edit")]
    names = [
        r[0]
        for r in corpus_lib.db.execute_sql(
            "SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = ? ORDER BY position",
            (pid,),
        )
    ]
    assert names == ["新标签", "another tag"]
    cats = corpus_lib.db.execute_sql(
        "SELECT c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id WHERE pc.post_id = ?", (pid,)
    ).fetchall()
    assert cats == [("emnews",)]


def test_revert_is_byte_exact_and_redo_works(corpus_lib: Library) -> None:
    pid = id_of(corpus_lib, FINEWS_POST)
    original = corpus_lib.post_raw(pid)
    changes = corpus_lib.edit_post(
        pid, title="x", date="2023-01-01 00:00:00", extra={"author": "me"}, remove_keys=["layout"]
    )
    edit = changes.edits[0]
    assert edit.keys_before == {"author": ABSENT, "layout": "post"} and edit.keys_after == {
        "author": "me",
        "layout": ABSENT,
    }
    edited = corpus_lib.post_raw(pid)
    undo = corpus_lib.revert(changes)
    assert corpus_lib.post_raw(pid) == original
    record = corpus_lib.post_record(pid)
    assert (
        record["path"] == FINEWS_POST
        and not record["edited"]
        and record["title"] == "明确行动目标达成方案 工业富联首次发布碳中和白皮书"
    )
    corpus_lib.revert(undo)
    assert corpus_lib.post_raw(pid) == edited and corpus_lib.post_record(pid)["edited"]


def test_revert_refuses_when_the_post_changed_since(corpus_lib: Library) -> None:
    pid = id_of(corpus_lib, FINEWS_POST)
    first = corpus_lib.edit_post(pid, title="one")
    corpus_lib.edit_post(pid, title="two")
    with pytest.raises(KnownError, match="changed again"):
        corpus_lib.revert(first)
    assert corpus_lib.post_record(pid)["title"] == "two"


def test_no_op_and_bulk_edits(corpus_lib: Library) -> None:
    pid = id_of(corpus_lib, FINEWS_POST)
    assert not corpus_lib.edit_post(pid, tags=["证券日报网新闻"])
    assert not corpus_lib.edit_post(pid)
    ids = [id_of(corpus_lib, "_posts/2021-12-01-init.md"), pid]
    changes = corpus_lib.edit_posts(ids, tags=["bulk"])
    assert changes.post_ids == tuple(ids)
    fatal = id_of(corpus_lib, "_posts/2021-12-08-202112082206703990.md")  # no front matter: gets one
    broken = tmp_bytes = b"---\ntitle: foo: bar\n---\n"
    corpus_lib.db.execute_sql("UPDATE post_content SET raw = ? WHERE post_id = ?", (tmp_bytes, fatal))
    with pytest.raises(KnownError, match=f"Post {fatal}"):
        corpus_lib.edit_posts([pid, fatal], tags=["all or none"])
    assert corpus_lib.post_record(pid)["tags"] == ["bulk"]  # the first post was rolled back too
    assert corpus_lib.post_raw(fatal) == broken


def test_date_rename_onto_a_taken_name_keeps_both(lib: Library, tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"_posts/2022-05-20-a.md": post(), "_posts/2022-05-21-a.md": post(date="2022-05-21 10:00:00 +0800")},
    )
    import_paths(lib, [site])
    pid = id_of(lib, "_posts/2022-05-20-a.md")
    lib.edit_post(pid, date="2022-05-21 09:00:00")
    assert (lib.post_record(pid)["path"], lib.post_record(pid)["copy"]) == ("_posts/2022-05-21-a.md", 1)
    report = export_posts(lib, tmp_path / "out")
    assert report.paths[pid] == "_posts/2022-05-21-a-2.md"
    assert [(r.reason, r.written) for r in report.renamed] == [("collision", "_posts/2022-05-21-a-2.md")]


def test_cli_edit(corpus_lib: Library, tmp_path: Path) -> None:
    pid = id_of(corpus_lib, FINEWS_POST)
    folder = str(corpus_lib.folder)
    corpus_lib.close()
    out = io.StringIO()
    code = cli_main(
        [
            "--library",
            folder,
            "edit",
            str(pid),
            "--tags",
            "a b",
            "--categories",
            "x",
            "--title",
            "T",
            "--date",
            "2022-05-21 01:02:03",
        ],
        out=out,
    )
    assert code == 0 and f"Edited post {pid}" in out.getvalue()
    with Library.open(folder) as again:
        record = again.post_record(pid)
    assert (record["title"], record["tags"], record["categories"], record["date"]) == (
        "T",
        ["a", "b"],
        ["x"],
        "2022-05-21 01:02:03 +0800",
    )
    err = io.StringIO()
    assert cli_main(["--library", folder, "edit", "99999", "--title", "x"], out=err) == 1


# --- selectors -------------------------------------------------------------------------------------


def test_selectors(corpus_lib: Library, tmp_path: Path) -> None:
    lib = corpus_lib
    init = id_of(lib, "_posts/2021-12-01-init.md")
    finews = id_of(lib, FINEWS_POST)
    assert select_post_ids(lib, Selection()) is None
    assert select_post_ids(lib, Selection(ids=[finews, init])) == sorted([finews, init])
    assert select_post_ids(lib, Selection(category="zhengquanribaowang")) == [finews]
    assert select_post_ids(lib, Selection(category="证券日报网新闻")) == [finews]  # a display name works too
    assert len(select_post_ids(lib, Selection(tag="站长消息")) or []) == 2  # init.md and one older version
    lib.db.execute_sql("INSERT INTO collection (name, created_at) VALUES ('精选', 0)")
    lib.db.execute_sql("INSERT INTO collection_post (collection_id, post_id, added_at) VALUES (1, ?, 0)", (init,))
    lib.db.execute_sql("INSERT INTO collection_post (collection_id, post_id, added_at) VALUES (1, ?, 0)", (finews,))
    assert select_post_ids(lib, Selection(collection="精选")) == sorted([init, finews])
    assert select_post_ids(lib, Selection(collection="精选", tag="站长消息")) == [init]
    lib.db.execute_sql("UPDATE post SET trashed_at = 1 WHERE id = ?", (init,))
    assert select_post_ids(lib, Selection(collection="精选")) == [finews]
    for bad in (
        Selection(ids=[999999]),
        Selection(collection="none"),
        Selection(category="none"),
        Selection(tag="none"),
    ):
        with pytest.raises(KnownError):
            select_post_ids(lib, bad)
    report = export_posts(lib, tmp_path / "one", Selection(collection="精选"))
    files = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == ["_config.yml", FINEWS_POST, "category/zhengquanribaowang.html"]
    assert report.post_ids == [finews]


def test_query_selector(corpus_lib: Library, tmp_path: Path) -> None:
    search = pytest.importorskip("finews_desktop.core.search.engine")
    finews = id_of(corpus_lib, FINEWS_POST)
    expected = sorted(search.search(corpus_lib, "碳中和").ids)
    assert finews in expected
    assert select_post_ids(corpus_lib, Selection(query="碳中和")) == expected
    out = io.StringIO()
    folder = str(corpus_lib.folder)
    corpus_lib.close()
    assert cli_main(["--library", folder, "export", str(tmp_path / "q"), "--query", "碳中和", "--json"], out=out) == 0
    assert json.loads(out.getvalue())["counts"]["posts"] == len(expected)


def test_cli_selectors_and_errors(corpus_lib: Library, tmp_path: Path) -> None:
    folder = str(corpus_lib.folder)
    finews = id_of(corpus_lib, FINEWS_POST)
    corpus_lib.close()
    out = io.StringIO()
    assert (
        cli_main(["--library", folder, "export", str(tmp_path / "a"), "--ids", f"{finews}", "--posts-only"], out=out)
        == 0
    )
    assert "Exported 1 posts" in out.getvalue()
    assert (tmp_path / "a" / FINEWS_POST).is_file()
    assert cli_main(["--library", folder, "export", str(tmp_path / "a")], out=io.StringIO()) == 1  # not empty
    assert cli_main(["--library", folder, "export", str(tmp_path / "b"), "--tag", "nope"], out=io.StringIO()) == 1
    assert not (tmp_path / "b").exists()
    with pytest.raises(SystemExit):
        cli_main(["--library", folder, "export", str(tmp_path / "c"), "--tag", "a", "--category", "b"])


# --- destinations ------------------------------------------------------------------------------------


def test_empty_folder_ok_non_empty_refused(corpus_lib: Library, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    export_posts(corpus_lib, empty)
    assert (empty / FINEWS_POST).is_file()
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    with pytest.raises(KnownError, match="not empty"):
        export_posts(corpus_lib, full)
    with pytest.raises(KnownError, match="not empty"):
        export_posts(corpus_lib, full, overwrite=True)  # --overwrite alone does not merge
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(KnownError, match="not a folder"):
        export_posts(corpus_lib, tmp_path / "file")


def test_merge_adds_skips_same_reports_conflicts_and_overwrites(corpus_lib: Library, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    export_posts(corpus_lib, dest, Selection(category="zhengquanribaowang"))
    (dest / "keep.txt").write_text("mine")
    (dest / "_config.yml").write_text("title: my own\n")
    report = export_posts(corpus_lib, dest, merge=True)
    assert (dest / "keep.txt").read_text() == "mine"
    assert (dest / "_config.yml").read_text() == "title: my own\n"  # never overwritten without --overwrite
    assert [c.path for c in report.conflicts] == ["_config.yml"]
    assert FINEWS_POST in report.unchanged_skipped and "category/zhengquanribaowang.html" in report.unchanged_skipped
    assert len(report.written) == 136 - 3 + 4  # and the site's README.md and three layouts, kept at import
    assert post_files(dest) == post_files(CORPUS)
    report = export_posts(corpus_lib, dest, merge=True, overwrite=True)
    assert report.overwritten == ["_config.yml"] and not report.conflicts
    assert (dest / "_config.yml").read_bytes() == (CORPUS / "_config.yml").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_merge_never_follows_links_out_of_the_destination(corpus_lib: Library, tmp_path: Path) -> None:
    dest, outside = tmp_path / "site", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    os.symlink(outside, dest / "_posts")
    os.symlink(outside / "config", dest / "_config.yml")
    report = export_posts(corpus_lib, dest, merge=True, overwrite=True)
    assert list(outside.iterdir()) == []
    assert {c.path for c in report.conflicts} >= {"_config.yml", FINEWS_POST}
    assert all(not p.startswith("_posts/") for p in report.written)


def test_zip(corpus_lib: Library, tmp_path: Path) -> None:
    report = export_posts(corpus_lib, tmp_path / "archive", as_zip=True)
    assert report.destination == str(tmp_path / "archive.zip")
    with zipfile.ZipFile(tmp_path / "archive.zip") as zf:
        names = zf.namelist()
        assert "_config.yml" in names and "category/20she.html" in names
        posts = {n: zf.read(n) for n in names if "/_posts/" in f"/{n}"}
    assert posts == post_files(CORPUS)
    with pytest.raises(KnownError, match="already exists"):
        export_posts(corpus_lib, tmp_path / "archive.zip")
    export_posts(corpus_lib, tmp_path / "archive.zip", Selection(ids=[id_of(corpus_lib, FINEWS_POST)]), overwrite=True)
    with zipfile.ZipFile(tmp_path / "archive.zip") as zf:
        assert FINEWS_POST in zf.namelist() and len(zf.namelist()) == 3
    with pytest.raises(KnownError, match="merge"):
        export_posts(corpus_lib, tmp_path / "x.zip", merge=True)


@pytest.mark.parametrize("as_zip", [False, True])
def test_cancel_leaves_nothing(corpus_lib: Library, tmp_path: Path, as_zip: bool) -> None:
    dest = tmp_path / ("out.zip" if as_zip else "out")
    calls: list[int] = []
    holder: dict[str, Exporter] = {}

    def progress(done: int, total: int, path: str) -> None:
        calls.append(done)
        holder["e"].cancel()

    exporter = Exporter(corpus_lib, dest, progress=progress)
    holder["e"] = exporter
    report = exporter.run()
    assert report.cancelled and calls and not report.written and not report.paths
    assert list(tmp_path.iterdir()) == [tmp_path / "lib"]


def test_failure_leaves_nothing(corpus_lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_tick = Exporter._tick

    def tick(self: Exporter, done: int, total: int, rel: str, last: list[float]) -> bool:
        if done >= 50:
            raise OSError(errno.ENOSPC, "No space left on device", rel)
        return real_tick(self, done, total, rel, last)

    monkeypatch.setattr(Exporter, "_tick", tick)
    with pytest.raises(KnownError, match="No space left"):
        export_posts(corpus_lib, tmp_path / "out")
    assert list(tmp_path.iterdir()) == [tmp_path / "lib"]


# --- names --------------------------------------------------------------------------------------------


HOSTILE_PATHS = [
    "../../evil.md",
    "/etc/passwd",
    "C:\\Windows\\..\\2022-01-01-x.md",
    "_posts/../../../2022-01-01-up.md",
    "_posts/CON.md",
    "_posts/nul.tar.gz",
    "con/_posts/2022-01-01-reserved-folder.md",
    "_posts/2022-01-01-a\x00b\x1fc?.md",
    '_posts/2022-01-01-what?<>:|*".md',
    "_posts/2022-01-01-trailing.",
    "_posts/2022-01-01-" + "长" * 120 + ".md",
    "_posts/..",
    "_posts/.",
    "_posts/",
    "..",
    "",
]


@pytest.mark.parametrize("portable", [True, False])
def test_hostile_paths_never_escape_and_names_are_safe(lib: Library, tmp_path: Path, portable: bool) -> None:
    """Portable names are safe everywhere; without them, names stay as the file system here takes them
    (on Linux any byte but '/' and NUL), but never lead outside the export nor out of a _posts folder."""
    site = write_site(
        tmp_path / "site", {f"_posts/2022-01-{i + 1:02d}-p.md": post(title=str(i)) for i in range(len(HOSTILE_PATHS))}
    )
    import_paths(lib, [site])
    ids = lib.post_ids(order="path", descending=False)
    for pid, path in zip(ids, HOSTILE_PATHS, strict=True):
        lib.db.execute_sql("UPDATE post SET path = ?, copy = ? WHERE id = ?", (path, pid, pid))
    lib.db.execute_sql("INSERT INTO category (slug, display_name) VALUES ('../../cat', 'Evil'), ('AUX', 'Aux')")
    lib.db.execute_sql(
        "INSERT INTO post_category (post_id, category_id, position) "
        "SELECT ?, id, 9 FROM category WHERE slug IN ('../../cat')",
        (ids[0],),
    )
    box = tmp_path / "box"
    box.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    dest = box / "out"
    report = export_posts(lib, dest, portable_names=portable)
    assert sorted(p.name for p in tmp_path.iterdir()) == before and [p.name for p in box.iterdir()] == ["out"]
    written = [p for p in dest.rglob("*") if p.is_file()]
    assert len(written) == len(HOSTILE_PATHS) + 1 + 2  # posts, _config.yml, two category pages
    for path in written:
        assert path.resolve().is_relative_to(dest.resolve())
        rel = path.relative_to(dest).as_posix()
        for segment in rel.split("/"):
            assert segment not in ("", ".", "..") and "\x00" not in segment
            assert safe_name(segment) == segment or not portable, rel
            assert len(segment.encode()) <= 255
    assert set(report.paths) == set(ids) and len(set(report.paths.values())) == len(ids)
    assert all(p.count("/_posts/") + p.startswith("_posts/") >= 1 for p in report.paths.values())
    assert all(r.said is not None for r in report.renamed if r.reason != "collision")  # each says why
    renamed = {r.post_id for r in report.renamed if r.post_id is not None}
    kept = {pid for pid, path in zip(ids, HOSTILE_PATHS, strict=True) if report.paths[pid] == path}
    assert renamed == set(ids) - kept  # every path not kept was reported
    assert (dest / "category" / "..-..-cat.html").read_text().endswith("category: ../../cat\n---")
    if portable:
        assert not kept
        assert (dest / "category" / "AUX_.html").is_file()
        assert any("'con'" in note and "'con_'" in note for note in report.notes)
    else:  # names Linux holds stay byte for byte
        assert report.paths[ids[HOSTILE_PATHS.index('_posts/2022-01-01-what?<>:|*".md')]].endswith('what?<>:|*".md')
        assert (dest / "category" / "AUX.html").is_file() and (dest / "_posts" / "CON.md").is_file()


def test_safe_names() -> None:
    assert safe_name("CON") == "CON_" and safe_name("con.md") == "con_.md" and safe_name("COM1.txt") == "COM1_.txt"
    assert safe_name("CONSOLE.md") == "CONSOLE.md" and safe_name("..") == "__" and safe_name("a.") == "a_"
    assert safe_name("a/b\\c") == "a-b-c" and safe_name("tab\there") == "tab-here"
    long = safe_name("2022-05-20-" + "标" * 200 + ".md")
    assert len(long.encode()) <= 255 and long.endswith(".md") and long.startswith("2022-05-20-标")
    assert safe_post_path("/abs/x.md") == "_posts/x.md"
    assert (
        safe_post_path("News Folder/_posts/2022-05-20-folder-space.md")
        == "News Folder/_posts/2022-05-20-folder-space.md"
    )
    assert safe_post_path("a/./b/_posts//x.md") == "a/b/_posts/x.md"


def test_collisions_are_written_under_distinct_names(lib: Library, tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2022-05-20-Same.md": post(title="upper"),
            "_posts/2022-05-20-same.md": post(title="lower"),
            "_posts/2022-05-20-third.md": post(title="third"),
            "_posts/2022-05-20-same-2.md": post(title="already -2"),
        },
    )
    import_paths(lib, [site])
    third = id_of(lib, "_posts/2022-05-20-third.md")
    lib.db.execute_sql("UPDATE post SET path = '_posts/2022-05-20-same.md', copy = 1 WHERE id = ?", (third,))
    report = export_posts(lib, tmp_path / "out", portable_names=True)  # one name on Windows and macOS
    paths = sorted(report.paths.values())
    assert len(set(p.casefold() for p in paths)) == 4
    collisions = [r for r in report.renamed if r.reason == "collision"]
    assert len(collisions) == 2 and all(r.collided_with is not None for r in collisions)
    titles = {json.loads(json.dumps(r["title"])) for r in lib.post_records(list(report.paths))}
    assert titles == {"upper", "lower", "third", "already -2"}
    for pid, rel in report.paths.items():
        assert (tmp_path / "out" / rel).read_bytes() == lib.post_raw(pid)
    # a case-sensitive file system (this one, as probed) holds both spellings: only the true duplicate moves
    report = export_posts(lib, tmp_path / "exact")
    assert {"_posts/2022-05-20-Same.md", "_posts/2022-05-20-same.md"} <= set(report.paths.values())
    assert [r.reason for r in report.renamed] == ["collision"] and len(set(report.paths.values())) == 4


def test_not_built_reports_posts_that_abort_jekyll(lib: Library, tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2022-05-20-ok.md": post(),
            "_posts/2022-05-20-bad.md": post(date="not a date"),
            "_posts/2022-05-20-off.md": "---\npublished: false\n---\nx",
        },
    )
    import_paths(lib, [site])
    report = export_posts(lib, tmp_path / "out")
    found = {(Path(n.path).name, n.skip_reason, n.aborts_build) for n in report.not_built}
    assert found == {("2022-05-20-bad.md", "fatal_date", True), ("2022-05-20-off.md", "unpublished", False)}
    assert all(n.warnings for n in report.not_built)
    keep = [pid for pid in report.post_ids if pid not in {n.post_id for n in report.not_built if n.aborts_build}]
    report = export_posts(lib, tmp_path / "good", Selection(ids=keep))
    assert not any(n.aborts_build for n in report.not_built)
    out = io.StringIO()
    folder = str(lib.folder)
    lib.close()
    cli_main(["--library", folder, "export", str(tmp_path / "cli")], out=out)
    assert "aborts the build: _posts/2022-05-20-bad.md" in out.getvalue()


def test_the_exporter_reads_no_qt_and_writes_nothing_when_nothing_is_selected(lib: Library, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "empty-library")
    assert report.post_ids == [] and (tmp_path / "empty-library" / "_config.yml").is_file()
    assert "PySide6" not in exporter_module.__dict__
