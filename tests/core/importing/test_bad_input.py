"""Hostile and broken input: each case gives a clear message in the import report and affects nothing else.

The bad files are generated here (no binary blobs in the repository). Every
test imports a good post beside the bad input and checks it still lands.
"""

from __future__ import annotations

import builtins
import os
import zipfile
from pathlib import Path

import pytest

from finews_desktop.core import filenames
from finews_desktop.core.importing import prepare as prepare_module
from finews_desktop.core.importing import sources as sources_module
from finews_desktop.core.importing.importer import ImportReport, import_paths
from finews_desktop.core.store.library import Library

GOOD = '---\ntitle: "好文章"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>正文</p>'


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2022-05-20-good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path / "site"


def good_post_landed(lib: Library, report: ImportReport) -> bool:
    records = lib.post_records(lib.post_ids())
    return any(r["title"] == "好文章" for r in records) and "_posts/2022-05-20-good.md" in report.imported


def problem(report: ImportReport, code: str) -> str:
    found = [p for p in report.problems if p.code == code]
    assert found, f"no {code!r} problem in {[(p.code, p.path) for p in report.problems]}"
    return found[0].message


def test_binary_file(lib: Library, site: Path) -> None:
    (site / "_posts" / "2022-05-20-image.md").write_bytes(bytes(range(256)) * 40)
    report = import_paths(lib, [site])
    assert "binary file" in problem(report, "binary") and good_post_landed(lib, report)
    assert lib.count_posts() == 1


def test_empty_file_is_a_post_as_in_jekyll(lib: Library, site: Path) -> None:
    (site / "_posts" / "2022-05-21-empty.md").write_bytes(b"")
    report = import_paths(lib, [site])
    assert not report.errors and good_post_landed(lib, report)
    (empty,) = [r for r in lib.post_records(lib.post_ids()) if r["path"].endswith("empty.md")]
    assert empty["title"] == "Empty" and empty["builds"]


def test_a_200_mb_file_is_refused_without_reading_it(lib: Library, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = site / "_posts" / "2022-05-22-huge.md"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB that cost no disk
    real_open, real_os_open, real_read = builtins.open, os.open, os.read
    opened: dict[int, str] = {}

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert os.fspath(file) != os.fspath(huge), "the oversized file was opened"
        return real_open(file, *args, **kwargs)

    def tracking_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        fd = real_os_open(path, *args, **kwargs)
        opened[fd] = os.fspath(path)
        return fd

    def guarded_read(fd: int, n: int) -> bytes:
        assert opened.get(fd) != os.fspath(huge), "the oversized file was read"
        return real_read(fd, n)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", tracking_os_open)
    monkeypatch.setattr(os, "read", guarded_read)
    report = import_paths(lib, [site])
    assert "over the 20 MB limit" in problem(report, "too_large") and good_post_landed(lib, report)


@pytest.mark.parametrize(
    ("name", "encoding", "data"),
    [
        ("gbk", "gbk", "---\ntitle: 国内新闻\n---\n正文内容"),
        ("gb18030", "gb18030", "---\ntitle: 繁體與简体𠀀\n---\n正文"),
        ("utf16", "utf-16", "---\ntitle: 双字节\n---\n正文"),
    ],
)
def test_non_utf8_files_are_decoded_kept_and_flagged(
    lib: Library, site: Path, name: str, encoding: str, data: str
) -> None:
    raw = data.encode(encoding)
    (site / "_posts" / f"2022-05-20-{name}.md").write_bytes(raw)
    report = import_paths(lib, [site])
    assert "Jekyll skips it" in problem(report, "not_utf8") and good_post_landed(lib, report)
    (post,) = [r for r in lib.post_records(lib.post_ids()) if name in r["path"]]
    assert lib.post_raw(post["id"]) == raw
    assert not post["builds"] and post["title"] == data.split("title: ")[1].split("\n")[0]


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: foo: bar\n\ttabbed: x",  # a tab and a stray colon
        "title: [unclosed",
        "title: 'unterminated",
        "a: b\n  c: d",  # a map where a scalar stands
        "- a list\n- not a map",
        "just a scalar",
        "categories: 2022",
        "categories: {a: 1}",
        "title: *undefined_alias",
        "title: !!python/object/apply:os.system ['echo pwned']",
        "title: !!binary 'not base64 !!'",
        "title: :symbol",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",  # a billion laughs
        "title: " + "[" * 300_000 + "]" * 300_000,  # nesting that crashes libyaml's C recursion
        "title: \x00nul",
    ],
    ids=[
        "tab",
        "unclosed",
        "unterminated",
        "indent",
        "list",
        "scalar",
        "int-categories",
        "map-categories",
        "alias",
        "python-tag",
        "binary-tag",
        "symbol",
        "billion-laughs",
        "deep-nesting",
        "nul",
    ],
)
def test_invalid_yaml_is_imported_and_flagged(lib: Library, site: Path, front_matter: str) -> None:
    path = site / "_posts" / "2022-05-20-bad.md"
    raw = f"---\n{front_matter}\n---\n<p>body</p>".encode()
    path.write_bytes(raw)
    report = import_paths(lib, [site])
    assert good_post_landed(lib, report)
    (bad,) = [r for r in lib.post_records(lib.post_ids()) if r["path"].endswith("bad.md")]
    assert lib.post_raw(bad["id"]) == raw
    codes = {w["code"] for w in bad["warnings"]}
    assert codes & {"front_matter_error", "not_utf8"}, bad["warnings"]
    assert not report.errors


def test_unreadable_files_and_folders(lib: Library, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = site / "_posts" / "2022-05-20-secret.md"
    secret.write_text(GOOD.replace("好文章", "秘密"), encoding="utf-8")
    locked_dir = site / "_posts" / "locked"
    locked_dir.mkdir()
    (locked_dir / "2022-05-20-inside.md").write_text(GOOD, encoding="utf-8")
    if os.geteuid() != 0:
        secret.chmod(0)
        locked_dir.chmod(0)
    else:  # root reads everything: make the OS answer as it would for a user
        real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

        def deny_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(file) == os.fspath(secret):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_open(file, *args, **kwargs)

        def deny_os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(file) == os.fspath(secret):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_os_open(file, *args, **kwargs)

        def deny_scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(path) == os.fspath(locked_dir):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", deny_open)
        monkeypatch.setattr(os, "open", deny_os_open)
        monkeypatch.setattr(os, "scandir", deny_scandir)
    try:
        report = import_paths(lib, [site])
    finally:
        secret.chmod(0o644)
        locked_dir.chmod(0o755)
    assert "Permission denied" in problem(report, "unreadable")
    assert any(p.code == "unreadable" and "locked" in p.path for p in report.problems)
    assert good_post_landed(lib, report) and lib.count_posts() == 1


def test_links_broken_and_looping(lib: Library, site: Path, tmp_path: Path) -> None:
    posts = site / "_posts"
    os.symlink(posts / "nowhere.md", posts / "2022-05-20-dangling.md")
    os.symlink("2022-05-20-loop.md", posts / "2022-05-20-loop.md")
    os.symlink(site, posts / "back-to-the-site")
    report = import_paths(lib, [site])
    broken = [p.path for p in report.problems if p.code == "broken_link"]
    assert sorted(broken) == ["_posts/2022-05-20-dangling.md", "_posts/2022-05-20-loop.md"]
    assert "links are not followed" in problem(report, "link")
    assert good_post_landed(lib, report) and lib.count_posts() == 1


def test_awkward_names(lib: Library, site: Path) -> None:
    posts = site / "_posts"
    names = ["2022-05-20-with spaces.md", "2022-05-20-中文 标题.md", "2022-05-20-emoji-😀.md"]
    for name in names:
        (posts / name).write_text(GOOD, encoding="utf-8")
    (posts / os.fsdecode(b"2022-05-20-bad-\xff\xfe.md")).write_text(GOOD, encoding="utf-8")
    report = import_paths(lib, [site])
    paths = {r["path"] for r in lib.post_records(lib.post_ids())}
    assert {f"_posts/{n}" for n in names} <= paths
    (bad,) = paths - {f"_posts/{n}" for n in [*names, "2022-05-20-good.md"]}
    assert filenames.name_bytes(bad) == b"_posts/2022-05-20-bad-\xff\xfe.md"  # stored reversibly
    assert filenames.shown_name(bad) == "_posts/2022-05-20-bad-\ufffd\ufffd.md"
    assert "not valid UTF-8" in problem(report, "fatal_name")
    urls = {r["path"]: r["url"] for r in lib.post_records(lib.post_ids())}
    assert urls["_posts/2022-05-20-中文 标题.md"] == "/emnews/2022/05/20/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98.html"
    assert not report.errors


def test_deeply_nested_folders(lib: Library, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_module, "MAX_DEPTH", 12)
    deep = site / "_posts"
    for i in range(20):
        deep = deep / f"d{i}"
        if i in (5, 19):
            deep.mkdir(parents=True, exist_ok=True)
            (deep / f"2022-05-2{i % 10}-level{i}.md").write_text(GOOD, encoding="utf-8")
    report = import_paths(lib, [site])
    paths = [r["path"] for r in lib.post_records(lib.post_ids())]
    assert any(p.endswith("level5.md") for p in paths) and not any(p.endswith("level19.md") for p in paths)
    assert "nested more than 12 folders deep" in problem(report, "too_deep")


def test_hostile_zip_members_never_escape(lib: Library, tmp_path: Path) -> None:
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("site/_posts/2022-05-20-good.md", GOOD)
        zf.writestr("../../escape/_posts/2022-05-20-dotdot.md", GOOD)
        zf.writestr("/etc/_posts/2022-05-20-absolute.md", GOOD)
        zf.writestr("C:/windows/_posts/2022-05-20-drive.md", GOOD)
        link = zipfile.ZipInfo("site/_posts/2022-05-20-link.md")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    before = set(tmp_path.parent.rglob("*"))
    report = import_paths(lib, [archive])
    assert [r["path"] for r in lib.post_records(lib.post_ids())] == ["site/_posts/2022-05-20-good.md"] or [
        r["path"] for r in lib.post_records(lib.post_ids())
    ] == ["_posts/2022-05-20-good.md"]
    codes = sorted(p.code for p in report.skipped)
    assert codes == ["unsafe_zip_member", "unsafe_zip_member", "unsafe_zip_member", "zip_link"]
    assert set(tmp_path.parent.rglob("*")) - before <= set(tmp_path.rglob("*"))  # nothing written outside


def test_zip_bombs_are_refused(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_posts/2022-05-20-good.md", GOOD)
        zf.writestr("_posts/2022-05-20-bomb.md", b"\x00" * (30 * 1024 * 1024))  # 30 MB of zeros, ~30 KB packed
    report = import_paths(lib, [archive])
    assert "expands too much" in problem(report, "zip_bomb")
    assert [r["title"] for r in lib.post_records(lib.post_ids())] == ["好文章"]
    # and the archive-wide limit
    monkeypatch.setattr(sources_module, "MAX_ZIP_TOTAL_BYTES", 10)
    report = import_paths(lib, [archive])
    assert "expands to more than 10 bytes" in problem(report, "zip_bomb")


def test_a_corrupt_zip_is_reported(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    report = import_paths(lib, [tmp_path / "broken.zip"])
    assert "not a readable zip archive" in problem(report, "bad_zip")


def test_reader_crash_is_reported_not_raised(lib: Library, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = prepare_module.prepare_post

    def flaky(raw, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "boom" in source.site_path:
            raise RuntimeError("simulated bug")
        return real(raw, source, *args, **kwargs)

    monkeypatch.setattr(prepare_module, "prepare_post", flaky)
    (site / "_posts" / "2022-05-20-boom.md").write_text(GOOD, encoding="utf-8")
    report = import_paths(lib, [site])
    assert "simulated bug" in problem(report, "internal_error") and good_post_landed(lib, report)
