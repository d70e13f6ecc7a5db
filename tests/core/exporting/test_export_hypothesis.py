"""Property tests of the round trip: file -> library -> export -> library.

1. Any file the importer accepts comes back out of an export byte for byte,
   and a second library importing the export holds the same bytes.
2. After a random edit of title/date/tags/categories, a second library
   importing the export reads exactly the edited values (and the others as
   they were); the body bytes never change.
FINEWS_HYPOTHESIS_EXAMPLES=2000 makes a long fuzzing run of it.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.frontmatter import coerce_date
from finews_desktop.core.store.library import Library

TZ_NAME = "Asia/Shanghai"
TZ = ZoneInfo(TZ_NAME)
SETTINGS = settings(
    max_examples=int(os.environ.get("FINEWS_HYPOTHESIS_EXAMPLES", "40")),  # raise it for a long fuzzing run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

text_chars = st.characters(blacklist_categories=("Cs",))
names = st.text(text_chars, min_size=1, max_size=8).filter(lambda s: s.strip() != "")
SAFE_SLUG = "abcXYZ019-_. #+%[]()中文é&=~!$'@,;"
UNSAFE_SLUG = '?:*"<>|'  # not allowed in Windows names: kept where the target holds them (Linux here)


@st.composite
def site_paths(draw: st.DrawFn, reserved_folders: bool = True) -> str:
    """A post's site path; `reserved_folders` adds names Windows cannot hold (con/, `?` …)."""
    # `con` is no folder name on Windows: a portable export renames it (and says the category changes)
    folder = draw(
        st.sampled_from(["", "news/", "a/b/", "News Folder/", "财经/", *(["con/"] if reserved_folders else [])])
    )
    year, month, day = draw(st.integers(1970, 2099)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    slug = draw(st.text(st.sampled_from(SAFE_SLUG + (UNSAFE_SLUG if reserved_folders else "")), max_size=16)).strip()
    ext = draw(st.sampled_from([".md", ".markdown", ".html", ".txt", ".MD"]))
    return f"{folder}_posts/{year:04d}-{month:02d}-{day:02d}-{slug}{ext}"


yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.text(text_chars, max_size=12),
        st.dates(),
        st.datetimes(timezones=st.just(TZ)).map(lambda d: d.replace(microsecond=0)),
    ),
    lambda children: st.lists(children, max_size=3),
    max_leaves=5,
)


@st.composite
def front_matters(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(
        st.lists(
            st.sampled_from(
                ["layout", "title", "date", "categories", "category", "tags", "tag", "slug", "author", "x y"]
            ),
            unique=True,
            max_size=7,
        )
    )
    data: dict[str, Any] = {}
    for key in keys:
        if key in ("categories", "tags"):
            data[key] = draw(st.one_of(st.lists(names, max_size=3), names.map(lambda s: s), st.none()))
        elif key == "date":
            data[key] = draw(
                st.datetimes(min_value=datetime(1971, 1, 1), timezones=st.just(TZ)).map(
                    lambda d: d.replace(microsecond=0)
                )
            )
        else:
            data[key] = draw(yaml_values)
    return data


@st.composite
def post_files(draw: st.DrawFn, valid_front_matter: bool = False) -> tuple[str, bytes]:
    path = draw(site_paths(reserved_folders=not valid_front_matter))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.text(text_chars, max_size=120))
    if draw(st.booleans()):
        body = body + eol + "---" + eol + draw(st.text(text_chars, max_size=20))
    text = body
    if draw(st.integers(0, 4)):  # most posts have front matter
        data = draw(front_matters())
        dumped = yaml.safe_dump(
            data,
            allow_unicode=draw(st.booleans()),
            default_flow_style=draw(st.sampled_from([False, None])),
            default_style=draw(st.sampled_from([None, None, '"', "'"])),
            sort_keys=False,
            width=draw(st.sampled_from([80, 10**6])),
        )
        if data == {}:
            dumped = ""
        lines = dumped.splitlines()
        if lines and draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), "# a comment")
        text = "---" + eol + "".join(line + eol for line in lines) + "---" + eol + body
    raw = text.encode("utf-8")
    if draw(st.booleans()):
        raw = codecs.BOM_UTF8 + raw
    if not valid_front_matter and draw(st.integers(0, 5)) == 0:
        raw = draw(st.binary(max_size=200)).replace(b"\x00", b"")  # anything at all: GBK, junk, broken YAML
    return path, raw


def write_site(folder: Path, site_path: str, raw: bytes) -> None:
    target = folder.joinpath(*site_path.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    (folder / "_config.yml").write_text(f"timezone: {TZ_NAME}\n")


def _flow_mapping(parsed: jekyll.ParsedPost) -> bool:
    """Front matter written as one `{…}` mapping: the editor refuses it (KnownError)."""
    yaml_text, _span, _body = jekyll.split_front_matter(parsed.text)
    if yaml_text is None:
        return False
    root = next(yaml.compose_all(yaml_text, Loader=yaml.SafeLoader), None)
    return isinstance(root, yaml.MappingNode) and bool(root.flow_style)


def only_post(lib: Library) -> int:
    ids = lib.post_ids()
    assert len(ids) == 1
    return ids[0]


@SETTINGS
@given(post=post_files())
def test_unedited_posts_come_back_byte_identical(post: tuple[str, bytes]) -> None:
    site_path, raw = post
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_site(tmp / "site", site_path, raw)
        with Library.open(tmp / "lib") as lib:
            report = import_paths(lib, [tmp / "site"])
            assume(report.imported)  # the importer accepted the file
            pid = only_post(lib)
            exported = export_posts(lib, tmp / "out")
            rel = exported.paths[pid]
            assert (tmp / "out").joinpath(*rel.split("/")).read_bytes() == raw
            assert (rel == site_path) == (not exported.renamed)
        with Library.open(tmp / "lib2") as again:
            import_paths(again, [tmp / "out"])
            assert again.post_raw(only_post(again)) == raw


edits = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(text_chars, max_size=20),
        "date": st.one_of(
            st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31)),
            st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30)).map(
                lambda d: d.replace(tzinfo=timezone(timedelta(hours=-5)))
            ),
        ).map(lambda d: d.replace(microsecond=0)),
        "tags": st.lists(names, max_size=4, unique=True),
        "categories": st.lists(names, max_size=4, unique=True),
    },
).filter(bool)


@SETTINGS
@given(post=post_files(valid_front_matter=True), edit=edits)
def test_random_edits_read_back_exactly_after_export(post: tuple[str, bytes], edit: dict[str, Any]) -> None:
    site_path, raw = post
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_site(tmp / "site", site_path, raw)
        with Library.open(tmp / "lib") as lib:
            report = import_paths(lib, [tmp / "site"])
            assume(report.imported)
            pid = only_post(lib)
            before = lib.post_record(pid)
            parsed = jekyll.parse_post(raw, site_path, TZ, datetime.now(TZ))
            if parsed.front_matter_error or _flow_mapping(parsed):  # both refused, in words
                with pytest.raises(KnownError):
                    lib.edit_post(pid, **edit)
                return
            lib.edit_post(pid, **edit)
            new_raw = lib.post_raw(pid)
            body = parsed.text[parsed.body_start :].encode("utf-8")
            assert new_raw.endswith(body)  # the body's bytes are untouched
            assert new_raw.startswith(codecs.BOM_UTF8) == raw.startswith(codecs.BOM_UTF8)
            export_posts(lib, tmp / "out")
        with Library.open(tmp / "lib2") as again:
            import_paths(again, [tmp / "out"])
            after = again.post_record(only_post(again))
        want = {k: before[k] for k in ("title", "date", "tags", "categories")}
        if "title" in edit:
            want["title"] = edit["title"]
        if "date" in edit:
            want["date"] = jekyll.format_date(coerce_date(edit["date"], TZ), TZ)
        for key in ("tags", "categories"):
            if key in edit:
                want[key] = edit[key]
        assert {k: after[k] for k in want} == want
