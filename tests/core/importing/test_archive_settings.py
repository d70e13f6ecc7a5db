"""Each archive keeps its site's settings: the import reads posts by them, lists them, and changing them
re-reads the posts (dates, URLs, build decisions, default names) without a re-import, undoably.

The expected URLs and dates are Jekyll 4.3's for these settings: the same rules
tests/core/jekyll/test_site_config_conformance.py checks against real builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library

# a quoted date is read by Time.parse in the site's zone (an unquoted one is a YAML time: UTC)
POST = b'---\nlayout: post\ntitle: Hello\ndate: "2022-05-20 10:30:00"\n---\nbody\n'
LATER = b'---\nlayout: post\ntitle: Later\ndate: "2999-01-01 10:00:00"\n---\nbody\n'
CONFIG = b"collections:\n  posts:\n    permalink: /news/:year/:title/\ndefaults:\n  - scope: {path: ''}\n    values: {categories: [wire], tags: [Reuters]}\n"


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


def make_site(root: Path, config: bytes | None, posts: dict[str, bytes] | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    if config is not None:
        (root / "_config.yml").write_bytes(config)
    for name, raw in (posts or {"2022-05-20-hello.md": POST}).items():
        (root / "_posts" / name).write_bytes(raw)
    return root


def rows(lib: Library) -> list[dict[str, Any]]:
    out = []
    for pid in sorted(lib.post_ids()):
        post = lib.post_record(pid)
        out.append(
            {
                "url": post["url"],
                "date_text": post["date"],
                "builds": post["builds"],
                "tags": post["tags"],
                "categories": post["categories"],
            }
        )
    return out


def test_import_applies_the_collection_permalink_and_defaults_and_lists_them(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", CONFIG)
    report = import_paths(lib, [site])
    [post] = rows(lib)
    assert post["url"] == "/news/2022/hello/"  # collections: posts: permalink:, used verbatim
    assert post["categories"] == ["wire"] and post["tags"] == ["Reuters"]  # from defaults:
    [summary] = report.sites
    assert summary.applied == ("collections.posts.permalink", "defaults")
    assert summary.zone_source == "machine"  # no timezone: in the site: this computer's zone, said so
    assert report.to_json()["sites"][0]["timezone"] == lib.default_timezone()


def test_an_unknown_zone_name_builds_in_utc_as_ruby_does(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"timezone: Asia/Beijing\n")
    report = import_paths(lib, [site])
    assert rows(lib)[0]["date_text"] == "2022-05-20 10:30:00 +0000"
    assert report.sites[0].zone_source == "utc" and report.sites[0].timezone == "UTC"
    assert [p.said.code for p in report.problems if p.said] == ["config_timezone"]


def test_changing_the_zone_rereads_dates_and_undo_puts_them_back(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"permalink: /:year/:month/:day/:hour/:title/\n")
    import_paths(lib, [site])
    [archive] = lib.archive_list()
    before = rows(lib)
    curator = Curator(lib)
    changes = curator.set_archive_settings(archive.id, "America/New_York", archive.config)
    assert changes.post_ids and "date" in changes.fields
    after = rows(lib)
    assert after[0]["date_text"] == "2022-05-20 10:30:00 -0400"
    assert after[0]["url"] == "/2022/05/20/10/hello/"
    assert lib.archive_list()[0].timezone == "America/New_York"
    curator.undo(changes)
    assert rows(lib) == before and lib.archive_list()[0].timezone == archive.timezone


def test_editing_the_config_rereads_urls_build_decisions_and_names(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"title: x\n", {"2022-05-20-hello.md": POST, "2999-01-01-later.md": LATER})
    import_paths(lib, [site])
    [archive] = lib.archive_list()
    assert [r["builds"] for r in rows(lib)] == [True, False]  # future: false is Jekyll's default
    curator = Curator(lib)
    curator.set_archive_settings(archive.id, archive.timezone, CONFIG + b"future: true\n")
    assert [r["url"] for r in rows(lib)] == ["/news/2022/hello/", "/news/2999/later/"]
    assert [r["builds"] for r in rows(lib)] == [True, True]
    assert rows(lib)[0]["tags"] == ["Reuters"]
    assert lib.archive_list()[0].config == CONFIG + b"future: true\n"


def test_settings_jekyll_refuses_or_an_unknown_zone_are_refused(lib: Library, tmp_path: Path) -> None:
    import_paths(lib, [make_site(tmp_path / "site", None)])
    [archive] = lib.archive_list()
    curator = Curator(lib)
    with pytest.raises(KnownError, match="timezone"):
        curator.set_archive_settings(archive.id, "Mars/Olympus", None)
    with pytest.raises(KnownError, match="Jekyll could not build"):
        curator.set_archive_settings(archive.id, archive.timezone, b"exclude: x\n")
    assert lib.archive_list()[0] == archive


def test_a_changed_config_at_reimport_rereads_the_posts_already_there(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"title: x\n")
    import_paths(lib, [site])
    assert rows(lib)[0]["url"] == "/2022/05/20/hello.html"
    (site / "_config.yml").write_bytes(CONFIG)
    report = import_paths(lib, [site])
    assert report.unchanged and report.rederived == 1
    assert rows(lib)[0]["url"] == "/news/2022/hello/"


def test_a_site_without_a_zone_keeps_its_archive_zone_at_reimport(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"title: x\n")
    import_paths(lib, [site])
    [archive] = lib.archive_list()
    Curator(lib).set_archive_settings(archive.id, "Europe/Berlin", archive.config)
    report = import_paths(lib, [site])
    assert lib.archive_list()[0].timezone == "Europe/Berlin" and report.sites[0].zone_source == "archive"
    assert rows(lib)[0]["date_text"] == "2022-05-20 10:30:00 +0200"


def test_an_edit_reads_the_post_by_its_site_settings(lib: Library, tmp_path: Path) -> None:
    import_paths(lib, [make_site(tmp_path / "site", CONFIG)])
    [pid] = lib.post_ids()
    lib.edit_posts([pid], title="Hello again")
    post = lib.post_record(pid)
    assert post["url"] == "/news/2022/hello/" and post["tags"] == ["Reuters"]


def test_export_stays_byte_exact_after_the_settings_change(lib: Library, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", b"title: x\n")
    import_paths(lib, [site])
    [archive] = lib.archive_list()
    Curator(lib).set_archive_settings(archive.id, "America/New_York", CONFIG)
    out = tmp_path / "out"
    export_posts(lib, out, Selection())
    assert (out / "_posts" / "2022-05-20-hello.md").read_bytes() == POST


@pytest.mark.parametrize("zone", ["America", "America/", "../../etc/passwd"])
def test_a_zone_name_that_is_a_folder_or_a_path_is_an_unknown_zone(lib: Library, tmp_path: Path, zone: str) -> None:
    """zoneinfo raises IsADirectoryError or ValueError for these, not ZoneInfoNotFoundError."""
    report = import_paths(lib, [make_site(tmp_path / "site", f"timezone: {zone}\n".encode())])
    assert len(report.imported) == 1 and report.sites[0].zone_source == "utc"
    with pytest.raises(KnownError, match="timezone"):
        Curator(lib).set_archive_settings(lib.archive_list()[0].id, zone, None)


def test_a_draft_dated_by_its_files_time_keeps_that_date_when_read_again(lib: Library, tmp_path: Path) -> None:
    import os

    site = make_site(tmp_path / "site", b"show_drafts: true\n")
    (site / "_drafts").mkdir()
    draft = site / "_drafts" / "idea.md"
    draft.write_bytes(b"---\ntitle: Idea\n---\nbody\n")
    os.utime(draft, (1_600_000_000, 1_600_000_000))
    import_paths(lib, [site])
    [pid] = [p for p in lib.post_ids() if lib.post_record(p)["path"] == "_drafts/idea.md"]
    assert lib.post_record(pid)["date"].startswith("2020-09-13")
    [archive] = lib.archive_list()
    Curator(lib).set_archive_settings(archive.id, "UTC", archive.config + b"permalink: /:title/\n")
    assert lib.post_record(pid)["date"] == "2020-09-13 12:26:40 +0000" and lib.post_record(pid)["url"] == "/idea/"
    lib.edit_posts([pid], title="Idea 2")
    assert lib.post_record(pid)["date"] == "2020-09-13 12:26:40 +0000"


def test_limit_posts_builds_only_the_newest_and_follows_new_posts_and_settings(lib: Library, tmp_path: Path) -> None:
    """site.rb's limit_posts!: the last N posts in Jekyll's order (date, then path) are built."""
    posts = {f"2022-05-{d:02d}-p{d}.md": b"---\ntitle: p\n---\nbody\n" for d in (1, 2, 3)}
    site = make_site(tmp_path / "site", b"limit_posts: 2\n", posts)
    import_paths(lib, [site])

    def decisions() -> list[tuple[str, bool, str | None]]:
        recs = [lib.post_record(p) for p in lib.post_ids()]
        return sorted((r["path"][7:], r["builds"], r["skip_reason"]) for r in recs)

    assert decisions() == [
        ("2022-05-01-p1.md", False, "limit_posts"),
        ("2022-05-02-p2.md", True, None),
        ("2022-05-03-p3.md", True, None),
    ]
    (site / "_posts" / "2022-05-04-p4.md").write_bytes(b"---\ntitle: p\n---\nbody\n")
    import_paths(lib, [site])
    assert [b for _p, b, _r in decisions()] == [False, False, True, True]
    [archive] = lib.archive_list()
    changes = Curator(lib).set_archive_settings(archive.id, archive.timezone, b"title: no limit\n")
    assert [b for _p, b, _r in decisions()] == [True, True, True, True]
    Curator(lib).undo(changes)
    assert [b for _p, b, _r in decisions()] == [False, False, True, True]
